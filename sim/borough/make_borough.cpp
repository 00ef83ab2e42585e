// Matches the three public files by area code and builds the scenario.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "sim/borough/borough.hpp"
#include "sim/borough/csv_table.hpp"
#include "sim/borough/problems.hpp"
#include "sim/core/output_file.hpp"
#include "sim/spec/defaults.hpp"
#include "sim/spec/load_scenario.hpp"

namespace cdsim::borough {
namespace {

// The scenario loader refuses files over 16 MiB; leave room.
constexpr std::size_t kMaxScenarioBytes = 15u << 20;
constexpr double kKmPerDegreeLat = 110.574;
constexpr double kKmPerDegreeLon = 111.320;

/// A neighbourhood of the scenario: one area, or a group of them (--group-by).
struct Unit {
  std::string code, name;
  std::vector<const Area*> members;
  std::array<long long, spec::kAgeBandCount> by_band{};
  long long total = 0;
  int decile = 0;
  std::vector<spec::Ring> outline;
};

double round6(double v) { return std::round(v * 1e6) / 1e6; }
double round3(double v) { return std::round(v * 1e3) / 1e3; }

/// Reads the lookup file of --group-by (ONS "LSOA to ward" lookups: LSOA21CD, LSOA21NM, WD23CD,
/// WD23NM, ...) into each area's group code and name.
void group_by_lookup(const Options& o, std::vector<Area>& areas, Problems& problems) {
  const CsvTable table = read_csv(o.columns.group_by);
  std::set<std::string> codes;
  for (const auto& a : areas) codes.insert(a.code);
  // The area column is the one whose values match the most area codes.
  std::size_t area_column = 0, best = 0;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const auto n = static_cast<std::size_t>(
        std::count_if(table.rows.begin(), table.rows.end(), [&](const auto& row) { return codes.count(row[c]) > 0; }));
    if (n > best) best = n, area_column = c;
  }
  if (best == 0) {
    throw BoroughError({fmt::format("{}: no column holds the area codes of the population file (like {}); is it a "
                                    "lookup for the same kind of area and year?",
                                    table.label, areas.front().code)});
  }
  const auto code_like = [&](const std::string& h) {
    return h != lower(table.header[area_column]) && (h.find("code") != std::string::npos || (h.size() > 2 && h.ends_with("cd")));
  };
  const std::size_t group = *pick_column(table, o.columns.group_code, {code_like}, "group codes", "--group-code-column");
  std::string paired = table.header[group];
  std::optional<std::size_t> name;
  if (!o.columns.group_name.empty()) {
    name = pick_column(table, o.columns.group_name, {}, "group names", "--group-name-column");
  } else {
    for (const auto& [from, to] : {std::pair{"Code", "Name"}, {"code", "name"}, {"CD", "NM"}}) {
      if (const auto at = paired.rfind(from); at != std::string::npos) {
        name = table.column(paired.replace(at, std::string(from).size(), to));
        break;
      }
    }
  }
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto [at, fresh] = row_of.emplace(table.rows[r][area_column], r);
    if (!fresh && codes.count(table.rows[r][area_column]) && table.rows[at->second][group] != table.rows[r][group]) {
      problems.add(fmt::format("{}: area {} is in two groups ({} at row {} and {})", table.where(r),
                               table.rows[r][area_column], table.rows[at->second][group],
                               table.row_number[at->second], table.rows[r][group]));
    }
  }
  for (auto& a : areas) {
    const auto it = row_of.find(a.code);
    if (it == row_of.end()) {
      problems.add(fmt::format("{}: area {} ({}) is not in the lookup {}", o.population.string(), a.code, a.name, table.label));
      continue;
    }
    a.group_code = table.rows[it->second][group];
    a.group_name = name ? table.rows[it->second][*name] : a.group_code;
    if (a.group_code.empty()) problems.add(fmt::format("{}: area {} has an empty group code", table.where(it->second), a.code));
  }
}

/// Every area must have residents and a row in the deprivation file.
void check_areas_match(const PopulationFile& population, const DeprivationFile& deprivation) {
  Problems problems;
  std::vector<std::string> unmatched;
  for (const auto& a : population.areas) {
    if (a.total == 0) {
      problems.add(fmt::format("{}: row {} ({}): has no residents; a neighbourhood needs some", population.label, a.row, a.code));
    }
    if (!deprivation.by_code.count(a.code)) {
      unmatched.push_back(a.code);
      problems.add(fmt::format("{}: row {}: area {} ({}) has no row in {} (column '{}')", population.label, a.row, a.code,
                               a.name, deprivation.label, deprivation.code_column));
    }
  }
  if (!unmatched.empty()) {
    problems.add(fmt::format("{} of {} areas have no deprivation decile. The IoD2019 files use 2011 LSOA codes and "
                             "population estimates from mid-2021 on use 2021 codes: use the IoD2025 files (2021 "
                             "codes) or estimates on 2011 areas",
                             unmatched.size(), population.areas.size()));
  }
  problems.throw_if_any();
}

