// Data flow: [scenario YAML] -> validated ScenarioSpec.
// Reads a scenario file, applies --set overrides, fills defaults, and validates every key and value
// before anything runs. On any problem throws SpecError carrying every diagnostic found.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/spec/diagnostics.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::spec {

/// One command-line override, `--set key.path=value`; value is parsed as a YAML scalar or flow node.
struct Override {
  std::string key_path;  ///< dotted, list items by index: "population.size", "policies.0.start"
  std::string value;
  /// Parses "key.path=value"; throws SpecError when there is no '=' or the key is empty.
  static Override parse(std::string_view text);
};

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
