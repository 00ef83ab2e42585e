#include "viz/replay/map_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

namespace cdsim::viz {
namespace {

constexpr double kKmPerDegreeLat = 110.574;
constexpr double kKmPerDegreeLon = 111.320;

double cross(const MapPoint& a, const MapPoint& b, const MapPoint& c) {
  return (double(b[0]) - a[0]) * (double(c[1]) - a[1]) - (double(b[1]) - a[1]) * (double(c[0]) - a[0]);
}

double signed_area(const std::vector<MapPoint>& ring) {
  double twice = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) twice += double(ring[i][0]) * ring[i + 1][1] - double(ring[i + 1][0]) * ring[i][1];
  return twice / 2;
}

bool contains(const std::vector<MapPoint>& ring, MapPoint p) {
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const MapPoint& a = ring[i];
    const MapPoint& b = ring[i + 1];
    if ((a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])) inside = !inside;
  }
  return inside;
}

}  // namespace

std::vector<int> triangulate(const std::vector<MapPoint>& ring) {
  // Corners without the closing repeat and without consecutive duplicates.
  std::vector<int> v;
  for (int i = 0; i + 1 < static_cast<int>(ring.size()); ++i)
    if (v.empty() || ring[static_cast<std::size_t>(v.back())] != ring[static_cast<std::size_t>(i)]) v.push_back(i);
  if (v.size() > 1 && ring[static_cast<std::size_t>(v.front())] == ring[static_cast<std::size_t>(v.back())]) v.pop_back();
  std::vector<int> out;
  if (v.size() < 3) return out;
  if (signed_area(ring) < 0) std::reverse(v.begin(), v.end());  // work counter-clockwise
  const auto at = [&](int k) { return ring[static_cast<std::size_t>(k)]; };
  // Ear clipping: cut a convex corner whose triangle holds no other corner, until three are left.
  std::size_t guard = v.size() * v.size();
  std::size_t i = 0;
  while (v.size() > 3 && guard-- > 0) {
    const std::size_t n = v.size();
    const int a = v[(i + n - 1) % n], b = v[i % n], c = v[(i + 1) % n];
    bool ear = cross(at(a), at(b), at(c)) > 0;
    for (std::size_t k = 0; ear && k < n; ++k) {
      const int p = v[k];
      if (p == a || p == b || p == c || at(p) == at(a) || at(p) == at(b) || at(p) == at(c)) continue;
      ear = !(cross(at(a), at(b), at(p)) >= 0 && cross(at(b), at(c), at(p)) >= 0 && cross(at(c), at(a), at(p)) >= 0);
    }
    if (ear) {
      out.insert(out.end(), {a, b, c});
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i % n));
      if (i >= v.size()) i = 0;
    } else {
      i = (i + 1) % n;
    }
  }
  // Rounding can leave no ear on a nearly degenerate remainder: fan it, which is right when convex.
  for (std::size_t k = 1; k + 1 < v.size(); ++k) out.insert(out.end(), {v[0], v[k], v[k + 1]});
  return out;
}

MapShapes make_map_shapes(const record::Results& r) {
  MapShapes out;
  if (!r.has_outlines()) return out;
  double lon0 = 0, lat0 = 0, count = 0;
  for (const auto& n : r.neighbourhoods)
    for (const auto& ring : n.rings)
      for (const auto& p : ring) lon0 += p[0], lat0 += p[1], count += 1;
  lon0 /= count;
  lat0 /= count;
  const double x_scale = kKmPerDegreeLon * std::cos(lat0 * std::numbers::pi / 180);
  constexpr float kBig = std::numeric_limits<float>::max();
  out.lo = {kBig, kBig};
  out.hi = {-kBig, -kBig};
  for (const auto& n : r.neighbourhoods) {
    MapShape shape;
    shape.lo = {kBig, kBig};
    shape.hi = {-kBig, -kBig};
    double best = -1;
    for (std::size_t k = 0; k < n.rings.size(); ++k) {
      std::vector<MapPoint> ring;
      for (const auto& p : n.rings[k]) {
        const MapPoint q{static_cast<float>((p[0] - lon0) * x_scale), static_cast<float>((p[1] - lat0) * kKmPerDegreeLat)};
        ring.push_back(q);
        for (int d = 0; d < 2; ++d) shape.lo[d] = std::min(shape.lo[d], q[d]), shape.hi[d] = std::max(shape.hi[d], q[d]);
      }
      const bool hole = k < n.hole.size() && n.hole[k];
      if (!hole) {
        for (int index : triangulate(ring)) shape.triangles.push_back(ring[static_cast<std::size_t>(index)]);
        const double area = std::abs(signed_area(ring));
        shape.area += area;
        if (area > best) {
          // Centroid of this ring for the label.
          double cx = 0, cy = 0, a = 0;
          for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const double c = double(ring[i][0]) * ring[i + 1][1] - double(ring[i + 1][0]) * ring[i][1];
            a += c;
            cx += (double(ring[i][0]) + ring[i + 1][0]) * c;
            cy += (double(ring[i][1]) + ring[i + 1][1]) * c;
          }
          if (a != 0) shape.label = {static_cast<float>(cx / (3 * a)), static_cast<float>(cy / (3 * a))};
          best = area;
        }
      }
      shape.rings.push_back(std::move(ring));
      shape.hole.push_back(hole);
    }
    for (int d = 0; d < 2; ++d) out.lo[d] = std::min(out.lo[d], shape.lo[d]), out.hi[d] = std::max(out.hi[d], shape.hi[d]);
    out.shapes.push_back(std::move(shape));
  }
  out.draw_order.resize(out.shapes.size());
  std::iota(out.draw_order.begin(), out.draw_order.end(), 0);
  std::stable_sort(out.draw_order.begin(), out.draw_order.end(),
                   [&](int a, int b) { return out.shapes[static_cast<std::size_t>(a)].area > out.shapes[static_cast<std::size_t>(b)].area; });
  return out;
}

int shape_at(const MapShapes& shapes, MapPoint p) {
  for (auto it = shapes.draw_order.rbegin(); it != shapes.draw_order.rend(); ++it) {
    const MapShape& s = shapes.shapes[static_cast<std::size_t>(*it)];
    if (p[0] < s.lo[0] || p[0] > s.hi[0] || p[1] < s.lo[1] || p[1] > s.hi[1]) continue;
    bool inside = false;
    for (std::size_t k = 0; k < s.rings.size(); ++k)
      if (contains(s.rings[k], p)) inside = !inside;  // a hole flips it back
    if (inside) return *it;
  }
  return -1;
}

}  // namespace cdsim::viz
