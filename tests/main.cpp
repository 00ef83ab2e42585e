// The tests' entry point. A run with CDSIM_SIMD_TARGET naming a target this build or this processor
// cannot run ends at once with kSkipped, which ctest's SKIP_RETURN_CODE reports as skipped (the
// simd.* entries in tests/CMakeLists.txt): passing would claim a comparison that was never made.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>
#include <string>

#include "sim/core/simd_target.hpp"

namespace {
constexpr int kSkipped = 77;  // SKIP_RETURN_CODE in tests/CMakeLists.txt
}

int main(int argc, char* argv[]) {
  if (const std::optional<std::string> problem = cdsim::core::forced_simd_target_problem()) {
    std::printf("skipped: %s\n", problem->c_str());
    return kSkipped;
  }
  return Catch::Session().run(argc, argv);
}
