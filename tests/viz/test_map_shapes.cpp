// The outline map's geometry without GL: projection, ear-clipping triangulation and hit tests.
#include <catch2/catch.hpp>
#include <cmath>

#include "viz/replay/map_shapes.hpp"

using namespace cdsim;
using namespace cdsim::viz;

namespace {

double triangle_area(const MapPoint& a, const MapPoint& b, const MapPoint& c) {
  return std::abs((double(b[0]) - a[0]) * (double(c[1]) - a[1]) - (double(b[1]) - a[1]) * (double(c[0]) - a[0])) / 2;
}

}  // namespace

TEST_CASE("ear clipping covers a concave polygon exactly, whichever way it winds", "[map_shapes]") {
  // An L shape (area 3) with a repeated corner, as boundary files have.
  std::vector<MapPoint> ring{{0, 0}, {2, 0}, {2, 1}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}};
  for (int pass = 0; pass < 2; ++pass) {
    const auto tris = triangulate(ring);
    REQUIRE(tris.size() == 4 * 3);
    double area = 0;
    for (std::size_t k = 0; k < tris.size(); k += 3) area += triangle_area(ring[tris[k]], ring[tris[k + 1]], ring[tris[k + 2]]);
    CHECK(area == Approx(3));
    std::reverse(ring.begin(), ring.end());
  }
}

TEST_CASE("outlines project about the mean latitude and nested shapes are hit from the inside out", "[map_shapes]") {
  record::Results r;
  record::Neighbourhood outer;
  outer.name = "Outer";
  outer.rings = {{{-2.0, 53.0}, {-1.9, 53.0}, {-1.9, 53.1}, {-2.0, 53.1}, {-2.0, 53.0}},
                 {{-1.97, 53.03}, {-1.97, 53.07}, {-1.93, 53.07}, {-1.93, 53.03}, {-1.97, 53.03}}};
  outer.hole = {false, true};
  record::Neighbourhood inner;
  inner.name = "Inner";
  inner.rings = {{{-1.97, 53.03}, {-1.93, 53.03}, {-1.93, 53.07}, {-1.97, 53.07}, {-1.97, 53.03}}};
  inner.hole = {false};
  r.neighbourhoods = {outer, inner};
  const MapShapes m = make_map_shapes(r);
  REQUIRE(m.shapes.size() == 2);
  CHECK(m.draw_order == std::vector<int>{0, 1});  // the larger first
  // 0.1 degrees of longitude at 53.05 N is about 6.7 km; of latitude about 11.1 km.
  CHECK(m.hi[0] - m.lo[0] == Approx(0.1 * 111.32 * std::cos(53.05 * 3.14159265 / 180)).epsilon(0.01));
  CHECK(m.hi[1] - m.lo[1] == Approx(11.06).epsilon(0.01));
  const MapPoint middle{(m.lo[0] + m.hi[0]) / 2, (m.lo[1] + m.hi[1]) / 2};
  CHECK(shape_at(m, middle) == 1);
  CHECK(shape_at(m, {m.lo[0] + 0.1f, m.lo[1] + 0.1f}) == 0);
  CHECK(shape_at(m, {m.hi[0] + 1, m.hi[1] + 1}) == -1);
  r.neighbourhoods[1].rings.clear();
  CHECK(make_map_shapes(r).shapes.empty());  // one without an outline: tiles for all
}
