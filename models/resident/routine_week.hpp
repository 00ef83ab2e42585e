// Data flow: engine -> [resident step rule, fast path] over a block of residents.
// Most residents, most weeks, stay where they are and nothing happens to them: they age a week,
// their time in state and their episodes count on, and they are counted. The full rule
// (advance_resident in advance.hpp) spends most of its time in branches that depend on the
// resident's state, ties and services, which the processor cannot predict because neighbours in
// the resident order differ at random. routine_week decides without branches whether anything could
// happen to a resident this week; if not, it applies the routine week without branches too, and if
// so it writes nothing and leaves the resident to the full rule. The uniforms, the hazards and every
// product of modifiers are the same numbers in the same order as in the full rule, so results are
// bit-identical to running the full rule for everyone (the serial executor does; the determinism
// and golden-results tests compare the two).
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "models/resident/advance.hpp"

namespace cdsim::model {

/// The tallies the routine week adds to, as plain pointers held in locals: a byte store (which may
/// alias anything) then does not make the compiler reload them from the vectors.
struct RoutineTallies {
  std::int32_t* residents;  ///< Stocks::residents
  std::int32_t* waiting;    ///< Stocks::waiting, or null when there are no services
  std::int32_t* served;     ///< Stocks::served, or null when there are no services
  std::int32_t* engaged;    ///< Stocks::engaged
  std::int32_t* isolated;
  std::int32_t* informal_support;
  std::size_t hoods;

  explicit RoutineTallies(StepTally& t)
      : residents(t.before.residents.data()),
        waiting(t.before.waiting.empty() ? nullptr : t.before.waiting.data()),
        served(t.before.served.empty() ? nullptr : t.before.served.data()),
        engaged(t.before.engaged.data()),
        isolated(t.isolated.data()),
        informal_support(t.informal_support.data()),
        hoods(t.before.engaged.size()) {}
};

/// The rule's numbers as two-way choices indexed by a condition ([0] when it does not hold): the
/// routine week selects them with a load instead of a branch, which a compiler emits for
/// `condition ? x : y` on doubles and the processor mispredicts, conditions differing at random
/// from one resident to the next. Neutral values where a mechanism is off: a factor of 1, an added
/// hazard of 0, a threshold of 0 that no uniform is below.
struct RoutineChoices {
  std::array<double, 2> acute_onset_below;       ///< [no episode and not in crisis]
  std::array<double, 2> acute_factor;            ///< [in an episode and not in crisis]
  std::array<double, 4> asset_below;             ///< [engaged * 2 + in crisis]: join or leave possible
  std::array<double, 2> isolation_onset_factor;  ///< [isolated and independent]
  std::array<double, 2> isolation_mortality_factor;  ///< [isolated]
  std::array<double, 2> household_factor;       ///< [household crisis and in the row's state]
  std::array<double, 2> reablement_extra;        ///< [in support and in reablement]

  explicit RoutineChoices(const RuleParameters& p)
      : acute_onset_below{0.0, p.acute ? p.acute_onset : 0.0},
        acute_factor{1.0, p.acute ? p.acute_multiplier : 1.0},
        // An engaged resident in crisis always leaves (2 is above every uniform).
        asset_below{p.assets ? p.asset_join : 0.0, 0.0, p.assets ? p.asset_leave : 0.0, p.assets ? 2.0 : 0.0},
        isolation_onset_factor{1.0, p.isolation_onset},
        isolation_mortality_factor{1.0, p.isolation_mortality},
        household_factor{1.0, p.household_crisis},
        reablement_extra{0.0, p.reablement ? p.reablement_hazard : 0.0} {}
};

/// `a` when `when`, else `b`, by masking bits, for the one choice that is not a fixed pair (a closed
/// facility's harm, which differs by neighbourhood and age).
[[gnu::always_inline]] inline double pick(bool when, double a, double b) {
  const std::uint64_t mask = std::uint64_t{0} - std::uint64_t{when};
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & mask) | (std::bit_cast<std::uint64_t>(b) & ~mask));
}

