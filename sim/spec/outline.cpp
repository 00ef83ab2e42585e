#include "sim/spec/outline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cdsim::spec {
namespace {

/// Twice the signed area of triangle a, b, c: > 0 when c is left of a->b.
double orient(const LonLat& a, const LonLat& b, const LonLat& c) {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

int sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

/// c lies within the bounding box of a, b (used once orient() says the three are collinear).
bool within(const LonLat& a, const LonLat& b, const LonLat& c) {
  return std::min(a[0], b[0]) <= c[0] && c[0] <= std::max(a[0], b[0]) && std::min(a[1], b[1]) <= c[1] &&
         c[1] <= std::max(a[1], b[1]);
}

enum class Meet { none, touch, cross };

/// How segments p1-p2 and q1-q2 meet: crossing at a point inside both, touching (an end on the other,
/// or overlapping along a line), or not at all.
Meet meet(const LonLat& p1, const LonLat& p2, const LonLat& q1, const LonLat& q2) {
  const int d1 = sign(orient(q1, q2, p1)), d2 = sign(orient(q1, q2, p2));
  const int d3 = sign(orient(p1, p2, q1)), d4 = sign(orient(p1, p2, q2));
  if (d1 * d2 < 0 && d3 * d4 < 0) return Meet::cross;
  if ((d1 == 0 && within(q1, q2, p1)) || (d2 == 0 && within(q1, q2, p2)) || (d3 == 0 && within(p1, p2, q1)) ||
      (d4 == 0 && within(p1, p2, q2)))
    return Meet::touch;
  return Meet::none;
}

/// The ring without consecutive repeats, still closed.
Ring distinct_corners(const Ring& ring) {
  Ring out;
  for (const auto& p : ring)
    if (out.empty() || out.back() != p) out.push_back(p);
  return out;
}

struct Segment {
  LonLat a, b;
  std::size_t ring, index, count;  // index of the segment in its ring of `count` segments
  double lo, hi;                   // x extent
};

}  // namespace

double ring_signed_area(const Ring& ring) {
  double twice = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return twice / 2;
}

bool ring_contains(const Ring& ring, LonLat p) {
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const LonLat& a = ring[i];
    const LonLat& b = ring[i + 1];
    if ((a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])) inside = !inside;
  }
  return inside;
}

