// Every bundled scenario validates and runs a few steps.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/calibrate/observed_data.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/calibration_spec.hpp"
#include "sim/run/sweep.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {
/// Sweep files live in a sweeps/ folder: a base scenario and what to vary, not a scenario.
bool is_sweep(const fs::path& p) { return p.parent_path().filename() == "sweeps"; }
/// Calibration files live in a calibration/ folder: a scenario, data and priors, not a scenario.
bool is_calibration(const fs::path& p) { return p.parent_path().filename() == "calibration"; }
}  // namespace

TEST_CASE("run: every bundled sweep plans: its base loads and every point is a valid scenario", "[run][scenarios]") {
  int found = 0;
  for (const auto& entry : fs::recursive_directory_iterator(CDSIM_SCENARIO_DIR)) {
    if (entry.path().extension() != ".yaml" || !is_sweep(entry.path())) continue;
    ++found;
    INFO(entry.path().string());
    const run::SweepPlan plan(entry.path());
    CHECK(plan.tasks() > 0);
  }
  CHECK(found >= 4);
}

TEST_CASE("run: every bundled calibration reads, with its scenario and data", "[run][scenarios]") {
  int found = 0;
  for (const auto& entry : fs::recursive_directory_iterator(CDSIM_SCENARIO_DIR)) {
    if (entry.path().extension() != ".yaml" || !is_calibration(entry.path())) continue;
    ++found;
    INFO(entry.path().string());
    const spec::CalibrationSpec cal = spec::load_calibration(entry.path());
    const spec::ScenarioSpec s = spec::load_scenario(cal.scenario, cal.set);
    const auto data = calibrate::read_observed_data(cal.data, calibrate::frame_of(s, run::make_metadata(s)));
    CHECK(data.rows.size() >= cal.parameters.size());
  }
  CHECK(found >= 1);
}

TEST_CASE("run: every bundled scenario loads and runs", "[run][scenarios]") {
  // Small and short, but long enough that every bundled policy has started.
  int found = 0;
  for (const auto& entry : fs::recursive_directory_iterator(CDSIM_SCENARIO_DIR)) {
    if (entry.path().extension() != ".yaml" || is_sweep(entry.path()) || is_calibration(entry.path())) continue;
    ++found;
    INFO(entry.path().string());
    const auto s =
        spec::load_scenario(entry.path(), {{"years", "2.5"}, {"replicates", "1"}, {"population.size", "10000"}});
    const auto meta = run::make_metadata(s);
    const auto obs = run::simulate_replicate(s, meta, 0, {});
    long alive = 0;
    for (std::size_t c = 0; c < obs.neighbourhoods * obs.age_groups * obs.states; ++c)
      alive += obs.residents[(obs.times - 1) * obs.neighbourhoods * obs.age_groups * obs.states + c];
    CHECK(alive > 0);
    CHECK(obs.times == 131);
  }
  CHECK(found >= 3);
}

TEST_CASE("run: the baseline keeps a realistic population over ten years", "[run][scenarios]") {
  // One replicate of a tenth-size baseline: deaths and births roughly balance, ageing shows.
  auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml",
                               {{"population.size", "32200"}, {"replicates", "1"}});
  const auto meta = run::make_metadata(s);
  const auto obs = run::simulate_replicate(s, meta, 0, {});
  const std::size_t cells = obs.neighbourhoods * obs.age_groups * obs.states;
  auto total = [&](std::size_t t, int age_group) {
    long n = 0;
    for (std::size_t c = 0; c < cells; ++c)
      if (age_group < 0 || static_cast<int>((c / obs.states) % obs.age_groups) == age_group) n += obs.residents[t * cells + c];
    return static_cast<double>(n);
  };
  const double start = total(0, -1), end = total(obs.times - 1, -1);
  INFO("population " << start << " -> " << end);
  CHECK(std::abs(end / start - 1) < 0.08);
  // The 65+ share rises (wigan_65plus_share: 18.8% in 2017 to 23.0% in 2030).
  const double old_start = total(0, 2) / start, old_end = total(obs.times - 1, 2) / end;
  INFO("65+ share " << old_start << " -> " << old_end);
  CHECK(old_end > old_start);
  CHECK(old_end < 0.30);
}
