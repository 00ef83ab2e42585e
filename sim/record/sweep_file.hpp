// Data flow: sweep runs -> [sweep file] -> xarray, R, `cdsim analyse`, `cdsim merge`.
// The results of a sweep as plain data, and its HDF5 file (netCDF-4 compatible, like every cdsim
// results file): a point dimension, parameter(point, parameter_name), the design coordinates, the seed
// of every run, kpis(point, replicate, kpi) and optionally series(point, replicate, series, time).
// Files are written under a temporary name (core::OutputFile) and renamed when complete; nothing in
// them depends on the time they were written, so the same sweep gives the same bytes however it ran.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/spec/date.hpp"

namespace cdsim::record {

struct SweepResults {
  // Provenance
  std::string name;
  std::string sweep_yaml;     ///< the sweep file as written
  std::string base_yaml;      ///< the base scenario with the sweep's fixed changes, fully resolved
  std::string design;         ///< spec::kSweepDesignNames
  std::int32_t design_samples = 0, design_levels = 0;
  std::string fingerprint;    ///< identifies the sweep (base, parameters, points, replicates, outputs)
  std::string shard;          ///< "i/n" for one shard of a job array; empty for a whole sweep
  std::string cdsim_version;

  std::vector<std::string> parameter_names;  ///< scenario key paths
  std::vector<std::string> kpi_names;
  std::size_t points = 0, replicates = 0;
  std::vector<double> unit;        ///< [point][parameter] design coordinates in [0, 1] (NaN: points from a file)
  std::vector<double> parameter;   ///< [point][parameter] scenario values
  std::vector<std::uint64_t> seed; ///< [point][replicate] the scenario seed of the run (its stream is the replicate)
  std::vector<std::int32_t> completed;  ///< [point][replicate] 1 when run (a shard holds some)
  std::vector<double> kpis;        ///< [point][replicate][kpi]; NaN where not completed

  // Weekly series, when kept
  std::vector<std::string> series_names;  ///< empty when not kept
  spec::Date start;
  std::int32_t step_days = 7;
  std::size_t times = 0;
  std::vector<double> series;  ///< [point][replicate][series][time]
};

/// Writes `results` to `path` (via a temporary file, renamed when complete). Throws std::runtime_error.
void write_sweep_results(const std::filesystem::path& path, const SweepResults& results);

/// Reads a sweep results file; throws std::runtime_error naming the file when it is not one. The file
/// is read first in a child process that may take at most `limit` (default: a minute plus a second per
/// 20 MB), so a damaged file that hangs or crashes libhdf5 is an error, not a hang.
SweepResults read_sweep_results(const std::filesystem::path& path,
                                std::optional<std::chrono::milliseconds> limit = std::nullopt);

}  // namespace cdsim::record