std::optional<OutlineProblem> check_outline(const std::vector<Ring>& rings) {
  if (rings.empty()) return OutlineProblem{"has no rings; give at least one ring of [lon, lat] positions"};
  std::vector<Segment> segments;
  std::optional<std::size_t> flat;  // a ring enclosing no area
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const Ring& ring = rings[r];
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const double lon = ring[i][0], lat = ring[i][1];
      if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        return OutlineProblem{fmt::format(
            "ring {} position {} is [{}, {}], outside longitude -180..180 / latitude -90..90: coordinates must be "
            "WGS84 degrees (a file in British National Grid metres, EPSG:27700, needs converting to EPSG:4326)",
            r, i, lon, lat)};
      }
    }
    if (ring.size() < 2 || ring.front() != ring.back()) {
      return OutlineProblem{fmt::format("ring {} is not closed: its last position must repeat its first", r)};
    }
    const Ring corners = distinct_corners(ring);
    if (corners.size() < 4) {
      return OutlineProblem{fmt::format("ring {} has {} distinct corners; a ring needs at least 3", r,
                                        corners.size() < 1 ? 0 : corners.size() - 1)};
    }
    // Reported after the crossings: a symmetric bow tie has no area, but "crosses itself" says why.
    if (ring_signed_area(corners) == 0 && !flat) flat = r;
    const std::size_t count = corners.size() - 1;
    for (std::size_t i = 0; i < count; ++i) {
      const LonLat& a = corners[i];
      const LonLat& b = corners[i + 1];
      segments.push_back({a, b, r, i, count, std::min(a[0], b[0]), std::max(a[0], b[0])});
    }
  }
  // Sweep along longitude: only segments whose x extents overlap are compared, so real boundaries
  // (thousands of corners, few overlapping extents) cost about n log n rather than n^2.
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) { return a.lo < b.lo; });
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    for (std::size_t j = i + 1; j < segments.size() && segments[j].lo <= s.hi; ++j) {
      const Segment& t = segments[j];
      const Meet m = meet(s.a, s.b, t.a, t.b);
      if (m == Meet::none) continue;
      if (s.ring == t.ring) {
        const std::size_t gap = s.index > t.index ? s.index - t.index : t.index - s.index;
        const bool neighbours = gap == 1 || gap == s.count - 1;
        // Neighbours share a corner; they are wrong only when they fold back along each other.
        if (neighbours && (m == Meet::cross || orient(s.a, s.b, t.a) != 0 || orient(s.a, s.b, t.b) != 0)) continue;
        if (neighbours) {
          const LonLat& shared = (s.a == t.a || s.a == t.b) ? s.a : s.b;
          const LonLat& far_s = s.a == shared ? s.b : s.a;
          const LonLat& far_t = t.a == shared ? t.b : t.a;
          const double dot = (far_s[0] - shared[0]) * (far_t[0] - shared[0]) + (far_s[1] - shared[1]) * (far_t[1] - shared[1]);
          if (dot <= 0) continue;  // straight on: collinear but not folding back
        }
        const std::size_t first = std::min(s.index, t.index), second = std::max(s.index, t.index);
        return OutlineProblem{fmt::format(
            "ring {} intersects itself: its edges from position {} and from position {} {} (near [{}, {}]); "
            "a boundary must not cross or touch itself",
            s.ring, first, second, m == Meet::cross ? "cross" : "touch", s.a[0], s.a[1])};
      }
      if (m == Meet::cross) {
        return OutlineProblem{fmt::format("rings {} and {} cross each other (near [{}, {}])", std::min(s.ring, t.ring),
                                          std::max(s.ring, t.ring), s.a[0], s.a[1])};
      }
    }
  }
  if (flat) return OutlineProblem{fmt::format("ring {} encloses no area", *flat)};
  return std::nullopt;
}

namespace {

bool on_boundary(const Ring& ring, const LonLat& p) {
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    if (orient(ring[i], ring[i + 1], p) == 0 && within(ring[i], ring[i + 1], p)) return true;
  }
  return false;
}

/// Whether `inner` lies inside `outer`, judged at its first corner not on outer's boundary: rings of
/// neighbouring areas share corners, and a shared corner says nothing about inside or out.
bool ring_inside(const Ring& outer, const Ring& inner) {
  for (const auto& p : inner) {
    if (!on_boundary(outer, p)) return ring_contains(outer, p);
  }
  return false;  // every corner on the boundary: the same ring
}

}  // namespace

std::vector<bool> outline_holes(const std::vector<Ring>& rings) {
  std::vector<bool> hole(rings.size(), false);
  for (std::size_t r = 0; r < rings.size(); ++r) {
    if (rings[r].empty()) continue;
    int around = 0;
    for (std::size_t o = 0; o < rings.size(); ++o) {
      if (o != r && ring_inside(rings[o], rings[r])) ++around;
    }
    hole[r] = around % 2 == 1;
  }
  return hole;
}

std::optional<LonLat> outline_centroid(const std::vector<Ring>& rings) {
  const std::vector<bool> hole = outline_holes(rings);
  double area = 0, cx = 0, cy = 0;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const Ring& ring = rings[r];
    if (ring.size() < 4) continue;
    // Relative to the first corner, so large longitudes do not cost precision.
    const LonLat o = ring.front();
    double a = 0, x = 0, y = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      const double x0 = ring[i][0] - o[0], y0 = ring[i][1] - o[1];
      const double x1 = ring[i + 1][0] - o[0], y1 = ring[i + 1][1] - o[1];
      const double cross = x0 * y1 - x1 * y0;
      a += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
    if (a == 0) continue;
    // Holes subtract whatever their winding; outer rings add.
    const double weight = (hole[r] ? -1.0 : 1.0) * std::abs(a) / 2;
    cx += weight * (o[0] + x / (3 * a));
    cy += weight * (o[1] + y / (3 * a));
    area += weight;
  }
  if (!(area > 0)) return std::nullopt;
  return LonLat{cx / area, cy / area};
}

}  // namespace cdsim::spec
