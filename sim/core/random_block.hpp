// Data flow: engine -> [resident step, in blocks] -> RandomStreams::uniforms_block -> one of these
// kernels, the one for core::chosen_simd_target() (random_block.cpp). Declared here so the tests hold
// every compiled kernel to the scalar draw, not only the one this processor's dispatch picks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/core/random.hpp"
#include "sim/core/simd_target.hpp"

namespace cdsim::core::block {

/// columns[c][k] = rng.uniforms(first_entity + k, step, stream)[c] for k < count; nothing else written.
using Uniforms = void(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                      Stream stream, const std::array<double*, 4>& columns);

/// The contract above, one Philox call at a time: the reference.
void uniforms_scalar(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                     Stream stream, const std::array<double*, 4>& columns);

/// The kernel compiled for `target` (uniforms_scalar for SimdTarget::scalar), or null where this build
/// has none (compiled(target) is false). Call it only where runs_here(target).
[[nodiscard]] Uniforms* uniforms_for(SimdTarget target);

}  // namespace cdsim::core::block
