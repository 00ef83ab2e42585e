#include "sim/compare/interval.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cdsim::compare {

Interval interval_of(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  // Linear interpolation between order statistics (the default of numpy and R type 7).
  auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (pos - static_cast<double>(lo)) * (values[hi] - values[lo]);
  };
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  return {mean, quantile(0.05), quantile(0.95)};
}

}  // namespace cdsim::compare
