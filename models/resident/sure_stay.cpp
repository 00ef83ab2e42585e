// Data flow: engine -> [the week's sure-stay bounds] -> the routine week's screen.
#include "models/resident/sure_stay.hpp"

#include <algorithm>

#include "models/resident/routine_week.hpp"
#include "models/world.hpp"

namespace cdsim::model {

namespace {

/// The largest of `values` and 1: a factor that may not apply is 1.
double largest_factor(const double* values, std::size_t n) {
  double m = 1.0;
  for (std::size_t k = 0; k < n; ++k) m = std::max(m, values[k]);
  return m;
}

}  // namespace

SureStay::SureStay(const StepContext& ctx, const RoutineChoices& c) {
  const RuleParameters& p = ctx.params;
  // Each factor of the screen at its largest this week. Rounding is monotone, so the screen's
  // products and sums, taken in its order with every factor at most these, are at most the same
  // products and sums of these: the bound holds for the rounded numbers, not only the exact ones.
  const std::size_t hoods = ctx.decile_of_neighbourhood.size();
  const double place = p.place_effects ? largest_factor(ctx.place_effect, hoods * kEffectAges) : 1.0;
  const double isolation_onset = p.network ? std::max(1.0, c.isolation_onset_factor[1]) : 1.0;
  const double isolation_mortality = p.network ? std::max(1.0, c.isolation_mortality_factor[1]) : 1.0;
  const double household = p.network ? std::max(1.0, c.household_factor[1]) : 1.0;
  const double carer = p.network ? std::max(1.0, c.carer_strain_factor[1]) : 1.0;
  const double informal = p.network ? largest_factor(ctx.tables.informal_multiplier.data(),
                                                     ctx.tables.informal_multiplier.size())
                                    : 1.0;
  const double service = p.capacity ? largest_factor(ctx.tables.service_multiplier.data(),
                                                     ctx.tables.service_multiplier.size())
                                    : 1.0;
  const double acute = std::max(1.0, c.acute_factor[1]);
  // Per kind, the factors the screen applies there (routine_week.hpp, screen()), in its order.
  const double support_m1 = acute * place * household * informal * service;
  const std::array<double, kKinds> m0{1.0 * place * isolation_onset * household * carer, 1.0, 1.0, 1.0};
  const std::array<double, kKinds> m1{acute * place, support_m1, 1.0, support_m1};
  const std::array<double, kKinds> extra{0.0, c.reablement_extra[0], 0.0, c.reablement_extra[1]};
  const std::array<State, kKinds> state{State::independent, State::support, State::crisis, State::support};
  const double m2 = isolation_mortality;

  for (int kind = 0; kind < kKinds; ++kind) {
    const auto k = static_cast<std::size_t>(kind);
    for (int age = 0; age < kAges; ++age) {
      double bound = 0;
      for (int decile = 1; decile <= HazardTable::kDeciles; ++decile) {
        const ExitRow& row = ctx.hazards.exits(state[k], age, decile);
        const double total = (row.hazard[0] * m0[k] + extra[k]) + row.hazard[1] * m1[k] + row.hazard[2] * m2;
        bound = std::max(bound, total * kAboveExitBound);
      }
      // A margin past the rounding argument above, which costs a few residents in a trillion the exact test.
      exit_above[k * kAges + static_cast<std::size_t>(age)] = bound * (1 + 0x1p-40);
    }
  }
  const double* birth = ctx.hazards.birth_probabilities();
  birth_at_or_above = *std::max_element(birth, birth + kAges);
}

}  // namespace cdsim::model
