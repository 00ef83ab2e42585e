// Data flow: [Window] rasterises fonts -> panels push them for titles and big numbers.
#pragma once

struct ImFont;

namespace cdsim::viz {

/// Set by Window before the first frame; nullptr means ImGui's default font.
struct Fonts {
  static inline ImFont* regular = nullptr;
  static inline ImFont* bold = nullptr;
  static inline ImFont* large = nullptr;  ///< KPI values and the date on the timeline
  static inline ImFont* huge = nullptr;   ///< the one number a room must read: the chance of payback
};

}  // namespace cdsim::viz
