// Data flow: engine -> [resident step rule, fast path] over a block of residents.
// Most residents, most weeks, stay where they are and nothing happens to them: they age a week,
// their time in state and their episodes count on, and they are counted. The full rule
// (advance_resident in advance.hpp) spends most of its time in branches that depend on the
// resident's state, ties and services, which the processor cannot predict because neighbours in
// the resident order differ at random. Here `screen` decides without branches whether anything could
// happen to a resident this week; if not, `apply_routine` gives it the routine week, and if so the
// full rule takes it. Most residents' uniforms are above anything their state and age allow this
// week (SureStay, sure_stay.hpp), and for them the screen skips the exact test's table lookups. The
// same runs a vector of residents at a time with the kernel of the SIMD target this process runs
// (routine_simd.cpp: AVX-512, AVX2, NEON, SVE), or one at a time
// (routine_block_scalar, the reference and the scalar target). The uniforms, the hazards
// and every product of modifiers are the same numbers in the same order as in the full rule, so
// results are bit-identical to running the full rule for everyone (the serial executor does; the
// determinism, routine-week and golden-results tests compare them).
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "models/resident/advance.hpp"
#include "models/resident/sure_stay.hpp"

namespace cdsim::model {

/// Residents per block: the unit of uniforms drawn together and of the screen.
inline constexpr std::size_t kBlock = 64;

/// The week's uniforms of a block of residents, a column per purpose (0 exit, 1 birth, 2 acute onset,
/// 3 asset join or leave), so eight residents' draws for one purpose are one vector load.
struct BlockUniforms {
  alignas(64) std::array<std::array<double, kBlock>, 4> column;

  [[nodiscard]] std::array<double, 4> of(std::size_t k) const {
    return {column[0][k], column[1][k], column[2][k], column[3][k]};
  }
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
  std::array<double, 2> carer_strain_factor;    ///< [caring for someone in support and independent]
  std::array<double, 2> reablement_extra;        ///< [in support and in reablement]

  explicit RoutineChoices(const RuleParameters& p)
      : acute_onset_below{0.0, p.acute ? p.acute_onset : 0.0},
        acute_factor{1.0, p.acute ? p.acute_multiplier : 1.0},
        // An engaged resident in crisis always leaves (2 is above every uniform).
        asset_below{p.assets ? p.asset_join : 0.0, 0.0, p.assets ? p.asset_leave : 0.0, p.assets ? 2.0 : 0.0},
        isolation_onset_factor{1.0, p.isolation_onset},
        isolation_mortality_factor{1.0, p.isolation_mortality},
        household_factor{1.0, p.household_crisis},
        carer_strain_factor{1.0, p.carers ? p.carer_strain : 1.0},
        reablement_extra{0.0, p.reablement ? p.reablement_hazard : 0.0} {}
};

/// What the routine weeks of one thread's range add up: the StepTally's counts as plain pointers
/// (a byte store, which may alias anything, then does not make the compiler reload them from the
/// vectors), and the stays, added to StepTally::moves at the end.
struct RoutineCounts {
  std::int32_t* residents;  ///< Stocks::residents
  std::int32_t* waiting;    ///< Stocks::waiting, or null when there are no services
  std::int32_t* served;     ///< Stocks::served, or null when there are no services
  std::int32_t* engaged;    ///< Stocks::engaged
  std::int32_t* isolated;
  std::int32_t* informal_support;
  std::size_t hoods;
  std::array<std::int64_t, kLivingStates> stays{};

