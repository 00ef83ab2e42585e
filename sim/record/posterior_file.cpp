#include "sim/record/posterior_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <chrono>
#include <mutex>
#include <stdexcept>

#include "sim/core/isolated.hpp"
#include "sim/core/output_file.hpp"
#include "sim/record/hdf5_lock.hpp"
#include "sim/record/hdf5_tables.hpp"
#include "sim/record/hdf5_writing.hpp"

namespace cdsim::record {
namespace {

using h5::Handle;

constexpr const char* kFormat = "cdsim-posterior";
constexpr std::int32_t kFormatVersion = 1;

std::vector<std::int32_t> counting(std::size_t n) {
  std::vector<std::int32_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i + 1);
  return v;
}

Handle axis(hid_t f, const char* name, std::size_t n, const char* long_name) {
  Handle ds = h5::numeric_dataset(f, name, counting(n));
  h5::describe(ds.get(), long_name);
  h5::make_dimension(ds.get(), name);
  return ds;
}

void check_sizes(const PosteriorResults& r) {
  const std::size_t D = r.parameter_names.size(), O = r.observation_measure.size();
  const auto per = [&](const auto& v, std::size_t n) { return v.size() == n; };
  if (!per(r.prior, D) || !per(r.prior_low, D) || !per(r.prior_median, D) || !per(r.prior_high, D) ||
      !per(r.posterior_low, D) || !per(r.posterior_median, D) || !per(r.posterior_high, D) ||
      !per(r.draw_value, r.draws * D) || !per(r.run_value, r.runs * D) || !per(r.run_wave, r.runs) ||
      !per(r.run_output, r.runs * O) || !per(r.run_implausibility, r.runs) || !per(r.observation_start, O) ||
      !per(r.observation_end, O) || !per(r.observation_age_group, O) || !per(r.observation_neighbourhood, O) ||
      !per(r.observation_value, O) || !per(r.observation_sd, O) || !per(r.predicted_low, O) ||
      !per(r.predicted_median, O) || !per(r.predicted_high, O) || !per(r.chance_sd, O) || !per(r.wave_runs, r.waves) ||
      !per(r.wave_emulated_runs, r.waves) || !per(r.wave_region_fraction, r.waves) || !per(r.wave_low, r.waves * D) ||
      !per(r.wave_high, r.waves * D) || !per(r.wave_loo_within_3sd, r.waves) ||
      !per(r.wave_emulator_sd_share, r.waves * O))
    throw std::invalid_argument("write_posterior: arrays do not match the posterior's dimensions");
}

}  // namespace

void write_posterior(const std::filesystem::path& path, const PosteriorResults& r) {
  check_sizes(r);
  h5::write_whole_file(path, "posterior file", kFormat, kFormatVersion, r.cdsim_version, [&](hid_t f) {
    h5::write_attribute(f, "method", r.method);
    h5::write_attribute(f, "status", r.status);
    h5::write_attribute(f, "message", r.message);
    h5::write_attribute(f, "fingerprint", r.fingerprint);
    h5::write_attribute(f, "population_fraction", r.population_fraction);
    h5::write_attribute(f, "implausibility_cutoff", r.implausibility_cutoff);
    h5::write_attribute(f, "model_discrepancy", r.model_discrepancy);
    h5::write_attribute(f, "effective_sample_size", r.effective_sample_size);
    h5::write_attribute(f, "calibration_yaml", r.calibration_yaml);
    h5::write_attribute(f, "scenario_yaml", r.scenario_yaml);
    h5::write_attribute(f, "data_csv", r.data_csv);

    const std::size_t D = r.parameter_names.size(), O = r.observation_measure.size();
    Handle name = h5::labels(f, "parameter_name", r.parameter_names, "fitted scenario key");
    Handle draw = axis(f, "draw", r.draws, "posterior draw (equal weights, in random order)");
    Handle run = axis(f, "run", r.runs, "simulation run (its random stream is the run number)");
    Handle obs = axis(f, "observation", O, "row of the data file, in file order");
    Handle wave = axis(f, "wave", r.waves, "wave of history matching");
    using h5::variable;
    // A string per entry of one axis.
    const auto strings = [&](const char* n, const std::vector<std::string>& v, hid_t along, const char* long_name) {
      Handle ds = h5::string_dataset(f, n, v);
      h5::describe(ds.get(), long_name);
      h5::attach_scales(ds.get(), {along}, n);
    };
    strings("prior", r.prior, name.get(), "prior distribution as the calibration file gives it");
    variable(f, "prior_low", {D}, r.prior_low, {name.get()}, "prior 5th centile");
    variable(f, "prior_median", {D}, r.prior_median, {name.get()}, "prior median");
    variable(f, "prior_high", {D}, r.prior_high, {name.get()}, "prior 95th centile");
    variable(f, "posterior_low", {D}, r.posterior_low, {name.get()}, "posterior 5th centile");
    variable(f, "posterior_median", {D}, r.posterior_median, {name.get()}, "posterior median");
    variable(f, "posterior_high", {D}, r.posterior_high, {name.get()}, "posterior 95th centile");
    variable(f, "draw_value", {r.draws, D}, r.draw_value, {draw.get(), name.get()}, "posterior draw of the scenario value");
    variable(f, "run_value", {r.runs, D}, r.run_value, {run.get(), name.get()}, "scenario value of the run");
    variable(f, "run_wave", {r.runs}, r.run_wave, {run.get()}, "wave of the run (0: a posterior check run)");
    variable(f, "run_output", {r.runs, O}, r.run_output, {run.get(), obs.get()},
             "the model's value of the observation in the run (scaled to the whole borough)");
    variable(f, "run_implausibility", {r.runs}, r.run_implausibility, {run.get()},
             "largest implausibility of the run's own outputs over the observations");
    strings("observation_measure", r.observation_measure, obs.get(), "measure (docs/calibration.md)");
    strings("period_start", r.observation_start, obs.get(), "first day of the period (ISO date)");
    strings("period_end", r.observation_end, obs.get(), "last day of the period (ISO date)");
    strings("age_group", r.observation_age_group, obs.get(), "age group, empty for all");
    strings("neighbourhood", r.observation_neighbourhood, obs.get(), "neighbourhood, empty for the borough");
    variable(f, "observed", {O}, r.observation_value, {obs.get()}, "observed value");
    variable(f, "observed_sd", {O}, r.observation_sd, {obs.get()}, "the observation's own standard deviation");
    variable(f, "predicted_low", {O}, r.predicted_low, {obs.get()}, "5th centile over the posterior check runs");
    variable(f, "predicted_median", {O}, r.predicted_median, {obs.get()}, "median over the posterior check runs");
    variable(f, "predicted_high", {O}, r.predicted_high, {obs.get()}, "95th centile over the posterior check runs");
    variable(f, "chance_sd", {O}, r.chance_sd, {obs.get()}, "the borough's own chance variation (standard deviation)");
    variable(f, "wave_runs", {r.waves}, r.wave_runs, {wave.get()}, "runs in the wave");
    variable(f, "wave_emulated_runs", {r.waves}, r.wave_emulated_runs, {wave.get()}, "runs the wave's emulators were fitted to");
    variable(f, "wave_region_fraction", {r.waves}, r.wave_region_fraction, {wave.get()},
             "share of the prior space not ruled out after the wave");
    variable(f, "wave_low", {r.waves, D}, r.wave_low, {wave.get(), name.get()}, "lowest value not ruled out after the wave");
    variable(f, "wave_high", {r.waves, D}, r.wave_high, {wave.get(), name.get()}, "highest value not ruled out after the wave");
    variable(f, "wave_loo_within_3sd", {r.waves}, r.wave_loo_within_3sd, {wave.get()},
             "worst emulator's share of left-out runs within 3 sd of its prediction");
    variable(f, "wave_emulator_sd_share", {r.waves, O}, r.wave_emulator_sd_share, {wave.get(), obs.get()},
             "median over what is left of the emulator's share of the implausibility's sd");
  });
}

