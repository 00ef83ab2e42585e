// Data flow: engine -> [resident step, in blocks] -> the routine week, a vector of residents at once.
// Written once with Highway and compiled for each SIMD target (sim/core/hwy_targets.hpp;
// foreach_target.h includes this file again per target). Each line mirrors a line of screen() in
// routine_week.hpp: a two-way choice there ([0] or [1] of a RoutineChoices pair) is a select here, a
// table lookup a gather. Where the scalar code multiplies by a chosen 1 this multiplies by a selected
// 1, the same number. The build turns off fused multiply-adds (CMakeLists.txt), and only Mul, Add
// and Sub are used (never MulAdd), so every target rounds as the scalar code does.
//
// Lanes: a vector holds as many residents as it holds doubles (the uniforms, factors and hazards),
// at most eight. Integer columns are widened to 64-bit lanes, so their comparisons give masks of the
// doubles' lane count and size (Highway converts masks only between lanes of one size); products of
// integers (ages, table indices) are taken in 32-bit lanes and then widened. The columns' own narrow
// lanes for the routine week's stores take their mask from the mask's bits.
// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "models/resident/routine_simd.cpp"
#include "sim/core/hwy_targets.hpp"
#include <hwy/foreach_target.h>
#include <hwy/highway.h>
// clang-format on

#include <array>
#include <bit>
#include <cstddef>

#include "models/resident/routine_simd.hpp"

// Highway's one-lane fallback HWY_SCALAR (which GCC before 12.3 gets instead of EMU128, GCC bug
// 106322) lacks casts between lanes of different sizes; there the one-at-a-time reference is the kernel.
#if HWY_TARGET != HWY_SCALAR
HWY_BEFORE_NAMESPACE();
namespace cdsim::model::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// At most eight residents a vector, so a mask's bits fit a byte.
using D = hn::CappedTag<double, 8>;
using DI = hn::Rebind<std::int64_t, D>;
using DU = hn::Rebind<std::uint64_t, D>;
using D32 = hn::Rebind<std::int32_t, D>;
using D16 = hn::Rebind<std::uint16_t, D>;
using D8 = hn::Rebind<std::uint8_t, D>;

// A column's entries for the vector's residents, as 32-bit lanes.
HWY_INLINE hn::Vec<D32> load32(const std::uint8_t* column) { return hn::PromoteTo(D32(), hn::LoadU(D8(), column)); }
HWY_INLINE hn::Vec<D32> load32(const std::uint16_t* column) {
  return hn::PromoteTo(D32(), hn::LoadU(D16(), column));
}
// The same as 64-bit lanes.
template <class T>
HWY_INLINE hn::Vec<DI> load64(const T* column) {
  return hn::PromoteTo(DI(), load32(column));
}
HWY_INLINE hn::Vec<DI> wide(hn::Vec<D32> v) { return hn::PromoteTo(DI(), v); }
HWY_INLINE hn::Mask<D> as_double(hn::Mask<DI> m) { return hn::RebindMask(D(), m); }
/// pair[1] where `when`, else pair[0].
HWY_INLINE hn::Vec<D> choose(hn::Mask<DI> when, const std::array<double, 2>& pair) {
  return hn::IfThenElse(as_double(when), hn::Set(D(), pair[1]), hn::Set(D(), pair[0]));
}
/// Bit j of the result is lane j of `m`.
template <class Tag>
HWY_INLINE unsigned bits_of(Tag tag, hn::Mask<Tag> m) {
  std::uint8_t b[8] = {};
  hn::StoreMaskBits(tag, m, b);
  return b[0];
}
HWY_INLINE int lanes_in(std::uint64_t bits) { return std::popcount(bits); }
/// Lane j is bit j of `bits`. Not LoadMaskBits: on AVX2 that went through memory, a narrow store then
/// a wide load, which stalled the processor's store forwarding (a sixth of the kernel's time).
template <class Tag>
HWY_INLINE hn::Mask<Tag> mask_of_bits(Tag tag, unsigned bits) {
  using T = hn::TFromD<Tag>;
  alignas(16) static constexpr T kLaneBit[8] = {1, 2, 4, 8, 16, 32, 64, 128};
  return hn::TestBit(hn::Set(tag, static_cast<T>(bits)), hn::LoadU(tag, kLaneBit));
}

