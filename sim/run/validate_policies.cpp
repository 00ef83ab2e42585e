// The policy facts of evidence.md section 4 (9-12): each policy is run against its baseline, replicate
// by replicate with common random numbers, on a smaller copy of the borough so that `cdsim validate`
// stays a few minutes long.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "models/engine.hpp"
#include "models/resident/age.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/run/validate.hpp"

namespace cdsim::run {
namespace {

constexpr double kWeeks = 365.25 / 7;

/// The borough the policy facts run on: the scenario's, at most 100,000 residents and 6 replicates, over
/// eight years, with no policies of its own.
spec::ScenarioSpec policy_baseline(const spec::ScenarioSpec& s) {
  spec::ScenarioSpec b = s;
  b.population.size = std::min<std::int64_t>(s.population.size, 100'000);
  b.replicates = std::min(s.replicates, 6);
  b.years = 8;
  b.policies.clear();
  return b;
}

/// A policy of the given parameters starting one year in.
spec::PolicySpec one_year_in(const spec::ScenarioSpec& s, spec::PolicyParameters parameters, spec::PolicyTarget target = {}) {
  spec::PolicySpec p;
  p.name = spec::type_name_of(parameters);
  p.start = spec::Date{s.start.year + 1, s.start.month, s.start.day};
  p.target = std::move(target);
  p.parameters = std::move(parameters);
  return p;
}

/// Sum over steps [from, to) and the given neighbourhoods, age groups and states of resident counts.
double resident_weeks(const record::ReplicateObservations& obs, std::size_t from, std::size_t to,
                      const std::vector<int>& hoods, std::vector<std::size_t> ages, std::vector<std::size_t> states) {
  double n = 0;
  for (std::size_t t = from; t < std::min(to, obs.times); ++t)
    for (int h : hoods)
      for (std::size_t a : ages)
        for (std::size_t s : states)
          n += obs.residents[((t * obs.neighbourhoods + static_cast<std::size_t>(h)) * obs.age_groups + a) * obs.states + s];
  return n;
}

std::size_t week(double years) { return static_cast<std::size_t>(std::lround(years * kWeeks)); }

std::vector<int> hoods_where(const spec::ScenarioSpec& s, int low, int high) {
  std::vector<int> out;
  for (std::size_t n = 0; n < s.population.neighbourhoods.size(); ++n) {
    const int d = s.population.neighbourhoods[n].deprivation_decile;
    if (d >= low && d <= high) out.push_back(static_cast<int>(n));
  }
  return out;
}

/// Social prescribing's signature: engagers' high use (crisis or an acute episode) in the eight weeks
/// up to referral against the eight weeks after, and crisis entries over the first two years.
struct PrescribingRun {
  double before = 0, after = 0, crisis_entries = 0;
};

PrescribingRun prescribing_run(const spec::ScenarioSpec& s, int replicate, core::Executor executor) {
  model::Engine engine(s, static_cast<std::uint64_t>(replicate), executor);
  const int effect_weeks = s.policies.empty() ? 0 : std::get<spec::SocialPrescribingSpec>(s.policies[0].parameters).effect_weeks;
  std::vector<std::uint16_t> history;  // bit 0: high use this week, bit k: k weeks ago
  std::vector<std::pair<std::uint32_t, std::size_t>> pending;  // (resident, step enrolled)
  PrescribingRun out;
  const std::size_t last = week(3);
  for (std::size_t t = 1; t <= last; ++t) {
    const model::StepFlows flows = engine.step();
    if (t > week(1)) out.crisis_entries += static_cast<double>(flows.moves[0][2] + flows.moves[1][2]);
    const auto& r = engine.world().residents;
    history.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) {
      const bool high = r.state[i] == model::State::crisis || r.acute_weeks[i] > 0;
      history[i] = static_cast<std::uint16_t>((history[i] << 1) | (high ? 1 : 0));
      // Enrolled this week: the policy set the weeks, the rule has counted one down.
      if (effect_weeks > 0 && r.programme_weeks[i] == effect_weeks - 1) pending.emplace_back(i, t);
    }
    while (!pending.empty() && pending.front().second + 8 == t) {
      const std::uint16_t h = history[pending.front().first];
      out.after += std::popcount(static_cast<unsigned>(h & 0xff));
      out.before += std::popcount(static_cast<unsigned>(h >> 8));
      pending.erase(pending.begin());
    }
  }
  return out;
}

/// Cumulative discounted net saving (cost saved minus policy spend) by the end of `years` after start.
double net_by(const record::ReplicateObservations& base, const record::ReplicateObservations& policy, double years) {
  double net = 0;
  for (std::size_t t = 1; t <= std::min(week(years), base.times - 1); ++t) {
    const double d = std::pow(1.035, -static_cast<double>(t) / kWeeks);
    for (std::size_t c = 0; c < base.cost_categories; ++c)
      net += d * (base.cost[t * base.cost_categories + c] - policy.cost[t * policy.cost_categories + c]);
    for (std::size_t p = 0; p < policy.policies; ++p) net -= d * policy.policy_spend[t * policy.policies + p];
  }
  return net;
}

/// What each policy fact is measured against: the baseline's replicates on policy_baseline()'s borough.
struct Baseline {
  spec::ScenarioSpec scenario;
  core::Executor executor;
  std::vector<record::ReplicateObservations> runs;
  std::string scale;  ///< how the facts were run, for their notes

