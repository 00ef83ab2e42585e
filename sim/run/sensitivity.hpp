// Data flow: sweep results -> [sensitivity] -> `cdsim analyse` tables.
// Global sensitivity from a sweep's own design: Sobol first-order and total indices from Saltelli's
// design (Saltelli 2010's estimator for S1, on centred outputs, and Jansen's for ST, as in SALib), and Morris's
// elementary effects (mu, mu*, sigma), each with bootstrap intervals over base samples or trajectories.
// Outputs are averaged over a point's replicates first (they share random streams across points).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/record/sweep_file.hpp"

namespace cdsim::run {

struct Estimate {
  double value = 0, low = 0, high = 0;  ///< point estimate and 95% bootstrap percentile interval
};

struct SobolIndex {
  Estimate first, total;
};

struct MorrisIndex {
  Estimate mu_star;
  double mu = 0, sigma = 0;
};

/// Sobol indices of one output over Saltelli's design: y has n(2d+2) rows in saltelli_design order.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t d, int resamples, std::uint64_t seed);

/// Morris indices of one output: unit[point][parameter] in morris_design order, r(d+1) points.
std::vector<MorrisIndex> morris_indices(const std::vector<std::vector<double>>& unit, const std::vector<double>& y,
                                        std::size_t d, int resamples, std::uint64_t seed);

enum class AnalyseFormat { table, csv, json };

/// Every KPI's indices for a complete Sobol or Morris sweep; throws for other designs or missing runs.
std::string analyse_sweep(const record::SweepResults& results, AnalyseFormat format, int resamples);

}  // namespace cdsim::run
