// Data flow: `--set key.path=value` -> [overrides] -> the scenario's YAML tree, before validation.
// An override changes the parsed YAML rather than the spec, so its value is checked exactly like a
// value written in the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;  // yaml-cpp's, kept out of the headers that load_scenario.hpp's users include
}

namespace cdsim::spec {

/// One command-line override, `--set key.path=value`; value is parsed as a YAML scalar or flow node.
struct Override {
  std::string key_path;  ///< dotted, list items by index: "population.size", "policies.0.start"
  std::string value;
  /// Parses "key.path=value"; throws SpecError when there is no '=' or the key is empty.
  static Override parse(std::string_view text);
};

namespace detail {

/// Sets each override's value in `root` (written through: YAML nodes are handles). Keys are added
/// when missing (validation then flags unknown ones); a list the file leaves out is the default
/// list; list items must already exist. Throws SpecError naming every override that could not be set.
void apply_overrides(YAML::Node root, const std::vector<Override>& overrides);

}  // namespace detail
}  // namespace cdsim::spec
