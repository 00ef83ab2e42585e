// Data flow: read once by each kernel with vector versions (the generator's block draw, the resident
// step's routine week) to choose which compiled version runs in this process.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace cdsim::core {

/// The instruction sets the vector kernels are compiled for (Highway's targets, hwy_targets.hpp), and
/// `scalar`: the one-at-a-time reference kernels, which every build has. Every target gives the same
/// results bit for bit; they differ only in speed.
enum class SimdTarget {
  scalar,  ///< one resident (one generator call) at a time: the reference the others are tested against
  emu128,  ///< Highway's portable baseline: 128-bit vectors emulated in plain C++, any processor
  neon,    ///< Arm NEON
  sve,     ///< Arm SVE
  sve2,    ///< Arm SVE2
  sse4,    ///< x86-64 SSE4.2 with CLMUL and AES (x86-64-v2): every x86-64 processor of the last 15 years;
           ///< compiled and tested, chosen only when forced (no gathers: it measured no faster than scalar)
  avx2,    ///< x86-64 AVX2 (with BMI2 and FMA present, though no fused multiply-add is used)
  avx512,  ///< x86-64 AVX-512 F, VL, BW and DQ (Highway's AVX3)
};

inline constexpr std::array<SimdTarget, 8> kSimdTargets{SimdTarget::scalar, SimdTarget::emu128, SimdTarget::neon,
                                                        SimdTarget::sve,    SimdTarget::sve2,   SimdTarget::sse4,
                                                        SimdTarget::avx2,   SimdTarget::avx512};

/// "scalar", "emu128", "neon", "sve", "sve2", "sse4", "avx2", "avx512": the names CDSIM_SIMD_TARGET takes and
/// `cdsim bench` reports.
[[nodiscard]] std::string_view name_of(SimdTarget target);
[[nodiscard]] std::optional<SimdTarget> simd_target_named(std::string_view name);

/// Whether this build holds kernels for `target` (it depends on the architecture compiled for).
[[nodiscard]] bool compiled(SimdTarget target);
/// Whether `target` is compiled and this processor (and its OS) can run it.
[[nodiscard]] bool runs_here(SimdTarget target);

/// The target this process runs: the one the environment variable CDSIM_SIMD_TARGET names, else the
/// fastest that runs here (AVX-512, AVX2, SVE2, SVE, NEON, else scalar; SSE4 and EMU128 only when forced, as neither
/// measured faster than scalar).
/// Decided on the first call. A CDSIM_SIMD_TARGET that is unknown or cannot run here is reported on stderr and ends the
/// process with exit code 2 (bad usage): running it would be a crash, falling back a surprise.
[[nodiscard]] SimdTarget chosen_simd_target();

/// Why CDSIM_SIMD_TARGET cannot be honoured, or nothing when it is unset or runs here: for the tests,
/// which report a forced target that cannot run here as skipped.
[[nodiscard]] std::optional<std::string> forced_simd_target_problem();

}  // namespace cdsim::core
