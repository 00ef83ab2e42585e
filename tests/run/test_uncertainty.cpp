// Parameter uncertainty (sim/run/uncertainty.cpp, uncertainty_analysis.cpp): each replicate's own draw,
// shared by paired scenarios; a draw of zero width changes nothing; and what compare makes of the
// draws: the chance of paying back, the drivers, and break-even values recovered where they are known.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "sim/run/run_scenario.hpp"
#include "sim/run/uncertainty.hpp"
#include "sim/compare/uncertainty_analysis.hpp"
#include "sim/spec/defaults.hpp"
#include "sim/spec/load_scenario.hpp"
#include "tests/spec/tiny_scenario.hpp"

using namespace cdsim;

namespace {

spec::ScenarioSpec with_uncertainty(const std::string& list, int replicates = 6) {
  return spec::parse_scenario(test::kTinyScenario + "replicates: " + std::to_string(replicates) + "\nuncertainty:\n" + list,
                              "tiny.yaml");
}

bool same(const record::ReplicateObservations& a, const record::ReplicateObservations& b) {
  return a.residents == b.residents && a.transitions == b.transitions && a.deaths == b.deaths &&
         a.births == b.births && a.cost == b.cost && a.requests == b.requests;
}

}  // namespace

TEST_CASE("uncertainty: the scenario's list replaces the defaults' entry of the same key and adds others",
          "[run][uncertainty][spec]") {
  const auto s = with_uncertainty(
      "  - {key: transitions.support_to_crisis, relative: true, range: [0.9, 1.1]}\n"
      "  - {key: acute.weeks, values: [4, 6, 8]}\n");
  const auto defaults = spec::default_scenario().uncertainty;
  REQUIRE(s.uncertainty.size() == defaults.size() + 1);
  const auto at = [&](const std::string& key) {
    return *std::find_if(s.uncertainty.begin(), s.uncertainty.end(), [&](const auto& p) { return p.key == key; });
  };
  CHECK(at("transitions.support_to_crisis").kind == spec::ParameterDistribution::Kind::range);
  CHECK(at("transitions.support_to_crisis").high == 1.1);
  CHECK(at("acute.weeks").values == std::vector<double>{4, 6, 8});
  CHECK_FALSE(at("acute.weeks").relative);
  // Written out and read back, exactly.
  CHECK(spec::parse_scenario(spec::emit_scenario(s), "emitted") == s);
}

TEST_CASE("uncertainty: bad entries are refused with their place", "[run][uncertainty][spec]") {
  CHECK_THROWS_WITH(with_uncertainty("  - {key: seed, range: [1, 2]}\n"), Catch::Contains("uncertainty[0].key"));
  CHECK_THROWS_WITH(with_uncertainty("  - {key: acute.weeks, range: [2, 1]}\n"), Catch::Contains("must be below"));
  CHECK_THROWS_WITH(with_uncertainty("  - {key: acute.weeks, values: [4]}\n  - {key: acute.weeks, values: [5]}\n"),
                    Catch::Contains("given twice"));
  CHECK_THROWS_WITH(with_uncertainty("  - {key: acute.weeks, relativ: true, values: [4]}\n"), Catch::Contains("relativ"));
  // A key that names no number, and a draw its key's range refuses, stop the run before it starts.
  CHECK_THROWS_WITH(run::draw_parameters(with_uncertainty("  - {key: transitions.nothing, values: [1]}\n")),
                    Catch::Contains("names no number"));
  CHECK_THROWS_WITH(run::draw_parameters(with_uncertainty("  - {key: acute.multiplier, values: [-1]}\n")),
                    Catch::Contains("replicate 1") && Catch::Contains("acute.multiplier"));
}

TEST_CASE("uncertainty: draws follow the key, not the list, and relative draws scale the scenario's value",
          "[run][uncertainty]") {
  const auto a = with_uncertainty("  - {key: acute.onset_weekly, range: [0.001, 0.005]}\n", 50);
  const auto b = with_uncertainty("  - {key: reablement.share, range: [0.2, 0.8]}\n"
                                  "  - {key: acute.onset_weekly, range: [0.001, 0.005]}\n", 50);
  const auto da = run::draw_parameters(a), db = run::draw_parameters(b);
  const auto index = [](const run::ParameterDraws& d, const std::string& key) {
    return static_cast<std::size_t>(std::find(d.names.begin(), d.names.end(), key) - d.names.begin());
  };
  double low = 1, high = 0;
  for (int r = 0; r < 50; ++r) {
    const double v = da.value(r, index(da, "acute.onset_weekly"));
    CHECK(v == db.value(r, index(db, "acute.onset_weekly")));  // paired, whatever else each list holds
    low = std::min(low, v), high = std::max(high, v);
    CHECK(da.value(r, index(da, "transitions.support_to_crisis")) > 0);
  }
  CHECK(low >= 0.001);
  CHECK(high <= 0.005);
  CHECK(high - low > 0.003);  // 50 uniform draws spread over most of the range
  // A relative draw multiplies the scenario's own number: doubling the number doubles every draw.
  auto doubled = a;
  doubled.transitions[3] *= 2;
  const auto dd = run::draw_parameters(doubled);
  const std::size_t j = index(da, "transitions.support_to_crisis");
  for (int r = 0; r < 50; ++r) CHECK(dd.value(r, j) == Approx(2 * da.value(r, j)).epsilon(1e-12));
}

