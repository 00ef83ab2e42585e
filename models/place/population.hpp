// Data flow: spec -> [population synthesis] -> world.
// Builds a replicate's residents at step 0: neighbourhood sizes from their shares, ages from the
// age pyramid, sex, and initial states whose borough-wide shares match `initial` while following
// each resident's own risk (older and more deprived residents start in need more often).
#pragma once

#include <cstdint>

#include "models/world.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// Builds the world for replicate `replicate`. Deterministic in (spec, replicate).
World build_world(const spec::ScenarioSpec& spec, std::uint64_t replicate);

/// Residents per neighbourhood: size * share, rounded by largest remainder so they sum to size.
std::vector<std::int64_t> neighbourhood_sizes(const spec::PopulationSpec& population);

}  // namespace cdsim::model
