// Data flow: the results file's `scenario_yaml` attribute -> [read_scenario_info] -> policy markers
// for the timeline, "what if" levers, and unit costs per state for the map's cost per head.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/record/dates.hpp"

namespace cdsim::record {

/// A policy's active period, for markers on the timeline and charts.
struct PolicyMarker {
  std::string label;               ///< the policy's `name` or `type`
  int start_day = 0;               ///< days since the scenario start
  std::optional<int> end_day;      ///< none: runs to the horizon
};

enum class LeverKind {
  percent_change,  ///< a rate scaled by (1 + value/100); slider value 0 = as recorded
  count,           ///< an integer such as population.size
  number,          ///< a real-valued policy parameter
  year,            ///< the year of a date key (policy start / end), month and day kept
};

/// One scenario value the "what if" panel can change, passed to `cdsim run --set key=value`.
struct Lever {
  std::string key;        ///< dotted key path as `--set` takes it: "transitions.support_to_crisis", "policies.0.start"
  std::string label;      ///< for the slider
  LeverKind kind = LeverKind::number;
  double base = 0;        ///< recorded value (for percent_change the rate itself)
  double min = 0;         ///< slider range, in slider units
  double max = 0;
  std::string base_text;  ///< the recorded text (dates keep their month and day from it)

  /// The slider value that reproduces the recorded scenario.
  [[nodiscard]] double initial() const { return kind == LeverKind::percent_change ? 0.0 : base; }
  /// The text for `--set key=...` at slider value `value`.
  [[nodiscard]] std::string override_value(double value) const;
};

struct ScenarioInfo {
  std::vector<PolicyMarker> policies;
  std::vector<Lever> levers;
  /// Expected pounds per resident-week in each state (unit_cost x use_per_week summed over `costs:`),
  /// by state name; empty when the scenario has no such table.
  std::vector<std::pair<std::string, double>> weekly_cost_by_state;
  /// Set when the YAML could not be read; the viewer still shows the results without these extras.
  std::string warning;
};

/// Never throws: a scenario the viewer cannot interpret gives an empty ScenarioInfo with `warning`.
[[nodiscard]] ScenarioInfo read_scenario_info(const std::string& yaml, const Date& start);

}  // namespace cdsim::record