/// The routine residents of a block who live in its first resident's neighbourhood, and what their
/// counts need, as bits of the block (bit k is resident first + k): counted by population counts once
/// a block, not once a vector, which matters most where vectors are short.
struct SharedHome {
  std::uint64_t routine = 0, child = 0, old = 0, engaged = 0, isolated = 0, informal = 0;
  std::uint64_t with_status = 0;  ///< waiting for or holding a service place
  std::array<std::uint64_t, kLivingStates> by_state{};
};

/// count_routine's counts for the residents `shared` holds, who live in neighbourhood `home`.
HWY_INLINE void count_shared(const SharedHome& shared, std::size_t first, int home, const ResidentOutputs& o,
                             RoutineCounts& counts) {
  const std::uint64_t routine = shared.routine;
  if (routine == 0) return;
  const auto h = static_cast<std::size_t>(home);
  const std::array<std::uint64_t, kAgeGroups> by_group{shared.child & routine, ~shared.child & ~shared.old & routine,
                                                       shared.old & routine};
  for (std::size_t g = 0; g < kAgeGroups; ++g) {
    for (std::size_t s = 0; s < kLivingStates; ++s)
      counts.residents[(h * kAgeGroups + g) * kLivingStates + s] += lanes_in(by_group[g] & shared.by_state[s]);
  }
  for (std::size_t s = 0; s < kLivingStates; ++s) counts.stays[s] += lanes_in(shared.by_state[s] & routine);
  counts.engaged[h] += lanes_in(shared.engaged & routine);
  counts.isolated[h] += lanes_in(shared.isolated & routine);
  counts.informal_support[h] += lanes_in(shared.informal & routine);
  if (counts.waiting == nullptr) return;
  // Few hold or wait for a place: those one at a time. The routine week leaves service and status as
  // they were, so they are read here at the block's end.
  for (std::uint64_t left = shared.with_status & routine; left != 0; left &= left - 1) {
    const std::size_t r = first + static_cast<std::size_t>(std::countr_zero(left));
    const std::size_t slot = o.service[r] * counts.hoods + h;
    (o.service_status[r] == ServiceStatus::waiting ? counts.waiting : counts.served)[slot] += 1;
  }
}

