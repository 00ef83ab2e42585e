// Bad calibration files and bad data files are refused before any run, each problem named with its
// file, line, column and key; and the model's value of a measure is what its definition says.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/calibrate/observed_data.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/calibration_spec.hpp"
#include "sim/spec/load_scenario.hpp"
#include "tests/spec/tiny_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("cdsim-calibration-input-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

std::string spec_errors(const std::string& text) {
  try {
    spec::load_calibration(write("cal.yaml", text));
  } catch (const spec::SpecError& e) {
    return e.what();
  }
  FAIL("accepted:\n" << text);
  return {};
}

const std::string kGood = R"(scenario: tiny.yaml
data: data.csv
parameters:
  transitions.support_to_crisis: {prior: uniform, low: 0.002, high: 0.02}
  transitions.independent_to_support: {prior: lognormal, median: 0.0014, p95: 0.003}
budget: {runs: 100}
)";

calibrate::ModelFrame tiny_frame() {
  const spec::ScenarioSpec s = spec::parse_scenario(test::kTinyScenario, "tiny.yaml");
  return calibrate::frame_of(s, run::make_metadata(s));
}

std::string data_errors(const std::string& csv) {
  try {
    calibrate::read_observed_data(write("data.csv", csv), tiny_frame());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  FAIL("accepted:\n" << csv);
  return {};
}

}  // namespace

TEST_CASE("a calibration file is read with its priors", "[calibrate]") {
  const auto s = spec::load_calibration(write("cal.yaml", kGood));
  REQUIRE(s.parameters.size() == 2);
  CHECK(s.parameters[0].key == "transitions.support_to_crisis");
  CHECK(s.parameters[0].kind == spec::ParameterDistribution::Kind::range);
  CHECK(s.parameters[1].kind == spec::ParameterDistribution::Kind::lognormal);
  CHECK(std::exp(s.parameters[1].mean) == Approx(0.0014));
  CHECK(std::exp(s.parameters[1].mean + 1.6448536 * s.parameters[1].sd) == Approx(0.003));
  CHECK(s.runs == 100);
  CHECK(s.scenario == scratch() / "tiny.yaml");
  CHECK(s.method == spec::CalibrationMethod::history_matching);
}

TEST_CASE("bad calibration files name the line, column and key", "[calibrate]") {
  const std::string f = (scratch() / "cal.yaml").string();
  CHECK_THAT(spec_errors(test::replaced(kGood, "budget: {runs: 100}", "budget: {runs: 100}\nmethdo: abc")),
             Catch::Contains(f + ":7:1: methdo: unknown key 'methdo'; did you mean 'method'?"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "prior: uniform", "prior: beta")),
             Catch::Contains(":4:42: parameters.transitions.support_to_crisis.prior: expected uniform, lognormal or normal"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "low: 0.002, high: 0.02", "low: 0.02, high: 0.002")),
             Catch::Contains("high (0.002) must be above low (0.02)"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "p95: 0.003", "p95: 0.001")), Catch::Contains("p95 (0.001) must be above the median"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "{runs: 100}", "{runs: 5}")), Catch::Contains("budget.runs"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "budget: {runs: 100}\n", "")), Catch::Contains("budget"));
  CHECK_THAT(spec_errors(kGood + "method: abc_smc\n"), Catch::Contains("expected history_matching"));
  CHECK_THAT(spec_errors(kGood + "population_fraction: 0\n"), Catch::Contains("population_fraction"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "transitions.independent_to_support", "seed")),
             Catch::Contains("is set by the calibration itself"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "transitions.independent_to_support", "population.size")),
             Catch::Contains("parameters.population.size: is set by the calibration itself"));
  CHECK_THAT(spec_errors(test::replaced(kGood, "transitions.independent_to_support", "transitions.support_to_crisis")),
             Catch::Contains("this key is given twice"));
}

