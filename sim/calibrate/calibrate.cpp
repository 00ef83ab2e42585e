#include "sim/calibrate/calibrate.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/calibrate/history_matching.hpp"
#include "sim/calibrate/observed_data.hpp"
#include "sim/core/fingerprint.hpp"
#include "sim/core/output_file.hpp"
#include "sim/record/posterior_file.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/run/sweep.hpp"
#include "sim/run/sweep_design.hpp"
#include "sim/run/sweep_journal.hpp"
#include "sim/run/sweep_mpi.hpp"
#include "sim/spec/calibration_spec.hpp"
#include "sim/spec/yaml_document.hpp"

namespace cdsim::calibrate {
namespace {

namespace fs = std::filesystem;
using spec::ParameterDistribution;

// Fewer residents than this per run give counts too small to fit anything.
constexpr std::int64_t kMinResidents = 500;
constexpr int kPosteriorDraws = 1000;

/// Everything a run needs, checked before the first one.
struct Plan {
  spec::CalibrationSpec cal;
  std::string label;      ///< the scenario file as named
  std::string base_text;  ///< its text
  std::vector<spec::Override> fixed;  ///< the calibration's changes, then the runs' horizon, size and replicates
  spec::ScenarioSpec base;            ///< with `fixed`
  ObservedData data;
  std::vector<Target> targets;
  std::string fingerprint;
};

double value_of(const ParameterDistribution& p, double u) { return run::value_at(p, u); }

std::vector<spec::Override> overrides_at(const Plan& plan, const std::vector<double>& unit) {
  std::vector<spec::Override> out = plan.fixed;
  for (std::size_t k = 0; k < plan.cal.parameters.size(); ++k) {
    const ParameterDistribution& p = plan.cal.parameters[k];
    out.push_back({p.key, run::format_value(p, value_of(p, unit[k]))});
  }
  return out;
}

std::string describe_prior(const ParameterDistribution& p) {
  switch (p.kind) {
    case ParameterDistribution::Kind::range:
      return fmt::format("uniform({:g}, {:g})", p.low, p.high);
    case ParameterDistribution::Kind::lognormal:
      return fmt::format("lognormal(median {:g}, p95 {:g})", std::exp(p.mean), std::exp(p.mean + 1.6448536269514722 * p.sd));
    default:
      return fmt::format("normal({:g}, {:g})", p.mean, p.sd);
  }
}

Plan make_plan(const fs::path& file) {
  Plan plan;
  plan.cal = spec::load_calibration(file);
  const spec::CalibrationSpec& cal = plan.cal;
  plan.label = cal.scenario.string();
  plan.base_text = spec::read_spec_file(cal.scenario, "scenario");
  const spec::ScenarioSpec whole = spec::parse_scenario(plan.base_text, plan.label, cal.set);
  plan.data = read_observed_data(cal.data, frame_of(whole, run::make_metadata(whole)));

  // Runs stop at the data's last day (a week's step boundary past it), and simulate the population share.
  const long weeks = (last_day(plan.data).days_since_epoch() + 1 - whole.start.days_since_epoch() + 6) / 7;
  const std::int64_t residents = std::llround(static_cast<double>(whole.population.size) * cal.population_fraction);
  if (residents < kMinResidents)
    throw std::runtime_error(fmt::format("calibration '{}': population_fraction {} leaves {} residents a run; at least {} "
                                         "are needed for counts worth fitting",
                                         file.string(), cal.population_fraction, residents, kMinResidents));
  plan.fixed = cal.set;
  plan.fixed.push_back({"years", fmt::format("{}", static_cast<double>(weeks) * 7 / 365.25)});
  plan.fixed.push_back({"population.size", std::to_string(residents)});
  plan.fixed.push_back({"replicates", "1"});
  plan.base = spec::parse_scenario(plan.base_text, plan.label, plan.fixed);

  // Each parameter alone at its prior's median, then at either end (the others at their medians), must
  // make a valid scenario: a misspelt key is named as itself, not as the first end that fails.
  const std::size_t d = cal.parameters.size();
  const auto check = [&](std::size_t k, const std::vector<spec::Override>& overrides, const std::string& where) {
    try {
      (void)spec::parse_scenario(plan.base_text, plan.label, overrides);
    } catch (const spec::SpecError& e) {
      throw std::runtime_error(fmt::format("calibration '{}': parameters.{}: at {} the scenario is not valid:\n{}",
                                           file.string(), cal.parameters[k].key, where, e.what()));
    }
  };
  for (std::size_t k = 0; k < d; ++k) {
    std::vector<spec::Override> alone = plan.fixed;
    const ParameterDistribution& p = cal.parameters[k];
    alone.push_back({p.key, run::format_value(p, value_of(p, 0.5))});
    check(k, alone, fmt::format("its prior's median {}", alone.back().value));
  }
  for (std::size_t k = 0; k < d; ++k) {
    for (const double u : {kUnitEdge, 1 - kUnitEdge}) {
      std::vector<double> unit(d, 0.5);
      unit[k] = u;
      const ParameterDistribution& p = cal.parameters[k];
      check(k, overrides_at(plan, unit),
            fmt::format("{} (the prior's {} end)", run::format_value(p, value_of(p, u)), u < 0.5 ? "low" : "high"));
    }
  }
  for (const auto& o : plan.data.rows) {
    const double discrepancy = cal.model_discrepancy * o.value;
    plan.targets.push_back({o.value, o.sd * o.sd + discrepancy * discrepancy});
  }
  core::Fingerprint f;
  f.add(CDSIM_VERSION);
  f.add(cal.text);
  f.add(spec::emit_scenario(plan.base));
  f.add(plan.data.text);
  plan.fingerprint = f.hex();
  return plan;
}

std::vector<double> run_point(const Plan& plan, const std::vector<double>& unit, std::size_t run, core::Executor ex) {
  const spec::ScenarioSpec s = spec::parse_scenario(plan.base_text, plan.label, overrides_at(plan, unit));
  const record::RunMetadata meta = run::make_metadata(s);
  const record::ReplicateObservations obs = run::simulate_replicate(s, meta, static_cast<int>(run), ex);
  std::vector<double> out;
  for (const auto& o : plan.data.rows) out.push_back(model_value(o, s, meta, obs, plan.cal.population_fraction));
  return out;
}

/// Centiles 5, 50 and 95 of `v` (linear between order statistics).
std::array<double, 3> centiles(std::vector<double> v) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (v.empty()) return {nan, nan, nan};
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto i = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
  };
  return {at(0.05), at(0.5), at(0.95)};
}