TEST_CASE("uncertainty: distributions of zero width give the same bits as a run without them",
          "[run][uncertainty]") {
  auto s = with_uncertainty("  - {key: acute.multiplier, relative: true, values: [1]}\n", 2);
  for (auto& p : s.uncertainty) {  // every default entry too, to zero width at the scenario's value
    if (p.key == "acute.multiplier") continue;
    spec::ParameterDistribution fixed;
    fixed.key = p.key;
    fixed.kind = spec::ParameterDistribution::Kind::values;
    fixed.values = {1};
    fixed.relative = true;
    p = fixed;
  }
  const auto draws = run::draw_parameters(s);
  const auto meta = run::make_metadata(s);
  for (int r = 0; r < 2; ++r) {
    const auto drawn = run::scenario_for_replicate(s, draws, r);
    CHECK(drawn == s);
    CHECK(same(run::simulate_replicate(drawn, meta, r, {core::ExecutorKind::openmp, 2}),
               run::simulate_replicate(s, meta, r, {core::ExecutorKind::openmp, 2})));
  }
}

TEST_CASE("uncertainty analysis: a known break-even is recovered and its parameter leads the drivers",
          "[run][uncertainty]") {
  // NPV = 4e6 * (effect - 0.3) + 1e5 * nuisance + noise: the policy pays back when effect >= 0.3.
  std::mt19937_64 engine(11);
  std::uniform_real_distribution<double> effect(0.1, 0.6), nuisance(-1, 1);
  std::normal_distribution<double> noise(0, 1e5);
  std::vector<std::vector<double>> x;
  std::vector<double> npv, ratio;
  for (int r = 0; r < 200; ++r) {
    const double e = effect(engine), n = nuisance(engine), fixed = 7;
    x.push_back({n, e, fixed});
    npv.push_back(4e6 * (e - 0.3) + 1e5 * n + noise(engine));
    ratio.push_back(1 + npv.back() / 1e6);
  }
  const auto u = compare::analyse_uncertainty({"nuisance", "effect", "fixed"}, x, npv, ratio);
  CHECK(u.draws == 200);
  const double positive = static_cast<double>(std::count_if(npv.begin(), npv.end(), [](double v) { return v > 0; })) / 200;
  CHECK(u.probability_npv_positive == positive);
  REQUIRE(u.probability_ratio_above_one);
  CHECK(*u.probability_ratio_above_one == positive);  // ratio > 1 exactly when npv > 0 here
  REQUIRE(u.drivers.size() == 2);  // "fixed" never varies
  CHECK(u.drivers[0].parameter == "effect");
  CHECK(u.drivers[0].prcc > 0.9);
  REQUIRE(u.drivers[0].break_even);
  const auto& e = *u.drivers[0].break_even;
  CHECK(e.at_least);
  CHECK(e.within_draws);
  CHECK(e.value == Approx(0.3).margin(0.01));
  CHECK(e.low <= 0.3);
  CHECK(e.high >= 0.3);
  CHECK(e.high - e.low < 0.02);
  // A driver that lowers the NPV pays back below its break-even.
  for (auto& row : x) row[1] = -row[1];
  const auto flipped = compare::analyse_uncertainty({"nuisance", "effect", "fixed"}, x, npv, {});
  CHECK_FALSE(flipped.probability_ratio_above_one);
  CHECK_FALSE(flipped.drivers[0].break_even->at_least);
  CHECK(flipped.drivers[0].break_even->value == Approx(-0.3).margin(0.01));
  // Too few replicates for the regressions: said, not guessed.
  const auto few = compare::analyse_uncertainty({"nuisance", "effect", "fixed"}, {x.begin(), x.begin() + 4},
                                            {npv.begin(), npv.begin() + 4}, {});
  CHECK(few.drivers.empty());
  CHECK_THAT(few.drivers_note, Catch::Contains("at least 5 replicates"));
}

TEST_CASE("uncertainty analysis: widening one parameter's spread puts it at the top of the drivers",
          "[run][uncertainty]") {
  std::mt19937_64 engine(3);
  std::uniform_real_distribution<double> unit(-1, 1);
  auto drivers_with = [&](double a_width, double b_width) {
    std::vector<std::vector<double>> x;
    std::vector<double> npv;
    for (int r = 0; r < 300; ++r) {
      const double a = a_width * unit(engine), b = b_width * unit(engine);
      x.push_back({a, b});
      npv.push_back(1e6 * (a + b) + 2e5 * unit(engine));
    }
    return compare::analyse_uncertainty({"a", "b"}, x, npv, {}).drivers;
  };
  CHECK(drivers_with(1, 0.2)[0].parameter == "a");
  CHECK(drivers_with(0.2, 1)[0].parameter == "b");
}
