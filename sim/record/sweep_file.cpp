#include "sim/record/sweep_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "sim/core/isolated.hpp"
#include "sim/record/hdf5_lock.hpp"
#include "sim/core/output_file.hpp"
#include "sim/record/hdf5_tables.hpp"
#include "sim/record/hdf5_writing.hpp"

namespace cdsim::record {
namespace {

using h5::Handle;
using h5::labels;
using h5::length_of;
using h5::read_array;
using h5::read_int_attribute;
using h5::read_string_attribute;
using h5::read_strings;
using h5::Types;
using h5::variable;

constexpr const char* kFormat = "cdsim-sweep";
constexpr std::int32_t kFormatVersion = 1;

std::vector<std::int32_t> iota(std::size_t n, std::int32_t step) {
  std::vector<std::int32_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i) * step;
  return v;
}

void check_sizes(const SweepResults& r) {
  const std::size_t P = r.points, R = r.replicates, D = r.parameter_names.size(), K = r.kpi_names.size();
  if (r.unit.size() != P * D || r.parameter.size() != P * D || r.seed.size() != P * R ||
      r.completed.size() != P * R || r.kpis.size() != P * R * K ||
      r.series.size() != P * R * r.series_names.size() * r.times) {
    throw std::invalid_argument("write_sweep_results: arrays do not match the sweep's dimensions");
  }
}

}  // namespace

void write_sweep_results(const std::filesystem::path& path, const SweepResults& r) {
  check_sizes(r);
  h5::write_whole_file(path, "sweep results file", kFormat, kFormatVersion, r.cdsim_version, [&](hid_t f) {
    h5::write_attribute(f, "sweep_name", r.name);
    h5::write_attribute(f, "design", r.design);
    h5::write_attribute(f, "design_samples", r.design_samples);
    h5::write_attribute(f, "design_levels", r.design_levels);
    h5::write_attribute(f, "fingerprint", r.fingerprint);
    h5::write_attribute(f, "shard", r.shard);
    h5::write_attribute(f, "sweep_yaml", r.sweep_yaml);
    h5::write_attribute(f, "base_scenario_yaml", r.base_yaml);

    const std::size_t P = r.points, R = r.replicates, D = r.parameter_names.size(), K = r.kpi_names.size();
    Handle point = h5::numeric_dataset(f, "point", iota(P, 1));
    h5::describe(point.get(), "design point");
    h5::make_dimension(point.get(), "point");
    Handle replicate = h5::numeric_dataset(f, "replicate", iota(R, 1));
    h5::describe(replicate.get(), "replicate (independent run with its own random stream, shared across points)");
    h5::make_dimension(replicate.get(), "replicate");
    Handle name = labels(f, "parameter_name", r.parameter_names, "swept scenario key");
    Handle kpi = labels(f, "kpi", r.kpi_names, "borough-wide measure over the run");

    variable(f, "parameter", {P, D}, r.parameter, {point.get(), name.get()}, "scenario value at the point");
    variable(f, "unit", {P, D}, r.unit, {point.get(), name.get()},
             "design coordinate in [0, 1] (NaN for points read from a file)");
    variable(f, "seed", {P, R}, r.seed, {point.get(), replicate.get()},
             "scenario seed of the run; its random streams are (seed, replicate)");
    variable(f, "completed", {P, R}, r.completed, {point.get(), replicate.get()}, "1 when the run is in this file");
    variable(f, "kpis", {P, R, K}, r.kpis, {point.get(), replicate.get(), kpi.get()},
             "borough-wide measure of the run (NaN where not completed)");
    if (!r.series_names.empty()) {
      Handle series = labels(f, "series", r.series_names, "weekly borough series");
      Handle time = h5::numeric_dataset(f, "time", iota(r.times, r.step_days));
      h5::write_attribute(time.get(), "units", "days since " + r.start.iso());
      h5::write_attribute(time.get(), "calendar", "proleptic_gregorian");
      h5::write_attribute(time.get(), "standard_name", "time");
      h5::make_dimension(time.get(), "time");
      variable(f, "series_value", {P, R, r.series_names.size(), r.times}, r.series,
               {point.get(), replicate.get(), series.get(), time.get()},
               "residents in support, residents in crisis, cost in pounds in the week");
    }
  });
}

