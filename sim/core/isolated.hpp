// Running a check that may never return in a child process with a time limit. Some inputs make a
// library spin for ever or crash inside its own code (libhdf5 1.10.8 on certain damaged files: see
// docs/reliability.md); no check before the call can rule that out, but a forked child can take the
// risk: the parent waits a bounded time and reports what happened instead of hanging or dying.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <thread>

namespace cdsim::core {

/// Runs `check()` in a forked child and waits at most `limit`. Returns nullopt when it returned,
/// or why not: the message of the exception it threw, "did not finish within N s", or "crashed
/// (signal N)". The child shares nothing back but that message, so `check` is run for its verdict
/// only; the caller repeats the work in-process once it is known to be safe.
template <class Check>
std::optional<std::string> run_isolated(Check&& check, std::chrono::milliseconds limit) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return std::nullopt;  // no pipe: run unguarded rather than refuse
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    ::close(pipe_fds[0]);
    // A crash in the child is an answer, not an event: let the kernel end it quietly with the signal
    // rather than a handler the process installed (a sanitizer's or a fuzzer's, which would report it
    // as the parent's crash).
    for (const int fatal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(fatal, SIG_DFL);
    int code = 0;
    try {
      check();
    } catch (const std::exception& e) {
      const std::string what = e.what();
      [[maybe_unused]] const auto written = ::write(pipe_fds[1], what.data(), what.size());
      code = 1;
    } catch (...) {
      code = 1;
    }
    ::_exit(code);  // no atexit handlers, no flushing of buffers the parent also holds
  }
  ::close(pipe_fds[1]);
  std::string message;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  for (;;) {
    // Drain the pipe as the child writes (a long message must not block it), then check for exit.
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (::poll(&p, 1, 10) > 0) {
      char buffer[4096];
      const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
      if (n > 0) message.append(buffer, static_cast<std::size_t>(n));
    }
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ::close(pipe_fds[0]);
      return "did not finish within " + std::to_string(limit.count() / 1000) + " s";
    }
  }
  for (char buffer[4096];;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    message.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  if (WIFSIGNALED(status)) return "crashed (signal " + std::to_string(WTERMSIG(status)) + ")";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return std::nullopt;
  return message.empty() ? std::string("failed") : message;
}

}  // namespace cdsim::core
