// Data flow: calibration YAML -> [calibration spec] -> `cdsim calibrate` (sim/calibrate/).
// What to fit, to what, and how hard to try: a scenario, a council's data file, the free parameters
// with their priors, the method and the budget of simulation runs (docs/calibration.md).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/spec/load_scenario.hpp"
#include "sim/spec/overrides.hpp"
#include "sim/spec/parameter_distribution.hpp"

namespace cdsim::spec {

enum class CalibrationMethod { history_matching };
inline constexpr std::array<const char*, 1> kCalibrationMethodNames{"history_matching"};

/// Prior names as the calibration file writes them; each becomes a ParameterDistribution
/// (uniform: range; lognormal from a median and a 95th centile; normal).
inline constexpr std::array<const char*, 3> kPriorNames{"uniform", "lognormal", "normal"};

struct CalibrationSpec {
  std::string text;                 ///< the file as written, kept in the posterior for provenance
  std::filesystem::path scenario;   ///< relative paths are from the calibration file
  std::filesystem::path data;
  std::vector<Override> set;        ///< fixed changes to the scenario
  std::vector<ParameterDistribution> parameters;  ///< the free parameters and their priors
  CalibrationMethod method = CalibrationMethod::history_matching;
  int runs = 600;                   ///< simulation runs allowed in total
  int waves = 5;                    ///< at most this many waves of history matching
  double population_fraction = 1;   ///< simulate this share of the residents; counts are scaled back
  double implausibility_cutoff = 3; ///< Pukelsheim's three-sigma rule
  double model_discrepancy = 0.05;  ///< the model's own error, sd as a share of each observed value
  std::uint64_t seed = 1;           ///< the designs' draws (runs use the scenario's seed)
};

/// Reads and checks a calibration file; throws SpecError listing every problem (file, line, column, key).
CalibrationSpec load_calibration(const std::filesystem::path& file);

}  // namespace cdsim::spec
