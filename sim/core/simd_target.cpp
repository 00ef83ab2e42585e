#include "sim/core/simd_target.hpp"

#include <cstdio>
#include <cstdlib>

// clang-format off
#include "sim/core/hwy_targets.hpp"  // before Highway: which targets are compiled
#include <hwy/targets.h>
// clang-format on

namespace cdsim::core {
namespace {

// Highway's bit for each target; scalar is not one of Highway's.
std::int64_t hwy_bit(SimdTarget target) {
  switch (target) {
    case SimdTarget::scalar: return 0;
    case SimdTarget::emu128: return HWY_EMU128;
    case SimdTarget::neon: return HWY_NEON;
    case SimdTarget::sve: return HWY_SVE;
    case SimdTarget::sve2: return HWY_SVE2;
    case SimdTarget::sse4: return HWY_SSE4;
    case SimdTarget::avx2: return HWY_AVX2;
    case SimdTarget::avx512: return HWY_AVX3;
  }
  return 0;
}

std::string names_that_run_here() {
  std::string out;
  for (const SimdTarget t : kSimdTargets) {
    if (!runs_here(t)) continue;
    if (!out.empty()) out += ", ";
    out += name_of(t);
  }
  return out;
}

}  // namespace

std::string_view name_of(SimdTarget target) {
  switch (target) {
    case SimdTarget::scalar: return "scalar";
    case SimdTarget::emu128: return "emu128";
    case SimdTarget::neon: return "neon";
    case SimdTarget::sve: return "sve";
    case SimdTarget::sve2: return "sve2";
    case SimdTarget::sse4: return "sse4";
    case SimdTarget::avx2: return "avx2";
    case SimdTarget::avx512: return "avx512";
  }
  return "?";
}

std::optional<SimdTarget> simd_target_named(std::string_view name) {
  for (const SimdTarget t : kSimdTargets)
    if (name_of(t) == name) return t;
  return std::nullopt;
}

bool compiled(SimdTarget target) { return target == SimdTarget::scalar || (HWY_TARGETS & hwy_bit(target)) != 0; }

bool runs_here(SimdTarget target) {
  // SupportedTargets: what the processor and OS allow (CPUID and XGETBV on x86, auxv on Arm).
  return compiled(target) && (target == SimdTarget::scalar || (hwy::SupportedTargets() & hwy_bit(target)) != 0);
}

std::optional<std::string> forced_simd_target_problem() {
  const char* forced = std::getenv("CDSIM_SIMD_TARGET");
  if (forced == nullptr) return std::nullopt;
  const std::optional<SimdTarget> t = simd_target_named(forced);
  if (t && runs_here(*t)) return std::nullopt;
  return "CDSIM_SIMD_TARGET=" + std::string(forced) +
         (!t ? std::string(" is not a target name") :
          compiled(*t) ? std::string(" cannot run on this processor") :
                         std::string(" is not compiled in this build")) +
         " (targets that run here: " + names_that_run_here() + ")";
}

SimdTarget chosen_simd_target() {
  static const SimdTarget chosen = [] {
    if (const std::optional<std::string> problem = forced_simd_target_problem()) {
      std::fprintf(stderr, "cdsim: %s\n", problem->c_str());
      std::exit(2);
    }
    if (const char* forced = std::getenv("CDSIM_SIMD_TARGET")) return *simd_target_named(forced);
    // Not EMU128: its vectors are loops in plain C++, not measured to beat the scalar kernels. Not SSE4
    // either: without gathers or 64-bit multiplies it measured no faster than scalar (performance.md).
    for (const SimdTarget t : {SimdTarget::avx512, SimdTarget::avx2, SimdTarget::sve2, SimdTarget::sve,
                               SimdTarget::neon}) {
      if (runs_here(t)) return t;
    }
    return SimdTarget::scalar;
  }();
  return chosen;
}

}  // namespace cdsim::core
