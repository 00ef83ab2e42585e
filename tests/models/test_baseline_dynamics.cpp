// What makes the baseline's demand credible (issue: a baseline a council can believe): the secular
// trend in onset, the settled start (burn-in) and the requests councils count. Exact checks on the
// hazard table and the counts; statistical ones with common random numbers and wide margins.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "models/engine.hpp"
#include "models/resident/hazards.hpp"
#include "models/settled_states.hpp"
#include "sim/run/run_scenario.hpp"
#include "tests/models/small_scenario.hpp"

using namespace cdsim;
using model::HazardTable;
using model::State;

namespace {

using test::kTwoThreads;
using test::small_default;

record::ReplicateObservations simulate(const spec::ScenarioSpec& s, core::Executor executor = kTwoThreads) {
  return run::simulate_replicate(s, run::make_metadata(s), 0, executor);
}

/// Residents in support or crisis at time t.
double need_at(const record::ReplicateObservations& obs, std::size_t t) {
  double n = 0;
  for (std::size_t h = 0; h < obs.neighbourhoods; ++h)
    for (std::size_t a = 0; a < obs.age_groups; ++a)
      for (std::size_t s = 1; s < obs.states; ++s)
        n += obs.residents[((t * obs.neighbourhoods + h) * obs.age_groups + a) * obs.states + s];
  return n;
}

/// Mean need over the 52 weeks from `first`.
double need_in_year(const record::ReplicateObservations& obs, std::size_t first) {
  double n = 0;
  for (std::size_t t = first; t < first + 52; ++t) n += need_at(obs, t);
  return n / 52;
}

}  // namespace

TEST_CASE("models: the trend grows working-age onset by its rate a year, and nothing else", "[models][trend]") {
  auto s = small_default();
  s.trend.working_age_onset = 0.03;
  s.trend.older_onset = -0.01;
  const HazardTable start(s), later(s, 4.0);
  for (const int age : {10, 30, 64, 65, 90}) {
    for (const int decile : {1, 10}) {
      const auto& a = start.exits(State::independent, age, decile);
      const auto& b = later.exits(State::independent, age, decile);
      const double expected = age < 18 ? 1.0 : std::pow(age < 65 ? 1.03 : 0.99, 4.0);
      CHECK(b.hazard[0] / a.hazard[0] == Approx(expected).epsilon(1e-12));
      CHECK(b.hazard[1] == a.hazard[1]);  // independent_to_crisis is not onset of need
      CHECK(b.hazard[2] == a.hazard[2]);
      // Other states' rows are untouched.
      CHECK(later.exits(State::support, age, decile).hazard == start.exits(State::support, age, decile).hazard);
    }
  }
  // At the start, and with the mechanism off, the table is the table without a trend.
  auto none = s;
  none.trend = {};
  CHECK(HazardTable(s, 0.0).exits(State::independent, 40, 5).hazard == HazardTable(none, 0.0).exits(State::independent, 40, 5).hazard);
  auto off = s;
  off.mechanisms.trend = false;
  CHECK(HazardTable(off, 4.0).exits(State::independent, 40, 5).hazard == HazardTable(none, 4.0).exits(State::independent, 40, 5).hazard);
}

