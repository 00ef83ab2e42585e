// Data flow: scenario YAML -> [read_policies] -> ScenarioSpec::policies. Internal to sim/spec.
// Reads the `policies:` list: each item's type picks its keys (policy_spec.hpp); dates must fall in
// the scenario, targets must name its neighbourhoods, thresholds and cuts must name its services, and
// two policies may not act on the same thing at the same time.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/spec/scenario_spec.hpp"
#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec::detail {

/// `s` must already hold the start, horizon, population and services the policies refer to.
void read_policies(YamlReader& r, const YAML::Node& list, const ScenarioSpec& s, std::vector<PolicySpec>& out);

}  // namespace cdsim::spec::detail
