// Data flow: boundaries (GeoJSON via `cdsim borough`, or a scenario's `outline`) -> [outline] -> checked
// rings, their holes, areas and centroids. Plain geometry on [lon, lat] pairs (WGS84 degrees), shared
// by the scenario loader, `cdsim borough` and the results writer, so a shape is judged one way.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cdsim::spec {

/// [longitude, latitude] in WGS84 degrees, the order GeoJSON uses.
using LonLat = std::array<double, 2>;
/// A closed ring: the last position repeats the first, as in GeoJSON.
using Ring = std::vector<LonLat>;

/// What is wrong with a set of rings, in words; where says which ring and position (0-based).
struct OutlineProblem {
  std::string message;
};

/// Checks one neighbourhood's rings: each closed, at least 3 distinct corners, coordinates within
/// lon [-180, 180] and lat [-90, 90], enclosing some area, not crossing or touching itself, and no
/// two rings crossing. Consecutive repeated positions are allowed (real boundary files have them).
/// Returns the first problem found, or nullopt for a valid outline.
std::optional<OutlineProblem> check_outline(const std::vector<Ring>& rings);

/// For each ring, whether it is a hole: inside an odd number of the other rings (so the order and
/// winding of rings do not matter, unlike GeoJSON's right-hand rule that older files ignore).
std::vector<bool> outline_holes(const std::vector<Ring>& rings);

/// Signed area in square degrees (positive counter-clockwise), by the shoelace formula.
double ring_signed_area(const Ring& ring);

/// Area-weighted centroid of the outline, holes subtracted, in [lon, lat]. Computed in degrees:
/// the centroid is invariant under the equirectangular stretch, so this equals the centroid on a
/// local map. nullopt when the outline has no area.
std::optional<LonLat> outline_centroid(const std::vector<Ring>& rings);

/// Whether `p` is inside `ring` (even-odd rule; points on the edge may go either way).
bool ring_contains(const Ring& ring, LonLat p);

}  // namespace cdsim::spec
