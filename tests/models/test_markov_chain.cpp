// With every mechanism off the engine must be exactly the discrete-time Markov chain of the base
// hazards with competing-risk exits (design.md). These tests hold it to that chain.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "sim/run/run_scenario.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;

namespace {

using Matrix = std::array<std::array<double, 3>, 3>;

spec::ScenarioSpec markov_spec() {
  return spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/tests/markov.yaml");
}

/// One-step transition matrix: leave i with 1 - exp(-sum_j h_ij), go to j with share h_ij / sum.
Matrix transition_matrix(const spec::ScenarioSpec& s) {
  Matrix h{};
  for (int k = 0; k < spec::kTransitionCount; ++k) h[spec::kTransitionFrom[k]][spec::kTransitionTo[k]] = s.transitions[k];
  Matrix p{};
  for (int i = 0; i < 3; ++i) {
    const double total = h[i][0] + h[i][1] + h[i][2];
    const double leave = -std::expm1(-total);
    for (int j = 0; j < 3; ++j) p[i][j] = j == i ? 1 - leave : (total > 0 ? leave * h[i][j] / total : 0);
  }
  return p;
}

std::array<double, 3> states_at(const record::ReplicateObservations& obs, std::size_t t) {
  std::array<double, 3> n{};
  const std::size_t cells = obs.neighbourhoods * obs.age_groups * obs.states;
  for (std::size_t c = 0; c < cells; ++c) n[c % 3] += obs.residents[t * cells + c];
  return n;
}

}  // namespace

TEST_CASE("models: with mechanisms off, mean counts after t steps match n0 P^t within 4 SE", "[models][statistics]") {
  auto s = markov_spec();
  s.replicates = 40;
  const auto meta = run::make_metadata(s);
  const Matrix p = transition_matrix(s);
  const std::size_t steps = meta.times() - 1;
  REQUIRE(steps >= 10);

  // For each replicate, the difference between its counts and the chain's expectation given its own
  // initial counts: mean zero if the engine is the chain.
  std::vector<std::array<std::array<double, 3>, 64>> diffs;
  for (int r = 0; r < s.replicates; ++r) {
    const auto obs = run::simulate_replicate(s, meta, r, {core::ExecutorKind::openmp, 2});
    std::array<double, 3> expected = states_at(obs, 0);
    std::array<std::array<double, 3>, 64> d{};
    for (std::size_t t = 1; t <= steps; ++t) {
      std::array<double, 3> next{};
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) next[j] += expected[i] * p[i][j];
      expected = next;
      const auto actual = states_at(obs, t);
      for (int j = 0; j < 3; ++j) d[t][j] = actual[j] - expected[j];
    }
    diffs.push_back(d);
  }
  for (std::size_t t : {std::size_t{1}, std::size_t{2}, std::size_t{5}, steps}) {
    for (int j = 0; j < 3; ++j) {
      double mean = 0, sq = 0;
      for (const auto& d : diffs) mean += d[t][j];
      mean /= static_cast<double>(diffs.size());
      for (const auto& d : diffs) sq += (d[t][j] - mean) * (d[t][j] - mean);
      const double se = std::sqrt(sq / static_cast<double>(diffs.size() - 1) / static_cast<double>(diffs.size()));
      INFO("step " << t << " state " << j << " mean difference " << mean << " SE " << se);
      REQUIRE(se > 0);  // a chain that never moves would pass trivially
      CHECK(std::abs(mean) < 4 * se);
    }
  }
}

TEST_CASE("models: each step's flows are multinomial with the chain's probabilities", "[models][statistics]") {
  auto s = markov_spec();
  s.replicates = 10;
  const auto meta = run::make_metadata(s);
  const Matrix p = transition_matrix(s);
  // Sum over steps and replicates: observed flows i->j against n_i(t-1) p_ij, variance n p (1 - p).
  Matrix observed{}, expected{}, variance{};
  for (int r = 0; r < s.replicates; ++r) {
    auto obs = run::simulate_replicate(s, meta, r, {core::ExecutorKind::serial, 1});
    for (std::size_t t = 1; t < obs.times; ++t) {
      const auto before = states_at(obs, t - 1);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
          if (i == j) continue;
          observed[i][j] += obs.transition_count(t, i, j);
          expected[i][j] += before[i] * p[i][j];
          variance[i][j] += before[i] * p[i][j] * (1 - p[i][j]);
        }
      for (int i = 0; i < 3; ++i) CHECK(obs.deaths[t * 3 + i] == 0);
      CHECK(obs.births[t] == 0);
    }
  }
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      if (i == j) continue;
      INFO(spec::kStateNames[i] << " -> " << spec::kStateNames[j] << ": observed " << observed[i][j]
                                << ", expected " << expected[i][j]);
      CHECK(std::abs(observed[i][j] - expected[i][j]) < 4 * std::sqrt(variance[i][j]));
    }
}

TEST_CASE("models: zero hazards give no transitions", "[models]") {
  auto s = markov_spec();
  s.transitions.fill(0.0);
  const auto meta = run::make_metadata(s);
  const auto obs = run::simulate_replicate(s, meta, 0, {core::ExecutorKind::openmp, 2});
  for (auto n : obs.transitions) CHECK(n == 0);
  CHECK(states_at(obs, 0) == states_at(obs, obs.times - 1));

  // Mortality on, transitions still zero: residents only die.
  s.mechanisms.mortality = true;
  const auto with_deaths = run::simulate_replicate(s, meta, 0, {core::ExecutorKind::openmp, 2});
  for (auto n : with_deaths.transitions) CHECK(n == 0);
  long deaths = 0;
  for (auto n : with_deaths.deaths) deaths += n;
  CHECK(deaths > 0);
}

TEST_CASE("models: an overwhelming hazard empties its state in one step", "[models]") {
  auto s = markov_spec();
  s.transitions = {0, 0, 0, 10.0, 0, 0};  // support -> crisis only, exp(-10) stay
  const auto meta = run::make_metadata(s);
  const auto obs = run::simulate_replicate(s, meta, 0, {core::ExecutorKind::serial, 1});
  const auto before = states_at(obs, 0), after = states_at(obs, 1);
  CHECK(after[1] <= 3);  // expected 3,000 * exp(-10) = 0.14 left
  CHECK(after[2] == before[2] + before[1] - after[1]);
  CHECK(after[0] == before[0]);
}
