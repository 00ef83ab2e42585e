// Same seed, same bits: whatever the executor or thread count (style.md principle 9).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/run/run_scenario.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {

spec::ScenarioSpec tiny(int size) {
  auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/tests/tiny.yaml");
  s.population.size = size;  // large enough that every thread gets many residents
  return s;
}

bool same(const record::ReplicateObservations& a, const record::ReplicateObservations& b) {
  return a.residents == b.residents && a.transitions == b.transitions && a.deaths == b.deaths &&
         a.births == b.births && a.cost == b.cost && a.children_services == b.children_services &&
         a.child_crisis_entries == b.child_crisis_entries && a.police_incidents == b.police_incidents;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("run: serial and OpenMP executors give identical replicates", "[run][determinism]") {
  auto s = tiny(30'000);
  s.burn_in_years = 1;  // the pilot run that settles the start is held to the same standard
  const auto meta = run::make_metadata(s);
  const auto reference = run::simulate_replicate(s, meta, 1, {core::ExecutorKind::serial, 1});
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    CHECK(same(reference, run::simulate_replicate(s, meta, 1, {core::ExecutorKind::openmp, threads})));
  }
  // And the comparison is not vacuous: another replicate differs.
  CHECK_FALSE(same(reference, run::simulate_replicate(s, meta, 0, {core::ExecutorKind::serial, 1})));
}

TEST_CASE("run: 1 thread and 2 threads write bit-identical results files", "[run][determinism]") {
  // created_utc follows SOURCE_DATE_EPOCH when set, the reproducible-builds convention.
  ::setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
  const auto s = tiny(20'000);
  // A folder of its own: the per-target ctest entries run this test at the same time.
  std::string pattern = (fs::temp_directory_path() / "cdsim_determinism_XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;
  run::run_scenario(s, dir / "one.h5", {core::ExecutorKind::openmp, 1});
  run::run_scenario(s, dir / "two.h5", {core::ExecutorKind::openmp, 2});
  ::unsetenv("SOURCE_DATE_EPOCH");
  const std::string one = bytes_of(dir / "one.h5"), two = bytes_of(dir / "two.h5");
  REQUIRE(one.size() > 1000);
  CHECK(one == two);
  fs::remove_all(dir);
}

TEST_CASE("run: replicate r is the same stream in every scenario (common random numbers)", "[run]") {
  // Two scenarios that differ only in how much acute episodes raise crisis risk (which does not shape
  // who starts where) build the same world at step 0 and then part ways.
  auto a = tiny(5'000);
  // A burn-in settles each scenario's start under its own parameters; only policies leave it alone.
  a.burn_in_years = 0;
  auto b = a;
  b.acute.multiplier *= 3;
  const auto ma = run::make_metadata(a), mb = run::make_metadata(b);
  const auto oa = run::simulate_replicate(a, ma, 0, {}), ob = run::simulate_replicate(b, mb, 0, {});
  const std::size_t cells = oa.neighbourhoods * oa.age_groups * oa.states;
  CHECK(std::equal(oa.residents.begin(), oa.residents.begin() + static_cast<long>(cells), ob.residents.begin()));
  CHECK_FALSE(same(oa, ob));
}
