// History matching on toy simulators whose true parameters are known: the posterior covers the truth,
// is narrower than the prior, leaves an uninformed parameter at its prior, and says so when the data
// contradict each other.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "sim/calibrate/history_matching.hpp"

using namespace cdsim::calibrate;

namespace {

// Two informative outputs (nonlinear in both parameters) and a third parameter nothing depends on.
std::vector<double> toy(const std::vector<double>& x) {
  return {10 * x[0] + 4 * x[1] * x[1], 6 * x[1] + 3 * std::sqrt(x[0] + 0.1), 5 * x[0] * x[1] + 2};
}

constexpr double kNoiseSd = 0.15;

/// A simulator with its own chance variation, a stream per run.
Simulator noisy_toy() {
  return [](const std::vector<std::vector<double>>& points, std::size_t first_run) {
    std::vector<std::vector<double>> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
      std::mt19937_64 engine(1000 + first_run + i);
      std::normal_distribution<double> noise(0, kNoiseSd);
      auto y = toy(points[i]);
      for (auto& v : y) v += noise(engine);
      out.push_back(y);
    }
    return out;
  };
}

std::array<double, 2> interval(const HistoryMatchingResult& r, std::size_t k) {
  std::vector<double> v;
  for (const auto& d : r.draws) v.push_back(d[k]);
  std::sort(v.begin(), v.end());
  return {v[v.size() * 5 / 100], v[v.size() * 95 / 100]};
}

}  // namespace

TEST_CASE("history matching covers known parameters and narrows the prior", "[calibrate]") {
  // Repeated trials: truths spread over the space, observed with their own noise. A 90% interval
  // should cover about 90% of truths; with the model discrepancy added the method is conservative.
  int covered = 0, trials = 0, informed_covered = 0;
  double width_informed = 0, width_uninformed = 0;
  std::mt19937_64 truths(42);
  std::uniform_real_distribution<double> u(0.15, 0.85);
  const int kTrials = 12;
  for (int t = 0; t < kTrials; ++t) {
    const std::vector<double> truth{u(truths), u(truths), u(truths)};
    std::mt19937_64 engine(77 + t);
    std::normal_distribution<double> noise(0, kNoiseSd);
    std::vector<Target> targets;
    for (double v : toy(truth)) targets.push_back({v + noise(engine), 0.05 * 0.05});
    HistoryMatchingOptions o;
    o.runs = 150;
    o.seed = 1 + static_cast<std::uint64_t>(t);
    const auto r = history_match(targets, 3, noisy_toy(), o);
    REQUIRE(r.status == HistoryMatchingResult::Status::fitted);
    for (std::size_t k = 0; k < 3; ++k) {
      const auto [low, high] = interval(r, k);
      const bool inside = truth[k] >= low && truth[k] <= high;
      covered += inside;
      ++trials;
      if (k < 2) informed_covered += inside, width_informed += (high - low) / (2.0 * kTrials);
    }
    width_uninformed += (interval(r, 2)[1] - interval(r, 2)[0]) / kTrials;
  }
  INFO("coverage " << covered << "/" << trials << ", informed " << informed_covered << "/" << 2 * kTrials
                   << ", mean 90% widths: informed " << width_informed << ", uninformed " << width_uninformed);
  CHECK(informed_covered >= static_cast<int>(0.75 * 2 * kTrials));
  CHECK(covered >= static_cast<int>(0.75 * trials));
  CHECK(width_informed < 0.45);      // the prior's 90% width is 0.9
  CHECK(width_uninformed > 0.7);     // keeps about its prior
}

TEST_CASE("contradictory data are reported, not fitted", "[calibrate]") {
  // Both outputs measure the first parameter; one says 0.2, the other 0.8, each precisely.
  const Simulator twice = [](const std::vector<std::vector<double>>& points, std::size_t) {
    std::vector<std::vector<double>> out;
    for (const auto& x : points) out.push_back({10 * x[0], 10 * x[0]});
    return out;
  };
  HistoryMatchingOptions o;
  o.runs = 80;
  const auto r = history_match({{2.0, 0.01}, {8.0, 0.01}}, 2, twice, o);
  CHECK(r.status == HistoryMatchingResult::Status::nothing_plausible);
  CHECK(r.draws.empty());
  CHECK_THAT(r.message, Catch::Contains("no parameter set within the plausibility bound"));
  CHECK_THAT(r.message, Catch::Contains("contradict"));

  // One output out of reach of the model altogether is named.
  const auto r2 = history_match({{50.0, 0.01}, {5.0, 0.01}}, 2, twice, o);
  CHECK(r2.status == HistoryMatchingResult::Status::nothing_plausible);
  CHECK_THAT(r2.message, Catch::Contains("observation 1"));
}

TEST_CASE("history matching is deterministic and keeps to its budget", "[calibrate]") {
  std::vector<Target> targets;
  for (double v : toy({0.4, 0.6, 0.5})) targets.push_back({v, 0.01});
  HistoryMatchingOptions o;
  o.runs = 100;
  const auto a = history_match(targets, 3, noisy_toy(), o), b = history_match(targets, 3, noisy_toy(), o);
  CHECK(a.draws == b.draws);
  CHECK(a.run_outputs == b.run_outputs);
  CHECK(a.run_points.size() <= 100);
  CHECK(a.waves.front().region_fraction < 0.5);
  for (std::size_t w = 1; w < a.waves.size(); ++w) CHECK(a.waves[w].region_fraction <= a.waves[w - 1].region_fraction);
  CHECK_THROWS_WITH(plan_waves(30, 5, 4), Catch::Contains("too small"));
  const auto p = plan_waves(600, 5, 3);
  CHECK(p.per_wave * p.waves + p.check <= 600);
  CHECK(p.check == 60);
}
