// Data flow: ONS population estimates, IMD deprivation, ONS boundaries -> [public_data] -> areas by
// code. Readers for the three public files `cdsim borough` combines; each reports every problem with
// the file and the row (or feature) and throws BoroughError.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/spec/outline.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::borough {

/// Column names the user gave (empty: recognise the published headers).
struct Columns {
  std::string code, name, total;            ///< population file
  std::string deprivation_code, decile;     ///< deprivation file
  std::string boundary_code;                ///< boundaries: the feature property holding the code
  std::string filter;                       ///< "COLUMN=VALUE": keep only these population rows
  std::string group_by;                     ///< a population column, or a lookup CSV file
  std::string group_code, group_name;       ///< columns of the lookup file
};

/// One small area of the population file.
struct Area {
  std::string code, name;
  int row = 0;                                  ///< row in the population file
  std::array<long long, spec::kAgeBandCount> by_band{};  ///< residents per 5-year band
  long long total = 0;
  long long female = -1;                        ///< -1 when the file has no F/M columns
  std::string group_code, group_name;           ///< with --group-by
};

struct PopulationFile {
  std::string label;
  std::vector<Area> areas;     ///< in file order
  std::string code_column, name_column;
  int top_age = 90;            ///< the open-ended top age column (90 = "90+")
};

/// Reads single-year-of-age estimates (`LSOA 2021 Code,LSOA 2021 Name,Total,F0,...,M90` or
/// `Area Code,Area Name,All Ages,0,...,89,90+`) into 5-year bands.
PopulationFile read_population(const std::filesystem::path& path, const Columns& columns);

struct Deprivation {
  int decile = 0;  ///< 1 = most deprived tenth of England
  int row = 0;
};
struct DeprivationFile {
  std::string label, code_column, decile_column;
  std::map<std::string, Deprivation> by_code;
};
/// Reads the English Indices of Deprivation (file 1 or 7): the LSOA code and the IMD decile.
DeprivationFile read_deprivation(const std::filesystem::path& path, const Columns& columns);

struct BoundaryFile {
  std::string label, code_property;
  std::map<std::string, std::vector<spec::Ring>> by_code;  ///< only the codes asked for
};
/// Reads a GeoJSON FeatureCollection in WGS84 (RFC 7946): the outline of each feature whose code
/// property is one of `wanted`. The property is `columns.boundary_code`, else the one whose values
/// match the most wanted codes (LSOA21CD, WD23CD, ...). Refuses projected coordinates.
BoundaryFile read_boundaries(const std::filesystem::path& path, const Columns& columns,
                             const std::vector<std::string>& wanted);

}  // namespace cdsim::borough
