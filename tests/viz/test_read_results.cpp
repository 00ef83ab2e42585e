// The reader against files written by the test writer (every case the format allows or a user
// can hand it) and against a real `cdsim run` result (the fixture made by ctest).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <thread>
#include <vector>

#include "results_file.hpp"
#include "sim/record/results.hpp"

using namespace cdsim;
namespace fs = std::filesystem;
using namespace cdsim::viz;
using cdsim::viz::test::FileSpec;
using cdsim::viz::test::write_results;

namespace {

/// A fresh folder per test case, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cdsim-viz-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string error_of(const fs::path& p) {
  try {
    (void)record::read_results(p);
  } catch (const record::ResultsError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("viz: reads a results file into plain data", "[viz][read]") {
  TempDir dir;
  const fs::path file = dir.path / "a.h5";
  write_results(file, FileSpec{});
  const record::Results r = record::read_results(file);
  CHECK(r.scenario_name == "synthetic");
  CHECK(r.format_version == 1);
  CHECK(r.replicates == 3);
  CHECK(r.times() == 10);
  CHECK(r.start == record::Date{2025, 4, 1});
  CHECK(r.date_at(9) == record::Date{2025, 6, 3});
  REQUIRE(r.neighbourhood_count() == 4);
  CHECK(r.neighbourhoods[3].name == "N4");
  CHECK(r.neighbourhoods[1].x == 1.0);
  CHECK(r.states == std::vector<std::string>{"independent", "support", "crisis"});
  CHECK(r.state_index("crisis") == 2);
  CHECK(r.state_index("waiting") == -1);
  CHECK(r.agencies() == std::vector<std::string>{"nhs", "council"});
  // Age groups are summed: sum over a of (1 + r + t + n + a + 10 s) = 3 (1 + r + t + n + 10 s) + 3.
  CHECK(r.resident_count(2, 5, 3, 1) == 3 * (1 + 2 + 5 + 3 + 10) + 3);
  CHECK(r.transition_count(1, 4, 0, 2) == 1 + 1 + 0 + 2);
  CHECK(r.cost_at(2, 3, 1) == 103.0);
  CHECK(r.extra.empty());
  CHECK_FALSE(r.stories);
}

TEST_CASE("viz: variables added later reach the viewer without code changes", "[viz][read]") {
  TempDir dir;
  const fs::path file = dir.path / "a.h5";
  FileSpec spec;
  spec.with_waiting = true;
  spec.with_stories = true;
  write_results(file, spec);
  const record::Results r = record::read_results(file);
  REQUIRE(r.extra.size() == 1);
  CHECK(r.extra[0].name == "waiting");
  CHECK(r.extra[0].long_name == "Waiting list");
  // The service dimension is summed: (t + n) + (t + n + 1).
  CHECK(r.extra[0].values[(1 * 10 + 4) * 4 + 2] == 2 * (4 + 2) + 1);
  REQUIRE(r.stories);
  CHECK(r.stories->count == 2);
  CHECK(r.stories->state[(0 * 10 + 9) * 2 + 1] == -1);
}

TEST_CASE("viz: files the viewer cannot show give a clear message naming the file", "[viz][read][errors]") {
  TempDir dir;
  const fs::path good = dir.path / "good.h5";
  write_results(good, FileSpec{});

  SECTION("missing") { CHECK_THAT(error_of(dir.path / "nope.h5"), Catch::Contains("nope.h5: no such file")); }
  SECTION("a folder") { CHECK_THAT(error_of(dir.path), Catch::Contains("is a folder")); }
  SECTION("a .part still being written") {
    const fs::path part = dir.path / "run.h5.x7Qz9k.part";  // as core::OutputFile names it
    fs::copy_file(good, part);
    CHECK_THAT(error_of(part), Catch::Contains("still being written"));
    CHECK_THAT(error_of(dir.path / "run.h5"), Catch::Contains("still being written"));
  }
  SECTION("empty") {
    std::ofstream(dir.path / "empty.h5");
    CHECK_THAT(error_of(dir.path / "empty.h5"), Catch::Contains("empty"));
  }
  SECTION("not HDF5") {
    std::ofstream(dir.path / "text.h5") << "name: baseline\n";
    CHECK_THAT(error_of(dir.path / "text.h5"), Catch::Contains("not an HDF5 file"));
  }
  SECTION("truncated") {
    const auto size = fs::file_size(good);
    fs::copy_file(good, dir.path / "cut.h5");
    fs::resize_file(dir.path / "cut.h5", size / 2);
    CHECK_THAT(error_of(dir.path / "cut.h5"), Catch::Contains("cut.h5:"));
  }
  SECTION("another format") {
    FileSpec spec;
    spec.format = "something-else";
    write_results(dir.path / "other.h5", spec);
    CHECK_THAT(error_of(dir.path / "other.h5"), Catch::Contains("not a cdsim results file") && Catch::Contains("something-else"));
  }
  SECTION("a newer format version") {
    FileSpec spec;
    spec.format_version = 3;
    write_results(dir.path / "v3.h5", spec);
    CHECK_THAT(error_of(dir.path / "v3.h5"), Catch::Contains("version 3") && Catch::Contains("reads version 2"));
  }
  SECTION("a variable missing") {
    FileSpec spec;
    spec.without_residents = true;
    write_results(dir.path / "partial.h5", spec);
    CHECK_THAT(error_of(dir.path / "partial.h5"), Catch::Contains("'residents'"));
  }
}

TEST_CASE("viz: files whose values no run can produce are refused, naming the variable", "[viz][read][errors]") {
  TempDir dir;
  const fs::path file = dir.path / "hostile.h5";
  FileSpec spec;
  std::string expected;
  SECTION("no neighbourhoods") {
    spec.neighbourhoods = 0;
    expected = "has no neighbourhoods";
  }
  SECTION("time standing still") {
    spec.time_step = 0;
    expected = "time does not increase: entry 1 is day 0, after day 0";
  }
  SECTION("time running backwards") {
    spec.time_step = -7;
    expected = "time does not increase: entry 1 is day -7, after day 0";
  }
  SECTION("a cost that is not a number") {
    spec.cost_scale = std::numeric_limits<double>::quiet_NaN();
    expected = "cost holds a value that is not a finite number";
  }
  SECTION("an infinite cost") {
    spec.cost_scale = std::numeric_limits<double>::infinity();
    expected = "cost holds a value that is not a finite number";
  }
  SECTION("a mapped variable that is not a number") {
    spec.mapped_value = std::numeric_limits<double>::quiet_NaN();
    expected = "mapped holds a value that is not a finite number";
  }
  SECTION("a negative count") {
    spec.births = -3;
    expected = "births holds a negative count (-3)";
  }
  write_results(file, spec);
  CHECK_THAT(error_of(file), Catch::StartsWith(file.string() + ": ") && Catch::Contains(expected));
}

TEST_CASE("viz: a finite mapped variable is read", "[viz][read]") {
  TempDir dir;
  FileSpec spec;
  spec.mapped_value = 2.5;
  write_results(dir.path / "ok.h5", spec);
  const auto results = record::read_results(dir.path / "ok.h5");
  REQUIRE(results.extra.size() == 1);
  CHECK(results.extra[0].values.front() == 2.5);
}

#ifdef CDSIM_VIZ_TINY_RESULTS
TEST_CASE("viz: reads what cdsim run writes", "[viz][read][cdsim]") {
  const record::Results r = record::read_results(CDSIM_VIZ_TINY_RESULTS);
  CHECK(r.scenario_name == "tiny");
  CHECK(r.replicates == 2);
  CHECK(r.times() == 53);
  CHECK(r.neighbourhood_count() == 4);
  CHECK(r.start == record::Date{2025, 4, 1});
  int alive = 0;
  for (int n = 0; n < r.neighbourhood_count(); ++n) {
    for (int s = 0; s < r.state_count(); ++s) alive += r.resident_count(0, 0, n, s);
  }
  CHECK(alive == 2000);
  CHECK(r.scenario.warning.empty());
  CHECK(r.scenario.policies.empty());
  CHECK_FALSE(r.scenario.weekly_cost_by_state.empty());
  bool has_hazard = false;
  for (const auto& l : r.scenario.levers) has_hazard |= l.key == "transitions.support_to_crisis";
  CHECK(has_hazard);
}
#endif

TEST_CASE("viz: a file that hangs libhdf5 is a ResultsError after the time limit, not a hang", "[viz][read]") {
  const auto t0 = std::chrono::steady_clock::now();
  std::string message;
  try {
    (void)record::read_results(CDSIM_VIZ_HDF5_HANG, std::chrono::seconds(2));
  } catch (const record::ResultsError& e) {
    message = e.what();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(message);
  CHECK(message.find("did not finish within 2 s") != std::string::npos);
  CHECK(message.find("results-timeout-") != std::string::npos);  // names the file
  CHECK(seconds < 10);
}

// The viewer loads two files at once on two threads. Each reader forks a child to read first; a child
// forked while the other thread held the HDF5 lock once inherited it locked and waited for ever (the
// read then failed "did not finish within 60 s"). Many rounds make the old race all but certain.
TEST_CASE("viz: two threads reading at once both finish, neither child inherits a held lock", "[viz][read]") {
  TempDir dir;
  const fs::path a = dir.path / "a.h5", b = dir.path / "b.h5";
  write_results(a, FileSpec{});
  write_results(b, FileSpec{});
  std::vector<std::string> problems(2);
  auto reader = [](const fs::path& p, std::string& problem) {
    for (int round = 0; round < 40 && problem.empty(); ++round) {
      try {
        (void)record::read_results(p, std::chrono::seconds(10));
      } catch (const record::ResultsError& e) {
        problem = e.what();
      }
    }
  };
  std::thread first(reader, a, std::ref(problems[0]));
  std::thread second(reader, b, std::ref(problems[1]));
  first.join();
  second.join();
  CHECK(problems[0] == "");
  CHECK(problems[1] == "");
}

TEST_CASE("viz: a reader error in the child process reaches the caller with its message", "[viz][read]") {
  TempDir dir;
  const fs::path p = dir.path / "not-hdf5.h5";
  std::ofstream(p) << "plain text, not HDF5";
  const std::string message = error_of(p);
  CHECK(message.find("not-hdf5.h5: not an HDF5 file") != std::string::npos);
}
