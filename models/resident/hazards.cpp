#include "models/resident/hazards.hpp"

#include <algorithm>
#include <cmath>

#include "models/resident/age.hpp"

namespace cdsim::model {

double weekly_hazard_from_annual_probability(double p) {
  return -std::log1p(-std::min(p, 1.0 - 1e-12)) / kWeeksPerYear;
}

double HazardTable::transition_hazard(const spec::ScenarioSpec& spec, int k, int age_years,
                                      int decile, double years) {
  double base = spec.transitions[static_cast<std::size_t>(k)];
  // The trend acts on onset only (k 0, independent_to_support), by age band; at years 0 it is 1 exactly.
  if (spec.mechanisms.trend && k == 0 && years > 0 && age_years >= kTrendFromAge) {
    const double per_year = age_years >= 65 ? spec.trend.older_onset : spec.trend.working_age_onset;
    if (per_year != 0) base *= std::pow(1 + per_year, years);
  }
  if (!spec.mechanisms.covariates) return base;
  const auto& c = spec.covariates;
  // Log-linear in covariates; deprivation is centred on 5.5 so decile 1 (most deprived) is +4.5.
  const double log_multiplier =
      c.age_per_decade[static_cast<std::size_t>(k)] * (age_years - c.reference_age) / 10.0 +
      c.deprivation_per_decile[static_cast<std::size_t>(k)] * (5.5 - decile);
  return base * std::exp(log_multiplier);
}

double HazardTable::death_hazard(const spec::ScenarioSpec& spec, int s, int age_years) {
  if (!spec.mechanisms.mortality) return 0.0;
  const auto& m = spec.mortality;
  const double annual =
      std::max(m.minimum_annual, m.annual_at_65 * std::exp(m.gompertz_per_year * (age_years - 65)));
  return weekly_hazard_from_annual_probability(std::min(annual, 1.0)) *
         m.state_multiplier[static_cast<std::size_t>(s)];
}

ExitRow HazardTable::row_of(const spec::ScenarioSpec& spec, int s, int age, int decile, double years) {
  // The two transitions out of s, in kTransitionNames order, then death.
  std::array<double, 3> h{};
  ExitRow row;
  int slot = 0;
  for (int k = 0; k < spec::kTransitionCount; ++k) {
    if (spec::kTransitionFrom[static_cast<std::size_t>(k)] != s) continue;
    h[static_cast<std::size_t>(slot)] = transition_hazard(spec, k, age, decile, years);
    row.destination[static_cast<std::size_t>(slot)] = static_cast<State>(spec::kTransitionTo[static_cast<std::size_t>(k)]);
    ++slot;
  }
  h[2] = death_hazard(spec, s, age);
  row.destination[2] = State::dead;
  row.hazard = h;
  const double total = h[0] + h[1] + h[2];
  const double leave = total > 0 ? -std::expm1(-total) : 0.0;
  row.cumulative[0] = total > 0 ? leave * h[0] / total : 0.0;
  row.cumulative[1] = total > 0 ? leave * (h[0] + h[1]) / total : 0.0;
  row.cumulative[2] = leave;
  // Rounding must not open a sliver for an exit whose hazard is zero.
  if (h[2] == 0) row.cumulative[1] = leave;
  if (h[1] == 0 && h[2] == 0) row.cumulative[0] = leave;
  return row;
}

HazardTable::HazardTable(const spec::ScenarioSpec& spec, double years)
    : rows_(static_cast<std::size_t>(kLivingStates * kAges * kDeciles)) {
  for (int s = 0; s < kLivingStates; ++s)
    for (int age = 0; age < kAges; ++age)
      for (int decile = 1; decile <= kDeciles; ++decile)
        rows_[static_cast<std::size_t>(index(s, age, decile))] = row_of(spec, s, age, decile, years);
  if (spec.mechanisms.births) {
    const double p = -std::expm1(-weekly_hazard_from_annual_probability(spec.fertility.annual_rate));
    for (int age = spec.fertility.min_age; age <= spec.fertility.max_age; ++age) birth_[age] = p;
  }
}

void HazardTable::follow_trend(const spec::ScenarioSpec& spec, double years) {
  // The trend moves only independent -> support at ages 18 and over (transition_hazard).
  constexpr int kIndependent = static_cast<int>(State::independent);
  for (int age = kTrendFromAge; age < kAges; ++age)
    for (int decile = 1; decile <= kDeciles; ++decile)
      rows_[static_cast<std::size_t>(index(kIndependent, age, decile))] = row_of(spec, kIndependent, age, decile, years);
}

}  // namespace cdsim::model
