// Data flow: ViewState's clock <-> [TimelinePanel]: play / pause, speed, step, scrub by week with the
// date shown, and the scenario's policy start / end marked on the track.
#pragma once

#include <imgui.h>

#include "viz/panels/view_state.hpp"

namespace cdsim::viz {

class TimelinePanel {
 public:
  void draw(ViewState& vs, ImVec2 size);
};

}  // namespace cdsim::viz