namespace {

PosteriorResults read_in_this_process(const std::filesystem::path& path) {
  h5::silence_error_printing();
  PosteriorResults r;
  try {
    if (H5Fis_hdf5(path.c_str()) <= 0) throw std::runtime_error("not an HDF5 file");
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening");
    const hid_t f = file.get();
    if (H5Aexists(f, "format") <= 0 || h5::read_string_attribute(f, "format") != kFormat)
      throw std::runtime_error("not a cdsim posterior file (no format = cdsim-posterior)");
    if (h5::read_int_attribute(f, "format_version") != kFormatVersion)
      throw std::runtime_error("written by another version of the posterior format");
    r.cdsim_version = h5::read_string_attribute(f, "cdsim_version");
    r.method = h5::read_string_attribute(f, "method");
    r.status = h5::read_string_attribute(f, "status");
    r.message = h5::read_string_attribute(f, "message");
    r.fingerprint = h5::read_string_attribute(f, "fingerprint");
    r.parameter_names = h5::read_strings(f, "parameter_name");
    const std::size_t D = r.parameter_names.size();
    r.draws = h5::length_of(f, "draw");
    r.runs = h5::length_of(f, "run");
    if ((r.draws + r.runs) * (D + 1) > (std::size_t{1} << 31)) throw std::runtime_error("dimensions are implausibly large");
    r.prior = h5::read_strings(f, "prior");
    r.posterior_low = h5::read_array<double>(f, "posterior_low", {D});
    r.posterior_median = h5::read_array<double>(f, "posterior_median", {D});
    r.posterior_high = h5::read_array<double>(f, "posterior_high", {D});
    r.draw_value = h5::read_array<double>(f, "draw_value", {r.draws, D});
    r.run_value = h5::read_array<double>(f, "run_value", {r.runs, D});
    r.run_wave = h5::read_array<std::int32_t>(f, "run_wave", {r.runs});
    r.observation_measure = h5::read_strings(f, "observation_measure");
    const std::size_t O = r.observation_measure.size();
    r.observation_value = h5::read_array<double>(f, "observed", {O});
    r.run_output = h5::read_array<double>(f, "run_output", {r.runs, O});
    r.waves = h5::length_of(f, "wave");
    r.wave_region_fraction = h5::read_array<double>(f, "wave_region_fraction", {r.waves});
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + path.string() + "' cannot be read as a calibration's posterior: " + e.what());
  }
  return r;
}

}  // namespace

PosteriorResults read_posterior(const std::filesystem::path& path) {
  // First in a child process with a time limit, as every cdsim reader does (docs/reliability.md).
  const std::lock_guard lock(hdf5_lock());
  if (const auto problem = core::run_isolated([&] { (void)read_in_this_process(path); }, std::chrono::milliseconds(60'000))) {
    const std::string name = fmt::format("'{}'", path.string());
    if (problem->rfind(name, 0) == 0) throw std::runtime_error(*problem);
    throw std::runtime_error(fmt::format("{} cannot be read as a calibration's posterior: reading it {}", name, *problem));
  }
  return read_in_this_process(path);
}

}  // namespace cdsim::record
