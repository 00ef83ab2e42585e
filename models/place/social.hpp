// Data flow: spec + residents at step 0 -> [households and ties] -> the world's network.
// Households form within each neighbourhood (older and working-age residents alone or in couples,
// children with adults of parenting age); each resident then makes a Poisson number of ties to
// neighbours and to friends anywhere, made mutual.
#pragma once

#include <cstdint>
#include <vector>

#include "models/place/network.hpp"
#include "models/world.hpp"
#include "sim/core/executor.hpp"
#include "sim/core/random.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// Builds the network of the residents at step 0. `first_of_neighbourhood[n]` is the index of the
/// first resident of neighbourhood n (residents are numbered neighbourhood by neighbourhood), with a
/// final entry equal to the number of residents. Deterministic in (spec, rng), whatever the executor
/// (which makes the ties' draws).
Network build_network(const Residents& residents, const std::vector<std::size_t>& first_of_neighbourhood,
                      const spec::ScenarioSpec& spec, const core::RandomStreams& rng,
                      const core::Executor& executor);

/// Smallest k with P(Poisson(mean) <= k) >= u: one uniform gives one Poisson draw.
int poisson_quantile(double mean, double u);

}  // namespace cdsim::model