record::PosteriorResults posterior_of(const Plan& plan, const HistoryMatchingResult& hm) {
  const auto& params = plan.cal.parameters;
  const std::size_t D = params.size(), O = plan.targets.size();
  record::PosteriorResults r;
  r.method = spec::kCalibrationMethodNames[static_cast<std::size_t>(plan.cal.method)];
  r.status = hm.status == HistoryMatchingResult::Status::fitted ? "fitted" : "nothing_plausible";
  r.message = hm.message;
  r.calibration_yaml = plan.cal.text;
  r.scenario_yaml = spec::emit_scenario(spec::parse_scenario(plan.base_text, plan.label, plan.cal.set));
  r.data_csv = plan.data.text;
  r.fingerprint = plan.fingerprint;
  r.cdsim_version = CDSIM_VERSION;
  r.population_fraction = plan.cal.population_fraction;
  r.implausibility_cutoff = plan.cal.implausibility_cutoff;
  r.model_discrepancy = plan.cal.model_discrepancy;
  r.effective_sample_size = hm.effective_sample_size;
  for (std::size_t k = 0; k < D; ++k) {
    r.parameter_names.push_back(params[k].key);
    r.prior.push_back(describe_prior(params[k]));
    r.prior_low.push_back(value_of(params[k], 0.05));
    r.prior_median.push_back(value_of(params[k], 0.5));
    r.prior_high.push_back(value_of(params[k], 0.95));
    std::vector<double> v;
    for (const auto& x : hm.draws) v.push_back(value_of(params[k], x[k]));
    const auto c = centiles(v);
    r.posterior_low.push_back(c[0]), r.posterior_median.push_back(c[1]), r.posterior_high.push_back(c[2]);
  }
  r.draws = hm.draws.size();
  for (const auto& x : hm.draws)
    for (std::size_t k = 0; k < D; ++k) r.draw_value.push_back(value_of(params[k], x[k]));
  r.runs = hm.run_points.size();
  for (std::size_t i = 0; i < r.runs; ++i) {
    for (std::size_t k = 0; k < D; ++k) r.run_value.push_back(value_of(params[k], hm.run_points[i][k]));
    r.run_wave.push_back(hm.run_wave[i]);
    r.run_output.insert(r.run_output.end(), hm.run_outputs[i].begin(), hm.run_outputs[i].end());
  }
  r.run_implausibility = hm.run_implausibility;
  if (r.run_implausibility.size() != r.runs) r.run_implausibility.assign(r.runs, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t j = 0; j < O; ++j) {
    const Observation& o = plan.data.rows[j];
    r.observation_measure.push_back(kMeasures[static_cast<std::size_t>(o.measure)].name);
    r.observation_start.push_back(o.period_start.iso());
    r.observation_end.push_back(o.period_end.iso());
    r.observation_age_group.push_back(o.age_group);
    r.observation_neighbourhood.push_back(o.neighbourhood);
    r.observation_value.push_back(o.value);
    r.observation_sd.push_back(o.sd);
    std::vector<double> check;
    for (std::size_t i = 0; i < r.runs; ++i)
      if (hm.run_wave[i] == 0) check.push_back(hm.run_outputs[i][j]);
    const auto c = centiles(check);
    r.predicted_low.push_back(c[0]), r.predicted_median.push_back(c[1]), r.predicted_high.push_back(c[2]);
    r.chance_sd.push_back(j < hm.chance_variance.size() ? std::sqrt(hm.chance_variance[j])
                                                         : std::numeric_limits<double>::quiet_NaN());
  }
  r.waves = hm.waves.size();
  for (const Wave& w : hm.waves) {
    r.wave_runs.push_back(w.runs);
    r.wave_emulated_runs.push_back(w.emulated_points);
    r.wave_region_fraction.push_back(w.region_fraction);
    for (std::size_t k = 0; k < D; ++k) {
      r.wave_low.push_back(value_of(params[k], std::max(w.low[k], kUnitEdge)));
      r.wave_high.push_back(value_of(params[k], std::min(w.high[k], 1 - kUnitEdge)));
    }
    r.wave_loo_within_3sd.push_back(w.loo_within_3sd);
    for (std::size_t j = 0; j < O; ++j)
      r.wave_emulator_sd_share.push_back(j < w.emulator_sd_share.size() ? w.emulator_sd_share[j]
                                                                        : std::numeric_limits<double>::quiet_NaN());
  }
  return r;
}