  explicit RoutineCounts(StepTally& t)
      : residents(t.before.residents.data()),
        waiting(t.before.waiting.empty() ? nullptr : t.before.waiting.data()),
        served(t.before.served.empty() ? nullptr : t.before.served.data()),
        engaged(t.before.engaged.data()),
        isolated(t.isolated.data()),
        informal_support(t.informal_support.data()),
        hoods(t.before.engaged.size()) {}
};

/// What the counts need of a resident, as the week began.
struct CountedAs {
  State from;
  std::uint16_t home;
  int age;  ///< years
  ServiceStatus status;
  std::uint8_t service;
  bool engaged, isolated, informal_help;
};

/// Counts a resident whose week is routine: the same counts as the full rule's count_resident,
/// isolation and informal support, and a stay.
[[gnu::always_inline]] inline void count_routine(const CountedAs& r, RoutineCounts& counts) {
  const std::size_t group =
      static_cast<std::size_t>(r.home) * kAgeGroups + static_cast<std::size_t>(age_group_of(r.age));
  ++counts.residents[group * kLivingStates + static_cast<std::size_t>(r.from)];
  if (counts.waiting != nullptr) {
    const std::size_t slot = r.service * counts.hoods + r.home;
    counts.waiting[slot] += r.status == ServiceStatus::waiting;
    counts.served[slot] += r.status == ServiceStatus::served;
  }
  counts.engaged[r.home] += r.engaged;
  counts.isolated[r.home] += r.isolated;
  counts.informal_support[r.home] += r.informal_help;
  ++counts.stays[static_cast<std::size_t>(r.from)];
}

/// `a` when `when`, else `b`, by masking bits, for the one choice that is not a fixed pair (a closed
/// facility's harm, which differs by neighbourhood and age).
[[gnu::always_inline]] inline double pick(bool when, double a, double b) {
  const std::uint64_t mask = std::uint64_t{0} - std::uint64_t{when};
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & mask) | (std::bit_cast<std::uint64_t>(b) & ~mask));
}

/// The screen of living resident i: whether its week is routine (nothing can happen: no possible
/// exit, birth, acute onset, programme week, asset join or leave, or care-home event), and how it is
/// counted if so.
struct Screen {
  bool routine;
  CountedAs counted_as;
};

[[gnu::always_inline]] inline Screen screen(std::size_t i, const std::array<double, 4>& u, const RuleParameters& p,
                                            const StepContext& ctx, const RoutineChoices& c, const SureStay& sure,
                                            const ResidentInputs& in, const ResidentOutputs& out) {
  const State from = out.state[i];
  const bool independent = from == State::independent, support = from == State::support,
             crisis = from == State::crisis;
  const int age = age_years_of(out.age_weeks[i]);
  const std::uint16_t home = in.neighbourhood[i];
  const std::uint16_t engaged_weeks = out.engaged_weeks[i];
  const std::uint8_t acute_weeks = out.acute_weeks[i];
  const bool engaged = engaged_weeks > 0;
  const bool female = in.female[i] != 0;

  // Anything that could happen, each tested as the full rule tests it.
  bool event = u[2] < c.acute_onset_below[(acute_weeks == 0) & !crisis];
  if (p.programmes) event |= out.programme_weeks[i] > 0;
  // Care-home residents (their own hazards) and residents in crisis at 65+ (who may ask for a place,
  // with a draw of its own) are few: the full rule takes them.
  if (p.care_homes) event |= (out.care_home[i] != CareHome::none) | (crisis & (age >= 65));
  event |= u[3] < c.asset_below[std::size_t{engaged} * 2 + crisis];

  TieSummary t{};
  bool isolated = false;
  int helpers = 0;
  if (p.network) {
    t = in.ties_at_start.summary(i);
    const bool connected = p.assets & (engaged_weeks > p.weeks_to_connect);
    isolated = t.living + (connected ? p.connection_ties : 0) <= p.isolation_threshold;
    helpers = std::min(t.helpers, p.informal_max_ties) * int{support};
  }
  const ServiceStatus status = out.service_status[i];
  const std::uint8_t service = out.service[i];

  // Births and exits: most residents' uniforms are above anything their state and age allow this
  // week (SureStay), and the lookups of the exact test are skipped; it is well predicted.
  const bool in_reablement = out.reablement_weeks[i] > 0;
  if (!sure.stays(SureStay::kind_of(from, in_reablement), age, female, u)) {
    event |= female & (u[1] < ctx.hazards.birth_probability(age));
    // Multiplying by a chosen 1 is exact, so the products below are the full rule's products of the
    // factors that apply, in its order (programmes are never routine).
    double m0 = 1.0, m1 = c.acute_factor[(acute_weeks > 0) & !crisis], m2 = 1.0;
    if (p.place_effects) {
      const double f =
          ctx.place_effect[static_cast<std::size_t>(home) * kEffectAges + static_cast<std::size_t>(age)];
      m0 *= pick(independent, f, 1.0);
      m1 *= pick(!crisis, f, 1.0);
    }
    if (p.network) {
      m0 *= c.isolation_onset_factor[isolated & independent];
      m2 *= c.isolation_mortality_factor[isolated];
      m0 *= c.household_factor[t.household_crisis & independent];
      m1 *= c.household_factor[t.household_crisis & support];
      m0 *= c.carer_strain_factor[t.caring & independent];
      // informal_multiplier[0] is exp(0) = 1.
      m1 *= ctx.tables.informal_multiplier[static_cast<std::size_t>(helpers)];
    }
    // The factor of status none is 1.
    if (p.capacity)
      m1 *= ctx.tables.service_factor(static_cast<ServiceStatus>(static_cast<int>(status) * support), service);
    const double extra_recovery = c.reablement_extra[support & in_reablement];

    // The exit: whoever is not surely staying goes to the full rule. For unmodified residents this
    // total is the table's, and its chance of leaving is below it, so the test is safe for everyone.
    const ExitRow& row = ctx.hazards.exits(from, age, ctx.decile_of_neighbourhood[home]);
    const double total = (row.hazard[0] * m0 + extra_recovery) + row.hazard[1] * m1 + row.hazard[2] * m2;
    event |= !(u[0] > total * kAboveExitBound);
  }
  return {!event, {from, home, age, status, service, engaged, isolated, helpers > 0}};
}

