// Data flow: sweep YAML -> [plan: every point's scenario checked] -> runs (threads, MPI ranks or
// job-array shards) -> journal -> sweep results file; shards -> [merge] -> one file.
// A run is a pure function of (point, replicate): the point's scenario with replicate r's random
// streams (common random numbers across points). So the results are bit-identical whichever process,
// rank, shard or thread count ran them, and a resumed sweep equals an uninterrupted one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/executor.hpp"
#include "sim/record/observation.hpp"
#include "sim/record/sweep_file.hpp"
#include "sim/run/sweep_design.hpp"
#include "sim/spec/sweep_spec.hpp"

namespace cdsim::run {

class SweepJournal;

class SweepPlan {
 public:
  /// Reads the sweep and its base scenario and checks the scenario of every point before anything
  /// runs; throws SpecError (the sweep file's problems) or std::runtime_error naming the point.
  explicit SweepPlan(const std::filesystem::path& sweep_file);

  [[nodiscard]] const spec::SweepSpec& sweep() const { return sweep_; }
  [[nodiscard]] std::size_t points() const { return points_.values.size(); }
  [[nodiscard]] std::size_t tasks() const { return points() * static_cast<std::size_t>(sweep_.replicates); }
  /// Task t is replicate t / points() of point t % points(): every point's first replicate comes first,
  /// so a sweep stopped early has covered the whole design.
  [[nodiscard]] std::size_t point_of(std::uint64_t task) const { return task % points(); }
  [[nodiscard]] int replicate_of(std::uint64_t task) const { return static_cast<int>(task / points()); }
  [[nodiscard]] std::size_t values_per_task() const;
  [[nodiscard]] const std::string& fingerprint() const { return fingerprint_; }

  /// The KPIs (then the series, when kept) of one run.
  [[nodiscard]] std::vector<double> run(std::uint64_t task, core::Executor executor) const;

  /// The results file for `done` (task -> values), `shard` "" or "i/n".
  [[nodiscard]] record::SweepResults results(const std::function<const std::vector<double>*(std::uint64_t)>& done,
                                             const std::string& shard) const;

 private:
  [[nodiscard]] std::vector<spec::Override> overrides(std::size_t point) const;
  [[nodiscard]] spec::ScenarioSpec scenario(std::size_t point) const;

  spec::SweepSpec sweep_;
  std::string base_text_;
  spec::ScenarioSpec base_;  // with the sweep's fixed changes
  record::RunMetadata base_meta_;
  SweepPoints points_;
  std::string fingerprint_;
};

struct SweepOptions {
  std::filesystem::path output;
  int shard = 0, shards = 1;  ///< this process runs the tasks t with t % shards == shard
  core::Executor executor;
};

/// Runs the plan's tasks for this shard in this process, resuming from OUTPUT.journal, and writes the
/// results file. Returns a one-line summary.
std::string run_sweep(const SweepPlan& plan, const SweepOptions& options);

/// Combines shard files of one sweep into `output`, which is then identical to the file an unsharded
/// run writes. Throws when the shards belong to different sweeps, disagree, or leave runs missing.
std::string merge_sweeps(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& output);

/// Reports sweep progress: on a terminal, a line rewritten as runs finish (done, rate, time left);
/// otherwise nothing until finish().
class SweepProgress {
 public:
  SweepProgress(std::size_t total, std::size_t already_done);
  void one_done();
  /// "sweep NAME: N runs (P points x R replicates) in S s -> FILE"
  [[nodiscard]] double seconds() const;

 private:
  std::size_t total_, done_, started_with_;
  bool terminal_;
  double start_;
};

/// The sweep's journal: OUTPUT.journal (shared by the local and the MPI runners).
std::filesystem::path journal_path(const std::filesystem::path& output);
/// Whether `output` already holds this shard's complete results (nothing to run).
bool already_complete(const SweepPlan& plan, const std::filesystem::path& output, const std::string& shard);
/// "i/n" for a shard of several, "" for a whole sweep.
std::string shard_label(const SweepOptions& options);
/// This shard's runs (the tasks t with t % shards == shard): how many, and those the journal does
/// not hold yet, in task order.
struct ShardTasks {
  std::size_t count = 0;
  std::vector<std::uint64_t> pending;
  /// Runs an earlier start already finished.
  [[nodiscard]] std::size_t kept() const { return count - pending.size(); }
};
ShardTasks shard_tasks(const SweepPlan& plan, const SweepOptions& options, const SweepJournal& journal);
/// "sweep NAME: K of N runs are kept in 'JOURNAL'; run the same command again to resume"
std::string kept_message(const SweepPlan& plan, const SweepJournal& journal, std::size_t count);
/// Writes the results file from the runs in the journal, then removes the journal.
void write_from_journal(const SweepPlan& plan, const SweepOptions& options, SweepJournal& journal);
/// The closing line both runners print; `kept` runs came from the journal of an earlier start.
std::string sweep_summary(const SweepPlan& plan, std::size_t runs, std::size_t kept, double seconds,
                          const std::filesystem::path& output);

}  // namespace cdsim::run
