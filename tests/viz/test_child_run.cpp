// The "what if" runner: a child process polled without blocking, its exit and last output reported.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "viz/app/child_run.hpp"

namespace fs = std::filesystem;
using cdsim::viz::ChildRun;

namespace {

ChildRun::State wait_for(ChildRun& run) {
  for (int i = 0; i < 500 && run.poll() == ChildRun::State::running; ++i) usleep(10'000);
  return run.state();
}

}  // namespace

TEST_CASE("viz: the what-if runner reports success, failure with output, and a missing program", "[viz][child]") {
  const fs::path log = fs::temp_directory_path() / ("cdsim-viz-child-" + std::to_string(getpid()) + ".log");
  ChildRun run;
  REQUIRE(run.start("/bin/sh", {"-c", "echo working; exit 0"}, log));
  CHECK(wait_for(run) == ChildRun::State::succeeded);

  REQUIRE(run.start("/bin/sh", {"-c", "echo 'cdsim: error: bad --set key' >&2; exit 1"}, log));
  CHECK(wait_for(run) == ChildRun::State::failed);
  CHECK_THAT(run.error(), Catch::Contains("code 1") && Catch::Contains("bad --set key"));

  REQUIRE(run.start("/bin/sh", {"-c", "sleep 30"}, log));
  CHECK(run.poll() == ChildRun::State::running);
  run.cancel();
  CHECK(run.state() == ChildRun::State::failed);
  CHECK(run.elapsed_seconds() < 5);

  CHECK_FALSE(run.start("/nonexistent/cdsim", {"run"}, log));
  CHECK_THAT(run.error(), Catch::Contains("cannot start /nonexistent/cdsim"));
  fs::remove(log);
}
