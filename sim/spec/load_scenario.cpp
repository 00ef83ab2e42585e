#include "sim/spec/load_scenario.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "sim/spec/defaults.hpp"
#include "sim/spec/fits_in_memory.hpp"
#include "sim/spec/read_community.hpp"
#include "sim/spec/read_policies.hpp"
#include "sim/spec/yaml_reader.hpp"
#include "sim/spec/yaml_document.hpp"

namespace cdsim::spec {

namespace {

using detail::Bounds;
using detail::child_path;
using detail::item_path;
using detail::Need;
using detail::seen_before;
using detail::YamlReader;

constexpr int kMaxNeighbourhoods = 10'000;
// No real scenario comes near these; they bound the work done on a hostile file.
constexpr std::size_t kMaxCostItems = 1'000;
constexpr double kShareTolerance = 1e-6;

[[noreturn]] void fail_whole_file(const std::string& label, std::string message) {
  throw SpecError({Diagnostic{label, 0, 0, {}, std::move(message)}});
}

// ---------------------------------------------------------------------------------------------
// The scenario keys

/// Shares (each already checked) must add up to 1.
void check_sums_to_one(YamlReader& r, const YAML::Node& at, const std::string& path, double sum) {
  if (std::abs(sum - 1) > kShareTolerance) r.error(at, path, fmt::format("shares must sum to 1, they sum to {}", sum));
}

/// A map with one number per state or per transition, keyed by name (`names`, same order as `out`).
template <std::size_t N>
void read_named(YamlReader& r, const YAML::Node& map, const std::string& path, const std::array<const char*, N>& names,
                std::array<double, N>& out, Need need, const Bounds& bounds) {
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {names.begin(), names.end()});
  for (std::size_t i = 0; i < N; ++i) r.read(map, path, names[i], need, out[i], bounds);
}

void read_name(YamlReader& r, const YAML::Node& root, ScenarioSpec& s) {
  const auto node = r.find(root, "", "name", Need::required);
  if (!node) return;
  const auto name = r.string(*node, "name");
  if (!name) return;
  // The name becomes part of file names (output/<name>.h5), so keep it to portable characters.
  const bool portable = std::all_of(name->begin(), name->end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
  if (name->empty() || name->size() > 64 || !portable) {
    r.error(*node, "name",
            fmt::format("must be 1 to 64 letters, digits, '_', '.' or '-' (it names files), got {}",
                        detail::describe(*node)));
  } else {
    s.name = *name;
  }
}

/// Shares per 5-year age band (0-4, ..., 85-89, 90+), each >= 0, summing to 1: the borough's
/// `population.age_shares` and a neighbourhood's own.
std::optional<std::array<double, kAgeBandCount>> read_age_shares(YamlReader& r, const YAML::Node& node,
                                                                  const std::string& at) {
  if (!r.expect_list(node, at)) return std::nullopt;
  if (node.size() != kAgeBandCount) {
    r.error(node, at,
            fmt::format("expected {} shares (ages 0-4, 5-9, ..., 85-89, 90+), got {}", kAgeBandCount, node.size()));
    return std::nullopt;
  }
  std::array<double, kAgeBandCount> shares{};
  bool all = true;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const auto v = r.number(node[i], item_path(at, i), Bounds{0});
    all = all && v;
    if (v) shares[i] = *v;
  }
  if (!all) return std::nullopt;
  check_sums_to_one(r, node, at, std::accumulate(shares.begin(), shares.end(), 0.0));
  return shares;
}

/// `[lon, lat]` in WGS84 degrees.
std::optional<LonLat> read_lon_lat(YamlReader& r, const YAML::Node& node, const std::string& at) {
  if (!node.IsSequence() || node.size() != 2) {
    r.error(node, at, fmt::format("expected [longitude, latitude], got {}", detail::describe(node)));
    return std::nullopt;
  }
  const auto lon = r.number(node[0], item_path(at, 0), Bounds{-180, 180});
  const auto lat = r.number(node[1], item_path(at, 1), Bounds{-90, 90});
  if (!lon || !lat) return std::nullopt;
  return LonLat{*lon, *lat};
}

/// `outline: [[[lon, lat], ...], ...]`: closed rings that must form a valid shape (outline.hpp).
std::vector<Ring> read_outline(YamlReader& r, const YAML::Node& node, const std::string& at) {
  if (!r.expect_list(node, at)) return {};
  std::vector<Ring> rings;
  bool all = true;
  std::size_t k = 0;
  for (const YAML::Node& ring_node : node) {
    const std::string ring_at = item_path(at, k++);
    if (!r.expect_list(ring_node, ring_at)) {
      all = false;
      continue;
    }
    Ring ring;
    std::size_t i = 0;
    for (const YAML::Node& position : ring_node) {
      const auto p = read_lon_lat(r, position, item_path(ring_at, i++));
      if (p) ring.push_back(*p);
      all = all && p;
      if (!p) break;  // one message per ring is enough
    }
    rings.push_back(std::move(ring));
  }
  if (!all) return {};
  if (const auto problem = check_outline(rings)) {
    r.error(node, at, problem->message);
    return {};
  }
  return rings;
}

void read_neighbourhood_list(YamlReader& r, const YAML::Node& list, const std::string& path,
                             std::vector<NeighbourhoodSpec>& out) {
  if (list.size() == 0) return r.error(list, path, "must list at least one neighbourhood");
  if (list.size() > kMaxNeighbourhoods) {
    return r.error(list, path, fmt::format("at most {} neighbourhoods, got {}", kMaxNeighbourhoods, list.size()));
  }
  std::vector<NeighbourhoodSpec> result;
  std::unordered_map<std::string, int> first_line;  // name -> line where it first appears
  std::unordered_map<std::string, int> first_code_line;
  bool all_shares = true;
  double sum = 0;
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    const std::string at = item_path(path, index++);
    NeighbourhoodSpec n;
    if (!r.expect_map(item, at)) {
      all_shares = false;
      continue;
    }
    r.check_keys(item, at, {"name", "code", "x", "y", "deprivation_decile", "share", "age_shares", "outline", "centroid"});
    if (const auto node = r.find(item, at, "name", Need::required)) {
      if (const auto name = r.string(*node, child_path(at, "name"))) {
        if (name->empty()) {
          r.error(*node, child_path(at, "name"), "must not be empty");
        } else if (const auto where = seen_before(first_line, *name, *node)) {
          r.error(*node, child_path(at, "name"), fmt::format("neighbourhood '{}' is listed twice{}", *name, *where));
        }
        n.name = *name;
      }
    }
    r.read(item, at, "x", Need::optional, n.x);
    r.read(item, at, "y", Need::optional, n.y);
    r.read(item, at, "deprivation_decile", Need::required, n.deprivation_decile, 1, 10);
    if (r.read(item, at, "share", Need::required, n.share, Bounds{0, 1, true, false}))
      sum += n.share;
    else
      all_shares = false;
    if (const auto node = r.find(item, at, "code")) {
      // Codes join results to other data, so each must name one neighbourhood.
      const auto code = r.string(*node, child_path(at, "code"));
      const bool plain = code && std::all_of(code->begin(), code->end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.';
      });
      if (code && (code->empty() || code->size() > 64 || !plain)) {
        r.error(*node, child_path(at, "code"),
                fmt::format("must be 1 to 64 letters, digits, '_', '-' or '.' (like E01000001), got {}",
                            detail::describe(*node)));
      } else if (code) {
        if (const auto where = seen_before(first_code_line, *code, *node)) {
          r.error(*node, child_path(at, "code"), fmt::format("code '{}' is given to two neighbourhoods{}", *code, *where));
        }
        n.code = *code;
      }
    }
    if (const auto node = r.find(item, at, "age_shares")) n.age_shares = read_age_shares(r, *node, child_path(at, "age_shares"));
    if (const auto node = r.find(item, at, "outline")) n.outline = read_outline(r, *node, child_path(at, "outline"));
    if (const auto node = r.find(item, at, "centroid")) {
      n.centroid = read_lon_lat(r, *node, child_path(at, "centroid"));
    } else if (!n.outline.empty()) {
      n.centroid = outline_centroid(n.outline);
    }
    result.push_back(std::move(n));
  }
  if (all_shares) check_sums_to_one(r, list, path, sum);
  out = std::move(result);
}

