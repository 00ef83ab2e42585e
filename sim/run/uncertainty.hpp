// Data flow: scenario spec -> [parameter draws] -> one scenario per replicate -> run_scenario.
// Parameter uncertainty: with `cdsim run --uncertainty` each replicate runs its own draw of the
// scenario's uncertain numbers (its `uncertainty:` list), so intervals carry what we do not know about
// the parameters as well as chance. Replicate r of two scenarios with the same seed draws the same value
// of every key they share, as it draws the same random numbers: policy and baseline stay paired.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/spec/scenario_spec.hpp"

namespace cdsim::run {

/// One value per replicate and uncertain key, as the results file's `parameter(replicate,
/// parameter_name)` holds them.
struct ParameterDraws {
  std::vector<std::string> names;  ///< the posterior's keys, then the `uncertainty` list's others, in order
  std::vector<bool> integer;       ///< per key: a whole number (for writing it as --set takes it)
  std::vector<double> values;      ///< [replicate * names.size() + parameter]

  [[nodiscard]] double value(int replicate, std::size_t parameter) const {
    return values[static_cast<std::size_t>(replicate) * names.size() + parameter];
  }
};

/// The draws of replicates 0 .. spec.replicates - 1. Key k of replicate r is the distribution's value at
/// the uniform (spec.seed, r, a hash of k, Stream::parameter_draw); a relative entry's value multiplies
/// the scenario's own number at k (then rounds it, for an integer key). Every replicate's scenario is
/// built and checked here, before any run: a key that names no number of the scenario, or a draw its
/// key refuses, throws std::runtime_error naming the key, the replicate and the reason.
/// With spec.posterior, replicate r takes the posterior's draw r (modulo its draws) of every key the
/// calibration fitted, jointly, instead of those keys' entries in the list.
ParameterDraws draw_parameters(const spec::ScenarioSpec& spec);

/// The number at `key` (a key path as `--set` takes it) of the scenario as written out; nullopt when the
/// path names no number of it.
std::optional<double> scenario_number(const spec::ScenarioSpec& spec, const std::string& key);

/// The scenario replicate r runs: `spec` with r's drawn values set, as `--set` would set them.
spec::ScenarioSpec scenario_for_replicate(const spec::ScenarioSpec& spec, const ParameterDraws& draws, int replicate);

}  // namespace cdsim::run
