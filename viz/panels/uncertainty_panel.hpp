// Data flow: ViewState (A the baseline, B the policy) -> payback (replay, compare's numbers) ->
// [UncertaintyPanel] -> the chance that B pays back as one big number, and a tornado of what drives its
// net present value, each bar labelled with its key and where it breaks even. The charts panel's
// "Uncertainty" tab in compare mode.
#pragma once

#include <imgui.h>

#include "viz/panels/view_state.hpp"
#include "viz/replay/payback.hpp"

namespace cdsim::viz {

class UncertaintyPanel {
 public:
  void draw(const ViewState& vs, ImVec2 size);

 private:
  void draw_tornado(ImVec2 origin, ImVec2 size) const;

  int generation_ = -1;
  PaybackView view_;
};

}  // namespace cdsim::viz
