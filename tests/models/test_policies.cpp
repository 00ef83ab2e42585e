// Behaviour of each policy type. Comparisons with the baseline use common random numbers (same seed and
// replicate), so a difference is the policy. Exact checks recount from the world the engine exposes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/engine.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/defaults.hpp"
#include "tests/models/small_scenario.hpp"

using namespace cdsim;
using model::State;

namespace {

using test::kTwoThreads;
using test::small_default;

/// A policy starting `weeks_in` weeks after the scenario's start, in every neighbourhood: in force from
/// step weeks_in + 1 (step s covers days [7(s-1), 7s)).
spec::PolicySpec policy(const spec::ScenarioSpec& s, spec::PolicyParameters parameters, int weeks_in = 4) {
  spec::PolicySpec p;
  p.name = spec::type_name_of(parameters);
  const long day = s.start.days_since_epoch() + 7L * weeks_in;
  // Dates from days: walk forward from the start (the spec keeps civil dates, not day numbers).
  spec::Date d = s.start;
  while (d.days_since_epoch() < day) {
    d = *spec::Date::parse(spec::Date{d.year, d.month, d.day}.iso());
    ++d.day;
    if (!spec::Date::parse(d.iso())) d.day = 1, ++d.month;
    if (d.month > 12) d.month = 1, ++d.year;
  }
  p.start = d;
  p.parameters = std::move(parameters);
  return p;
}

record::ReplicateObservations simulate(const spec::ScenarioSpec& s, core::Executor e = kTwoThreads) {
  return run::simulate_replicate(s, run::make_metadata(s), 0, e);
}

bool same_paths(const record::ReplicateObservations& a, const record::ReplicateObservations& b) {
  return a.residents == b.residents && a.transitions == b.transitions && a.deaths == b.deaths &&
         a.cost == b.cost && a.waiting == b.waiting && a.served == b.served && a.engaged == b.engaged;
}

double total(const std::vector<std::int32_t>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double total(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

/// Onsets (independent to support) during steps [from, to).
double onsets(const record::ReplicateObservations& obs, std::size_t from, std::size_t to) {
  double n = 0;
  for (std::size_t t = from; t < to; ++t) n += obs.transitions[(t * obs.states + 0) * obs.states + 1];
  return n;
}

/// Cost during steps [from, to).
double cost(const record::ReplicateObservations& obs, std::size_t from, std::size_t to) {
  return std::accumulate(obs.cost.begin() + static_cast<std::ptrdiff_t>(from * obs.cost_categories),
                         obs.cost.begin() + static_cast<std::ptrdiff_t>(to * obs.cost_categories), 0.0);
}

}  // namespace

TEST_CASE("policies: a policy that changes nothing leaves every resident's path as it was", "[models][policy]") {
  // The policy phase draws from its own streams: adding policies never shifts a resident's draws.
  const auto base = small_default(10'000, 1);
  auto s = base;
  spec::ServiceClosureSpec closure;
  closure.places_lost_share = 0, closure.effect = 0;
  spec::PlaceTeamSpec team;
  team.fte = 0;
  spec::SocialPrescribingSpec prescribing;
  prescribing.link_workers = 0;
  spec::CommunityFundSpec fund;
  fund.budget = 0;
  spec::EligibilitySpec threshold{"care_package", 1.0};
  spec::BudgetCutSpec cut{"care_package", 0.0};
  for (spec::PolicyParameters p : std::initializer_list<spec::PolicyParameters>{closure, team, prescribing, fund, threshold, cut})
    s.policies.push_back(policy(s, p));
  const auto a = simulate(base), b = simulate(s);
  CHECK(same_paths(a, b));
  CHECK(total(b.policy_spend) == 0);
}

TEST_CASE("policies: results are identical on every executor with all policy types in force", "[models][policy]") {
  auto s = small_default(12'000, 1.5);
  s.policies.push_back(policy(s, spec::CommunityFundSpec{}));
  spec::ServiceClosureSpec closure;
  closure.lag_years = 0.2;
  s.policies.push_back(policy(s, closure));
  s.policies.push_back(policy(s, spec::PlaceTeamSpec{}));
  s.policies.push_back(policy(s, spec::SocialPrescribingSpec{}));
  s.policies.push_back(policy(s, spec::EligibilitySpec{"care_package", 0.9}));
  s.policies.push_back(policy(s, spec::BudgetCutSpec{"care_package", 0.2}));
  const auto reference = simulate(s, {core::ExecutorKind::serial, 1});
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    const auto other = simulate(s, {core::ExecutorKind::openmp, threads});
    CHECK(same_paths(reference, other));
    CHECK(reference.policy_spend == other.policy_spend);
    CHECK(reference.policy_reach == other.policy_reach);
  }
  CHECK_FALSE(same_paths(reference, simulate(small_default(12'000, 1.5))));
}

TEST_CASE("policies: a budget cut removes places from its start and the waiting list grows", "[models][policy]") {
  const auto base = small_default(20'000, 2);
  auto s = base;
  s.policies.push_back(policy(s, spec::BudgetCutSpec{"care_package", 0.3}, 10));
  model::Engine engine(s, 0, kTwoThreads);
  const std::int64_t full = engine.world().services[0].places;
  for (int t = 1; t <= 12; ++t) {
    const auto flows = engine.step();
    const auto expected = t >= 11 ? full - std::llround(0.3 * static_cast<double>(full)) : full;
    CHECK(engine.world().services[0].places == expected);
    CHECK(flows.policy_reach[0] == full - expected);
  }
  const auto with = simulate(s), without = simulate(base);
  INFO("waiting resident-weeks: baseline " << total(without.waiting) << ", cut " << total(with.waiting));
  CHECK(total(with.waiting) > 1.5 * total(without.waiting));
  CHECK(total(with.served) < total(without.served));
}

TEST_CASE("policies: a tighter threshold means fewer requests, a looser one more", "[models][policy]") {
  const auto base = small_default(20'000, 2);
  auto tight = base, loose = base;
  tight.policies.push_back(policy(tight, spec::EligibilitySpec{"care_package", 0.0}));
  loose.policies.push_back(policy(loose, spec::EligibilitySpec{"care_package", 3.0}));
  const double b = total(simulate(base).waiting) + total(simulate(base).served);
  const double t = total(simulate(tight).waiting) + total(simulate(tight).served);
  const double l = total(simulate(loose).waiting) + total(simulate(loose).served);
  INFO("service resident-weeks: tight " << t << ", baseline " << b << ", loose " << l);
  CHECK(t < 0.8 * b);
  CHECK(l > 1.2 * b);
}

TEST_CASE("policies: a closure removes places and its harm builds over the lag where deprivation is", "[models][policy]") {
  auto s = small_default(10'000, 2);
  spec::ServiceClosureSpec closure;  // children's centres: ages 0-15
  closure.places_lost_share = 0.5;
  closure.effect = 0.2;
  closure.lag_years = 1;
  auto p = policy(s, closure, 2);
  p.target.kind = spec::PolicyTarget::Kind::most_deprived;
  p.target.most_deprived = 25;  // every neighbourhood, whatever its decile
  s.policies.push_back(p);
  model::Engine engine(s, 0, kTwoThreads);
  std::vector<std::int32_t> before;
  for (const auto& n : engine.world().neighbourhoods) before.push_back(n.asset_places);
  const int lag = static_cast<int>(std::round(model::kWeeksPerYear));
  for (int t = 1; t <= 2 + lag + 3; ++t) engine.step();
  const auto& w = engine.world();
  for (std::size_t n = 0; n < w.neighbourhoods.size(); ++n) {
    INFO("neighbourhood " << n << " decile " << w.neighbourhoods[n].deprivation_decile);
    CHECK(w.neighbourhoods[n].asset_places == before[n] - std::lround(before[n] * 0.5));
    const double* row = w.place_effect.data() + n * model::kEffectAges;
    const double gradient = std::clamp((8.0 - w.neighbourhoods[n].deprivation_decile) / 7.0, 0.0, 1.0);
    CHECK(row[10] == Approx(1 + 0.2 * gradient));  // full effect after the lag
    CHECK(row[16] == 1.0);                          // older than the facility's ages
    if (w.neighbourhoods[n].deprivation_decile >= 8) CHECK(row[5] == 1.0);
  }
}

TEST_CASE("policies: a fund pays its grants on a 3:2:1 taper and opens its groups' places", "[models][policy]") {
  auto s = small_default(10'000, 5);
  spec::CommunityFundSpec fund;
  fund.budget = 1'000'000;
  fund.grant_size = 50'000;  // 20 groups
  fund.award_years = 1;
  fund.failure_share = 0;
  fund.self_financing_share = 1;
  fund.lead_weeks = 4;
  fund.places_per_group = 30;
  s.policies.push_back(policy(s, fund, 1));
  const auto obs = simulate(s);
  // Each grant is paid over three years; whole weeks make the total within 1% of the budget.
  CHECK(total(obs.policy_spend) == Approx(1'000'000).epsilon(0.01));
  // Spend falls year on year: the first year after the last award pays more than the third.
  const double year2 = std::accumulate(obs.policy_spend.begin() + 60, obs.policy_spend.begin() + 110, 0.0);
  const double year3 = std::accumulate(obs.policy_spend.begin() + 112, obs.policy_spend.begin() + 162, 0.0);
  CHECK(year2 > year3);
  CHECK(obs.policy_reach.back() == 20 * 30);  // every group still running, none failed
  model::Engine engine(s, 0, kTwoThreads);
  std::int64_t before = 0, after = 0;
  for (const auto& n : engine.world().neighbourhoods) before += n.asset_places;
  for (int t = 0; t < 80; ++t) engine.step();
  for (const auto& n : engine.world().neighbourhoods) after += n.asset_places;
  CHECK(after - before == 20 * 30);
}

TEST_CASE("policies: failed groups close and unfunded groups stop when the taper ends", "[models][policy]") {
  auto s = small_default(10'000, 5);
  spec::CommunityFundSpec fund;
  fund.budget = 2'000'000;
  fund.grant_size = 20'000;  // 100 groups
  fund.award_years = 0.5;
  fund.failure_share = 0.3;
  fund.self_financing_share = 0.5;
  s.policies.push_back(policy(s, fund, 1));
  const auto obs = simulate(s);
  const auto places = [&](std::size_t t) { return obs.policy_reach[t]; };
  // At most 100 groups' places; some fail while funded; after the taper about 0.7 x 0.5 remain.
  const std::int32_t peak = *std::max_element(obs.policy_reach.begin(), obs.policy_reach.end());
  CHECK(peak <= 100 * fund.places_per_group);
  CHECK(peak > 60 * fund.places_per_group);
  const double end_groups = places(obs.times - 1) / static_cast<double>(fund.places_per_group);
  CHECK(end_groups > 20);
  CHECK(end_groups < 50);
  CHECK(total(obs.policy_spend) < 2'000'000);  // failed groups' unpaid tranches are never spent
}

TEST_CASE("policies: place teams fill their caseload as they ramp up, and first surface need", "[models][policy]") {
  const auto base = small_default(30'000, 2);
  auto s = base;
  spec::PlaceTeamSpec team;
  team.fte = 1;  // a caseload the small borough's adults at risk can fill
  team.caseload = 25;
  team.ramp_weeks = 20;
  team.surfacing_multiplier = 4;
  s.policies.push_back(policy(s, team, 4));
  const auto obs = simulate(s);
  const double workers = team.fte * static_cast<double>(s.population.neighbourhoods.size());
  for (std::size_t t = 1; t < obs.times; ++t) {
    INFO("step " << t);
    const double ramp = t < 5 ? 0.0 : std::min(1.0, static_cast<double>(t - 5 + 1) / team.ramp_weeks);
    CHECK(obs.policy_reach[t] <= std::llround(workers * team.caseload * ramp));
    CHECK(obs.policy_spend[t] == Approx(t < 5 ? 0.0 : workers * team.cost_per_fte / model::kWeeksPerYear));
  }
  CHECK(obs.policy_reach[60] == std::llround(workers * team.caseload));  // full caseload found
  // Year one: contact surfaces hidden need, so more residents develop support needs than without teams.
  const auto without = simulate(base);
  INFO("onsets in year one: teams " << onsets(obs, 5, 57) << ", baseline " << onsets(without, 5, 57));
  INFO("cost in year one: teams " << cost(obs, 5, 57) << ", baseline " << cost(without, 5, 57));
  CHECK(onsets(obs, 5, 57) > onsets(without, 5, 57) + 25);
  CHECK(cost(obs, 5, 57) > cost(without, 5, 57));
}

TEST_CASE("policies: social prescribing makes its yearly referrals and charges for each", "[models][policy]") {
  auto s = small_default(30'000, 2);
  spec::SocialPrescribingSpec sp;
  sp.link_workers = 2;
  sp.referrals_per_worker = 300;
  s.policies.push_back(policy(s, sp, 1));
  const auto obs = simulate(s);
  const double referrals = total(obs.policy_spend) / sp.cost_per_referral;
  CHECK(referrals == std::round(referrals));  // whole referrals only
  const double weeks_in_force = static_cast<double>(obs.times - 2);  // from step 2
  const double expected = sp.link_workers * sp.referrals_per_worker * weeks_in_force / model::kWeeksPerYear;
  CHECK(referrals == Approx(expected).margin(2));
  // About `uptake` of the referred are engaged at any time once the programme is in its stride.
  const double engaged = obs.policy_reach[80];
  const double referred_in_window = sp.link_workers * sp.referrals_per_worker * sp.effect_weeks / model::kWeeksPerYear;
  CHECK(engaged == Approx(sp.uptake * referred_in_window).epsilon(0.2));
}
