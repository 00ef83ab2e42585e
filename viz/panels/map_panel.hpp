// Data flow: ViewState (results, week, metric) -> [MapPanel] -> the borough's real outlines when the
// file has them (a scenario made by `cdsim borough`), else a hex tile per neighbourhood at its x, y;
// coloured by the metric, with legend, hover numbers and click-to-select.
#pragma once

#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "viz/panels/view_state.hpp"
#include "viz/replay/map_shapes.hpp"
#include "viz/replay/series.hpp"

namespace cdsim::viz {

class MapPanel {
 public:
  /// Fills `size` at the cursor.
  void draw(ViewState& vs, ImVec2 size);

 private:
  /// Tile centres in layout units and the tile size, per file: computed once, not per frame.
  struct Layout {
    const record::Results* results = nullptr;
    std::vector<ImVec2> centre;  // y up, in layout units
    ImVec2 lo, hi;               // bounds of the centres
    float spacing = 1;           // nearest-neighbour distance
    MapShapes shapes;            // outlines on the map plane; empty: hex tiles
  };
  /// Pixel geometry of one drawn map: rebuilt only when the canvas moves or resizes.
  struct Geometry {
    ImVec2 origin, size;
    const record::Results* results = nullptr;
    std::vector<ImVec2> centre;
    float radius = 0;
    // Outlines in pixels (llvmpipe draws thousands of corners a frame only if nothing else is redone).
    std::vector<std::vector<ImVec2>> triangles;            // per neighbourhood
    std::vector<std::vector<std::vector<ImVec2>>> rings;   // per neighbourhood, per ring
    std::vector<float> label_width;                        // per neighbourhood; 0: no room for a name
    ImVec2 mid, lmid;                                      // pixel centre and layout centre
    float scale = 1;                                       // pixels per layout unit
  };
  struct Scale {
    double lo = 0, hi = 1;
    bool diverging = false;
  };

  const Layout& layout_of(int slot, const record::Results& r);
  const Geometry& geometry_of(int slot, const record::Results& r, ImVec2 origin, ImVec2 size);
  void refresh_ranges(const ViewState& vs);
  /// One map; returns the neighbourhood under the mouse or -1.
  int draw_map(int slot, const ViewState& vs, const record::Results& r, const std::vector<double>& values, const Scale& scale,
               const std::string& title, ImVec2 size);
  /// The outline map of draw_map; returns the neighbourhood under the mouse or -1.
  int draw_outlines(const ViewState& vs, const record::Results& r, const Layout& l, const Geometry& g,
                    const std::vector<double>& values, const Scale& scale, bool hovered);
  void draw_legend(const Scale& scale, const std::string& lo, const std::string& hi, const std::string& caption, float width);
  void draw_tooltip(const ViewState& vs, int n) const;

  Layout layouts_[2];
  Geometry geometry_[2];
  int ranges_generation_ = -1;
  std::string ranges_metric_;
  Scale shared_scale_;
  Scale difference_scale_;
};

/// The metric `id` in `r`, or nullptr when the file lacks it.
[[nodiscard]] const MapMetric* find_metric(const std::vector<MapMetric>& metrics, const std::string& id);
/// "3.4%", "£1,234", "12.5": a metric value with its unit.
[[nodiscard]] std::string format_metric(const MapMetric& m, double v);

}  // namespace cdsim::viz
