// The untrusted inputs cdsim reads, as fuzz entry points: a scenario and a sweep (YAML text), a results
// file and a sweep results file (HDF5 bytes), and the public files `cdsim borough` reads (population and
// deprivation CSV, boundary GeoJSON), and a calibration file and its data file. Each must end in success or the reader's own error; anything else
// (another exception, a crash, a sanitizer report, a round trip that changes the scenario) aborts, which
// is what the fuzzer and the corpus replay test look for.
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

/// Reads `bytes` both as an ONS population estimates file and as an IMD deprivation file.
void borough_csv_input(std::string_view bytes);

/// Reads `bytes` as a GeoJSON boundaries file, asking for the example borough's codes.
void boundaries_input(std::string_view bytes);

/// Reads `bytes` as a calibration file (`cdsim calibrate`).
void calibration_input(std::string_view bytes);

/// Reads `bytes` as a council's data file for a calibration of the tiny test scenario.
void calibration_data_input(std::string_view bytes);

}  // namespace cdsim::fuzz
