// Data flow: scenario YAML -> [yaml_reader] -> load_scenario's typed fields. Internal to sim/spec.
// Typed, range-checked reads of YAML nodes. A bad value records a Diagnostic (file:line:col, key
// path, what was expected) and reading carries on, so one pass reports every problem in a scenario.
#pragma once

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/spec/date.hpp"
#include "sim/spec/diagnostics.hpp"
#include "sim/spec/overrides.hpp"

namespace cdsim::spec::detail {

/// Diagnostics for nodes that --set overrides created name this instead of a file.
inline constexpr const char* kOverrideLabel = "--set";
/// Past this many problems the scenario is hopeless; stopping also bounds the work a hostile file
/// (aliases repeating a huge map) can cause.
inline constexpr std::size_t kMaxDiagnostics = 100;

/// Whether a missing key is an error.
enum class Need { optional, required };

/// The allowed range of a number; `describe()` words it the way the error message needs.
struct Bounds {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_open = false;   ///< true: value must be > low; false: >= low
  bool high_open = false;  ///< true: value must be < high; false: <= high

  [[nodiscard]] bool contains(double v) const;
  [[nodiscard]] std::string describe() const;
};

std::string child_path(std::string_view parent, std::string_view key);
std::string item_path(std::string_view parent, std::size_t index);

/// What a node holds, for "expected X, got Y" messages; long scalars are cut short.
std::string describe(const YAML::Node& node);

/// nullopt the first time `name` is seen in a list; after that " (first at line N)" for the message, or
/// "" when the first was a --set value with no line.
std::optional<std::string> seen_before(std::unordered_map<std::string, int>& first_line, const std::string& name,
                                       const YAML::Node& node);

/// "a", "a or b", "a, b or c": the words of a choice for "expected ..." messages.
template <std::size_t N>
std::string one_of(const std::array<const char*, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

class YamlReader {
 public:
  explicit YamlReader(std::string file_label) : file_(std::move(file_label)) {}

  /// Records a problem at `node` (its key path says where in the scenario it is).
  void error(const YAML::Node& node, std::string key_path, std::string message);
  void error(const YAML::Mark& mark, std::string key_path, std::string message);

  [[nodiscard]] std::size_t error_count() const { return diagnostics_.size(); }

  /// Every diagnostic so far in file order (overrides and whole-file problems, which have no line, first).
  std::vector<Diagnostic> take_diagnostics();

  bool expect_map(const YAML::Node& node, const std::string& path);
  bool expect_list(const YAML::Node& node, const std::string& path);

  /// Flags keys of `map` that are not in `known` (suggesting the closest) and keys given twice.
  void check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string_view>& known);

  /// The value of `key` in `map` (the first, if given twice); records it missing when required.
  std::optional<YAML::Node> find(const YAML::Node& map, const std::string& path, std::string_view key,
                                 Need need = Need::optional);

  // Typed reads: the value, or nullopt after recording why the node is not one.

  std::optional<double> number(const YAML::Node& node, const std::string& path, const Bounds& bounds = {});
  std::optional<std::int64_t> integer(const YAML::Node& node, const std::string& path, std::int64_t low,
                                      std::int64_t high);
  std::optional<std::uint64_t> unsigned_integer(const YAML::Node& node, const std::string& path);
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  std::optional<std::string> string(const YAML::Node& node, const std::string& path);
  /// A name that becomes a label in results files and a column name in analyses: 1 to 64 of a-z, 0-9, '_'.
  std::optional<std::string> identifier(const YAML::Node& node, const std::string& path);

  /// One of a fixed set of words; the index of the one given in `names`.
  template <std::size_t N>
  std::optional<std::size_t> choice(const YAML::Node& node, const std::string& path,
                                    const std::array<const char*, N>& names) {
    const auto word = string(node, path);
    if (!word) return std::nullopt;
    for (std::size_t i = 0; i < N; ++i) {
      if (*word == names[i]) return i;
    }
    error(node, path, fmt::format("expected {}, got '{}'", one_of(names), *word));
    return std::nullopt;
  }

  std::optional<Date> date(const YAML::Node& node, const std::string& path);

  // Keyed reads: look up `key` in `map`, check it, and store it in `out` only when it is valid.

  bool read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, double& out,
            const Bounds& bounds = {});
  template <class Int>
  requires std::is_integral_v<Int>
  bool read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, Int& out, std::int64_t low,
            std::int64_t high) {
    return assign(find(map, path, key, need), out,
                  [&](const YAML::Node& n) { return integer(n, child_path(path, key), low, high); });
  }
  bool read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, bool& out);
  bool read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, Date& out);
  /// A word from `names`, stored as the enum whose values are its indices (Agency and kAgencyNames).
  template <class Enum, std::size_t N>
  requires std::is_enum_v<Enum>
  bool read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, Enum& out,
            const std::array<const char*, N>& names) {
    return assign(find(map, path, key, need), out,
                  [&](const YAML::Node& n) { return choice(n, child_path(path, key), names); });
  }

 private:
  template <class T, class Check>
  static bool assign(const std::optional<YAML::Node>& node, T& out, Check check) {
    if (!node) return false;
    const auto value = check(*node);
    if (!value) return false;
    out = static_cast<T>(*value);
    return true;
  }

  /// An integer in plain or float notation ("1e6" is a million); "2.5" is not a whole number.
  std::optional<std::int64_t> whole_number(const YAML::Node& node, const std::string& path);

  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::pair<YAML::Node, YAML::Mark>> empty_value_keys_;  ///< empty values found, with their key
};

/// A sweep's or calibration's `set:` map of fixed changes to its scenario, as --set overrides.
void read_set(YamlReader& r, const YAML::Node& node, std::vector<Override>& out);

}  // namespace cdsim::spec::detail
