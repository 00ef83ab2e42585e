// Data flow: calibration YAML + the council's data + the scenario -> [calibrate] -> runs (journalled)
// -> history matching -> posterior.h5, a calibrated scenario, and the table a user reads.
// `cdsim calibrate`: the plan (every input checked before any run), the runs as the method asks for
// them, and the outputs. A run is a pure function of (point, run number): the scenario with the point's
// values and the run number as its replicate stream, so a calibration resumed from its journal, or run
// with any thread count, gives the same bytes.
#pragma once

#include <filesystem>
#include <string>

#include "sim/core/executor.hpp"

namespace cdsim::calibrate {

struct CalibrateOptions {
  std::filesystem::path output;               ///< posterior.h5
  std::filesystem::path calibrated_scenario;  ///< -s: the scenario with the posterior medians ("" none)
  core::Executor executor;
  bool resume = false;  ///< continue from OUTPUT.journal
  bool json = false;    ///< print JSON instead of the table
};

/// Exit code when the calibration ran but nothing in the prior is plausible.
inline constexpr int kNothingPlausible = 3;

/// Runs the calibration; prints the table (or JSON) on standard output and returns the exit code
/// (0, or kNothingPlausible). Throws SpecError or std::runtime_error for bad input, before any run.
int calibrate(const std::filesystem::path& calibration_file, const CalibrateOptions& options);

}  // namespace cdsim::calibrate