  Baseline(const spec::ScenarioSpec& s, core::Executor e) : scenario(policy_baseline(s)), executor(e) {
    runs = runs_of(scenario);
    scale = fmt::format("{} residents, {} replicates, 8 years, policy from year 1, paired with the baseline",
                        scenario.population.size, scenario.replicates);
  }

  [[nodiscard]] std::vector<record::ReplicateObservations> runs_of(const spec::ScenarioSpec& s) const {
    const auto meta = make_metadata(s);
    std::vector<record::ReplicateObservations> out;
    for (int r = 0; r < s.replicates; ++r) out.push_back(simulate_replicate(s, meta, r, executor));
    return out;
  }

  /// The relative change of `measure` in each replicate of `policy` from the same replicate here.
  template <class Measure>
  [[nodiscard]] Interval change(const std::vector<record::ReplicateObservations>& policy, Measure&& measure) const {
    std::vector<double> v;
    for (std::size_t r = 0; r < policy.size(); ++r) v.push_back(measure(policy[r]) / measure(runs[r]) - 1);
    return interval_of(v);
  }
};

/// 9. Social prescribing.
std::vector<ValidationRow> social_prescribing_facts(const Baseline& b) {
  const spec::ScenarioSpec& base = b.scenario;
  spec::ScenarioSpec s = base;
  spec::SocialPrescribingSpec sp;
  sp.link_workers = static_cast<double>(base.population.size) / 80'000;  // about 4 for the borough
  s.policies.push_back(one_year_in(s, sp));
  std::vector<double> fall, population;
  for (int r = 0; r < base.replicates; ++r) {
    const PrescribingRun with = prescribing_run(s, r, b.executor), without = prescribing_run(base, r, b.executor);
    fall.push_back(with.before > 0 ? 1 - with.after / with.before : 0);
    population.push_back(with.crisis_entries / without.crisis_entries - 1);
  }
  return {{"9. Social-prescribing signature", "engagers' fall in high use, 8 weeks before vs after referral", 0.17,
           0.90, "%", "oldham_GP_reduction, oldham_AE_reduction [LA/PRESS]; SP_review_GP [EVAL]", interval_of(fall),
           "high use = in crisis or an acute episode; " + b.scale, true},
          {"9. Social-prescribing signature", "change in borough crisis entries, first two years", -0.05, 0.0, "%",
           "SP_controlled_hackney, SP_review_2022 [PR]", interval_of(population),
           "the same programme seen from the population: GPs refer at a peak, so most of the engagers' fall "
           "is regression to the mean",
           true}};
}

/// 10. Place-based teams: the J-curve, in the neighbourhoods they work in.
std::vector<ValidationRow> place_team_facts(const Baseline& b) {
  spec::ScenarioSpec s = b.scenario;
  spec::PolicyTarget target{spec::PolicyTarget::Kind::most_deprived, {}, 5};
  s.policies.push_back(one_year_in(s, spec::PlaceTeamSpec{}, target));
  const auto hoods = spec::target_neighbourhoods(target, s.population);
  const auto runs = b.runs_of(s);
  auto crisis_in = [&](double from, double to) {
    return [&, from, to](const record::ReplicateObservations& o) {
      return resident_weeks(o, week(from), week(to), hoods, {0, 1, 2}, {2});
    };
  };
  return {{"10. Patch-team J-curve", "change in resident-weeks in crisis, teams' first year (their patches)", -0.01,
           0.10, "%", "ageUK_PICP, integrated_care_pilots (+9%) [EVAL]", b.change(runs, crisis_in(1, 2)),
           "flat or up: teams surface hidden need before they prevent escalation", true},
          {"10. Patch-team J-curve", "change in resident-weeks in crisis, teams' years 4-6 (their patches)", -0.10,
           0.0, "%", "IAU_lag, pioneer_vanguard [EVAL]/[PR]", b.change(runs, crisis_in(4, 7)),
           "down by a few percent once teams have matured", true}};
}

/// 11. Closures: lags and the deprivation gradient (children's centres close everywhere).
std::vector<ValidationRow> closure_facts(const Baseline& b) {
  const spec::ScenarioSpec& base = b.scenario;
  spec::ScenarioSpec s = base;
  spec::ServiceClosureSpec closure;
  s.policies.push_back(one_year_in(s, closure));
  const auto runs = b.runs_of(s);
  const auto deprived = hoods_where(base, 1, 3), affluent = hoods_where(base, 8, 10);
  auto children_in_need = [&](const std::vector<int>& hoods, double from, double to) {
    return [&hoods, from, to](const record::ReplicateObservations& o) {
      return resident_weeks(o, week(from), week(to), hoods, {0}, {1, 2});
    };
  };
  std::vector<ValidationRow> rows;
  rows.push_back({"11. Closures: gradient", "change in children in need, least deprived 30% (deciles 8-10)", -0.005,
                  0.005, "%", "surestart_hosp_age11_2019 [EVAL] (no effect in the richest 30%)",
                  b.change(runs, children_in_need(affluent, 1, 8)), "", !affluent.empty()});
  std::vector<double> build_up;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto early = children_in_need(deprived, 1, 2), late = children_in_need(deprived, 6, 7);
    const double early_rise = early(runs[r]) / early(b.runs[r]) - 1, late_rise = late(runs[r]) / late(b.runs[r]) - 1;
    build_up.push_back(late_rise - early_rise);
  }
  rows.push_back({"11. Closures: lag", "rise in children in need, closure's sixth year minus its first (deciles 1-3)",
                  0.005, 0.5, "%", "surestart_hosp_age5, surestart_hosp_11_15, youth_club_closure [EVAL]",
                  interval_of(build_up), "effects build over years: at least half a percentage point more by year six",
                  !deprived.empty()});
  return rows;
}

/// 12. No quick payback: a Wigan-Deal-like package.
std::vector<ValidationRow> payback_facts(const Baseline& b) {
  const spec::ScenarioSpec& base = b.scenario;
  spec::ScenarioSpec s = base;
  spec::CommunityFundSpec fund;
  fund.budget *= static_cast<double>(base.population.size) / 322'000;  // the borough's fund, to scale
  s.policies.push_back(one_year_in(s, fund));
  s.policies.push_back(one_year_in(s, spec::PlaceTeamSpec{}, {spec::PolicyTarget::Kind::most_deprived, {}, 7}));
  const auto runs = b.runs_of(s);
  std::vector<double> paid_back;
  for (std::size_t r = 0; r < runs.size(); ++r) paid_back.push_back(net_by(b.runs[r], runs[r], 3) >= 0 ? 1 : 0);
  return {{"12. Asymmetric returns", "replicates in which a fund and patch teams pay back within two years", 0.0, 0.0,
           "%", "surestart_offset [EVAL]; loneliness_intervention_CE [PR]", interval_of(paid_back),
           "discounted at 3.5%; a quick net saving would be suspect", true}};
}

}  // namespace

std::vector<ValidationRow> validate_policies(const spec::ScenarioSpec& spec, core::Executor executor) {
  const Baseline baseline(spec, executor);
  std::vector<ValidationRow> rows;
  for (auto facts : {social_prescribing_facts, place_team_facts, closure_facts, payback_facts}) {
    const std::vector<ValidationRow> more = facts(baseline);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

}  // namespace cdsim::run
