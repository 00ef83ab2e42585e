// Data flow: finished sweep runs -> [journal] -> resume, and the results file when all are done.
// The checkpoint of a sweep in progress: NAME.journal beside the results, one record per finished run
// (task index, its KPIs and series), appended and flushed to disk as each run finishes. A sweep
// killed at any moment (kill -9 included) leaves at worst a torn last record, which the checksum
// catches and reopening cuts off; started again with the same command, the sweep reads the journal,
// skips what is in it and continues. The journal names its sweep's fingerprint, so a changed sweep
// file is refused rather than mixed in. The journal is locked while its sweep runs, so a second sweep
// writing the same results at the same time is refused at start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cdsim::run {

class SweepJournal {
 public:
  /// Opens `path`, creating it for `fingerprint`, or reading the runs it already holds. Throws when
  /// the journal belongs to another sweep or cannot be written. `job` names what journals its runs in
  /// messages: "sweep", or "calibration" (whose runs are journalled the same way).
  SweepJournal(std::filesystem::path path, const std::string& fingerprint, std::size_t values_per_task,
               std::string job = "sweep");
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  /// Runs finished so far: task index -> values.
  [[nodiscard]] const std::map<std::uint64_t, std::vector<double>>& done() const { return done_; }

  /// Appends a finished run and makes it durable before returning.
  void append(std::uint64_t task, const std::vector<double>& values);

  /// Removes the journal (once the results file is complete).
  void remove();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  /// Reads the runs already in the journal into done_; returns how many of its bytes to keep.
  std::size_t read_records(const std::string& header);

  std::filesystem::path path_;
  std::size_t values_per_task_;
  std::string job_;
  int fd_ = -1;
  std::map<std::uint64_t, std::vector<double>> done_;
};

}  // namespace cdsim::run