/// The routine week of resident i: one week on in its state, its episodes and engagement, and one
/// week older, exactly as the full rule has it for a resident who stays and to whom nothing happens.
[[gnu::always_inline]] inline void apply_routine(std::size_t i, const RuleParameters& p, const ResidentOutputs& out) {
  out.weeks_in_state[i] += out.weeks_in_state[i] < UINT16_MAX;
  out.reablement_weeks[i] -= out.reablement_weeks[i] > 0;
  out.acute_weeks[i] -= out.acute_weeks[i] > 0;
  if (p.assets) out.engaged_weeks[i] += (out.engaged_weeks[i] > 0) & (out.engaged_weeks[i] < UINT16_MAX);
  if (p.ageing) out.age_weeks[i] += out.age_weeks[i] < p.max_age_weeks;
}

/// Screens residents [first + from, first + count) of a block and gives the routine ones their week,
/// one resident at a time. Writes the offsets (from first) of the living residents the full rule must
/// take to `others`, in resident order, and returns how many. `from` is 0 for a whole block; the
/// vector kernels (routine_simd.cpp) pass the first offset their vectors did not cover.
inline std::size_t routine_block_scalar(std::size_t first, std::size_t count, const BlockUniforms& u,
                                        const RuleParameters& params, const StepContext& ctx, const RoutineChoices& c,
                                        const SureStay& sure, const ResidentInputs& inputs, const ResidentOutputs& out,
                                        RoutineCounts& counts_out, std::uint32_t* others, std::size_t from = 0) {
  // Local copies: the callers' objects are in memory, and every byte this loop stores could alias
  // their pointers and numbers, which the compiler would then reload for each resident.
  const RuleParameters p = params;
  const ResidentInputs in = inputs;
  const ResidentOutputs o = out;
  RoutineCounts counts = counts_out;
  std::size_t n_others = 0;
  for (std::size_t k = from; k < count; ++k) {
    const std::size_t i = first + k;
    if (o.state[i] == State::dead) continue;
    const Screen s = screen(i, u.of(k), p, ctx, c, sure, in, o);
    // Noted unconditionally and kept by advancing the count: no branch on the outcome.
    others[n_others] = static_cast<std::uint32_t>(k);
    n_others += !s.routine;
    if (s.routine) {
      count_routine(s.counted_as, counts);
      apply_routine(i, p, o);
    }
  }
  counts_out.stays = counts.stays;
  return n_others;
}

}  // namespace cdsim::model
