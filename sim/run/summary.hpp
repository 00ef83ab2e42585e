// Data flow: observations -> [summary] -> the short report `cdsim run` prints.
// Borough-wide headline figures over replicates: mean and 90% interval (5th-95th percentile).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "sim/compare/interval.hpp"
#include "sim/record/observation.hpp"

namespace cdsim::run {

// The run summary and validate state their figures as compare does.
using compare::Interval;
using compare::interval_of;

class RunSummary {
 public:
  explicit RunSummary(const record::RunMetadata& meta);
  void add(const record::ReplicateObservations& obs);

  [[nodiscard]] Interval residents_at_start(std::size_t state) const;
  [[nodiscard]] Interval residents_at_end(std::size_t state) const;
  [[nodiscard]] Interval crisis_entries_per_year() const;
  [[nodiscard]] Interval deaths_per_year() const;
  [[nodiscard]] Interval births_per_year() const;
  /// Pounds over the whole horizon; agency "" for all agencies together.
  [[nodiscard]] Interval total_cost(const std::string& agency = "") const;

  /// A few lines for a terminal.
  [[nodiscard]] std::string format() const;

 private:
  record::RunMetadata meta_;
  double years_;
  std::vector<std::array<double, 3>> start_, end_;
  std::vector<double> crisis_entries_, deaths_, births_;
  std::vector<std::vector<double>> cost_by_category_;  // [replicate][category]
};

}  // namespace cdsim::run
