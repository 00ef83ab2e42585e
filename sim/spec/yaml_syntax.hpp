// Data flow: scenario text -> [yaml_syntax] -> yaml-cpp, only when the text is well-formed YAML.
// yaml-cpp 0.7 (Debian 12) loops forever, allocating, on some malformed input (a stray ',' where a
// block node should start: jbeder/yaml-cpp#1040, fixed upstream in 2024 by #1319). libyaml, the C
// parser behind PyYAML and fuzzed for years, checks the syntax first: malformed text gets libyaml's
// error with its line and column and never reaches yaml-cpp.
#pragma once

#include <string>

namespace cdsim::spec::detail {

/// Throws SpecError naming `label`, line and column when `text` is not well-formed YAML, holds other
/// than exactly one document, nests deeper than kMaxYamlDepth, or gives its root node a tag or an
/// anchor (yaml-cpp 0.7 can loop on those too).
void check_yaml_syntax(const std::string& text, const std::string& label);

inline constexpr int kMaxYamlDepth = 64;

}  // namespace cdsim::spec::detail