/// Neighbourhoods: areas, or groups of them in order of first appearance.
std::vector<Unit> make_units(const PopulationFile& population, const DeprivationFile& deprivation, bool grouped) {
  std::vector<Unit> units;
  std::map<std::string, std::size_t> unit_of;
  for (const auto& a : population.areas) {
    const std::string& code = grouped ? a.group_code : a.code;
    auto [at, fresh] = unit_of.emplace(code, units.size());
    if (fresh) units.push_back(Unit{code, grouped ? (a.group_name.empty() ? code : a.group_name) : a.name, {}, {}, 0, 0, {}});
    Unit& u = units[at->second];
    u.members.push_back(&a);
    for (std::size_t b = 0; b < u.by_band.size(); ++b) u.by_band[b] += a.by_band[b];
    u.total += a.total;
  }
  for (auto& u : units) {
    // A group's decile: the population-weighted mean of its areas' deciles, rounded.
    double weighted = 0;
    for (const Area* a : u.members) weighted += static_cast<double>(a->total) * deprivation.by_code.at(a->code).decile;
    u.decile = u.total > 0 ? static_cast<int>(std::floor(weighted / static_cast<double>(u.total) + 0.5)) : 5;
    u.decile = std::clamp(u.decile, 1, 10);
  }
  return units;
}

/// Each unit's outline from the boundary file: its own feature, or a group's areas' features together.
/// Returns where the outlines came from, for the scenario's header and the summary.
std::string add_outlines(const Options& o, bool grouped, std::vector<Unit>& units) {
  std::vector<std::string> wanted;
  for (const auto& u : units) {
    wanted.push_back(u.code);
    if (grouped)
      for (const Area* a : u.members) wanted.push_back(a->code);
  }
  const BoundaryFile boundaries = read_boundaries(o.boundaries, o.columns, wanted);
  Problems problems;
  for (auto& u : units) {
    if (const auto it = boundaries.by_code.find(u.code); it != boundaries.by_code.end()) {
      u.outline = it->second;
      continue;
    }
    // A group drawn as its areas' outlines together (the viewer fills them alike).
    std::vector<std::string> missing;
    for (const Area* a : u.members) {
      const auto it2 = boundaries.by_code.find(a->code);
      if (it2 == boundaries.by_code.end() || !grouped)
        missing.push_back(a->code);
      else
        u.outline.insert(u.outline.end(), it2->second.begin(), it2->second.end());
    }
    if (!missing.empty()) {
      problems.add(fmt::format("{}: no feature has {} {}{}", boundaries.label, boundaries.code_property,
                               grouped ? fmt::format("{} or the codes of its areas: ", u.code) : "",
                               fmt::format("{}", fmt::join(missing, ", "))));
    }
  }
  problems.throw_if_any();
  return fmt::format("{} (property {})", boundaries.label, boundaries.code_property);
}

/// The borough as a whole: its residents, their age shares and (when the file gives sexes) the
/// female share. Returns the residents.
long long set_population(const PopulationFile& population, spec::PopulationSpec& p) {
  long long size = 0, female = 0;
  bool sexed = true;
  std::array<long long, spec::kAgeBandCount> bands{};
  for (const auto& a : population.areas) {
    size += a.total;
    sexed = sexed && a.female >= 0;
    female += std::max(a.female, 0LL);
    for (std::size_t b = 0; b < bands.size(); ++b) bands[b] += a.by_band[b];
  }
  p.size = size;
  for (std::size_t b = 0; b < bands.size(); ++b) p.age_shares[b] = static_cast<double>(bands[b]) / static_cast<double>(size);
  if (sexed) p.female_share = static_cast<double>(female) / static_cast<double>(size);
  return size;
}

/// The units as the scenario's neighbourhoods, with their map layout: kilometres east and north of
/// the borough's middle when the outlines say where, rows of tiles otherwise.
std::vector<spec::NeighbourhoodSpec> neighbourhoods_of(const std::vector<Unit>& units, long long size) {
  double lon0 = 0, lat0 = 0;
  std::vector<std::optional<spec::LonLat>> centroids;
  for (const auto& u : units) {
    centroids.push_back(u.outline.empty() ? std::nullopt : spec::outline_centroid(u.outline));
    if (centroids.back()) lon0 += (*centroids.back())[0] / static_cast<double>(units.size()), lat0 += (*centroids.back())[1] / static_cast<double>(units.size());
  }
  const double lon_km = kKmPerDegreeLon * std::cos(lat0 * std::numbers::pi / 180);
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(units.size()))));
  std::set<std::string> names;
  std::vector<spec::NeighbourhoodSpec> out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    spec::NeighbourhoodSpec n;
    n.name = names.count(u.name) ? fmt::format("{} ({})", u.name, u.code) : u.name;
    names.insert(n.name);
    n.code = u.code;
    n.deprivation_decile = u.decile;
    n.share = static_cast<double>(u.total) / static_cast<double>(size);
    std::array<double, spec::kAgeBandCount> ages{};
    for (std::size_t b = 0; b < ages.size(); ++b) ages[b] = static_cast<double>(u.by_band[b]) / static_cast<double>(u.total);
    n.age_shares = ages;
    for (const auto& ring : u.outline) {
      spec::Ring r;
      for (const auto& p : ring) r.push_back({round6(p[0]), round6(p[1])});
      n.outline.push_back(std::move(r));
    }
    if (centroids[i]) {
      n.centroid = spec::LonLat{round6((*centroids[i])[0]), round6((*centroids[i])[1])};
      n.x = round3(((*centroids[i])[0] - lon0) * lon_km);
      n.y = round3(((*centroids[i])[1] - lat0) * kKmPerDegreeLat);
    } else {
      const int row = static_cast<int>(i) / columns, col = static_cast<int>(i) % columns;
      n.x = col + (row % 2 ? 0.5 : 0.0);
      n.y = -row * 0.866;  // first rows at the top, as listed
    }
    out.push_back(std::move(n));
  }
  return out;
}

