// Data flow: Results::stories (sampled residents, when the file has them) -> [StoryPanel] -> one
// resident's weeks as a coloured strip with the dates they changed state.
#pragma once

#include <imgui.h>

#include "viz/panels/view_state.hpp"

namespace cdsim::viz {

class StoryPanel {
 public:
  void draw(const ViewState& vs, ImVec2 size);

 private:
  int story_ = 0;
  int replicate_ = 0;
};

}  // namespace cdsim::viz
