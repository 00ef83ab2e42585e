// Data flow: spec -> [population synthesis] -> world.
// Builds a replicate's residents at step 0: neighbourhood sizes from their shares, ages from the
// age pyramid, sex, and initial states whose borough-wide shares match `initial` while following
// each resident's own risk (older and more deprived residents start in need more often).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/world.hpp"
#include "sim/core/executor.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// Shares of independent, support and crisis.
using StateShares = std::array<double, kLivingStates>;

/// Cells of the initial states: age in whole years x deprivation decile, [age * 10 + decile - 1].
inline constexpr int kStateCells = (spec::kMaxAgeYears + 1) * 10;

/// Builds the world for replicate `replicate`. Deterministic in (spec, replicate, settled), whatever the
/// executor (which makes the network's draws). `settled`, when not empty, gives each cell's chances of
/// the initial states (settled_states.hpp) in place of the scenario's `initial`.
World build_world(const spec::ScenarioSpec& spec, std::uint64_t replicate, const std::vector<StateShares>& settled = {},
                  const core::Executor& executor = {core::ExecutorKind::serial, 1});

/// Residents per neighbourhood: size * share, rounded by largest remainder so they sum to size.
std::vector<std::int64_t> neighbourhood_sizes(const spec::PopulationSpec& population);

}  // namespace cdsim::model