void read_population(YamlReader& r, const YAML::Node& map, PopulationSpec& p) {
  const std::string path = "population";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"size", "neighbourhoods", "age_shares", "female_share"});
  r.read(map, path, "size", Need::required, p.size, 1, std::numeric_limits<std::int64_t>::max());

  if (const auto node = r.find(map, path, "neighbourhoods")) {
    const std::string at = child_path(path, "neighbourhoods");
    if (node->IsSequence()) {
      read_neighbourhood_list(r, *node, at, p.neighbourhoods);
    } else if (node->IsScalar()) {
      if (const auto count = r.integer(*node, at, 1, kMaxNeighbourhoods)) {
        p.neighbourhoods = synthetic_neighbourhoods(static_cast<int>(*count));
      }
    } else {
      r.error(*node, at,
              fmt::format("expected a number of neighbourhoods or a list of them, got {}", detail::describe(*node)));
    }
  }

  if (const auto node = r.find(map, path, "age_shares")) {
    if (const auto shares = read_age_shares(r, *node, child_path(path, "age_shares"))) p.age_shares = *shares;
  }
  r.read(map, path, "female_share", Need::optional, p.female_share, Bounds{0, 1});
}

void read_covariates(YamlReader& r, const YAML::Node& map, CovariateSpec& c) {
  const std::string path = "covariates";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"reference_age", "age_per_decade", "deprivation_per_decile"});
  r.read(map, path, "reference_age", Need::optional, c.reference_age, Bounds{0, kMaxAgeYears});
  if (const auto node = r.find(map, path, "age_per_decade")) {
    read_named(r, *node, child_path(path, "age_per_decade"), kTransitionNames, c.age_per_decade, Need::optional,
               Bounds{-5, 5});
  }
  if (const auto node = r.find(map, path, "deprivation_per_decile")) {
    read_named(r, *node, child_path(path, "deprivation_per_decile"), kTransitionNames, c.deprivation_per_decile,
               Need::optional, Bounds{-2, 2});
  }
}

