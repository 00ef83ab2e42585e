// Data flow: engine -> [the week's sure-stay bounds] -> the routine week's screen (routine_week.hpp,
// routine_simd.cpp).
// The screen's exact test needs, per resident, a hazard row and up to four multipliers that are table
// lookups: a gather each in the vector kernels, and on processors whose gathers are slow (AVX2) most
// of the kernel's time. Yet for most residents the exit uniform is far above any hazard a resident of
// that state and age could have this week, whatever its ties, services, episodes and place. These
// bounds say where: a resident whose uniforms are above them surely stays, and the screen skips the
// lookups. The bounds only decide whether the exact test is needed, never its answer, so results are
// the exact test's, bit for bit.
#pragma once

#include <array>

#include "models/resident/advance.hpp"
#include "models/resident/hazards.hpp"
#include "models/resident/state.hpp"

namespace cdsim::model {

struct RoutineChoices;

/// The week's bounds of a sure stay. Built each week (hazards trend and closures' harm changes),
/// serially, from 3 x 111 x 10 hazard rows.
struct SureStay {
  /// A bound's row: the resident's living state, or support in reablement (whose extra recovery
  /// hazard is large, and would otherwise send every resident in support to the exact test).
  static constexpr int kInReablement = kLivingStates;
  static constexpr int kKinds = kLivingStates + 1;
  static constexpr int kAges = HazardTable::kAges;

  /// [kind * kAges + age in years]: an exit uniform above this is above total * kAboveExitBound for
  /// every resident of that kind and age, in any neighbourhood.
  std::array<double, kKinds * kAges> exit_above{};
  /// A birth uniform at or above this is at or above every age's birth probability.
  double birth_at_or_above = 0;

  SureStay(const StepContext& ctx, const RoutineChoices& c);

  [[nodiscard]] static int kind_of(State s, bool in_reablement) {
    return s == State::support && in_reablement ? kInReablement : static_cast<int>(s);
  }
  /// Whether a living resident with these uniforms surely neither leaves its state nor gives birth.
  [[nodiscard]] bool stays(int kind, int age_years, bool female, const std::array<double, 4>& u) const {
    // `&` on ints, not `&&`: both sides are cheap, and a branch on random uniforms would mispredict.
    const int above = u[0] > exit_above[static_cast<std::size_t>(kind * kAges + age_years)];
    const int may_give_birth = int{female} & int{u[1] < birth_at_or_above};
    return (above & (may_give_birth ^ 1)) != 0;
  }
};

}  // namespace cdsim::model
