// Data flow: ViewState -> [ChartsPanel] -> tabs of charts (residents by state, crisis entries per
// month, requests for support by sequel, care homes, cost by agency, cumulative cost difference, children's
// social care, police incidents) for the borough or the selected neighbourhood; in compare mode also the
// chance that B pays back and what drives it (UncertaintyPanel).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "viz/panels/uncertainty_panel.hpp"
#include "viz/panels/view_state.hpp"
#include "viz/replay/series.hpp"

namespace cdsim::viz {

class ChartsPanel {
 public:
  enum class Tab { residents, crisis_entries, requests, care_homes, cost, net_cost, children, police, uncertainty };
  /// Opens on `tab` (for --screenshot); the user's clicks decide afterwards.
  void select(Tab tab) { requested_ = tab; }
  void draw(ViewState& vs, ImVec2 size);
  /// The uncertainty tab was open last frame: its tornado wants more height than a chart over time.
  [[nodiscard]] bool wants_room() const { return shown_ == Tab::uncertainty; }

 private:
  struct Cache {
    int generation = -1;
    int selected = -2;
    std::vector<Series> residents_a, residents_b;  // one per state
    Series crisis_a, crisis_b;
    std::vector<Series> requests_a, requests_b;  // one per sequel; empty for files without requests
    std::vector<Series> care_homes_a, care_homes_b;  // residents, waiting, admissions; empty without care homes
    std::vector<Series> cost_a, cost_b;  // one per agency
    std::vector<Series> children_a, children_b;  // one per children's-services status; empty in older files
    std::vector<Series> police_a, police_b;      // police incidents per month (one series); empty in older files
    Series net;
  };
  void refresh(const ViewState& vs);
  void draw_tab(ViewState& vs, Tab tab, ImVec2 size);

  Cache cache_;
  UncertaintyPanel uncertainty_;
  bool show_independent_ = false;
  std::optional<Tab> requested_;
  std::optional<Tab> shown_;
};

}  // namespace cdsim::viz
