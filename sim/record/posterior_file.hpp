// Data flow: `cdsim calibrate` -> [posterior file] -> xarray, R, the calibrated scenario's
// `posterior:` (draws for `cdsim run --uncertainty`).
// A calibration's outcome as plain data, and its HDF5 file (netCDF-4 compatible like every cdsim
// file; docs/calibration.md lists its variables): the prior and posterior of each parameter, equally
// weighted posterior draws, every run with its wave and outputs, each observation with the model's
// predictive interval, and per wave what was ruled out. Written under a temporary name and renamed
// when complete; nothing in it depends on when or how it was run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cdsim::record {

struct PosteriorResults {
  // Provenance
  std::string method;            ///< spec::kCalibrationMethodNames
  std::string status;            ///< "fitted" or "nothing_plausible"
  std::string message;           ///< why nothing is plausible; empty when fitted
  std::string calibration_yaml;  ///< the calibration file as written
  std::string scenario_yaml;     ///< the scenario with the calibration's fixed changes, fully resolved
  std::string data_csv;          ///< the data file as written
  std::string fingerprint;
  std::string cdsim_version;
  double population_fraction = 1, implausibility_cutoff = 3, model_discrepancy = 0, effective_sample_size = 0;

  std::vector<std::string> parameter_names;  ///< scenario key paths
  std::vector<std::string> prior;            ///< per parameter, e.g. "uniform(0.001, 0.002)"
  std::vector<double> prior_low, prior_median, prior_high;              ///< 5%, 50%, 95%
  std::vector<double> posterior_low, posterior_median, posterior_high;  ///< 5%, 50%, 95% (NaN: none)

  std::size_t draws = 0;
  std::vector<double> draw_value;  ///< [draw][parameter] scenario values, equal weights, in random order

  std::size_t runs = 0;
  std::vector<double> run_value;           ///< [run][parameter] scenario values
  std::vector<std::int32_t> run_wave;      ///< 1.. waves, 0 the posterior check runs
  std::vector<double> run_output;          ///< [run][observation] the model's value of each observation
  std::vector<double> run_implausibility;  ///< [run] max over observations, from the run's own outputs

  std::vector<std::string> observation_measure, observation_start, observation_end, observation_age_group,
      observation_neighbourhood;
  std::vector<double> observation_value, observation_sd;
  std::vector<double> predicted_low, predicted_median, predicted_high;  ///< 5/50/95% over the check runs
  std::vector<double> chance_sd;  ///< the borough's own chance variation of each observation (emulators' nugget)

  std::size_t waves = 0;
  std::vector<std::int32_t> wave_runs, wave_emulated_runs;
  std::vector<double> wave_region_fraction;  ///< share of the prior space not ruled out after the wave
  std::vector<double> wave_low, wave_high;   ///< [wave][parameter] scenario values bounding what is left
  std::vector<double> wave_loo_within_3sd;
  std::vector<double> wave_emulator_sd_share;  ///< [wave][observation]
};

/// Writes `posterior` to `path` (via a temporary file, renamed when complete). Throws std::runtime_error.
void write_posterior(const std::filesystem::path& path, const PosteriorResults& posterior);

/// Reads a posterior file; throws std::runtime_error naming the file when it is not one.
PosteriorResults read_posterior(const std::filesystem::path& path);

}  // namespace cdsim::record
