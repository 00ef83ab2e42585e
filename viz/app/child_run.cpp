#include "viz/app/child_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace cdsim::viz {
namespace {

/// The last few lines of the log: cdsim's error message is its last line.
std::string tail_of(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  std::string out;
  const std::size_t first = lines.size() > 6 ? lines.size() - 6 : 0;
  for (std::size_t i = first; i < lines.size(); ++i) out += lines[i] + "\n";
  return out;
}

}  // namespace

ChildRun::~ChildRun() { cancel(); }

bool ChildRun::start(const std::filesystem::path& program, const std::vector<std::string>& args,
                     const std::filesystem::path& log) {
  cancel();
  log_ = log;
  error_.clear();
  std::vector<std::string> argv_text{program.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  const int rc = posix_spawn(&pid_, argv_text[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    state_ = State::failed;
    error_ = "cannot start " + program.string() + ": " + std::strerror(rc);
    return false;
  }
  state_ = State::running;
  started_ = std::chrono::steady_clock::now();
  return true;
}

ChildRun::State ChildRun::poll() {
  if (state_ != State::running) return state_;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == 0) return state_;
  pid_ = -1;
  ended_ = std::chrono::steady_clock::now();
  if (done > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    state_ = State::succeeded;
  } else {
    state_ = State::failed;
    std::ostringstream why;
    if (done > 0 && WIFEXITED(status)) why << "cdsim exited with code " << WEXITSTATUS(status) << ":\n";
    else if (done > 0 && WIFSIGNALED(status)) why << "cdsim was stopped by signal " << WTERMSIG(status) << ":\n";
    error_ = why.str() + tail_of(log_);
  }
  return state_;
}

void ChildRun::cancel() {
  if (state_ != State::running || pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  state_ = State::failed;
  ended_ = std::chrono::steady_clock::now();
  error_ = "cancelled";
}

double ChildRun::elapsed_seconds() const {
  if (state_ == State::idle) return 0.0;
  const auto end = state_ == State::running ? std::chrono::steady_clock::now() : ended_;
  return std::chrono::duration<double>(end - started_).count();
}

}  // namespace cdsim::viz
