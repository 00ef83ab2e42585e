// Data flow: sweep spec -> [design] -> the points the sweep runs.
// Where a design puts its points: each point has a coordinate u in [0, 1] per parameter (the unit
// hypercube the sensitivity analyses work in) and the scenario value u maps to (a range, a list of
// values, or a distribution's quantile). Designs follow the conventions SALib users know: Saltelli's
// Sobol design of N(2D+2) points (A, AB_1..AB_D, BA_1..BA_D, B per base sample), Morris trajectories of
// D+1 points, Latin hypercubes, full grids, and points read from a CSV file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/spec/sweep_spec.hpp"

namespace cdsim::run {

struct SweepPoints {
  std::vector<std::vector<double>> unit;    ///< [point][parameter] in [0, 1]; NaN for points from a file
  std::vector<std::vector<double>> values;  ///< [point][parameter] scenario values
};

/// The design's points (reads design.points for the points design; throws SpecError for a bad CSV).
SweepPoints make_points(const spec::SweepSpec& sweep);

/// The scenario value of parameter p at design coordinate u.
double value_at(const spec::ParameterDistribution& p, double u);

/// A value of p as `--set` takes it: whole for an integer key, else the shortest text that reads back
/// to the same double, so a point or a draw sets exactly the value recorded.
std::string format_value(const spec::ParameterDistribution& p, double v);

// Unit designs, exposed for the sensitivity tests.

/// Saltelli's design from a Sobol sequence in 2D dimensions (first point, all zeros, skipped): for each
/// of n base samples the rows A, AB_1..AB_D (A with column i from B), BA_1..BA_D, B.
std::vector<std::vector<double>> saltelli_design(std::size_t n, std::size_t d);
/// r Morris trajectories of d+1 points on a grid of `levels` levels (step levels / (2 (levels - 1))).
std::vector<std::vector<double>> morris_design(std::size_t r, std::size_t d, int levels, std::uint64_t seed);
/// n points, one in each of n equal strata of every column.
std::vector<std::vector<double>> latin_hypercube_design(std::size_t n, std::size_t d, std::uint64_t seed);

/// Morris's step in unit coordinates.
inline double morris_delta(int levels) { return levels / (2.0 * (levels - 1)); }

}  // namespace cdsim::run
