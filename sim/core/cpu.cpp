#include "sim/core/cpu.hpp"

#include <cstdlib>

namespace cdsim::core {

bool avx512_enabled() {
#if defined(__x86_64__)
  static const bool enabled = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                              __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                              std::getenv("CDSIM_DISABLE_AVX512") == nullptr;
  return enabled;
#else
  return false;
#endif
}

}  // namespace cdsim::core
