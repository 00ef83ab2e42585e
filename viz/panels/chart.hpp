// Data flow: Series (mean + 5-95% band over replicates) -> [draw_chart] -> an ImDrawList chart with
// date axis, legend, the current-week cursor and policy markers. The one chart widget every panel uses.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "sim/record/dates.hpp"
#include "sim/record/scenario_info.hpp"
#include "viz/replay/series.hpp"

namespace cdsim::viz {

struct ChartLine {
  const Series* series = nullptr;
  std::string label;
  ImU32 colour = 0;
  bool dashed = false;  ///< the comparison file's lines, so colour keeps meaning the state
};

enum class AxisFormat { count, pounds };

struct ChartSpec {
  const char* id = "chart";
  std::string title;
  std::string subtitle;  ///< e.g. "borough" or the neighbourhood; what the numbers cover
  record::Date start;            ///< date of day 0 on the x axis
  AxisFormat format = AxisFormat::count;
  double cursor_days = -1;  ///< the current week; negative for none
  std::vector<record::PolicyMarker> markers;
};

/// Draws in a `size` box at the cursor. Returns the day clicked in the plot (to seek there).
std::optional<double> draw_chart(const ChartSpec& spec, const std::vector<ChartLine>& lines, ImVec2 size);

}  // namespace cdsim::viz
