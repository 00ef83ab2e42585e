// Typed, range-checked reads of YAML nodes (yaml_reader.hpp): each bad value is one Diagnostic, and
// reading carries on.
#include "sim/spec/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

namespace cdsim::spec::detail {
namespace {

/// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: the
/// typos people make in key names are a slip, a missing letter, or two letters swapped.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

/// A YAML number as the core schema writes it: decimal integer or float, optional sign. Returns
/// nullopt when the text is not a number at all; .inf/.nan and overflow come back non-finite so the
/// caller can say "must be finite" rather than "not a number".
std::optional<double> parse_number(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  std::string_view body = text;
  const bool negative = !body.empty() && body.front() == '-';
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  // from_chars also takes "nan", "inf", hex digits after "0x" would stop early; demand digits only.
  const bool plain = !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  });
  if (!plain || body.front() == '+' || body.front() == '-') return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (end != body.data() + body.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  if (ec != std::errc()) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace

bool Bounds::contains(double v) const {
  return (low_open ? v > low : v >= low) && (high_open ? v < high : v <= high);
}

std::string Bounds::describe() const {
  const bool has_low = std::isfinite(low), has_high = std::isfinite(high);
  if (has_low && has_high && !low_open && !high_open) return fmt::format("between {} and {}", low, high);
  std::string out;
  if (has_low) out = fmt::format("{} {}", low_open ? ">" : ">=", low);
  if (has_low && has_high) out += " and ";
  if (has_high) out += fmt::format("{} {}", high_open ? "<" : "<=", high);
  return out;
}

std::string child_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string item_path(std::string_view parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      return text.size() <= 40 ? fmt::format("'{}'", text) : fmt::format("'{}...'", text.substr(0, 37));
    }
    default:
      return "nothing (an empty value)";
  }
}

std::string closest_key(std::string_view key, const std::vector<std::string_view>& known) {
  if (key.size() > 64) return {};  // not a typo; also keeps the distance table small
  const std::size_t limit = key.size() <= 3 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  for (std::string_view k : known) {
    const std::size_t dist = edit_distance(key, k);
    if (dist < best_distance) best_distance = dist, best = std::string(k);
  }
  return best;
}

std::optional<std::string> seen_before(std::unordered_map<std::string, int>& first_line, const std::string& name,
                                       const YAML::Node& node) {
  const auto [it, fresh] = first_line.emplace(name, node.Mark().is_null() ? 0 : node.Mark().line + 1);
  if (fresh) return std::nullopt;
  return it->second > 0 ? fmt::format(" (first at line {})", it->second) : std::string();
}

void YamlReader::error(const YAML::Node& node, std::string key_path, std::string message) {
  // yaml-cpp places an empty value ("years:") at the next token, often the next line; the key
  // that has no value is where the user needs to look.
  if (node.IsNull()) {
    for (const auto& [value, key_mark] : empty_value_keys_) {
      if (value.is(node)) return error(key_mark, std::move(key_path), std::move(message));
    }
  }
  error(node.Mark(), std::move(key_path), std::move(message));
}

void YamlReader::error(const YAML::Mark& mark, std::string key_path, std::string message) {
  // Nodes from --set overrides have no position (a null mark); yaml-cpp counts from 0.
  Diagnostic d = mark.is_null() ? Diagnostic{kOverrideLabel, 0, 0, {}, {}}
                                : Diagnostic{file_, mark.line + 1, mark.column + 1, {}, {}};
  d.key_path = std::move(key_path);
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
  if (diagnostics_.size() >= kMaxDiagnostics) {
    std::vector<Diagnostic> all = take_diagnostics();
    all.push_back({file_, 0, 0, {}, fmt::format("too many problems; stopped after {}", kMaxDiagnostics)});
    throw SpecError(std::move(all));
  }
}

std::vector<Diagnostic> YamlReader::take_diagnostics() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(diagnostics_);
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  error(node, path, fmt::format("expected a map of keys, got {}", describe(node)));
  return false;
}

bool YamlReader::expect_list(const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) return true;
  error(node, path, fmt::format("expected a list, got {}", describe(node)));
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string_view>& known) {
  std::unordered_set<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) {
      error(key, path, fmt::format("expected a key name, got {}", describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      error(key, child_path(path, name), "this key is given twice");
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string suggestion = closest_key(name, known);
      error(key, child_path(path, name),
            suggestion.empty() ? fmt::format("unknown key '{}' (known keys: {})", name, fmt::join(known, ", "))
                               : fmt::format("unknown key '{}'; did you mean '{}'?", name, suggestion));
    }
  }
}

std::optional<YAML::Node> YamlReader::find(const YAML::Node& map, const std::string& path, std::string_view key,
                                           Need need) {
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      if (entry.second.IsNull()) empty_value_keys_.emplace_back(entry.second, entry.first.Mark());
      return entry.second;
    }
  }
  if (need == Need::required) error(map, child_path(path, key), fmt::format("missing required key '{}'", key));
  return std::nullopt;
}

