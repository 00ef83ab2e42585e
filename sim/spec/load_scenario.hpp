// Data flow: [scenario YAML] -> validated ScenarioSpec.
// Reads a scenario file, applies --set overrides (overrides.hpp), fills defaults, and validates every
// key and value before anything runs. On any problem throws SpecError carrying every diagnostic found.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/spec/diagnostics.hpp"
#include "sim/spec/overrides.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::spec {

/// Reads and validates `file`. Throws SpecError (never anything else for bad input) when the file is
/// missing, a directory, empty, not UTF-8 text, not YAML, or not a valid scenario.
ScenarioSpec load_scenario(const std::filesystem::path& file,
                           const std::vector<Override>& overrides = {});

/// Same, from text already in memory; `file_label` names it in diagnostics.
ScenarioSpec parse_scenario(std::string_view yaml_text, std::string_view file_label,
                            const std::vector<Override>& overrides = {});

/// The fully resolved scenario (every default filled in, neighbourhoods listed) as YAML text that
/// parse_scenario() reads back to an equal spec.
std::string emit_scenario(const ScenarioSpec& spec);

}  // namespace cdsim::spec
