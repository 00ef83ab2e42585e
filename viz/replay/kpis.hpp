// Data flow: Results (one or two files) -> [kpis] -> horizon totals and paired differences with 90%
// intervals: the numbers on the compare panel's cards, as `cdsim compare` reports them.
#pragma once

#include <string>
#include <vector>

#include "sim/record/results.hpp"

namespace cdsim::viz {

/// Mean over replicates with the 5th-95th percentile (a 90% interval).
struct Interval {
  double mean = 0;
  double lo = 0;
  double hi = 0;
};

[[nodiscard]] Interval interval_of(const std::vector<double>& per_replicate);

enum class KpiUnit { residents, resident_weeks, pounds };

struct Kpi {
  std::string label;  ///< "Crisis entries avoided"
  KpiUnit unit = KpiUnit::residents;
  Interval a;         ///< the first file's horizon total
  Interval b;         ///< the second file's (compare only)
  /// Paired replicate by replicate, oriented so that positive is good for the borough: entries
  /// avoided, resident-weeks saved, pounds saved (a - b).
  Interval benefit;
};

/// Horizon totals of one file: crisis entries, resident-weeks in crisis ("weeks in crisis"), cost by
/// agency, total cost.
[[nodiscard]] std::vector<Kpi> horizon_kpis(const record::Results& a);
/// Both files' totals and `a - b` paired over the first min(replicates) pairs and the time entries both
/// hold (replicate r of every scenario shares random streams, so the pairs differ by the policy).
[[nodiscard]] std::vector<Kpi> compare_kpis(const record::Results& a, const record::Results& b);

}  // namespace cdsim::viz
