// Data flow: ViewState -> kpis (replay) -> [KpiPanel] -> cards with horizon totals, or in compare mode
// the paired difference B vs A with its 90% interval, as `cdsim compare` reports them.
#pragma once

#include <imgui.h>

#include <vector>

#include "viz/panels/view_state.hpp"
#include "viz/replay/kpis.hpp"

namespace cdsim::viz {

class KpiPanel {
 public:
  void draw(const ViewState& vs, ImVec2 size);

 private:
  void draw_card(const Kpi& k, bool compare, ImVec2 size, int index) const;

  int generation_ = -1;
  std::vector<Kpi> kpis_;
};

}  // namespace cdsim::viz
