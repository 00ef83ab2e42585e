// Data flow: engine -> [resident step, in blocks] -> this kernel where the processor has AVX-512.
// The screen and the routine week of routine_week.hpp, eight residents at once: the same numbers in
// the same order, so the same results bit for bit (the tests run the engine with and without it).
#pragma once

#include <cstddef>
#include <cstdint>

#include "models/resident/routine_week.hpp"

namespace cdsim::model::avx512 {

/// routine_block_scalar's contract, eight residents at a time. Only where core::avx512_enabled().
std::size_t routine_block(std::size_t first, std::size_t count, const BlockUniforms& u, const RuleParameters& p,
                          const StepContext& ctx, const RoutineChoices& c, const ResidentInputs& in,
                          const ResidentOutputs& out, RoutineCounts& counts, std::uint32_t* others);

}  // namespace cdsim::model::avx512
