// Data flow: engine -> [resident step, in blocks] -> the routine week (routine_week.hpp, or
// routine_simd.cpp a vector at a time) and the full rule (advance.hpp) for the rest.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "models/resident/advance.hpp"
#include "models/resident/routine_simd.hpp"
#include "models/resident/routine_week.hpp"
#include "sim/core/simd_target.hpp"

namespace cdsim::model {

/// Advances residents [begin, end) by one week: the routine week where nothing can happen, the full
/// rule for the rest. Residents go in blocks of kBlock: first the block's uniforms; then the screen
/// and the routine weeks, noting the others; then the others through the full rule, in resident
/// order, so the tally's lists stay in resident order. The order of the counts does not matter:
/// they are sums. Results are those of advance_residents_reference, bit for bit.
inline void advance_residents(std::size_t begin, std::size_t end, const StepContext& ctx,
                              const RoutineChoices& choices, const SureStay& sure, const ResidentInputs& in,
                              const ResidentOutputs& out,
                              StepTally& tally) {
  const RuleParameters p = ctx.params;
  const ResidentOutputs o = out;
  RoutineCounts counts(tally);
  static RoutineBlock* const routine_block = routine_block_for(core::chosen_simd_target());
  BlockUniforms u{};
  const std::array<double*, 4> columns{u.column[0].data(), u.column[1].data(), u.column[2].data(),
                                       u.column[3].data()};
  std::array<std::uint32_t, kBlock> others;
  for (std::size_t first = begin; first < end; first += kBlock) {
    const std::size_t count = std::min(end - first, kBlock);
    ctx.rng.uniforms_block(first, count, ctx.step, core::Stream::resident_step, columns);
    const std::size_t n_others = routine_block(first, count, u, p, ctx, choices, sure, in, o, counts, others.data());
    for (std::size_t k = 0; k < n_others; ++k)
      advance_resident(first + others[k], u.of(others[k]), p, ctx, in, o, tally);
  }
  for (int s = 0; s < kLivingStates; ++s) tally.moves[s][s] += counts.stays[static_cast<std::size_t>(s)];
}

}  // namespace cdsim::model
