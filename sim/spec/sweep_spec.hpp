// Data flow: sweep YAML -> [sweep spec] -> the sweep planner (sim/run/sweep_plan).
// A parameter sweep: a base scenario, the scenario keys to vary (each a range, a list of values or a
// distribution), a design that places points in that space, replicates per point, and what to keep.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/spec/load_scenario.hpp"
#include "sim/spec/parameter_distribution.hpp"

namespace cdsim::spec {

enum class SweepDesignType { grid, latin_hypercube, sobol, morris, points };
inline constexpr std::array<const char*, 5> kSweepDesignNames{"grid", "latin_hypercube", "sobol", "morris", "points"};

struct SweepDesign {
  SweepDesignType type = SweepDesignType::grid;
  int samples = 0;   ///< latin_hypercube: points; sobol: base samples N (N(2D+2) points); morris: trajectories
  int levels = 0;    ///< grid: levels per range or distribution; morris: levels of the grid (even, >= 2)
  std::uint64_t seed = 1;          ///< latin_hypercube and morris draws
  std::filesystem::path points;    ///< points: CSV of parameter values, one column per key
};

/// Borough-wide measures kept for every point and replicate (sim/run/sweep_kpis.cpp computes them).
/// cost_council is every council agency together; cost_<agency> one agency (spec::kAgencyNames).
inline constexpr std::array<const char*, 14> kSweepKpiNames{
    "crisis_entries", "crisis_weeks",  "in_support_end", "in_crisis_end", "deaths",       "cost_total",
    "cost_council",   "cost_nhs",      "policy_spend",   "waiting_mean",  "engaged_mean", "cost_council_adult_care",
    "cost_council_children", "cost_police"};
/// Time series kept per point and replicate when outputs.series is on.
inline constexpr std::array<const char*, 3> kSweepSeriesNames{"in_support", "in_crisis", "cost_total"};

struct SweepSpec {
  std::string name;
  std::filesystem::path base;   ///< the base scenario (relative paths are from the sweep file)
  std::vector<Override> set;    ///< fixed changes to the base for every point
  std::vector<ParameterDistribution> parameters;
  SweepDesign design;
  int replicates = 1;
  std::vector<std::string> kpis;  ///< names from kSweepKpiNames (all when the file lists none)
  bool series = false;
  std::string text;               ///< the sweep file as written, kept in the results for provenance
};

/// Reads and checks a sweep file; throws SpecError listing every problem (file, line, column, key).
SweepSpec load_sweep(const std::filesystem::path& file);

}  // namespace cdsim::spec