std::size_t routine_block(std::size_t first, std::size_t count, const BlockUniforms& u, const RuleParameters& params,
                          const StepContext& ctx, const RoutineChoices& c, const SureStay& sure,
                          const ResidentInputs& inputs, const ResidentOutputs& out, RoutineCounts& counts_out,
                          std::uint32_t* others) {
  static_assert(sizeof(ExitRow) % sizeof(double) == 0, "rows are gathered in steps of doubles");
  static_assert(kBlock <= 64, "a block's residents are the bits of one 64-bit word (SharedHome)");
  constexpr int kRowStride = sizeof(ExitRow) / sizeof(double);
  const D d;
  const DI di;
  const DU du;
  const D32 d32;
  const D16 d16;
  const D8 d8;
  // Local copies, as in routine_block_scalar: every byte stored could alias the callers' objects.
  const RuleParameters p = params;
  const ResidentInputs in = inputs;
  const ResidentOutputs o = out;
  static_assert(std::endian::native == std::endian::little, "TieCounts' fields are taken out of a 64-bit lane by shifts");
  const TieCounts* tie_counts = in.ties_at_start.counts();
  // TieSummary::helpers: the independent carers with carers, else every independent tie.
  const std::size_t helpers_offset = in.ties_at_start.carers() ? offsetof(TieCounts, carers_independent)
                                                               : offsetof(TieCounts, independent);
  const double* sure_exit_above = sure.exit_above.data();
  const double birth_at_or_above = sure.birth_at_or_above;
  RoutineCounts counts = counts_out;
  const auto* state_column = reinterpret_cast<const std::uint8_t*>(o.state);
  const auto* status_column = reinterpret_cast<const std::uint8_t*>(o.service_status);
  const auto* care_home_column = reinterpret_cast<const std::uint8_t*>(o.care_home);
  const double* hazard = ctx.hazards.rows()->hazard.data();  // row r's hazard[k] is hazard[r * kRowStride + k]
  const double* birth = ctx.hazards.birth_probabilities();
  const int* decile_of = ctx.decile_of_neighbourhood.data();
  const double* informal = ctx.tables.informal_multiplier.data();
  const double* service_factor = ctx.tables.service_multiplier.data();
  const auto services = static_cast<int>(ctx.tables.request_below.size());
  const auto zero = hn::Zero(di);
  const auto one = hn::Set(d, 1.0);

  const std::size_t n = hn::Lanes(d);
  const unsigned all_lanes = (1u << n) - 1;
  const int block_home = in.neighbourhood[first];
  // First pass: the vectors with a living lane whose uniforms are not above everything its state and
  // age allow this week (SureStay): only those take the exact test, whose gathers are most of the
  // kernel's time where gathers are slow. A pass of its own, so the bounds' gathers overlap one
  // another instead of each waiting at the branch that needs it.
  std::uint64_t exact_tests = 0;  // bit k: resident first + k needs the exact test
  for (std::size_t v = 0; count - v >= n; v += n) {
    const std::size_t i = first + v;
    const auto state32 = load32(state_column + i);
    const auto age32 = hn::ShiftRight<16>(load32(o.age_weeks + i) * hn::Set(d32, 1256));
    // The bound's row: the state (the dead's clamped to crisis's), or support in reablement.
    const auto support32 = hn::Eq(state32, hn::Set(d32, static_cast<int>(State::support)));
    const auto in_reablement32 = hn::Ne(load32(o.reablement_weeks + i), hn::Zero(d32));
    const auto kind32 = hn::IfThenElse(hn::And(support32, in_reablement32), hn::Set(d32, SureStay::kInReablement),
                                       hn::Min(state32, hn::Set(d32, kLivingStates - 1)));
    const auto exit_above = hn::GatherIndex(d, sure_exit_above, wide(kind32 * hn::Set(d32, SureStay::kAges) + age32));
    const auto female = hn::Ne(load64(in.female + i), hn::Zero(di));
    const auto alive = hn::Ne(wide(state32), hn::Set(di, static_cast<int>(State::dead)));
    const auto u0 = hn::LoadU(d, &u.column[0][v]), u1 = hn::LoadU(d, &u.column[1][v]);
    const auto may_give_birth = hn::And(as_double(female), hn::Lt(u1, hn::Set(d, birth_at_or_above)));
    const auto stays = hn::AndNot(may_give_birth, hn::Gt(u0, exit_above));
    exact_tests |= std::uint64_t{bits_of(d, hn::AndNot(stays, as_double(alive)))} << v;
  }

  SharedHome shared;
  std::size_t n_others = 0, k = 0;
  for (; count - k >= n; k += n) {
    const std::size_t i = first + k;
    const auto state32 = load32(state_column + i);
    const auto state = wide(state32);
    const auto alive = hn::Ne(state, hn::Set(di, static_cast<int>(State::dead)));
    const auto independent = hn::Eq(state, zero);
    const auto support = hn::Eq(state, hn::Set(di, static_cast<int>(State::support)));
    const auto crisis = hn::Eq(state, hn::Set(di, static_cast<int>(State::crisis)));
    // age_years_of: (weeks * 1256) >> 16.
    const auto age32 = hn::ShiftRight<16>(load32(o.age_weeks + i) * hn::Set(d32, 1256));
    const auto age = wide(age32);
    const auto home32 = load32(in.neighbourhood + i);
    const unsigned same_home = bits_of(d32, hn::Eq(home32, hn::Set(d32, block_home)));
    const auto engaged_weeks = load64(o.engaged_weeks + i);
    const auto engaged = hn::Ne(engaged_weeks, zero);
    const auto in_episode = hn::Ne(load64(o.acute_weeks + i), zero);
    const auto female = hn::Ne(load64(in.female + i), zero);
    const auto u0 = hn::LoadU(d, &u.column[0][k]), u1 = hn::LoadU(d, &u.column[1][k]);
    const auto u2 = hn::LoadU(d, &u.column[2][k]), u3 = hn::LoadU(d, &u.column[3][k]);

    // Anything that could happen. The gathers below read every lane, the dead's too: their indices are
    // in the tables' range (ages and neighbourhoods stay valid, the dead's state is clamped), and the
    // dead are neither routine nor others whatever their values.
    auto event = hn::Lt(u2, choose(hn::Not(hn::Or(in_episode, crisis)), c.acute_onset_below));
    if (p.programmes) event = hn::Or(event, as_double(hn::Ne(load64(o.programme_weeks + i), zero)));
    if (p.care_homes) {
      const auto in_care_home = hn::Ne(load64(care_home_column + i), zero);
      const auto older = hn::Not(hn::Lt(age, hn::Set(di, 65)));
      event = hn::Or(event, as_double(hn::Or(in_care_home, hn::And(crisis, older))));
    }
    const auto asset_below =
        hn::IfThenElse(as_double(engaged), choose(crisis, {c.asset_below[2], c.asset_below[3]}),
                       choose(crisis, {c.asset_below[0], c.asset_below[1]}));
    event = hn::Or(event, hn::Lt(u3, asset_below));

    // What the counts need of the ties, and the exact test's factors from them.
    unsigned isolated_bits = 0, informal_bits = 0;  // lane j is bit j
    const auto none = hn::FirstN(di, 0);
    auto isolated = none, household = none, caring = none;
    auto helpers = zero;
    if (p.network) {
      // A resident's tie counts are one 64-bit word (TieCounts): one load for the vector, the fields by shifts.
      const auto packed = hn::LoadU(du, reinterpret_cast<const std::uint64_t*>(tie_counts + i));
      const auto field = [&](std::size_t offset, std::uint64_t width_mask) {
        return hn::BitCast(di, hn::And(hn::ShiftRightSame(packed, static_cast<int>(offset * 8)), hn::Set(du, width_mask)));
      };
      auto tie_count = field(offsetof(TieCounts, living), 0xFFFF);
      if (p.assets) {
        const auto connected = hn::Gt(engaged_weeks, hn::Set(di, p.weeks_to_connect));
        tie_count = hn::Add(tie_count, hn::IfThenElseZero(connected, hn::Set(di, p.connection_ties)));
      }
      isolated = hn::Not(hn::Gt(tie_count, hn::Set(di, p.isolation_threshold)));
      isolated_bits = bits_of(di, isolated);
      household = hn::Ne(field(offsetof(TieCounts, household_crisis), 0xFF), zero);
      if (p.carers) caring = hn::Ne(field(offsetof(TieCounts, caring_for_support), 0xFF), zero);
      const auto all_helpers = field(helpers_offset, 0xFFFF);
      helpers = hn::IfThenElseZero(support, hn::Min(all_helpers, hn::Set(di, p.informal_max_ties)));
      // The And is redundant (helpers is zero outside support), but without it the AVX-512 build
      // (GCC 12.2, Highway 1.0.3) counted lanes outside support: the kernels' test caught it.
      informal_bits = bits_of(di, hn::And(support, hn::Gt(helpers, zero)));
    }

    // Births and exits, as screen() tests them, where the first pass found a lane that needs them.
    const auto support32 = hn::Eq(state32, hn::Set(d32, static_cast<int>(State::support)));
    if (((exact_tests >> k) & all_lanes) != 0) {
      event = hn::Or(event, hn::And(as_double(female), hn::Lt(u1, hn::GatherIndex(d, birth, age))));
      // The modifiers, in screen()'s order.
      auto m0 = one, m1 = choose(hn::AndNot(crisis, in_episode), c.acute_factor), m2 = one;
      if (p.place_effects) {
        const auto slot = wide(home32 * hn::Set(d32, kEffectAges) + age32);
        const auto f = hn::GatherIndex(d, ctx.place_effect, slot);
        m0 = hn::Mul(m0, hn::IfThenElse(as_double(independent), f, one));
        m1 = hn::Mul(m1, hn::IfThenElse(as_double(crisis), one, f));
      }
      if (p.network) {
        m0 = hn::Mul(m0, choose(hn::And(isolated, independent), c.isolation_onset_factor));
        m2 = hn::Mul(m2, choose(isolated, c.isolation_mortality_factor));
        m0 = hn::Mul(m0, choose(hn::And(household, independent), c.household_factor));
        m1 = hn::Mul(m1, choose(hn::And(household, support), c.household_factor));
        m0 = hn::Mul(m0, choose(hn::And(caring, independent), c.carer_strain_factor));
        // informal_multiplier[0] is exp(0) = 1.
        m1 = hn::Mul(m1, hn::GatherIndex(d, informal, helpers));
      }
      if (p.capacity) {
        // The factor of status none is 1; status counts only in support, elsewhere the slot is status
        // none's. Selected after the arithmetic: GCC 12.2 fails to compile (an internal error) the
        // AVX-512 zero-masked widening load that selecting the loaded status would become.
        const auto service32 = load32(o.service + i);
        const auto with_status = load32(status_column + i) * hn::Set(d32, services) + service32;
        const auto slot = wide(hn::IfThenElse(support32, with_status, service32));
        m1 = hn::Mul(m1, hn::GatherIndex(d, service_factor, slot));
      }
      const auto in_reablement = hn::Ne(load64(o.reablement_weeks + i), zero);
      const auto extra_recovery = choose(hn::And(support, in_reablement), c.reablement_extra);

      // The exit, from the row HazardTable::index names; the dead's state counted as crisis's.
      // One neighbourhood's decile for the whole vector when it can: the gather would head the chain of
      // dependent loads that ends in the exit hazards.
      const auto decile32 = same_home == all_lanes ? hn::Set(d32, decile_of[block_home])
                                                   : hn::GatherIndex(d32, decile_of, home32);
      const auto living_state32 = hn::Min(state32, hn::Set(d32, kLivingStates - 1));
      const auto row32 = ((decile32 - hn::Set(d32, 1)) * hn::Set(d32, kLivingStates) + living_state32) *
                             hn::Set(d32, HazardTable::kAges) +
                         age32;
      const auto slot = wide(row32 * hn::Set(d32, kRowStride));
      const auto h0 = hn::GatherIndex(d, hazard, slot);
      const auto h1 = hn::GatherIndex(d, hazard + 1, slot);
      const auto h2 = hn::GatherIndex(d, hazard + 2, slot);
      const auto total =
          hn::Add(hn::Add(hn::Add(hn::Mul(h0, m0), extra_recovery), hn::Mul(h1, m1)), hn::Mul(h2, m2));
      event = hn::Or(event, hn::Not(hn::Gt(u0, hn::Mul(total, hn::Set(d, kAboveExitBound)))));
    }

    const unsigned living = bits_of(di, alive), events = bits_of(d, event);
    const unsigned routine = living & ~events;
    for (unsigned full = living & events; full != 0; full &= full - 1)
      others[n_others++] = static_cast<std::uint32_t>(k + static_cast<std::size_t>(std::countr_zero(full)));

    // Counted as the week began, before it moves on: count_routine's counts. Where the vector's
    // routine residents live in the block's first neighbourhood (residents are stored neighbourhood by
    // neighbourhood, so nearly always), their lanes join the block's bits, counted once at its end;
    // otherwise one resident at a time now.
    if ((routine & ~same_home) == 0) {
      shared.routine |= std::uint64_t{routine} << k;
      shared.child |= std::uint64_t{bits_of(di, hn::Lt(age, hn::Set(di, 18)))} << k;
      shared.old |= std::uint64_t{bits_of(di, hn::Not(hn::Lt(age, hn::Set(di, 65))))} << k;
      shared.by_state[0] |= std::uint64_t{bits_of(di, independent)} << k;
      shared.by_state[1] |= std::uint64_t{bits_of(di, support)} << k;
      shared.by_state[2] |= std::uint64_t{bits_of(di, crisis)} << k;
      shared.engaged |= std::uint64_t{bits_of(di, engaged)} << k;
      shared.isolated |= std::uint64_t{isolated_bits} << k;
      shared.informal |= std::uint64_t{informal_bits} << k;
      if (counts.waiting != nullptr)
        shared.with_status |= std::uint64_t{bits_of(di, hn::Ne(load64(status_column + i), zero))} << k;
    } else {
      for (unsigned lanes = routine; lanes != 0; lanes &= lanes - 1) {
        const int lane = std::countr_zero(lanes);
        const std::size_t r = i + static_cast<std::size_t>(lane);
        count_routine({o.state[r], in.neighbourhood[r], age_years_of(o.age_weeks[r]), o.service_status[r],
                       o.service[r], o.engaged_weeks[r] > 0, ((isolated_bits >> lane) & 1) != 0,
                       ((informal_bits >> lane) & 1) != 0},
                      counts);
      }
    }

    // The routine week: saturating steps, stored only for routine residents.
    const auto routine16 = mask_of_bits(d16, routine);
    const auto routine8 = mask_of_bits(d8, routine);
    const auto one16 = hn::Set(d16, 1);
    const auto one8 = hn::Set(d8, 1);
    const auto weeks = hn::LoadU(d16, o.weeks_in_state + i);
    hn::StoreU(hn::IfThenElse(routine16, hn::SaturatedAdd(weeks, one16), weeks), d16, o.weeks_in_state + i);
    const auto reablement = hn::LoadU(d8, o.reablement_weeks + i);
    hn::StoreU(hn::IfThenElse(routine8, hn::SaturatedSub(reablement, one8), reablement), d8, o.reablement_weeks + i);
    const auto acute = hn::LoadU(d8, o.acute_weeks + i);
    hn::StoreU(hn::IfThenElse(routine8, hn::SaturatedSub(acute, one8), acute), d8, o.acute_weeks + i);
    if (p.assets) {
      const auto engaged16 = hn::LoadU(d16, o.engaged_weeks + i);
      const auto step = hn::And(routine16, hn::Ne(engaged16, hn::Zero(d16)));
      hn::StoreU(hn::IfThenElse(step, hn::SaturatedAdd(engaged16, one16), engaged16), d16, o.engaged_weeks + i);
    }
    if (p.ageing) {
      const auto age_weeks = hn::LoadU(d16, o.age_weeks + i);
      const auto step = hn::And(routine16, hn::Lt(age_weeks, hn::Set(d16, p.max_age_weeks)));
      hn::StoreU(hn::IfThenElse(step, hn::Add(age_weeks, one16), age_weeks), d16, o.age_weeks + i);
    }
  }
  count_shared(shared, first, block_home, o, counts);
  // Fewer residents left than a vector holds: one at a time (called only then, as it copies the
  // parameters and counts on entry: 1.7% of a 1-thread AVX2 run's samples when called for every block).
  if (k < count) n_others += routine_block_scalar(first, count, u, p, ctx, c, sure, in, o, counts, others + n_others, k);
  counts_out.stays = counts.stays;
  return n_others;
}

}  // namespace cdsim::model::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();
#endif

