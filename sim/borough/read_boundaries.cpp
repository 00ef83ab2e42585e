// ONS Open Geography boundaries (GeoJSON, WGS84) -> outline rings by area code.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/borough/problems.hpp"
#include "sim/borough/public_data.hpp"

namespace cdsim::borough {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& label, const std::string& why) { throw BoroughError({label + ": " + why}); }

/// RFC 7946 GeoJSON has no `crs` member and is WGS84; older files name theirs. Only WGS84 lon/lat
/// (CRS84, EPSG:4326) is accepted: a projected file (British National Grid, EPSG:27700) must be
/// downloaded again in WGS84 or converted.
void check_crs(const json& root, const std::string& label) {
  if (!root.contains("crs") || root["crs"].is_null()) return;
  const json& crs = root["crs"];
  std::string name;
  if (crs.contains("properties") && crs["properties"].is_object() && crs["properties"].contains("name") &&
      crs["properties"]["name"].is_string())
    name = crs["properties"]["name"].get<std::string>();
  const bool wgs84 = name.find("CRS84") != std::string::npos || name.find("EPSG::4326") != std::string::npos ||
                     name.find("EPSG:4326") != std::string::npos;
  if (!wgs84) {
    fail(label, fmt::format("its crs is '{}', not WGS84 longitude/latitude (CRS84 or EPSG:4326). Download the "
                            "boundaries as GeoJSON in WGS84 from the ONS Open Geography portal, or convert them: "
                            "ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson",
                            name.empty() ? crs.dump() : name));
  }
}

/// A position [lon, lat] (an altitude after them is ignored); nullopt when not two numbers.
std::optional<spec::LonLat> position(const json& p) {
  if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) return std::nullopt;
  return spec::LonLat{p[0].get<double>(), p[1].get<double>()};
}

/// The rings of a Polygon or MultiPolygon; a message when the geometry is not one.
std::vector<spec::Ring> rings_of(const json& geometry, std::string& problem) {
  if (!geometry.is_object() || !geometry.contains("type") || !geometry["type"].is_string()) {
    problem = "has no geometry";
    return {};
  }
  const std::string type = geometry["type"].get<std::string>();
  if (type != "Polygon" && type != "MultiPolygon") {
    problem = fmt::format("has a {} geometry; an area's boundary must be a Polygon or MultiPolygon", type);
    return {};
  }
  if (!geometry.contains("coordinates") || !geometry["coordinates"].is_array()) {
    problem = "has a geometry without coordinates";
    return {};
  }
  std::vector<json> polygons;
  if (type == "Polygon")
    polygons.push_back(geometry["coordinates"]);
  else
    for (const auto& p : geometry["coordinates"]) polygons.push_back(p);
  std::vector<spec::Ring> rings;
  for (const auto& polygon : polygons) {
    if (!polygon.is_array()) {
      problem = "has malformed coordinates (a polygon is a list of rings)";
      return {};
    }
    for (const auto& ring_json : polygon) {
      if (!ring_json.is_array()) {
        problem = "has malformed coordinates (a ring is a list of [lon, lat] positions)";
        return {};
      }
      spec::Ring ring;
      for (const auto& p : ring_json) {
        const auto q = position(p);
        if (!q) {
          problem = fmt::format("has a malformed position {} in ring {} (expected [lon, lat])", p.dump().substr(0, 40),
                                rings.size());
          return {};
        }
        ring.push_back(*q);
      }
      rings.push_back(std::move(ring));
    }
  }
  return rings;
}

std::optional<std::string> code_of(const json& feature, const std::string& property) {
  if (!feature.is_object() || !feature.contains("properties") || !feature["properties"].is_object()) return std::nullopt;
  const json& props = feature["properties"];
  if (!props.contains(property)) return std::nullopt;
  const json& v = props[property];
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

}  // namespace

BoundaryFile read_boundaries(const std::filesystem::path& path, const Columns& columns,
                             const std::vector<std::string>& wanted) {
  BoundaryFile out;
  out.label = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(out.label, "no such file");
  if (std::filesystem::is_directory(path, ec)) fail(out.label, "is a folder, not a GeoJSON file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(out.label, fmt::format("cannot be read: {}", std::strerror(errno)));
  json root;
  try {
    root = json::parse(in);
  } catch (const json::parse_error& e) {
    fail(out.label, fmt::format("is not valid JSON (at byte {}): {}", e.byte, e.what()));
  } catch (const json::exception& e) {
    // A number too large for a double (found by fuzz_boundaries), and anything else the parser refuses.
    fail(out.label, fmt::format("is not usable JSON: {}", e.what()));
  }
  if (!root.is_object() || root.value("type", json()) != "FeatureCollection" || !root.contains("features") ||
      !root["features"].is_array()) {
    fail(out.label, "is not a GeoJSON FeatureCollection (expected {\"type\": \"FeatureCollection\", \"features\": [...]})");
  }
  check_crs(root, out.label);
  const json& features = root["features"];
  if (features.empty()) {
    fail(out.label, "has no features (its \"features\" list is empty): export the boundaries of the areas again, "
                    "or leave --boundaries out to make a borough without a map");
  }
  const std::set<std::string> want(wanted.begin(), wanted.end());

  // The property that holds the codes: named, or the one matching the most wanted codes.
  out.code_property = columns.boundary_code;
  if (out.code_property.empty()) {
    std::map<std::string, int> matches;
    for (const auto& f : features) {
      if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
      for (const auto& [key, value] : f["properties"].items())
        if (value.is_string() && want.count(value.get<std::string>())) ++matches[key];
    }
    int best = 0;
    for (const auto& [key, n] : matches)
      if (n > best) best = n, out.code_property = key;
    if (out.code_property.empty()) {
      std::string keys;
      if (!features.empty() && features[0].is_object() && features[0].contains("properties") &&
          features[0]["properties"].is_object())
        for (const auto& [key, value] : features[0]["properties"].items()) keys += (keys.empty() ? "" : ", ") + key;
      fail(out.label, fmt::format("no feature property holds any of the area codes (like {}); the first feature's "
                                  "properties are: {}. Are these boundaries for the same kind of area and year "
                                  "(LSOA 2021 codes need 2021 boundaries)? Name the property with --boundary-code-property",
                                  wanted.empty() ? "" : wanted.front(), keys.empty() ? "none" : keys));
    }
  }

  Problems problems;
  std::map<std::string, std::size_t> first_feature;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto code = code_of(features[i], out.code_property);
    if (!code || !want.count(*code)) continue;
    const std::string where = fmt::format("{}: feature {} ({} {})", out.label, i, out.code_property, *code);
    if (const auto [at, fresh] = first_feature.emplace(*code, i); !fresh) {
      problems.add(fmt::format("{}: the code is also on feature {}; each area needs one feature", where, at->second));
      continue;
    }
    std::string problem;
    std::vector<spec::Ring> rings = rings_of(features[i].value("geometry", json()), problem);
    if (problem.empty()) {
      if (const auto p = spec::check_outline(rings)) problem = p->message;
    }
    if (!problem.empty()) {
      problems.add(fmt::format("{}: {}", where, problem));
      continue;
    }
    out.by_code.emplace(*code, std::move(rings));
  }
  problems.throw_if_any();
  return out;
}

}  // namespace cdsim::borough