/// The calibrated scenario: the scenario with the calibration's changes and the posterior medians, and
/// where its draws are, so `cdsim run --uncertainty` carries the posterior.
std::string calibrated_scenario(const Plan& plan, const record::PosteriorResults& r, const fs::path& scenario_file,
                                const fs::path& posterior_file) {
  std::vector<spec::Override> set = plan.cal.set;
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k)
    set.push_back({r.parameter_names[k], run::format_value(plan.cal.parameters[k], r.posterior_median[k])});
  const fs::path absolute = fs::absolute(posterior_file).lexically_normal();
  set.push_back({"posterior", absolute.string()});
  const spec::ScenarioSpec s = spec::parse_scenario(plan.base_text, plan.label, set);
  // Written relative to the calibrated scenario, so the two files can move together.
  std::error_code ec;
  fs::path rel = fs::relative(absolute, fs::absolute(scenario_file).parent_path(), ec);
  if (ec || rel.empty()) rel = absolute;
  std::string text = spec::emit_scenario(s);
  const std::string quoted = fmt::format("posterior: \"{}\"", absolute.string());
  if (const auto at = text.find(quoted); at != std::string::npos)
    text.replace(at, quoted.size(), fmt::format("posterior: \"{}\"", rel.string()));
  return fmt::format("# Calibrated by `cdsim calibrate` ({} runs, {}): the posterior medians of {}.\n"
                     "# With `cdsim run --uncertainty`, replicate r takes posterior draw r from {} for these keys.\n{}",
                     r.runs, r.method, fmt::join(r.parameter_names, ", "), rel.string(), text);
}

std::string number(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::abs(v);
  if (a >= 1000) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.3g}", v);
}