void read_mortality(YamlReader& r, const YAML::Node& map, MortalitySpec& m) {
  const std::string path = "mortality";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"annual_at_65", "gompertz_per_year", "minimum_annual", "state_multiplier"});
  r.read(map, path, "annual_at_65", Need::optional, m.annual_at_65, Bounds{0, 1, true, true});
  r.read(map, path, "gompertz_per_year", Need::optional, m.gompertz_per_year, Bounds{0, 0.5});
  r.read(map, path, "minimum_annual", Need::optional, m.minimum_annual, Bounds{0, 1, false, true});
  if (const auto node = r.find(map, path, "state_multiplier")) {
    read_named(r, *node, child_path(path, "state_multiplier"), kStateNames, m.state_multiplier, Need::optional,
               Bounds{0, 100});
  }
}

void read_trend(YamlReader& r, const YAML::Node& map, TrendSpec& t) {
  const std::string path = "trend";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"working_age_onset", "older_onset"});
  // A fall of need is allowed (a healthier cohort); below -1 would make hazards negative.
  r.read(map, path, "working_age_onset", Need::optional, t.working_age_onset, Bounds{-0.5, 0.5});
  r.read(map, path, "older_onset", Need::optional, t.older_onset, Bounds{-0.5, 0.5});
}

void read_fertility(YamlReader& r, const YAML::Node& map, FertilitySpec& f) {
  const std::string path = "fertility";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"annual_rate", "min_age", "max_age"});
  r.read(map, path, "annual_rate", Need::optional, f.annual_rate, Bounds{0, 1});
  const bool min_given = r.read(map, path, "min_age", Need::optional, f.min_age, 10, 60);
  const bool max_given = r.read(map, path, "max_age", Need::optional, f.max_age, 10, 60);
  if (f.max_age < f.min_age) {
    // Blame the key the user wrote; the other one kept its default.
    const std::string key = max_given || !min_given ? "max_age" : "min_age";
    r.error(*r.find(map, path, key), child_path(path, key),
            fmt::format("max_age ({}) must not be below min_age ({})", f.max_age, f.min_age));
  }
}

