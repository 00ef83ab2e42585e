// Data flow: a comparison's two results files -> their recorded scenarios -> [break-even by bisection:
// runs of the pair at values of one key] -> compare's BisectedBreakEven (`cdsim compare --break-even`).
// The regression's break-even (sim/compare/uncertainty_analysis) extends a straight line fitted to the
// draws; this one runs the model at each value tried, so it holds wherever the model is not linear.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "sim/compare/compare.hpp"
#include "sim/core/executor.hpp"
#include "sim/record/results.hpp"

namespace cdsim::run {

struct BisectionOptions {
  std::string key;  ///< a scenario key path, as --set takes it
  /// The range searched; none: the values the files drew for the key, else the key's distribution in
  /// the scenarios' uncertainty: lists (5th to 95th percentile when unbounded).
  std::optional<std::pair<double, double>> range;
  std::optional<int> replicates;  ///< per run; none: as the files
  core::Executor executor;
  double discount_rate = compare::kDiscountRate;
};

/// The bracket ends when it is this share of the range wide, or after kMaxBisectionSteps.
inline constexpr double kBisectionTolerance = 0.01;
inline constexpr int kMaxBisectionSteps = 30;

/// Re-runs the baseline and policy scenarios their files record (same seed; the key set in each that has
/// it, the baseline once when only the policy has it; without parameter draws) at the range's ends, then
/// bisects until the mean NPV's change of sign lies within the tolerance. Throws std::runtime_error naming
/// the key when it is no number of either scenario, has no range, a value is refused by the scenario, or
/// the mean NPV has the same sign at both ends ("pays back across the whole range" / "does not pay back
/// anywhere in the range").
compare::BisectedBreakEven break_even_by_bisection(const record::Results& base, const record::Results& policy,
                                                   const BisectionOptions& options);

}  // namespace cdsim::run