std::string table(const Plan& plan, const record::PosteriorResults& r, const CalibrateOptions& o, double seconds) {
  std::string out = fmt::format(
      "calibration of '{}' to '{}': {}, {} runs ({} waves + {} check runs) of {:g}% of the residents, {:.0f} s\n\n",
      plan.label, plan.data.label, r.method, r.runs, r.waves,
      std::count(r.run_wave.begin(), r.run_wave.end(), 0), 100 * r.population_fraction, seconds);
  out += fmt::format("{:<6}{:>6}{:>10}{:>14}{:>16}\n", "wave", "runs", "emulated", "region left", "emulator LOO");
  for (std::size_t w = 0; w < r.waves; ++w)
    out += fmt::format("{:<6}{:>6}{:>10}{:>13.3g}%{:>15.0f}%\n", w + 1, r.wave_runs[w], r.wave_emulated_runs[w],
                       100 * r.wave_region_fraction[w], 100 * r.wave_loo_within_3sd[w]);
  out += fmt::format("\n{:<44}{:>34}{:>34}\n", "parameter", "prior median (90%)", "posterior median (90%)");
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k)
    out += fmt::format("{:<44}{:>34}{:>34}\n", r.parameter_names[k],
                       fmt::format("{} ({} to {})", number(r.prior_median[k]), number(r.prior_low[k]), number(r.prior_high[k])),
                       fmt::format("{} ({} to {})", number(r.posterior_median[k]), number(r.posterior_low[k]),
                                   number(r.posterior_high[k])));
  out += fmt::format("\n{:<56}{:>12}{:>30}\n", "observation", "observed", "model median (90%)");
  for (std::size_t j = 0; j < r.observation_measure.size(); ++j) {
    const bool inside = r.observation_value[j] >= r.predicted_low[j] && r.observation_value[j] <= r.predicted_high[j];
    out += fmt::format("{:<56}{:>12}{:>30}{}\n", plan.data.rows[j].label(), number(r.observation_value[j]),
                       fmt::format("{} ({} to {})", number(r.predicted_median[j]), number(r.predicted_low[j]),
                                   number(r.predicted_high[j])),
                       std::isfinite(r.predicted_low[j]) && !inside ? "  outside" : "");
  }
  out += fmt::format("\nposterior: {} draws (effective sample size {:.0f}) -> {}", r.draws, r.effective_sample_size,
                     o.output.string());
  if (!o.calibrated_scenario.empty()) out += fmt::format("; calibrated scenario -> {}", o.calibrated_scenario.string());
  out += "\n";
  if (r.effective_sample_size < 50)
    out += "note: the posterior rests on few distinct points (effective sample size under 50): give more runs\n";
  return out;
}

nlohmann::json json_of(const Plan& plan, const record::PosteriorResults& r, double seconds) {
  using nlohmann::json;
  const auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json j;
  j["calibration"] = {{"scenario", plan.label}, {"data", plan.data.label}, {"method", r.method}, {"status", r.status},
                      {"message", r.message}, {"runs", r.runs}, {"population_fraction", r.population_fraction},
                      {"effective_sample_size", r.effective_sample_size}, {"seconds", seconds}};
  j["waves"] = json::array();
  for (std::size_t w = 0; w < r.waves; ++w)
    j["waves"].push_back({{"wave", w + 1}, {"runs", r.wave_runs[w]}, {"emulated_runs", r.wave_emulated_runs[w]},
                          {"region_fraction", r.wave_region_fraction[w]}, {"loo_within_3sd", r.wave_loo_within_3sd[w]}});
  j["parameters"] = json::array();
  for (std::size_t k = 0; k < r.parameter_names.size(); ++k)
    j["parameters"].push_back(
        {{"key", r.parameter_names[k]}, {"prior", r.prior[k]},
         {"prior_interval", {{"median", num(r.prior_median[k])}, {"low", num(r.prior_low[k])}, {"high", num(r.prior_high[k])}}},
         {"posterior",
          {{"median", num(r.posterior_median[k])}, {"low", num(r.posterior_low[k])}, {"high", num(r.posterior_high[k])}}}});
  j["observations"] = json::array();
  for (std::size_t o = 0; o < r.observation_measure.size(); ++o)
    j["observations"].push_back({{"measure", r.observation_measure[o]}, {"period_start", r.observation_start[o]},
                                 {"period_end", r.observation_end[o]}, {"age_group", r.observation_age_group[o]},
                                 {"neighbourhood", r.observation_neighbourhood[o]}, {"observed", r.observation_value[o]},
                                 {"sd", r.observation_sd[o]},
                                 {"predicted",
                                  {{"median", num(r.predicted_median[o])}, {"low", num(r.predicted_low[o])},
                                   {"high", num(r.predicted_high[o])}}}});
  return j;
}

}  // namespace

