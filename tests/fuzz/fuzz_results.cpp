// libFuzzer target: results files (build with -DCDSIM_FUZZ=ON and clang; see docs/reliability.md).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cdsim::fuzz::results_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