namespace {

SweepResults read_in_this_process(const std::filesystem::path& path) {
  h5::silence_error_printing();
  SweepResults r;
  try {
    if (H5Fis_hdf5(path.c_str()) <= 0) throw std::runtime_error("not an HDF5 file");
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening");
    const hid_t f = file.get();
    if (H5Aexists(f, "format") <= 0 || read_string_attribute(f, "format") != kFormat)
      throw std::runtime_error("not a cdsim sweep results file (no format = cdsim-sweep)");
    if (read_int_attribute(f, "format_version") != kFormatVersion)
      throw std::runtime_error("written by another version of the sweep format");
    r.cdsim_version = read_string_attribute(f, "cdsim_version");
    r.name = read_string_attribute(f, "sweep_name");
    r.design = read_string_attribute(f, "design");
    r.design_samples = read_int_attribute(f, "design_samples");
    r.design_levels = read_int_attribute(f, "design_levels");
    r.fingerprint = read_string_attribute(f, "fingerprint");
    r.shard = read_string_attribute(f, "shard");
    r.sweep_yaml = read_string_attribute(f, "sweep_yaml");
    r.base_yaml = read_string_attribute(f, "base_scenario_yaml");
    r.points = length_of(f, "point");
    r.replicates = length_of(f, "replicate");
    r.parameter_names = read_strings(f, "parameter_name");
    r.kpi_names = read_strings(f, "kpi");
    const std::size_t P = r.points, R = r.replicates, D = r.parameter_names.size(), K = r.kpi_names.size();
    if (P * R * (K + 1) > (std::size_t{1} << 31)) throw std::runtime_error("dimensions are implausibly large");
    r.parameter = read_array<double>(f, "parameter", {P, D});
    r.unit = read_array<double>(f, "unit", {P, D});
    r.seed = read_array<std::uint64_t>(f, "seed", {P, R});
    r.completed = read_array<std::int32_t>(f, "completed", {P, R});
    r.kpis = read_array<double>(f, "kpis", {P, R, K});
    if (H5Lexists(f, "series", H5P_DEFAULT) > 0) {
      r.series_names = read_strings(f, "series");
      r.times = length_of(f, "time");
      const std::vector<std::int32_t> days = read_array<std::int32_t>(f, "time", {r.times});
      r.step_days = days.size() > 1 ? days[1] - days[0] : 7;
      Handle time(H5Dopen2(f, "time", H5P_DEFAULT), H5Dclose, "reading time");
      const std::string units = read_string_attribute(time.get(), "units");
      const auto start = spec::Date::parse(units.substr(units.find_last_of(' ') + 1));
      if (!start) throw std::runtime_error("time units are not 'days since YYYY-MM-DD'");
      r.start = *start;
      if (P * R * r.series_names.size() * r.times > (std::size_t{1} << 31))
        throw std::runtime_error("dimensions are implausibly large");
      r.series = read_array<double>(f, "series_value", {P, R, r.series_names.size(), r.times});
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + path.string() + "' cannot be read as sweep results: " + e.what());
  }
  return r;
}

}  // namespace

SweepResults read_sweep_results(const std::filesystem::path& path, std::optional<std::chrono::milliseconds> limit) {
  // First in a child process with a time limit: libhdf5 can hang or crash on some damaged files
  // (docs/reliability.md); only a file the child read to the end is read here.
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  const auto allowed =
      limit.value_or(std::chrono::milliseconds(60'000 + (ec ? 0 : static_cast<std::int64_t>(bytes / 20'000))));
  const std::lock_guard lock(hdf5_lock());  // before the fork: see hdf5_lock.hpp
  if (const auto problem = core::run_isolated([&] { (void)read_in_this_process(path); }, allowed)) {
    // The child's own message names the file already; other outcomes need saying.
    const std::string name = fmt::format("'{}'", path.string());
    if (problem->rfind(name, 0) == 0) throw std::runtime_error(*problem);
    throw std::runtime_error(fmt::format("{} cannot be read as sweep results: reading it {}; the file is damaged in a "
                                         "way the HDF5 library cannot handle",
                                         name, *problem));
  }
  return read_in_this_process(path);
}

}  // namespace cdsim::record
