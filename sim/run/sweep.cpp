#include "sim/run/sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "sim/core/fingerprint.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/run/sweep_journal.hpp"
#include "sim/run/sweep_kpis.hpp"
#include "sim/spec/load_scenario.hpp"
#include "sim/spec/yaml_document.hpp"

namespace cdsim::run {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

SweepPlan::SweepPlan(const std::filesystem::path& sweep_file) : sweep_(spec::load_sweep(sweep_file)) {
  base_text_ = spec::read_spec_file(sweep_.base, "scenario");
  base_ = spec::parse_scenario(base_text_, sweep_.base.string(), sweep_.set);
  base_meta_ = make_metadata(base_);
  points_ = make_points(sweep_);
  // Every point's scenario is checked now, so a bad range stops the sweep before any run.
  for (std::size_t p = 0; p < points(); ++p) {
    spec::ScenarioSpec s;
    try {
      s = scenario(p);
    } catch (const spec::SpecError& e) {
      std::string where;
      for (const auto& o : overrides(p)) where += fmt::format("{}{}={}", where.empty() ? "" : ", ", o.key_path, o.value);
      throw std::runtime_error(fmt::format("sweep '{}': point {} ({}) is not a valid scenario:\n{}", sweep_.name,
                                           p, where, e.what()));
    }
    if (sweep_.series && s.step_count() != base_.step_count()) {
      throw std::runtime_error(fmt::format(
          "sweep '{}': outputs.series needs every point to run the same weeks, but point {} runs {} and the base {}",
          sweep_.name, p, s.step_count(), base_.step_count()));
    }
  }
  core::Fingerprint f;
  f.add(CDSIM_VERSION);
  f.add(spec::emit_scenario(base_));
  for (const auto& p : sweep_.parameters) f.add(p.key);
  for (const auto& row : points_.values) f.add(row.data(), row.size() * sizeof(double));
  f.add_value(sweep_.replicates);
  for (const auto& k : sweep_.kpis) f.add(k);
  f.add_value(sweep_.series);
  fingerprint_ = f.hex();
}

std::size_t SweepPlan::values_per_task() const {
  return sweep_.kpis.size() + (sweep_.series ? spec::kSweepSeriesNames.size() * base_meta_.times() : 0);
}

std::vector<spec::Override> SweepPlan::overrides(std::size_t point) const {
  std::vector<spec::Override> out = sweep_.set;
  for (std::size_t j = 0; j < sweep_.parameters.size(); ++j)
    out.push_back({sweep_.parameters[j].key, format_value(sweep_.parameters[j], points_.values[point][j])});
  return out;
}

spec::ScenarioSpec SweepPlan::scenario(std::size_t point) const {
  return spec::parse_scenario(base_text_, sweep_.base.string(), overrides(point));
}

std::vector<double> SweepPlan::run(std::uint64_t task, core::Executor executor) const {
  const spec::ScenarioSpec s = scenario(point_of(task));
  const record::RunMetadata meta = make_metadata(s);
  const record::ReplicateObservations obs = simulate_replicate(s, meta, replicate_of(task), executor);
  std::vector<double> values = sweep_kpis(meta, obs, sweep_.kpis);
  if (sweep_.series) {
    const std::vector<double> series = sweep_series(meta, obs);
    values.insert(values.end(), series.begin(), series.end());
  }
  return values;
}

record::SweepResults SweepPlan::results(const std::function<const std::vector<double>*(std::uint64_t)>& done,
                                        const std::string& shard) const {
  record::SweepResults r;
  r.name = sweep_.name;
  r.sweep_yaml = sweep_.text;
  r.base_yaml = spec::emit_scenario(base_);
  r.design = spec::kSweepDesignNames[static_cast<std::size_t>(sweep_.design.type)];
  r.design_samples = sweep_.design.samples;
  r.design_levels = sweep_.design.levels;
  r.fingerprint = fingerprint_;
  r.shard = shard;
  r.cdsim_version = CDSIM_VERSION;
  for (const auto& p : sweep_.parameters) r.parameter_names.push_back(p.key);
  r.kpi_names = sweep_.kpis;
  r.points = points();
  r.replicates = static_cast<std::size_t>(sweep_.replicates);
  for (std::size_t p = 0; p < points(); ++p) {
    r.unit.insert(r.unit.end(), points_.unit[p].begin(), points_.unit[p].end());
    r.parameter.insert(r.parameter.end(), points_.values[p].begin(), points_.values[p].end());
  }
  if (sweep_.series) {
    r.series_names.assign(spec::kSweepSeriesNames.begin(), spec::kSweepSeriesNames.end());
    r.start = base_meta_.start;
    r.step_days = base_meta_.step_days;
    r.times = base_meta_.times();
  }
  const std::size_t K = r.kpi_names.size(), series_values = r.series_names.size() * r.times;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t p = 0; p < r.points; ++p) {
    for (std::size_t rep = 0; rep < r.replicates; ++rep) {
      const std::vector<double>* v = done(rep * r.points + p);
      r.seed.push_back(base_.seed);
      r.completed.push_back(v ? 1 : 0);
      for (std::size_t k = 0; k < K; ++k) r.kpis.push_back(v ? (*v)[k] : nan);
      for (std::size_t k = 0; k < series_values; ++k) r.series.push_back(v ? (*v)[K + k] : nan);
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------

SweepProgress::SweepProgress(std::size_t total, std::size_t already_done)
    : total_(total), done_(already_done), started_with_(already_done), terminal_(isatty(STDERR_FILENO) != 0),
      start_(now_seconds()) {}

void SweepProgress::one_done() {
  ++done_;
  if (!terminal_) return;
  const double elapsed = now_seconds() - start_;
  const double rate = static_cast<double>(done_ - started_with_) / std::max(elapsed, 1e-9);
  const double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  std::fprintf(stderr, "\rsweep: %zu/%zu runs, %.2f runs/s, %d:%02d left   ", done_, total_, rate,
               static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  if (done_ == total_) std::fputc('\n', stderr);
  std::fflush(stderr);
}

double SweepProgress::seconds() const { return now_seconds() - start_; }

std::filesystem::path journal_path(const std::filesystem::path& output) {
  std::filesystem::path p = output;
  p += ".journal";
  return p;
}

std::string shard_label(const SweepOptions& options) {
  return options.shards > 1 ? fmt::format("{}/{}", options.shard, options.shards) : std::string();
}

bool already_complete(const SweepPlan& plan, const std::filesystem::path& output, const std::string& shard) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(output, ec) || std::filesystem::exists(journal_path(output), ec)) return false;
  try {
    const record::SweepResults r = record::read_sweep_results(output);
    return r.fingerprint == plan.fingerprint() && r.shard == shard;
  } catch (const std::exception&) {
    return false;  // not this sweep's results: run, and replace it
  }
}

std::string sweep_summary(const SweepPlan& plan, std::size_t runs, std::size_t kept, double seconds,
                          const std::filesystem::path& output) {
  return fmt::format("sweep {}: {} runs ({} points x {} replicates, {} design{}) in {:.1f} s -> {}\n",
                     plan.sweep().name, runs, plan.points(), plan.sweep().replicates,
                     spec::kSweepDesignNames[static_cast<std::size_t>(plan.sweep().design.type)],
                     kept == 0 ? "" : fmt::format("; resumed, {} run{} kept from before", kept, kept == 1 ? "" : "s"),
                     seconds, output.string());
}

std::string run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  const std::string shard = shard_label(options);
  if (already_complete(plan, options.output, shard))
    return fmt::format("sweep {}: '{}' already holds these results; nothing to run\n", plan.sweep().name,
                       options.output.string());
  SweepJournal journal(journal_path(options.output), plan.fingerprint(), plan.values_per_task());
  const ShardTasks tasks = shard_tasks(plan, options, journal);
  SweepProgress progress(tasks.count, tasks.kept());
  const auto stopped = [&](int signal) { return Interrupted(kept_message(plan, journal, tasks.count), signal); };
  for (const std::uint64_t t : tasks.pending) {
    if (interrupt_signal() != 0) throw stopped(interrupt_signal());
    std::vector<double> values;
    try {
      values = plan.run(t, options.executor);
    } catch (const Interrupted& e) {
      throw stopped(e.signal());  // the run under way is dropped; it is redone on resume
    }
    journal.append(t, values);
    progress.one_done();
  }
  write_from_journal(plan, options, journal);
  return sweep_summary(plan, tasks.pending.size(), tasks.kept(), progress.seconds(), options.output);
}

ShardTasks shard_tasks(const SweepPlan& plan, const SweepOptions& options, const SweepJournal& journal) {
  ShardTasks tasks;
  for (std::uint64_t t = static_cast<std::uint64_t>(options.shard); t < plan.tasks();
       t += static_cast<std::uint64_t>(options.shards)) {
    ++tasks.count;
    if (!journal.done().contains(t)) tasks.pending.push_back(t);
  }
  return tasks;
}

std::string kept_message(const SweepPlan& plan, const SweepJournal& journal, std::size_t count) {
  return fmt::format("sweep {}: {} of {} runs are kept in '{}'; run the same command again to resume",
                     plan.sweep().name, journal.done().size(), count, journal.path().string());
}

void write_from_journal(const SweepPlan& plan, const SweepOptions& options, SweepJournal& journal) {
  const auto& done = journal.done();
  record::write_sweep_results(options.output, plan.results(
                                                  [&](std::uint64_t t) -> const std::vector<double>* {
                                                    const auto it = done.find(t);
                                                    return it == done.end() ? nullptr : &it->second;
                                                  },
                                                  shard_label(options)));
  journal.remove();
}

std::string merge_sweeps(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output) {
  std::vector<record::SweepResults> shards;
  for (const auto& path : inputs) shards.push_back(record::read_sweep_results(path));
  record::SweepResults merged = shards.front();
  for (std::size_t s = 1; s < shards.size(); ++s) {
    if (shards[s].fingerprint != merged.fingerprint)
      throw std::runtime_error(fmt::format("'{}' and '{}' are results of different sweeps (sweep '{}' and '{}'); "
                                           "only shards of one sweep can be merged",
                                           inputs[0].string(), inputs[s].string(), merged.name, shards[s].name));
  }
  std::set<std::string> labels;
  for (std::size_t s = 0; s < shards.size(); ++s) {
    if (!labels.insert(shards[s].shard).second)
      throw std::runtime_error(fmt::format("'{}' is shard '{}' again", inputs[s].string(), shards[s].shard));
  }
  const std::size_t K = merged.kpi_names.size(), V = merged.series_names.size() * merged.times;
  for (std::size_t s = 1; s < shards.size(); ++s) {
    const record::SweepResults& r = shards[s];
    for (std::size_t run = 0; run < merged.completed.size(); ++run) {
      if (!r.completed[run]) continue;
      const bool had = merged.completed[run] != 0;
      const auto same = [&](const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
        for (std::size_t k = run * n; k < (run + 1) * n; ++k)
          if (!(a[k] == b[k] || (std::isnan(a[k]) && std::isnan(b[k])))) return false;
        return true;
      };
      if (had && (!same(merged.kpis, r.kpis, K) || !same(merged.series, r.series, V)))
        throw std::runtime_error(fmt::format("'{}' disagrees with an earlier shard about point {}, replicate {}",
                                             inputs[s].string(), run / merged.replicates, run % merged.replicates));
      merged.completed[run] = 1;
      std::copy(r.kpis.begin() + static_cast<std::ptrdiff_t>(run * K), r.kpis.begin() + static_cast<std::ptrdiff_t>((run + 1) * K),
                merged.kpis.begin() + static_cast<std::ptrdiff_t>(run * K));
      std::copy(r.series.begin() + static_cast<std::ptrdiff_t>(run * V), r.series.begin() + static_cast<std::ptrdiff_t>((run + 1) * V),
                merged.series.begin() + static_cast<std::ptrdiff_t>(run * V));
    }
  }
  const auto missing = static_cast<std::size_t>(std::count(merged.completed.begin(), merged.completed.end(), 0));
  if (missing > 0) {
    const auto first = static_cast<std::size_t>(std::find(merged.completed.begin(), merged.completed.end(), 0) - merged.completed.begin());
    throw std::runtime_error(fmt::format("the {} files leave {} of {} runs missing (first: point {}, replicate {}); "
                                         "merge every shard of the sweep",
                                         inputs.size(), missing, merged.completed.size(), first / merged.replicates,
                                         first % merged.replicates));
  }
  merged.shard.clear();
  record::write_sweep_results(output, merged);
  return fmt::format("sweep {}: merged {} shards ({} runs) -> {}\n", merged.name, inputs.size(), merged.completed.size(),
                     output.string());
}

}  // namespace cdsim::run