/// `age_groups: [0-17, 65+]`: the age groups a cost item applies to (all three when left out).
void read_age_groups(YamlReader& r, const YAML::Node& list, const std::string& path, CostItem& c) {
  if (!r.expect_list(list, path)) return;
  if (list.size() == 0) return r.error(list, path, "must name at least one age group (0-17, 18-64, 65+)");
  std::array<bool, kAgeGroupCount> chosen{};
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    const std::string at = item_path(path, index++);
    const auto label = r.string(item, at);
    if (!label) continue;
    const auto* found = std::find_if(kAgeGroupNames.begin(), kAgeGroupNames.end(),
                                     [&](const char* name) { return *label == name; });
    if (found == kAgeGroupNames.end()) {
      r.error(item, at, fmt::format("expected one of 0-17, 18-64, 65+, got '{}'", *label));
    } else if (chosen[static_cast<std::size_t>(found - kAgeGroupNames.begin())]) {
      r.error(item, at, fmt::format("age group '{}' is listed twice", *label));
    } else {
      chosen[static_cast<std::size_t>(found - kAgeGroupNames.begin())] = true;
    }
  }
  c.age_groups = chosen;
}

void read_costs(YamlReader& r, const YAML::Node& list, std::vector<CostItem>& out) {
  const std::string path = "costs";
  if (!r.expect_list(list, path)) return;
  if (list.size() > kMaxCostItems) {
    return r.error(list, path, fmt::format("at most {} cost items, got {}", kMaxCostItems, list.size()));
  }
  std::vector<CostItem> result;
  std::unordered_map<std::string, int> first_line;
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    const std::string at = item_path(path, index++);
    if (!r.expect_map(item, at)) continue;
    r.check_keys(item, at, {"name", "agency", "unit_cost", "use_per_week", "age_groups", "care_home_use"});
    CostItem c;
    if (const auto node = r.find(item, at, "name", Need::required)) {
      // Cost names become labels in results files and column names in analyses.
      if (const auto name = r.identifier(*node, child_path(at, "name"))) {
        if (const auto where = seen_before(first_line, *name, *node)) {
          r.error(*node, child_path(at, "name"), fmt::format("cost item '{}' is listed twice{}", *name, *where));
        }
        if (std::find(kPlacementCategoryNames.begin(), kPlacementCategoryNames.end(), *name) !=
            kPlacementCategoryNames.end()) {
          r.error(*node, child_path(at, "name"),
                  fmt::format("'{}' is the cost category of children's placements (childrens_services); choose "
                              "another name",
                              *name));
        }
        c.name = *name;
      }
    }
    r.read(item, at, "agency", Need::required, c.agency, kAgencyNames);
    r.read(item, at, "unit_cost", Need::required, c.unit_cost, Bounds{0});
    if (const auto node = r.find(item, at, "use_per_week")) {
      read_named(r, *node, child_path(at, "use_per_week"), kStateNames, c.use_per_week, Need::optional, Bounds{0});
    }
    if (const auto node = r.find(item, at, "age_groups")) read_age_groups(r, *node, child_path(at, "age_groups"), c);
    r.read(item, at, "care_home_use", Need::optional, c.care_home_use, Bounds{0, 1'000});
    result.push_back(std::move(c));
  }
  out = std::move(result);
}

void read_mechanisms(YamlReader& r, const YAML::Node& map, Mechanisms& m) {
  const std::string path = "mechanisms";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path,
               {"ageing", "mortality", "births", "covariates", "network", "capacity", "assets", "reablement", "acute",
                "trend", "care_homes", "carers", "childrens_services"});
  r.read(map, path, "ageing", Need::optional, m.ageing);
  r.read(map, path, "mortality", Need::optional, m.mortality);
  r.read(map, path, "births", Need::optional, m.births);
  r.read(map, path, "covariates", Need::optional, m.covariates);
  r.read(map, path, "network", Need::optional, m.network);
  r.read(map, path, "capacity", Need::optional, m.capacity);
  r.read(map, path, "assets", Need::optional, m.assets);
  r.read(map, path, "reablement", Need::optional, m.reablement);
  r.read(map, path, "acute", Need::optional, m.acute);
  r.read(map, path, "childrens_services", Need::optional, m.childrens_services);
  r.read(map, path, "trend", Need::optional, m.trend);
  r.read(map, path, "care_homes", Need::optional, m.care_homes);
  r.read(map, path, "carers", Need::optional, m.carers);
}

