// Data flow: [defaults] -> load_scenario fills every key a scenario leaves out.
// The documented default of every optional scenario key, in one place; each value names its source
// row in ../shared/evidence.md (copied to docs/parameters.md).
#pragma once

#include "sim/spec/scenario_spec.hpp"

namespace cdsim::spec {

/// A complete scenario with every optional key at its default. Required keys (name, start, years,
/// population.size, initial, transitions) hold the bundled baseline's values here, but load_scenario
/// still insists that a scenario file states them.
ScenarioSpec default_scenario();

/// The uncertainty of the defaults' uncertain numbers, each a distribution of a multiplier on the
/// scenario's own value (docs/parameters.md, "Uncertainty").
std::vector<ParameterDistribution> default_uncertainty();

/// Synthetic neighbourhoods for `population.neighbourhoods: N`: a compact grid, deprivation deciles
/// spread evenly over 1..10 and scattered over the map, equal shares.
std::vector<NeighbourhoodSpec> synthetic_neighbourhoods(int count);

}  // namespace cdsim::spec
