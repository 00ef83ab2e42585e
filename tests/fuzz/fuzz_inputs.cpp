#include "tests/fuzz/fuzz_inputs.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/run/compare.hpp"
#include "sim/spec/load_scenario.hpp"
#include "viz/replay/kpis.hpp"
#include "viz/replay/results.hpp"

namespace cdsim::fuzz {

namespace {

[[noreturn]] void fail(const char* what, const char* detail) {
  std::fprintf(stderr, "fuzz: %s: %s\n", what, detail);
  std::abort();
}

}  // namespace

void scenario_input(std::string_view bytes) {
  spec::ScenarioSpec s;
  try {
    s = spec::parse_scenario(bytes, "fuzz.yaml");
  } catch (const spec::SpecError&) {
    return;  // refused with diagnostics: the expected outcome for nearly every input
  } catch (const std::exception& e) {
    fail("the scenario reader threw something other than SpecError", e.what());
  }
  // Accepted: the resolved scenario must read back to the same spec.
  try {
    if (!(spec::parse_scenario(spec::emit_scenario(s), "emitted.yaml") == s)) {
      fail("round trip", "emit_scenario(s) reads back to a different scenario");
    }
  } catch (const std::exception& e) {
    fail("round trip: the emitted scenario was refused", e.what());
  }
}

void results_input(std::string_view bytes) {
  // HDF5 reads files, so the bytes go to a file of this process's own.
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("cdsim-fuzz-" + std::to_string(::getpid()) + ".h5");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  try {
    const viz::Results r = viz::read_results(file);
    (void)viz::horizon_kpis(r);
    (void)viz::compare_kpis(r, r);
    try {
      (void)run::compare(r, r);
    } catch (const std::runtime_error&) {
      // a file without the states compare needs is refused with a message
    }
  } catch (const viz::ResultsError&) {
    return;
  } catch (const std::exception& e) {
    fail("the results reader threw something other than ResultsError", e.what());
  }
}

}  // namespace cdsim::fuzz
