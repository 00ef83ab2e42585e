// Data flow: a read ScenarioSpec -> [fits_in_memory] -> one more diagnostic when it cannot fit.
// Internal to sim/spec: the scenario's estimated memory against what this machine has available.
#pragma once

#include <yaml-cpp/yaml.h>

#include "sim/spec/scenario_spec.hpp"
#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec::detail {

/// Records an error at `population.size` of `root` when `s` needs more memory than the machine can
/// give a new process now (MemAvailable in /proc/meminfo). Only meaningful once `s` read without errors.
void check_fits_in_memory(YamlReader& r, const YAML::Node& root, const ScenarioSpec& s);

}  // namespace cdsim::spec::detail