/// The week of living resident i if nothing can happen to it: no possible exit, birth, acute onset,
/// programme week or asset join or leave. Then it applies the week exactly as the full rule would
/// and returns true; otherwise it writes nothing and returns false.
[[gnu::always_inline]] inline bool routine_week(std::size_t i, const std::array<double, 4>& u, const RuleParameters& p,
                                                const StepContext& ctx, const RoutineChoices& choices,
                                                const ResidentInputs& in,
                                                const ResidentOutputs& out, std::array<std::int64_t, 3>& stays,
                                                const RoutineTallies& tally) {
  const State from = out.state[i];
  const bool independent = from == State::independent, support = from == State::support,
             crisis = from == State::crisis;
  const std::uint16_t age_weeks = out.age_weeks[i];
  const int age = age_years_of(age_weeks);
  const std::uint16_t home = in.neighbourhood[i];
  const std::uint16_t engaged_weeks = out.engaged_weeks[i];
  const std::uint8_t acute_weeks = out.acute_weeks[i];
  const bool engaged = engaged_weeks > 0;

  const RoutineChoices& c = choices;
  // Anything that could happen, each tested as the full rule tests it. Multiplying by a chosen 1 is
  // exact, so the products below are the full rule's products of the factors that apply, in its order
  // (programmes are never routine).
  bool event = (in.female[i] != 0) & (u[1] < ctx.hazards.birth_probability(age));
  event |= u[2] < c.acute_onset_below[(acute_weeks == 0) & !crisis];
  if (p.programmes) event |= out.programme_weeks[i] > 0;
  event |= u[3] < c.asset_below[std::size_t{engaged} * 2 + crisis];

  double m0 = 1.0, m1 = c.acute_factor[(acute_weeks > 0) & !crisis], m2 = 1.0;
  if (p.place_effects) {
    const double f = ctx.place_effect[static_cast<std::size_t>(home) * kEffectAges + static_cast<std::size_t>(age)];
    m0 *= pick(independent, f, 1.0);
    m1 *= pick(!crisis, f, 1.0);
  }
  bool isolated = false, informal_help = false;
  if (p.network) {
    const TieSummary t = in.ties_at_start.summary(i);
    const bool connected = p.assets & (engaged_weeks > p.weeks_to_connect);
    isolated = t.living + (connected ? p.connection_ties : 0) <= p.isolation_threshold;
    m0 *= c.isolation_onset_factor[isolated & independent];
    m2 *= c.isolation_mortality_factor[isolated];
    m0 *= c.household_factor[t.household_crisis & independent];
    m1 *= c.household_factor[t.household_crisis & support];
    // informal_multiplier[0] is exp(0) = 1.
    const int helpers = std::min(t.independent, p.informal_max_ties) * int{support};
    informal_help = helpers > 0;
    m1 *= ctx.tables.informal_multiplier[static_cast<std::size_t>(helpers)];
  }
  const ServiceStatus status = out.service_status[i];
  const std::uint8_t service = out.service[i];
  // The factor of status none is 1.
  if (p.capacity) m1 *= ctx.tables.service_factor(static_cast<ServiceStatus>(static_cast<int>(status) * support), service);
  const double extra_recovery = c.reablement_extra[support & (out.reablement_weeks[i] > 0)];

  // The exit: whoever is not surely staying goes to the full rule. For unmodified residents this
  // total is the table's, and its chance of leaving is below it, so the test is safe for everyone.
  const ExitRow& row = ctx.hazards.exits(from, age, ctx.decile_of_neighbourhood[home]);
  const double total = (row.hazard[0] * m0 + extra_recovery) + row.hazard[1] * m1 + row.hazard[2] * m2;
  event |= !(u[0] > total * kAboveExitBound);
  if (event) return false;

  // The routine week: counted, one week on, one week older.
  const std::size_t group = static_cast<std::size_t>(home) * kAgeGroups + static_cast<std::size_t>(age_group_of(age));
  ++tally.residents[group * kLivingStates + static_cast<std::size_t>(from)];
  if (tally.waiting != nullptr) {
    tally.waiting[service * tally.hoods + home] += status == ServiceStatus::waiting;
    tally.served[service * tally.hoods + home] += status == ServiceStatus::served;
  }
  tally.engaged[home] += engaged;
  tally.isolated[home] += isolated;
  tally.informal_support[home] += informal_help;
  ++stays[static_cast<std::size_t>(from)];

  out.weeks_in_state[i] += out.weeks_in_state[i] < UINT16_MAX;
  out.reablement_weeks[i] -= out.reablement_weeks[i] > 0;
  out.acute_weeks[i] = acute_weeks - (acute_weeks > 0);
  if (p.assets) out.engaged_weeks[i] = engaged_weeks + (engaged & (engaged_weeks < UINT16_MAX));
  if (p.ageing) out.age_weeks[i] = age_weeks + (age_weeks < p.max_age_weeks);
  return true;
}

/// Advances residents [begin, end) by one week: the routine week where nothing can happen, the full
/// rule for the rest. Residents go in blocks: first the block's uniforms, in a tight loop of
/// independent generator calls the processor overlaps; then the routine weeks, noting the others;
/// then the others through the full rule, in resident order, so the tally's lists stay in resident
/// order. The order of the counts does not matter: they are sums.
inline void advance_residents(std::size_t begin, std::size_t end, const StepContext& ctx,
                              const RoutineChoices& choices, const ResidentInputs& in, const ResidentOutputs& out,
                              StepTally& tally) {
  const RuleParameters p = ctx.params;
  const core::RandomStreams rng = ctx.rng;
  const std::uint64_t step = ctx.step;
  const ResidentOutputs o = out;
  const RoutineTallies counts(tally);
  std::array<std::int64_t, 3> stays{};
  constexpr std::size_t kBlock = 64;
  std::array<std::array<double, 4>, kBlock> block_u;
  std::array<std::uint32_t, kBlock> others;
  for (std::size_t first = begin; first < end; first += kBlock) {
    const std::size_t last = std::min(end, first + kBlock);
    for (std::size_t j = first; j < last; ++j) block_u[j - first] = rng.uniforms(j, step, core::Stream::resident_step);
    std::size_t n_others = 0;
    for (std::size_t i = first; i < last; ++i) {
      if (o.state[i] == State::dead) continue;
      // Noted unconditionally and kept by advancing the count: no branch on the outcome.
      others[n_others] = static_cast<std::uint32_t>(i - first);
      n_others += !routine_week(i, block_u[i - first], p, ctx, choices, in, o, stays, counts);
    }
    for (std::size_t k = 0; k < n_others; ++k)
      advance_resident(first + others[k], block_u[others[k]], p, ctx, in, o, tally);
  }
  for (int s = 0; s < kLivingStates; ++s) tally.moves[s][s] += stays[static_cast<std::size_t>(s)];
}

}  // namespace cdsim::model
