// Data flow: scenario or sweep YAML -> [parameter distribution] -> the sweep planner's points, or a
// replicate's parameter draw (sim/run/uncertainty.cpp).
// A scenario key with the values it may take: a range, a list of levels, or a distribution. Sweeps vary
// keys over them; a scenario's `uncertainty:` block says how unsure each of its numbers is.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace cdsim::spec {

namespace detail {
class YamlReader;
}

/// One scenario key and how its values are drawn from a coordinate u in [0, 1] (run::value_at).
struct ParameterDistribution {
  enum class Kind { range, values, normal, lognormal, triangular };
  std::string key;  ///< scenario key path, as --set takes it: "transitions.support_to_crisis"
  Kind kind = Kind::range;
  double low = 0, high = 0;   ///< range and triangular bounds
  double mode = 0;            ///< triangular
  double mean = 0, sd = 0;    ///< normal; lognormal: mean and sd of the logarithm
  std::vector<double> values; ///< values: the levels, in order
  bool integer = false;       ///< round to a whole number (for counts such as population.size)
  /// The drawn value multiplies the scenario's own value at `key` (a scenario's `uncertainty:` only):
  /// the uncertainty of a number as a share of it, so it follows a scenario that changes the number.
  bool relative = false;
  friend bool operator==(const ParameterDistribution&, const ParameterDistribution&) = default;
};

/// Reads one `{key: ..., range | values | normal | lognormal | triangular: ..., integer: ...}` entry at
/// `path` into `out`, reporting every problem through `r`. `keys` holds the keys read so far (a key
/// twice is an error); `seed` and `replicates` are refused with `reserved_reason`. `relative: true` is
/// read only where `allow_relative`.
void read_distribution(detail::YamlReader& r, const YAML::Node& node, const std::string& path,
                       std::vector<ParameterDistribution>& out, std::set<std::string>& keys,
                       const std::string& reserved_reason, bool allow_relative = false);

}  // namespace cdsim::spec
