#include "sim/record/scenario_info.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/spec/diagnostics.hpp"
#include "sim/spec/yaml_syntax.hpp"

namespace cdsim::record {
namespace {

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);  // integers stay integers: --set fund=3000000, not 3e+06
  return buf;
}

/// node[key], or an empty node when node is not a map or lacks the key (yaml-cpp throws when a
/// missing key is indexed further).
YAML::Node child(const YAML::Node& node, const char* key) {
  if (!node.IsMap() || !node[key]) return YAML::Node();
  return node[key];
}

std::optional<double> as_number(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  // yaml-cpp converts "true" to 1 for double; levers must be real numbers, not switches.
  const std::string text = node.Scalar();
  if (text == "true" || text == "false") return std::nullopt;
  try {
    return node.as<double>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

void add_transition_levers(const YAML::Node& transitions, std::vector<Lever>& out) {
  if (!transitions.IsMap()) return;
  for (const auto& kv : transitions) {
    const auto key = kv.first.as<std::string>();
    const auto rate = as_number(kv.second);
    if (!rate) continue;
    std::string label = key;
    std::replace(label.begin(), label.end(), '_', ' ');
    out.push_back({"transitions." + key, label, LeverKind::percent_change, *rate, -50, 50, kv.second.Scalar()});
  }
}

void add_policy(const YAML::Node& policy, int index, const Date& start, int years, ScenarioInfo& info) {
  const YAML::Node type_node = child(policy, "type");
  const YAML::Node name_node = child(policy, "name");
  const std::string type = type_node.IsScalar() ? type_node.Scalar() : "policy";
  const std::string label = name_node.IsScalar() ? name_node.Scalar() : type;
  const int start_days = start.to_days();
  PolicyMarker marker{label, 0, std::nullopt};
  const std::string prefix = "policies." + std::to_string(index) + ".";
  for (const auto& kv : policy) {
    const auto key = kv.first.as<std::string>();
    if (!kv.second.IsScalar() || key == "type" || key == "name") continue;
    const std::string text = kv.second.Scalar();
    if (const auto date = Date::parse(text)) {
      if (key == "start") marker.start_day = date->to_days() - start_days;
      if (key == "end") marker.end_day = date->to_days() - start_days;
      info.levers.push_back({prefix + key, label + ": " + key + " year", LeverKind::year, double(date->year),
                             double(start.year), double(start.year + std::max(years, 1)), text});
    } else if (const auto v = as_number(kv.second)) {
      const double hi = *v > 0 ? *v * 2 : 1.0;
      info.levers.push_back({prefix + key, label + ": " + key, LeverKind::number, *v, 0, hi, text});
    }
  }
  info.policies.push_back(marker);
}

std::vector<std::pair<std::string, double>> weekly_cost_by_state(const YAML::Node& costs) {
  std::vector<std::pair<std::string, double>> out;
  if (!costs.IsSequence()) return out;
  for (const auto& item : costs) {
    const auto unit = as_number(child(item, "unit_cost"));
    const YAML::Node use = child(item, "use_per_week");
    if (!unit || !use.IsMap()) continue;
    for (const auto& kv : use) {
      const auto state = kv.first.as<std::string>();
      const double pounds = *unit * as_number(kv.second).value_or(0.0);
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == state; });
      if (it == out.end()) out.emplace_back(state, pounds);
      else it->second += pounds;
    }
  }
  return out;
}

}  // namespace

std::string Lever::override_value(double value) const {
  switch (kind) {
    case LeverKind::percent_change: return format_number(base * (1.0 + value / 100.0));
    case LeverKind::count: return std::to_string(std::llround(value));
    case LeverKind::number: return format_number(value);
    case LeverKind::year: return std::to_string(std::lround(value)) + base_text.substr(4);
  }
  return base_text;
}

ScenarioInfo read_scenario_info(const std::string& yaml, const Date& start) {
  ScenarioInfo info;
  if (yaml.empty()) {
    info.warning = "the file records no scenario";
    return info;
  }
  try {
    // A damaged or hostile results file can hold text on which yaml-cpp loops: libyaml checks it first.
    spec::detail::check_yaml_syntax(yaml, "the recorded scenario");
    const YAML::Node root = YAML::Load(yaml);
    add_transition_levers(child(root, "transitions"), info.levers);
    const YAML::Node size_node = child(child(root, "population"), "size");
    if (const auto size = as_number(size_node)) {
      info.levers.push_back({"population.size", "population size", LeverKind::count, *size,
                             std::max(100.0, std::round(*size / 10)), std::round(*size * 2), size_node.Scalar()});
    }
    int years = 10;
    if (const auto y = as_number(child(root, "years"))) {
      years = static_cast<int>(*y);
      info.levers.push_back({"years", "years simulated", LeverKind::count, *y, 1, std::max(15.0, *y), root["years"].Scalar()});
    }
    if (const YAML::Node policies = child(root, "policies"); policies.IsSequence()) {
      int index = 0;
      for (const auto& p : policies) {
        if (p.IsMap()) add_policy(p, index, start, years, info);
        ++index;
      }
    }
    info.weekly_cost_by_state = weekly_cost_by_state(child(root, "costs"));
  } catch (const YAML::Exception& e) {
    info = ScenarioInfo{};
    info.warning = std::string("cannot read the recorded scenario: ") + e.what();
  } catch (const spec::SpecError& e) {
    info = ScenarioInfo{};
    info.warning = std::string("cannot read the recorded scenario: ") + e.what();
  }
  return info;
}

}  // namespace cdsim::record
