// Data flow: "what if" levers -> [ChildRun: `cdsim run ...` as a child process] -> a new results file.
// The viewer never links the engine; it starts the cdsim executable and polls it without blocking.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace cdsim::viz {

class ChildRun {
 public:
  enum class State { idle, running, succeeded, failed };

  ChildRun() = default;
  ChildRun(const ChildRun&) = delete;
  ChildRun& operator=(const ChildRun&) = delete;
  /// Stops a child still running: closing the viewer must not leave a simulation behind.
  ~ChildRun();

  /// Starts `program args...` with stdout and stderr going to `log` (overwritten). Returns false and
  /// sets error() when it cannot start.
  bool start(const std::filesystem::path& program, const std::vector<std::string>& args,
             const std::filesystem::path& log);
  /// Checks the child without waiting (waitpid WNOHANG); call once a frame.
  State poll();
  void cancel();
  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] double elapsed_seconds() const;
  /// Why it failed: the last lines the child wrote, or why it could not start.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  pid_t pid_ = -1;
  State state_ = State::idle;
  std::filesystem::path log_;
  std::string error_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point ended_;
};

}  // namespace cdsim::viz