int calibrate(const fs::path& calibration_file, const CalibrateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // Under mpirun every rank plans and matches alike (the same files, the same emulators); the runs of
  // each wave are shared, and rank 0 alone journals, writes and prints.
  std::unique_ptr<run::SharedRuns> ranks;
  if (run::launched_by_mpi()) ranks = std::make_unique<run::SharedRuns>();
  const bool lead = !ranks || ranks->rank() == 0;
  core::Executor executor = options.executor;
  if (ranks && executor.threads == 0) executor.threads = 1;  // ranks fill the cores, as in sweeps
  std::optional<Plan> planned;
  try {
    planned.emplace(make_plan(calibration_file));
  } catch (const std::exception&) {
    if (lead) throw;  // every rank read the same files and failed alike: rank 0 says why
    return 1;
  }
  const Plan& plan = *planned;

  std::unique_ptr<run::SweepJournal> journal;
  std::optional<std::string> refused;
  if (lead) {
    try {
      const fs::path inputs[] = {calibration_file, plan.cal.scenario, plan.cal.data};
      core::refuse_overwriting_inputs(options.output, inputs);
      if (!options.calibrated_scenario.empty()) {
        core::refuse_overwriting_inputs(options.calibrated_scenario, inputs);
        if (fs::absolute(options.calibrated_scenario) == fs::absolute(options.output))
          throw std::runtime_error("-s and -o name the same file");
      }
      core::create_output_folder(options.output);
      const fs::path journal_file = run::journal_path(options.output);
      if (fs::exists(journal_file) && !options.resume)
        throw std::runtime_error(fmt::format("'{}' holds the runs of an earlier start of this calibration: add "
                                             "--resume to continue it, or remove the file to start again",
                                             journal_file.string()));
      journal = std::make_unique<run::SweepJournal>(journal_file, plan.fingerprint, plan.targets.size(), "calibration");
    } catch (const std::exception& e) {
      refused = e.what();
    }
  }
  if (ranks && ranks->agree(refused ? 1 : 0) != 0 && !lead) return 1;
  if (refused) throw std::runtime_error(*refused);

  const bool terminal = lead && isatty(STDERR_FILENO) != 0;
  std::size_t done = 0;
  const auto progress = [&](std::size_t n) {
    done += n;
    if (terminal) {
      std::fprintf(stderr, "\rcalibrate: run %zu of at most %d", done, plan.cal.runs);
      std::fflush(stderr);
    }
  };
  const Simulator simulate = [&](const std::vector<std::vector<double>>& points, std::size_t first_run) {
    std::vector<std::vector<double>> known(points.size());
    if (lead)
      for (std::size_t i = 0; i < points.size(); ++i)
        if (const auto it = journal->done().find(first_run + i); it != journal->done().end()) known[i] = it->second;
    std::vector<std::vector<double>> outputs;
    if (ranks) {
      outputs = ranks->share(known, plan.targets.size(), [&](std::size_t i) {
        try {
          return run_point(plan, points[i], first_run + i, executor);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "cdsim: error on rank %d: %s\n", ranks->rank(), e.what());
          ranks->abort();
        }
      });
      if (lead)
        for (std::size_t i = 0; i < points.size(); ++i)
          if (known[i].empty()) journal->append(first_run + i, outputs[i]);
      progress(points.size());
      return outputs;
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
      run::throw_if_interrupted("calibration");
      if (known[i].empty()) {
        known[i] = run_point(plan, points[i], first_run + i, executor);
        journal->append(first_run + i, known[i]);
      }
      outputs.push_back(known[i]);
      progress(1);
    }
    return outputs;
  };
  HistoryMatchingOptions hm_options;
  hm_options.runs = plan.cal.runs;
  hm_options.max_waves = plan.cal.waves;
  hm_options.cutoff = plan.cal.implausibility_cutoff;
  hm_options.chance_scale = plan.cal.population_fraction;
  hm_options.seed = plan.cal.seed;
  hm_options.posterior_draws = kPosteriorDraws;
  const HistoryMatchingResult hm = history_match(plan.targets, plan.cal.parameters.size(), simulate, hm_options);
  if (terminal) std::fputc('\n', stderr);
  const bool fitted = hm.status == HistoryMatchingResult::Status::fitted;
  if (!lead) return fitted ? 0 : kNothingPlausible;

  const record::PosteriorResults posterior = posterior_of(plan, hm);
  record::write_posterior(options.output, posterior);
  if (fitted && !options.calibrated_scenario.empty()) {
    core::create_output_folder(options.calibrated_scenario);
    core::write_output(options.calibrated_scenario,
                       calibrated_scenario(plan, posterior, options.calibrated_scenario, options.output), "calibrated scenario");
  }
  journal->remove();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (options.json) {
    fmt::print("{}\n", json_of(plan, posterior, seconds).dump(2));
  } else if (fitted) {
    fmt::print("{}", table(plan, posterior, options, seconds));
    if (ranks) fmt::print("({} MPI ranks shared the runs)\n", ranks->ranks());
  }
  if (!fitted) {
    std::fprintf(stderr, "calibration of '%s': %s. Nothing is fitted; the waves are in '%s'.\n", plan.label.c_str(),
                 hm.message.c_str(), options.output.string().c_str());
    return kNothingPlausible;
  }
  return 0;
}

}  // namespace cdsim::calibrate
