// Data flow: engine -> [resident step, in blocks] -> RandomStreams::uniforms_block -> one of these
// kernels, chosen once per process (random_block.cpp). Declared here so the tests hold each kernel to
// the scalar draw, not only the one this processor's dispatch picks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/core/random.hpp"

namespace cdsim::core::block {

/// columns[c][k] = rng.uniforms(first_entity + k, step, stream)[c] for k < count, one Philox call at
/// a time.
void uniforms_scalar(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                     Stream stream, const std::array<double*, 4>& columns);

#if defined(__x86_64__)
/// The same numbers as uniforms_scalar, eight counters per AVX-512 vector. Only where
/// avx512_enabled() (sim/core/cpu.hpp).
void uniforms_avx512(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                     Stream stream, const std::array<double*, 4>& columns);
#endif

}  // namespace cdsim::core::block
