// Data flow: engine -> [resident step, in blocks] -> the routine week a vector of residents at a time,
// the kernel for core::chosen_simd_target() (routine_simd.cpp). Declared here so the tests hold every
// compiled kernel to the one-at-a-time one, not only the one this processor's dispatch picks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "models/resident/routine_week.hpp"
#include "sim/core/simd_target.hpp"

namespace cdsim::model {

/// routine_block_scalar's contract: the same screen, routine weeks, counts and list of others.
using RoutineBlock = std::size_t(std::size_t first, std::size_t count, const BlockUniforms& u,
                                 const RuleParameters& p, const StepContext& ctx, const RoutineChoices& c,
                                 const SureStay& sure, const ResidentInputs& in, const ResidentOutputs& out, RoutineCounts& counts,
                                 std::uint32_t* others);

/// The kernel compiled for `target` (a wrapper of routine_block_scalar for SimdTarget::scalar), or
/// null where this build has none (core::compiled(target) is false). Call it only where
/// core::runs_here(target).
[[nodiscard]] RoutineBlock* routine_block_for(core::SimdTarget target);

}  // namespace cdsim::model