/// The scenario file's opening comment: what it was made from.
std::string made_from(const Options& o, const PopulationFile& population, const DeprivationFile& deprivation,
                      const std::string& outline_source) {
  return fmt::format(
      "# Made by `cdsim borough` from public data:\n"
      "#   population:  {} ({} areas; codes in '{}', names in '{}')\n"
      "#   deprivation: {} (IMD decile in '{}')\n"
      "#   boundaries:  {}\n"
      "#   grouped by:  {}\n"
      "# Each neighbourhood has its code, its age pyramid (age_shares) and its IMD decile{}. Every other key is\n"
      "# the default in effect when this was made (docs/parameters.md); edit it like any scenario.\n",
      population.label, population.areas.size(), population.code_column, population.name_column, deprivation.label,
      deprivation.decile_column, outline_source.empty() ? "none (the map shows tiles)" : outline_source,
      !o.columns.group_by.empty() ? o.columns.group_by : "nothing (one neighbourhood per area)",
      outline_source.empty() ? "" : ", outline and centroid");
}

}  // namespace

Made make_borough(const Options& o) {
  PopulationFile population = read_population(o.population, o.columns);
  const bool grouped = !o.columns.group_by.empty();
  if (grouped && std::filesystem::is_regular_file(o.columns.group_by)) {
    Problems problems;
    group_by_lookup(o, population.areas, problems);
    problems.throw_if_any();
  }
  const DeprivationFile deprivation = read_deprivation(o.deprivation, o.columns);
  check_areas_match(population, deprivation);
  std::vector<Unit> units = make_units(population, deprivation, grouped);
  const std::string outline_source = o.boundaries.empty() ? std::string() : add_outlines(o, grouped, units);

  spec::ScenarioSpec s = spec::default_scenario();
  s.name = o.name.empty() ? o.output.stem().string() : o.name;
  if (const auto d = spec::Date::parse(o.start))
    s.start = *d;
  else
    throw BoroughError({fmt::format("--start '{}': expected a date as YYYY-MM-DD", o.start)});
  s.years = o.years;
  s.replicates = o.replicates;
  s.policies.clear();
  const long long size = set_population(population, s.population);
  s.population.neighbourhoods = neighbourhoods_of(units, size);

  Made made;
  made.yaml = made_from(o, population, deprivation, outline_source) + spec::emit_scenario(s);
  if (made.yaml.size() > kMaxScenarioBytes) {
    throw BoroughError({fmt::format("the scenario would be {:.0f} MiB, more than a scenario may be: use generalised "
                                    "boundaries (the ONS 'BGC' or 'BSC' files, not 'BFC' or 'BFE'), or --group-by wards",
                                    static_cast<double>(made.yaml.size()) / (1 << 20))});
  }
  // The loader's own checks, so what is written is known to run.
  spec::parse_scenario(made.yaml, o.output.string());

  std::size_t other_imd = deprivation.by_code.size() - population.areas.size();
  made.summary = fmt::format(
      "{}: {} neighbourhoods{} from {} areas, {} residents\n"
      "  population:  {} ({} rows used)\n"
      "  deprivation: {} ({} rows for other areas ignored)\n",
      o.output.string(), units.size(), grouped ? " (groups)" : "", population.areas.size(), size, population.label,
      population.areas.size(), deprivation.label, other_imd);
  if (!outline_source.empty()) made.summary += fmt::format("  boundaries:  {}\n", outline_source);
  return made;
}

int run_borough(const Options& o) {
  const std::filesystem::path inputs[] = {o.population, o.deprivation, o.boundaries};
  core::refuse_overwriting_inputs(o.output, inputs);
  const Made made = make_borough(o);
  core::create_output_folder(o.output);
  core::write_output(o.output, made.yaml, "scenario");
  fmt::print("{}", made.summary);
  fmt::print("next: cdsim run {} && cdsim-view output/{}.h5\n", o.output.string(),
             o.name.empty() ? o.output.stem().string() : o.name);
  return 0;
}

}  // namespace cdsim::borough
