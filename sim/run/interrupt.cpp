#include "sim/run/interrupt.hpp"

#include <csignal>

namespace cdsim::run {

namespace {

// Lock-free, so the handler may store to it.
std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_signal(int signal) { received.store(signal, std::memory_order_relaxed); }

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return received.load(std::memory_order_relaxed); }

void throw_if_interrupted(const std::string& doing) {
  if (const int s = interrupt_signal(); s != 0) {
    throw Interrupted(doing + " interrupted by " + (s == SIGINT ? "SIGINT" : s == SIGTERM ? "SIGTERM" : "a signal"), s);
  }
}

}  // namespace cdsim::run
