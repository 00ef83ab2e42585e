// libFuzzer target for one untrusted input; CMake builds one per kind, CDSIM_FUZZ_INPUT naming its entry
// point in fuzz_inputs.hpp (build with -DCDSIM_FUZZ=ON and clang; see docs/reliability.md).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CDSIM_FUZZ_INPUT({reinterpret_cast<const char*>(data), size});
  return 0;
}
