// Data flow: Results (outlines in lon/lat) -> [map_shapes] -> flat triangles and borders on a local
// plane, computed once per file, so the map panel only scales them and changes colours per frame.
// No GL here: the tests check the projection and the triangulation.
#pragma once

#include <array>
#include <vector>

#include "sim/record/results.hpp"

namespace cdsim::viz {

/// A point on the map plane: kilometres east and north of the borough's middle.
using MapPoint = std::array<float, 2>;

struct MapShape {
  std::vector<MapPoint> triangles;            ///< filled area, three points per triangle (outer rings)
  std::vector<std::vector<MapPoint>> rings;   ///< every ring, for borders and hit tests
  std::vector<bool> hole;
  MapPoint label{};                           ///< where the name goes: the largest outer ring's centroid
  MapPoint lo{}, hi{};                        ///< bounding box
  double area = 0;                            ///< of the outer rings, km^2
};

struct MapShapes {
  std::vector<MapShape> shapes;  ///< per neighbourhood
  std::vector<int> draw_order;   ///< largest first, so an area inside another's hole is drawn on top
  MapPoint lo{}, hi{};           ///< bounds of all shapes
};

/// Projects every outline equirectangularly about the outlines' mean latitude (x = longitude scaled by
/// cos(mean latitude), so shapes keep their proportions at a borough's scale) and triangulates each
/// outer ring by ear clipping. Empty when the file has no outlines.
[[nodiscard]] MapShapes make_map_shapes(const record::Results& r);

/// Triangles (indices into `ring`, which is closed: last = first) covering a simple polygon.
[[nodiscard]] std::vector<int> triangulate(const std::vector<MapPoint>& ring);

/// The neighbourhood whose shape contains `p` (the last drawn, i.e. the smallest, when they nest), or -1.
[[nodiscard]] int shape_at(const MapShapes& shapes, MapPoint p);

}  // namespace cdsim::viz