TEST_CASE("models: following the trend week by week gives the table built for that week", "[models][trend]") {
  auto s = small_default(5'000, 1);
  s.trend.working_age_onset = 0.05;
  s.trend.older_onset = -0.02;
  HazardTable followed(s, 0.0);
  for (const double years : {1.0 / 52.18, 0.5, 3.0, 10.0, 0.25}) {
    followed.follow_trend(s, years);
    const HazardTable built(s, years);
    for (int st = 0; st < model::kLivingStates; ++st)
      for (int age = 0; age < HazardTable::kAges; ++age)
        for (int decile = 1; decile <= HazardTable::kDeciles; ++decile) {
          const auto state = static_cast<State>(st);
          INFO("state " << st << ", age " << age << ", decile " << decile << ", year " << years);
          REQUIRE(followed.exits(state, age, decile) == built.exits(state, age, decile));
        }
  }
}

TEST_CASE("models: a zero trend is the same run as the trend switched off", "[models][trend][mechanisms]") {
  auto s = small_default(5'000, 1);
  s.trend = {};
  auto off = s;
  off.mechanisms.trend = false;
  const auto a = simulate(s), b = simulate(off);
  CHECK(a.residents == b.residents);
  CHECK(a.transitions == b.transitions);
}

TEST_CASE("models: working-age need grows faster with the trend than without", "[models][trend][mechanisms]") {
  auto s = small_default(20'000, 6);
  s.trend = {};
  auto trend = s;
  trend.trend.working_age_onset = 0.05;
  const auto flat = simulate(s), rising = simulate(trend);
  auto working_age_need = [](const record::ReplicateObservations& obs, std::size_t t) {
    double n = 0;
    for (std::size_t h = 0; h < obs.neighbourhoods; ++h)
      for (std::size_t st = 1; st < obs.states; ++st)
        n += obs.residents[((t * obs.neighbourhoods + h) * obs.age_groups + 1) * obs.states + st];
    return n;
  };
  const std::size_t last = flat.times - 1;
  INFO("working-age need at the end: " << working_age_need(flat, last) << " flat, " << working_age_need(rising, last)
                                       << " with 5% a year");
  CHECK(working_age_need(rising, 0) == working_age_need(flat, 0));  // the same start
  CHECK(working_age_need(rising, last) > 1.08 * working_age_need(flat, last));
}

TEST_CASE("models: no burn-in, no settled states, and a burn-in gives a share of each state to every cell",
          "[models][burn_in]") {
  auto s = small_default(5'000, 1);
  CHECK(model::settled_states(s, 0, kTwoThreads).empty());
  s.burn_in_years = 1;
  const auto shares = model::settled_states(s, 0, kTwoThreads);
  REQUIRE(shares.size() == static_cast<std::size_t>(model::kStateCells));
  for (const auto& p : shares) {
    CHECK(p[0] >= 0);
    CHECK(p[1] >= 0);
    CHECK(p[2] >= 0);
    CHECK(p[0] + p[1] + p[2] == Approx(1.0).epsilon(1e-12));
  }
  // Whatever the executor: the pilot is an engine run like any other.
  CHECK(model::settled_states(s, 0, {core::ExecutorKind::serial, 1}) == shares);
  CHECK(model::settled_states(s, 1, kTwoThreads) != shares);  // each replicate its own pilot
}

TEST_CASE("models: the pilot is the same borough drawn at most kMostPilotResidents strong", "[models][burn_in]") {
  auto s = small_default(6'000, 1);
  s.burn_in_years = 1;
  auto smaller = s;
  smaller.population.size = 3'000;
  const auto capped = model::settled_states(s, 0, kTwoThreads, 3'000);
  CHECK(capped == model::settled_states(smaller, 0, kTwoThreads));
  CHECK(capped != model::settled_states(s, 0, kTwoThreads));
  CHECK(model::settled_states(s, 0, kTwoThreads, 6'000) == model::settled_states(s, 0, kTwoThreads));
  CHECK(model::kMostPilotResidents > 322'000);  // a borough's own pilot is full size
}

TEST_CASE("models: runs that differ only in their policies share each replicate's pilot", "[models][burn_in]") {
  auto s = small_default(4'000, 1);
  s.burn_in_years = 0.5;
  s.seed = 20261206;  // a pilot no other test asks for, so the first call below runs it
  const std::int64_t before = model::pilots_run();
  const auto shares = model::shared_settled_states(s, 0, kTwoThreads);
  CHECK(model::pilots_run() == before + 1);
  CHECK(shares == model::settled_states(s, 0, kTwoThreads));  // remembered as computed

  // A policy, another horizon and another run's bookkeeping: the same pilot, not run again.
  auto policy_run = s;
  spec::PolicySpec fund;
  fund.name = "fund";
  fund.start = s.start;
  fund.parameters = spec::CommunityFundSpec{};
  policy_run.policies.push_back(fund);
  policy_run.name = "with a fund";
  policy_run.years = 3;
  policy_run.replicates = 7;
  policy_run.uncertainty.clear();
  CHECK(model::shared_settled_states(policy_run, 0, {core::ExecutorKind::serial, 1}) == shares);
  CHECK(model::pilots_run() == before + 1);

  // Anything that shapes the pilot runs its own: another replicate, seed, hazard or size.
  auto other_hazard = s;
  other_hazard.transitions[0] *= 1.1;
  auto other_size = s;
  other_size.population.size = 4'100;
  auto other_seed = s;
  other_seed.seed += 1;
  CHECK(model::shared_settled_states(s, 1, kTwoThreads) == model::settled_states(s, 1, kTwoThreads));
  CHECK(model::shared_settled_states(other_hazard, 0, kTwoThreads) == model::settled_states(other_hazard, 0, kTwoThreads));
  CHECK(model::shared_settled_states(other_size, 0, kTwoThreads) != shares);
  CHECK(model::shared_settled_states(other_seed, 0, kTwoThreads) != shares);
  CHECK(model::pilots_run() == before + 5);

  // A policy's engine starts from the baseline's settled states: the same residents at step 0.
  const model::Engine baseline(s, 0, kTwoThreads), with_policy(policy_run, 0, kTwoThreads);
  CHECK(baseline.world().residents.state == with_policy.world().residents.state);
  CHECK(model::pilots_run() == before + 5);

  // Forgotten (as `cdsim bench` does before each timing), a pilot runs again, to the same shares.
  model::forget_pilots();
  CHECK(model::shared_settled_states(s, 0, kTwoThreads) == shares);
  CHECK(model::pilots_run() == before + 6);
}

TEST_CASE("models: a burn-in removes the relaxation of need in the first recorded years", "[models][burn_in]") {
  // Without the trend, so the only growth is demography's (small over three years).
  auto s = small_default(30'000, 4);
  s.trend = {};
  auto settled = s;
  settled.burn_in_years = 5;
  const auto raw = simulate(s), burned = simulate(settled);
  const double raw_change = need_in_year(raw, 157) / need_in_year(raw, 1) - 1;
  const double settled_change = need_in_year(burned, 157) / need_in_year(burned, 1) - 1;
  INFO("need, year 4 against year 1: " << raw_change * 100 << "% from the shares, " << settled_change * 100
                                        << "% after a burn-in");
  CHECK(raw_change < -0.03);
  CHECK(std::abs(settled_change) < 0.02);
  // The people and their ages at step 0 are the population's either way.
  auto people_by_age = [](const record::ReplicateObservations& obs) {
    std::vector<double> n(obs.age_groups, 0);
    for (std::size_t h = 0; h < obs.neighbourhoods; ++h)
      for (std::size_t a = 0; a < obs.age_groups; ++a)
        for (std::size_t st = 0; st < obs.states; ++st)
          n[a] += obs.residents[(h * obs.age_groups + a) * obs.states + st];
    return n;
  };
  CHECK(people_by_age(raw) == people_by_age(burned));
}

TEST_CASE("models: requests are adults' only, every care-package request among them, and change no other count",
          "[models][requests][mechanisms]") {
  auto s = small_default(20'000, 2);
  const auto obs = simulate(s);
  const std::size_t A = obs.age_groups, O = obs.request_outcomes;
  REQUIRE(O == 4);
  double children = 0, long_term = 0, all = 0;
  for (std::size_t t = 0; t < obs.times; ++t)
    for (std::size_t a = 0; a < A; ++a)
      for (std::size_t o = 0; o < O; ++o) {
        const double n = obs.requests[(t * A + a) * O + o];
        all += n;
        if (a == 0) children += n;
        if (o == 0) long_term += n;
      }
  CHECK(children == 0);
  CHECK(all > 0);
  for (std::size_t o = 0; o < O; ++o) CHECK(obs.requests[o] == 0);  // a flow: none at time 0
  // Nobody asks beyond the care packages when the shares who ask are zero; only long-term requests remain.
  auto silent = s;
  silent.requests = {};
  const auto quiet = simulate(silent);
  double quiet_all = 0, quiet_long = 0;
  for (std::size_t i = 0; i < quiet.requests.size(); ++i) {
    quiet_all += quiet.requests[i];
    if (i % O == 0) quiet_long += quiet.requests[i];
  }
  CHECK(quiet_all == quiet_long);
  CHECK(quiet_long == long_term);
  // Recording requests draws nothing another part of the model uses.
  CHECK(quiet.residents == obs.residents);
  CHECK(quiet.transitions == obs.transitions);
  CHECK(quiet.cost == obs.cost);
}