/// Cost items given in the file while the services are the defaults: a cost item must not take a
/// default service's name, since both label the results' cost categories. (Services given in the
/// file are checked against the cost items as they are read.)
void check_costs_against_default_services(YamlReader& r, const YAML::Node& costs, const ScenarioSpec& s) {
  if (!costs.IsSequence()) return;
  std::size_t index = 0;
  for (const YAML::Node& item : costs) {
    const std::string at = item_path("costs", index++);
    if (!item.IsMap()) continue;
    for (const auto& entry : item) {
      if (!entry.first.IsScalar() || entry.first.Scalar() != "name" || !entry.second.IsScalar()) continue;
      const std::string& name = entry.second.Scalar();
      if (std::any_of(s.services.begin(), s.services.end(), [&](const ServiceSpec& v) { return v.name == name; })) {
        r.error(entry.second, child_path(at, "name"),
                fmt::format("cost item '{}' has the same name as a service; cost categories must be unique", name));
      }
      break;
    }
  }
}

/// The scenario's `uncertainty:` list: each entry replaces the default's entry for the same key, or adds
/// one. Whether a key names a number of this scenario is checked when the draws are made
/// (run::ParameterDraws), where every replicate's values are also checked against the key's range.
void read_uncertainty(YamlReader& r, const YAML::Node& node, std::vector<ParameterDistribution>& out) {
  const std::string path = "uncertainty";
  if (!r.expect_list(node, path)) return;
  std::vector<ParameterDistribution> own;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < node.size(); ++i) {
    read_distribution(r, node[i], detail::item_path(path, i), own, keys,
                      "the run's own (every replicate draws with the scenario's seed)", /*allow_relative=*/true);
  }
  for (ParameterDistribution& p : own) {
    const auto same = std::find_if(out.begin(), out.end(), [&](const ParameterDistribution& d) { return d.key == p.key; });
    if (same != out.end())
      *same = std::move(p);
    else
      out.push_back(std::move(p));
  }
}

