// Data flow: one figure per replicate -> [interval_of] -> its mean and 90% interval, as compare, the run
// summary and validate report every figure.
#pragma once

#include <vector>

namespace cdsim::compare {

/// Mean and 5th / 95th percentiles of one figure over replicates.
struct Interval {
  double mean = 0, low = 0, high = 0;
};
Interval interval_of(std::vector<double> values);

}  // namespace cdsim::compare