#if HWY_ONCE
namespace cdsim::model {

RoutineBlock* routine_block_for(core::SimdTarget target) {
  using core::SimdTarget;
  // Highway's HWY_CHOOSE_* name a target's function, or null where the build did not compile it.
  switch (target) {
    case SimdTarget::scalar:
      return [](std::size_t first, std::size_t count, const BlockUniforms& u, const RuleParameters& p,
                const StepContext& ctx, const RoutineChoices& c, const SureStay& sure, const ResidentInputs& in,
                const ResidentOutputs& out, RoutineCounts& counts, std::uint32_t* others) {
        return routine_block_scalar(first, count, u, p, ctx, c, sure, in, out, counts, others);
      };
    case SimdTarget::emu128:
#if HWY_TARGETS & HWY_EMU128
      return &N_EMU128::routine_block;
#else
      return nullptr;
#endif
    case SimdTarget::neon: return HWY_CHOOSE_NEON(routine_block);
    case SimdTarget::sve: return HWY_CHOOSE_SVE(routine_block);
    case SimdTarget::sve2: return HWY_CHOOSE_SVE2(routine_block);
    case SimdTarget::sse4: return HWY_CHOOSE_SSE4(routine_block);
    case SimdTarget::avx2: return HWY_CHOOSE_AVX2(routine_block);
    case SimdTarget::avx512: return HWY_CHOOSE_AVX3(routine_block);
  }
  return nullptr;
}

}  // namespace cdsim::model
#endif
