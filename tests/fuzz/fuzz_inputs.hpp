// The untrusted inputs cdsim reads, as fuzz entry points: a scenario and a sweep (YAML text), a results
// file and a sweep results file (HDF5 bytes). Each must end in success or the reader's own error; anything else (another exception,
// a crash, a sanitizer report, a round trip that changes the scenario) aborts, which is what the fuzzer
// and the corpus replay test look for.
#pragma once

#include <string_view>

namespace cdsim::fuzz {

/// Parses `bytes` as a scenario; when it is valid, emits it and checks it reads back equal.
void scenario_input(std::string_view bytes);

/// Reads `bytes` as a results file the way the viewer and `cdsim compare` do, and when it loads,
/// computes the viewer's key numbers and compare's totals from it.
void results_input(std::string_view bytes);

/// Reads `bytes` as a sweep file; when it is valid and small, builds its design.
void sweep_input(std::string_view bytes);

/// Reads `bytes` as a sweep results file the way merge and analyse do, and analyses it when it loads.
void sweep_results_input(std::string_view bytes);

}  // namespace cdsim::fuzz