TEST_CASE("bad data files name the line and column", "[calibrate]") {
  const std::string f = (scratch() / "data.csv").string();
  const std::string head = "measure,period_start,period_end,value,sd\n";
  CHECK_THAT(data_errors(head + "entries_to_crisiss,2025-04-01,2026-03-24,100,\n"),
             Catch::Contains(f + ":2: column 'measure': 'entries_to_crisiss' is not a measure; did you mean 'entries_to_crisis'?"));
  CHECK_THAT(data_errors(head + "deaths,2025-04-01,2026-03-24,many,\n"), Catch::Contains(":2: column 'value': 'many' is not a number"));
  CHECK_THAT(data_errors(head + "deaths,2025-04-01,2026-03-24,-3,\n"), Catch::Contains("column 'value'"));
  CHECK_THAT(data_errors(head + "deaths,2025-04-01,2026-03-24,3,0\n"), Catch::Contains("column 'sd'"));
  CHECK_THAT(data_errors(head + "deaths,01/04/2025,2026-03-24,3,\n"), Catch::Contains("column 'period_start': '01/04/2025' is not a date"));
  CHECK_THAT(data_errors(head + "deaths,2024-04-01,2025-03-31,3,\n"), Catch::Contains("outside the scenario's run, 2025-04-01..2026-03-30"));
  CHECK_THAT(data_errors(head + "deaths,2025-04-01,2025-04-03,3,\n"), Catch::Contains("shorter than the model's step"));
  CHECK_THAT(data_errors(head + "deaths,2025-06-01,2025-04-03,3,\n"), Catch::Contains("before period_start"));
  CHECK_THAT(data_errors(head + "deaths,2025-04-01,2026-03-24,3,\nresidents_crisis,2025-04-01,2025-09-30,60,5\n"
                                "deaths,2025-04-01,2026-03-24,4,\n"),
             Catch::Contains(f + ":4: column 'measure': the same observation as line 2"));
  CHECK_THAT(data_errors("measure,period_start,period_end,value,age_group\ndeaths,2025-04-01,2026-03-24,3,65+\n"),
             Catch::Contains("column 'age_group': deaths has no age groups"));
  CHECK_THAT(data_errors("measure,period_start,period_end,value,age_group\nrequests,2025-04-01,2026-03-24,3,old\n"),
             Catch::Contains("'old' is not an age group (0-17, 18-64, 65+)"));
  CHECK_THAT(data_errors("measure,period_start,period_end,value,colour\ndeaths,2025-04-01,2026-03-24,3,red\n"), Catch::Contains(f + ":1: column 'colour' is not one of"));
  CHECK_THAT(data_errors("measure,period_start,value\ndeaths,2025-04-01,3\n"), Catch::Contains("no 'period_end' column"));
  CHECK_THAT(data_errors(head), Catch::Contains(f + ": has a header but no rows of data"));
}

TEST_CASE("the model's value of a measure sums flows and averages stocks over the period", "[calibrate]") {
  const spec::ScenarioSpec s = spec::parse_scenario(test::kTinyScenario, "tiny.yaml");
  const auto meta = run::make_metadata(s);
  const auto obs = run::simulate_replicate(s, meta, 0, {});
  const auto data = calibrate::read_observed_data(
      write("data.csv",
            "measure,period_start,period_end,value,age_group\n"
            "entries_to_crisis,2025-04-01,2025-06-23,1,\n"  // weeks 1-12 exactly
            "entries_to_crisis,2025-04-04,2025-04-10,1,\n"  // 4 days of week 1, 3 of week 2
            "residents_support,2025-04-08,2025-04-21,1,\n"  // times 1 and 2
            "residents_support,2025-04-08,2025-04-21,1,65+\n"
            "deaths,2025-04-01,2025-06-23,1,\n"),
      calibrate::frame_of(s, meta));
  const auto value = [&](std::size_t row, double fraction = 1) {
    return calibrate::model_value(data.rows[row], s, meta, obs, fraction);
  };
  const auto entries = [&](std::size_t t) {
    return double(obs.transitions[(t * 3 + 0) * 3 + 2] + obs.transitions[(t * 3 + 1) * 3 + 2]);
  };
  double twelve = 0, deaths = 0;
  for (std::size_t t = 1; t <= 12; ++t) twelve += entries(t), deaths += obs.deaths[t * 3] + obs.deaths[t * 3 + 1] + obs.deaths[t * 3 + 2];
  CHECK(value(0) == Approx(twelve));
  CHECK(value(0, 0.25) == Approx(4 * twelve));
  CHECK(value(1) == Approx(entries(1) * 4 / 7 + entries(2) * 3 / 7));
  double support = 0, old = 0;
  for (std::size_t t = 1; t <= 2; ++t)
    for (std::size_t n = 0; n < obs.neighbourhoods; ++n)
      for (std::size_t a = 0; a < 3; ++a) {
        const double v = obs.residents[((t * obs.neighbourhoods + n) * 3 + a) * 3 + 1];
        support += v / 2;
        if (a == 2) old += v / 2;
      }
  CHECK(value(2) == Approx(support));
  CHECK(value(3) == Approx(old));
  CHECK(value(4) == Approx(deaths));
}

TEST_CASE("a scenario's posterior must exist and is resolved against the scenario's folder", "[calibrate]") {
  const fs::path dir = scratch() / "posterior-key";
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "post.h5") << "not yet read";
  const auto s = spec::parse_scenario(test::kTinyScenario + "posterior: sub/post.h5\n", (dir / "tiny.yaml").string());
  CHECK(s.posterior == (dir / "sub" / "post.h5").string());
  try {
    spec::parse_scenario(test::kTinyScenario + "posterior: missing.h5\n", (dir / "tiny.yaml").string());
    FAIL("a missing posterior was accepted");
  } catch (const spec::SpecError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("posterior: no such file"));
  }
}
