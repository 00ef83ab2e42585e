// `--set key.path=value`: how an override is read, and how it is set in the scenario's YAML tree
// before validation, so that its value is checked exactly like one written in the file.
#include "sim/spec/overrides.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <optional>

#include "sim/spec/defaults.hpp"
#include "sim/spec/load_scenario.hpp"
#include "sim/spec/yaml_reader.hpp"
#include "sim/spec/yaml_syntax.hpp"

namespace cdsim::spec {
namespace {

/// A copy of `node` whose nodes carry no file position, so diagnostics about them name "--set"
/// rather than a line of the override's own one-line text.
YAML::Node without_marks(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      YAML::Node out(node.Scalar());
      out.SetTag(node.Tag());  // keeps "quoted" apart from "plain"
      return out;
    }
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& item : node) out.push_back(without_marks(item));
      return out;
    }
    case YAML::NodeType::Map: {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& entry : node) out.force_insert(without_marks(entry.first), without_marks(entry.second));
      return out;
    }
    default:
      return YAML::Node(YAML::NodeType::Null);
  }
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = path.find('.', pos);
    parts.emplace_back(path.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos));
    if (dot == std::string_view::npos) return parts;
    pos = dot + 1;
  }
}

std::optional<std::size_t> parse_index(const std::string& text) {
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return index;
}

bool has_key(const YAML::Node& map, const std::string& key) {
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return true;
  }
  return false;
}

/// The list the defaults give at key path parts[0..end], when the file leaves it out: an override
/// into it by index (`services.0.capacity_per_10k=0`) then edits the default list, as the run would
/// use it. nullopt when the defaults have no list there.
std::optional<YAML::Node> default_list(const std::vector<std::string>& parts, std::size_t end) {
  YAML::Node node = YAML::Load(emit_scenario(default_scenario()));
  for (std::size_t i = 0; i <= end; ++i) {
    if (!node.IsMap()) return std::nullopt;
    std::optional<YAML::Node> child;
    for (const auto& entry : node) {
      if (entry.first.IsScalar() && entry.first.Scalar() == parts[i]) child = entry.second;
    }
    if (!child) return std::nullopt;
    node.reset(*child);
  }
  if (!node.IsSequence()) return std::nullopt;
  return without_marks(node);
}

/// Sets one value in the YAML tree before validation, so an override is checked exactly like a
/// value written in the file. Keys are added when missing (validation then flags unknown ones); a
/// list the file leaves out is the default list; list items must already exist.
void apply_override(YAML::Node root, const Override& o, std::vector<Diagnostic>& problems) {
  auto problem = [&](std::string message) {
    problems.push_back({detail::kOverrideLabel, 0, 0, o.key_path, std::move(message)});
  };
  YAML::Node value;
  try {
    detail::check_yaml_syntax(o.value, detail::kOverrideLabel);  // yaml-cpp may loop on malformed text
    value = without_marks(YAML::Load(o.value));
  } catch (const SpecError& e) {
    return problem(fmt::format("value '{}' is not valid YAML: {}", o.value, e.diagnostics().front().message));
  } catch (const YAML::Exception& e) {
    return problem(fmt::format("value '{}' is not valid YAML: {}", o.value, e.msg));
  }
  const std::vector<std::string> parts = split_path(o.key_path);
  YAML::Node node = root;  // a handle; reset() moves it without writing through to the tree
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (part.empty()) return problem("the key path has an empty part (like 'a..b' or a trailing '.')");
    if (node.IsNull()) node = YAML::Node(YAML::NodeType::Map);  // `covariates:` left empty in the file
    if (node.IsSequence()) {
      const auto index = parse_index(part);
      if (!index) return problem(fmt::format("{} is a list; '{}' is not an item number", walked, part));
      if (*index >= node.size()) {
        return problem(node.size() == 0 ? fmt::format("{} is an empty list; there is no item {}", walked, *index)
                                        : fmt::format("{} has {} items (0 to {}); there is no item {}", walked,
                                                      node.size(), node.size() - 1, *index));
      }
      if (last)
        node[*index] = value;
      else
        node.reset(node[*index]);
    } else if (node.IsMap()) {
      if (last)
        node[part] = value;
      else {
        if (!has_key(node, part)) {
          const auto list = parse_index(parts[i + 1]) ? default_list(parts, i) : std::nullopt;
          node[part] = list ? *list : YAML::Node(YAML::NodeType::Map);
        }
        node.reset(node[part]);
      }
    } else {
      return problem(
          fmt::format("{} is {}, not a map or a list, so it has no '{}'", walked, detail::describe(node), part));
    }
    walked = walked.empty() ? part : walked + "." + part;
  }
}

}  // namespace

Override Override::parse(std::string_view text) {
  const std::size_t eq = text.find('=');
  auto trim = [](std::string_view s) {
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::string_view{};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
  };
  const std::string_view key = eq == std::string_view::npos ? std::string_view{} : trim(text.substr(0, eq));
  if (key.empty()) {
    throw SpecError({Diagnostic{detail::kOverrideLabel,
                                0,
                                0,
                                {},
                                fmt::format("expected KEY.PATH=VALUE (like population.size=50000), got '{}'", text)}});
  }
  const std::string_view value = trim(text.substr(eq + 1));
  if (value.empty()) {
    // Caught here: an empty value reaches the scenario as null, and the error would point at the
    // scenario's line rather than at the --set that caused it.
    throw SpecError({Diagnostic{detail::kOverrideLabel,
                                0,
                                0,
                                std::string(key),
                                fmt::format("'{}' gives no value after '=' (like {}=50000); to keep the "
                                            "scenario's value, leave the --set out",
                                            text, key)}});
  }
  return Override{std::string(key), std::string(value)};
}

namespace detail {

void apply_overrides(YAML::Node root, const std::vector<Override>& overrides) {
  std::vector<Diagnostic> problems;
  for (const Override& o : overrides) apply_override(root, o, problems);
  if (!problems.empty()) throw SpecError(std::move(problems));
}

}  // namespace detail
}  // namespace cdsim::spec