ScenarioSpec read_scenario(YamlReader& r, const YAML::Node& root) {
  ScenarioSpec s = default_scenario();
  r.check_keys(root, "",
               {"name", "seed", "start", "years", "step", "replicates", "population", "initial", "burn_in_years", "transitions",
                "covariates", "mortality", "fertility", "costs", "households", "network", "assets", "services",
                "reablement", "acute", "care_homes", "trend", "requests", "childrens_services", "mechanisms", "policies", "uncertainty", "posterior"});
  read_name(r, root, s);
  if (const auto node = r.find(root, "", "seed")) {
    if (const auto seed = r.unsigned_integer(*node, "seed")) s.seed = *seed;
  }
  r.read(root, "", "start", Need::required, s.start);
  r.read(root, "", "years", Need::required, s.years, Bounds{0, 100, true, false});
  if (const auto node = r.find(root, "", "step")) {
    if (const auto step = r.string(*node, "step"); step && *step != "week") {
      r.error(*node, "step", fmt::format("only 'week' is supported in this version of cdsim, got '{}'", *step));
    }
  }
  r.read(root, "", "replicates", Need::optional, s.replicates, 1, 100'000);
  if (const auto node = r.find(root, "", "population", Need::required)) read_population(r, *node, s.population);
  const auto initial = r.find(root, "", "initial", Need::required);
  if (initial && initial->IsScalar()) {
    s.initial_equilibrium = true;
    if (const auto word = r.string(*initial, "initial"); word && *word != "equilibrium") {
      r.error(*initial, "initial",
              fmt::format("expected shares {{independent: ..., support: ..., crisis: ...}} or 'equilibrium', got '{}'",
                          *word));
    }
  } else if (const auto node = initial) {
    const std::size_t before = r.error_count();
    read_named(r, *node, "initial", kStateNames, s.initial, Need::required, Bounds{0, 1});
    // Only when every share is valid; otherwise the sum would repeat a problem already reported.
    if (r.error_count() == before) {
      check_sums_to_one(r, *node, "initial", s.initial[0] + s.initial[1] + s.initial[2]);
    }
  }
  r.read(root, "", "burn_in_years", Need::optional, s.burn_in_years, Bounds{0, 50});
  if (const auto node = r.find(root, "", "transitions", Need::required)) {
    read_named(r, *node, "transitions", kTransitionNames, s.transitions, Need::required, Bounds{0, 10});
  }
  if (const auto node = r.find(root, "", "covariates")) read_covariates(r, *node, s.covariates);
  if (const auto node = r.find(root, "", "mortality")) read_mortality(r, *node, s.mortality);
  if (const auto node = r.find(root, "", "fertility")) read_fertility(r, *node, s.fertility);
  const auto costs = r.find(root, "", "costs");
  if (costs) read_costs(r, *costs, s.costs);
  if (const auto node = r.find(root, "", "households")) detail::read_households(r, *node, s.households);
  if (const auto node = r.find(root, "", "network")) detail::read_network(r, *node, s.network);
  if (const auto node = r.find(root, "", "assets")) detail::read_assets(r, *node, s.assets);
  if (const auto node = r.find(root, "", "services"))
    detail::read_services(r, *node, s.costs, s.services);
  else if (costs)
    check_costs_against_default_services(r, *costs, s);
  if (const auto node = r.find(root, "", "reablement")) detail::read_reablement(r, *node, s.reablement);
  if (const auto node = r.find(root, "", "acute")) detail::read_acute(r, *node, s.acute);
  if (const auto node = r.find(root, "", "care_homes")) detail::read_care_homes(r, *node, s.care_homes);
  if (const auto node = r.find(root, "", "trend")) read_trend(r, *node, s.trend);
  if (const auto node = r.find(root, "", "requests")) detail::read_requests(r, *node, s.requests);
  if (const auto node = r.find(root, "", "childrens_services"))
    detail::read_childrens_services(r, *node, s.childrens_services);
  if (const auto node = r.find(root, "", "mechanisms")) read_mechanisms(r, *node, s.mechanisms);
  if (const auto node = r.find(root, "", "policies")) detail::read_policies(r, *node, s, s.policies);
  if (const auto node = r.find(root, "", "uncertainty")) read_uncertainty(r, *node, s.uncertainty);
  if (const auto node = r.find(root, "", "posterior")) {
    if (const auto file = r.string(*node, "posterior")) {
      if (file->empty()) r.error(*node, "posterior", "expected the path of a calibration's posterior file");
      s.posterior = *file;  // resolved against the scenario's folder by parse_scenario
    }
  }
  return s;
}

ScenarioSpec validate(const YAML::Node& root, const std::string& label, const std::vector<Override>& overrides) {
  detail::apply_overrides(root, overrides);
  YamlReader reader(label);
  const ScenarioSpec spec = read_scenario(reader, root);
  // The estimate is only meaningful once the values it uses are known to be right.
  if (reader.error_count() == 0) detail::check_fits_in_memory(reader, root, spec);
  if (reader.error_count() > 0) throw SpecError(reader.take_diagnostics());
  return spec;
}

}  // namespace

ScenarioSpec parse_scenario(std::string_view yaml_text, std::string_view file_label,
                            const std::vector<Override>& overrides) {
  const std::string label(file_label);
  try {
    const YAML::Node root = parse_document(std::string(yaml_text), label, "scenario");
    ScenarioSpec s = validate(root, label, overrides);
    if (!s.posterior.empty()) {
      // Relative to the scenario file, as a reader of the scenario expects; absolute from here on, so
      // the resolved scenario in a results file still finds it.
      std::filesystem::path p(s.posterior);
      if (p.is_relative()) p = std::filesystem::path(label).parent_path() / p;
      p = std::filesystem::absolute(p).lexically_normal();
      std::error_code ec;
      if (!std::filesystem::is_regular_file(p, ec))
        throw SpecError({Diagnostic{label, 0, 0, "posterior", fmt::format("no such file: '{}'", p.string())}});
      s.posterior = p.string();
    }
    return s;
  } catch (const SpecError&) {
    throw;
  } catch (const std::exception& e) {
    // Promised to callers: bad input ends in SpecError only. Anything else here is a gap in the
    // checks above, reported against the file instead of crashing the command line.
    fail_whole_file(label, fmt::format("could not be read as a scenario: {}", e.what()));
  }
}

ScenarioSpec load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides) {
  return parse_scenario(read_spec_file(file, "scenario"), file.string(), overrides);
}

}  // namespace cdsim::spec
