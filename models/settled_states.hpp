// Data flow: spec -> [a pilot run of the model] -> the chances of the initial states -> world.
// A borough's initial states come from shares (or the base hazards' profiles) that the full model,
// with its ties, services and assets, would not sustain; left alone, need then relaxes over the first
// recorded years and every trend starts with a dip. With `burn_in_years`, an unrecorded pilot run of
// the model (every mechanism, no policy, no trend) settles first, and step 0 takes from it each age and
// deprivation cell's mix of states, not its residents: the people, their ages, households and places
// at step 0 stay the population's. The pilot is the same borough drawn at most 500,000 strong: it
// estimates mixes, and beyond that size more residents only cost time.
#pragma once

#include <cstdint>
#include <vector>

#include "models/place/population.hpp"
#include "sim/core/executor.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// The pilot's residents at most. It estimates 1,110 cells' mixes of states, not any resident's path:
/// at this size a cell averages about 450 residents over the year, as many as a borough's own pilot
/// has, and a larger pilot only costs time (at 10 million residents and 2 years recorded, the
/// full-size pilot was 70% of the run). The mechanisms are per resident or per 10,000 residents, so a
/// smaller draw of the same borough settles to the same mixes.
inline constexpr std::int64_t kMostPilotResidents = 500'000;

/// Each cell's (kStateCells, [age * 10 + decile - 1]) shares of living residents' states over the last
/// year of a pilot run of `spec.burn_in_years`, or empty when there is no burn-in. Deterministic in
/// (spec, replicate) whatever the executor. Sparse cells (the oldest ages) pool neighbouring ages, and
/// then every decile, until they hold enough residents to give a share. `most_residents`: the pilot's
/// residents at most (kMostPilotResidents unless a test asks for fewer).
std::vector<StateShares> settled_states(const spec::ScenarioSpec& spec, std::uint64_t replicate,
                                        core::Executor executor, std::int64_t most_residents = kMostPilotResidents);

/// settled_states(spec, replicate, executor), remembered: the engine's way in. A pilot depends on every
/// key but the policies, the recorded years and a run's own bookkeeping (its name, replicates,
/// uncertainty list and posterior), so runs that differ only in those share each replicate's pilot:
/// a policy and its baseline in `cdsim validate`, every value a break-even search tries, every point of
/// a sweep over a policy's keys. This process's last kRememberedPilots pilots are kept (about 30 KB
/// each besides their scenario) and given back as computed, so results never depend on what ran before.
/// Safe to call from several threads.
std::vector<StateShares> shared_settled_states(const spec::ScenarioSpec& spec, std::uint64_t replicate,
                                               core::Executor executor);
inline constexpr std::size_t kRememberedPilots = 64;

/// Pilots shared_settled_states() has run in this process rather than remembered (for tests).
[[nodiscard]] std::int64_t pilots_run();
/// Forgets every remembered pilot: `cdsim bench` times each replicate with its pilot, as a run's first
/// replicate pays it.
void forget_pilots();

}  // namespace cdsim::model
