// Stopping cleanly on SIGINT and SIGTERM. The handlers only set a flag; long loops (steps of a
// replicate, replicates of a run) poll it and throw Interrupted, so every destructor runs: a results
// file being written (NAME.part) is removed, and no file under its real name is ever half-written.
#pragma once

#include <atomic>
#include <stdexcept>
#include <string>

namespace cdsim::run {

/// Thrown by a loop that saw the stop flag; what() says what was interrupted.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(const std::string& what, int signal) : std::runtime_error(what), signal_(signal) {}
  /// The signal that asked to stop (SIGINT or SIGTERM).
  [[nodiscard]] int signal() const { return signal_; }

 private:
  int signal_;
};

/// Installs the handlers for SIGINT and SIGTERM (the command line does, once).
void install_interrupt_handlers();

/// The signal received since the handlers were installed, or 0.
int interrupt_signal();

/// Throws Interrupted("<doing> interrupted by SIGINT", signal) when a signal has arrived.
void throw_if_interrupted(const std::string& doing);

}  // namespace cdsim::run
