// Data flow: read once by each kernel with an AVX-512 version (the generator's block draw, the
// resident step's routine week) to choose it or its one-at-a-time twin.
#pragma once

namespace cdsim::core {

/// Whether AVX-512 kernels run in this process: the processor (and its OS) has AVX-512 F, VL, BW and
/// DQ, and the environment variable CDSIM_DISABLE_AVX512 is unset. The tests set the variable to hold
/// the one-at-a-time kernels to the same results; a user can set it to rule the vector kernels out.
/// Decided on the first call: the processor does not change.
[[nodiscard]] bool avx512_enabled();

}  // namespace cdsim::core