std::optional<double> YamlReader::number(const YAML::Node& node, const std::string& path, const Bounds& bounds) {
  const std::optional<double> value = node.IsScalar() ? parse_number(node.Scalar()) : std::nullopt;
  if (!value) {
    error(node, path, fmt::format("expected a number, got {}", describe(node)));
  } else if (!std::isfinite(*value)) {
    error(node, path, fmt::format("expected a finite number, got {}", describe(node)));
  } else if (!bounds.contains(*value)) {
    error(node, path, fmt::format("must be {}, got {}", bounds.describe(), *value));
  } else {
    return value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& node, const std::string& path, std::int64_t low,
                                                std::int64_t high) {
  const std::optional<std::int64_t> value = whole_number(node, path);
  if (!value) return std::nullopt;
  if (*value < low || *value > high) {
    error(node, path, fmt::format("must be between {} and {}, got {}", low, high, *value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> YamlReader::unsigned_integer(const YAML::Node& node, const std::string& path) {
  std::uint64_t value = 0;
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
    if (ec == std::errc::result_out_of_range) {
      error(node, path, fmt::format("must be at most {}, got {}", std::numeric_limits<std::uint64_t>::max(), text));
      return std::nullopt;
    }
  }
  error(node, path, fmt::format("expected a whole number >= 0, got {}", describe(node)));
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) {
    const std::string& t = node.Scalar();
    if (t == "true" || t == "True" || t == "TRUE") return true;
    if (t == "false" || t == "False" || t == "FALSE") return false;
  }
  error(node, path, fmt::format("expected true or false, got {}", describe(node)));
  return std::nullopt;
}

std::optional<std::string> YamlReader::string(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) return node.Scalar();
  error(node, path, fmt::format("expected a string, got {}", describe(node)));
  return std::nullopt;
}

std::optional<std::string> YamlReader::identifier(const YAML::Node& node, const std::string& path) {
  const auto name = string(node, path);
  if (!name) return std::nullopt;
  const bool ok = !name->empty() && name->size() <= 64 && std::all_of(name->begin(), name->end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
  if (ok) return name;
  error(node, path, fmt::format("must be 1 to 64 of a-z, 0-9 and '_', got {}", describe(node)));
  return std::nullopt;
}

std::optional<Date> YamlReader::date(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) {
    error(node, path, fmt::format("expected a date as YYYY-MM-DD, got {}", describe(node)));
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (auto d = Date::parse(text)) return d;
  // Tell a well-formed impossible date apart from a typo in the format.
  const bool shaped =
      text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shaped) {
    error(node, path, fmt::format("expected a date as YYYY-MM-DD, got {}", describe(node)));
  } else if (const int year = std::stoi(text.substr(0, 4)); year < 1900 || year > 2200) {
    error(node, path, fmt::format("year must be between 1900 and 2200, got {}", text));
  } else {
    error(node, path, fmt::format("'{}' is not a real date", text));
  }
  return std::nullopt;
}

bool YamlReader::read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, double& out,
                      const Bounds& bounds) {
  return assign(find(map, path, key, need), out,
                [&](const YAML::Node& n) { return number(n, child_path(path, key), bounds); });
}

bool YamlReader::read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, bool& out) {
  return assign(find(map, path, key, need), out,
                [&](const YAML::Node& n) { return boolean(n, child_path(path, key)); });
}

bool YamlReader::read(const YAML::Node& map, const std::string& path, std::string_view key, Need need, Date& out) {
  return assign(find(map, path, key, need), out, [&](const YAML::Node& n) { return date(n, child_path(path, key)); });
}

std::optional<std::int64_t> YamlReader::whole_number(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return value;
    if (const auto real = parse_number(text)) {
      // 2^63 is exactly representable; anything at or past it does not fit.
      constexpr double kLimit = 9223372036854775808.0;
      if (std::isfinite(*real) && std::abs(*real) >= kLimit) {
        error(node, path, fmt::format("is too large, got {}", describe(node)));
        return std::nullopt;
      }
      if (std::isfinite(*real) && *real == std::trunc(*real)) return static_cast<std::int64_t>(*real);
    }
  }
  error(node, path, fmt::format("expected a whole number, got {}", describe(node)));
  return std::nullopt;
}

void read_set(YamlReader& r, const YAML::Node& node, std::vector<Override>& out) {
  if (!r.expect_map(node, "set")) return;
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (!entry.second.IsScalar()) {
      r.error(entry.second, child_path("set", key), "expected a single value (write list items as key.0.field)");
      continue;
    }
    out.push_back({key, entry.second.Scalar()});
  }
}

}  // namespace cdsim::spec::detail
