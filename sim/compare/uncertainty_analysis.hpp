// Data flow: a comparison's per-replicate net present values and the replicates' parameter draws ->
// [uncertainty analysis] -> what a board needs: the chance the policy pays, what drives it, and the
// value of each driver at which it breaks even (`cdsim compare` on files run with --uncertainty).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cdsim::compare {

/// Where a driver makes the policy break even: the value of the parameter at which the net present
/// value is zero with the other parameters at their means, by a linear regression of the NPV on every
/// varied parameter; with a 90% bootstrap interval over replicates.
struct BreakEven {
  double value = 0;
  double low = 0, high = 0;  ///< 90% interval (bootstrap over replicates)
  bool at_least = true;      ///< the policy pays back (NPV > 0) above the value; false: below it
  bool within_draws = true;  ///< whether the value lies within the values drawn (else an extrapolation)
};

/// One parameter's part in the spread of the NPV.
struct Driver {
  std::string parameter;
  double prcc = 0;  ///< partial rank correlation of the NPV with the parameter, -1 to 1
  std::optional<BreakEven> break_even;  ///< none when the regression gives the parameter no slope
};

struct UncertaintyAnalysis {
  int draws = 0;  ///< replicates, each its own draw of the parameters
  std::vector<std::string> parameters;  ///< every uncertain key of the pair
  double probability_npv_positive = 0;
  std::optional<double> probability_ratio_above_one;  ///< none when the policy spends nothing net
  /// Varied parameters by |prcc|, largest first; empty when there are too few replicates for the
  /// regressions (at least the varied parameters + 3).
  std::vector<Driver> drivers;
  std::string drivers_note;  ///< why `drivers` is empty, when it is
};

/// `x` is [replicate][parameter] (parameters as named), `npv` and `ratio` per replicate (`ratio` empty
/// when undefined). Parameters that take one value in every replicate are not drivers.
UncertaintyAnalysis analyse_uncertainty(const std::vector<std::string>& parameters,
                                        const std::vector<std::vector<double>>& x, const std::vector<double>& npv,
                                        const std::vector<double>& ratio);

/// The method in words, as compare's outputs state it.
inline constexpr const char* kDriversMethod =
    "partial rank correlation coefficient (PRCC) of the net present value with each parameter over the "
    "replicates; break-even from a linear regression of the NPV on the parameters, the others at their means, "
    "with a 90% bootstrap interval";

}  // namespace cdsim::compare
