// Data flow: a council's returns (tidy CSV) -> [observed data] -> the observations a calibration fits;
// and one simulated replicate -> the model's value of each observation.
// The vocabulary of measures maps a council's published counts to the results file's variables
// (docs/calibration.md lists it): flows are summed over the period (a step straddling an end counts in
// proportion to its days inside), stocks are averaged over the weeks inside the period.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/record/observation.hpp"
#include "sim/spec/date.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::calibrate {

enum class Measure {
  entries_to_support,
  entries_to_crisis,
  residents_support,
  residents_crisis,
  deaths,
  requests,
  new_long_term_clients,
  care_home_admissions_65,
  care_home_residents_65,
  children_in_need,
  child_protection_plans,
  looked_after_children,
  police_incidents,
};

struct MeasureInfo {
  const char* name;
  bool stock;               ///< mean over the period; else a flow summed over it
  bool by_age_group;        ///< an age_group column may narrow it
  bool by_neighbourhood;    ///< a neighbourhood column may narrow it
  const char* description;  ///< what it counts, for the docs and messages
};

inline constexpr std::array<MeasureInfo, 13> kMeasures{{
    {"entries_to_support", false, false, false, "moves into support (from independence or crisis)"},
    {"entries_to_crisis", false, false, false, "moves into crisis"},
    {"residents_support", true, true, true, "residents in support, mean over the period"},
    {"residents_crisis", true, true, true, "residents in crisis, mean over the period"},
    {"deaths", false, false, false, "deaths of residents"},
    {"requests", false, true, false, "requests for support from new clients (SALT STS001)"},
    {"new_long_term_clients", false, true, false, "requests whose sequel is long-term support"},
    {"care_home_admissions_65", false, false, false,
     "council-supported permanent care-home admissions of residents 65+ (ASCOF 2A numerator)"},
    {"care_home_residents_65", true, false, false, "council-supported care-home residents 65+, mean"},
    {"children_in_need", true, false, true, "children in need, mean (expected stocks)"},
    {"child_protection_plans", true, false, true, "children on child-protection plans, mean"},
    {"looked_after_children", true, false, true, "looked-after children, mean"},
    {"police_incidents", false, false, true, "police incidents the model counts (every incident type)"},
}};

/// One row of the data file.
struct Observation {
  Measure measure{};
  spec::Date period_start, period_end;  ///< inclusive
  double value = 0;
  double sd = 0;              ///< the observation's own uncertainty (the default when the file gives none)
  bool sd_given = false;
  std::string age_group;      ///< "" for all ages
  std::string neighbourhood;  ///< "" for the whole borough
  int line = 0;               ///< the data file's line, for messages

  /// "requests 2025-04-01..2026-03-31 65+", for tables and messages.
  [[nodiscard]] std::string label() const;
};

struct ObservedData {
  std::string label;  ///< the file as the user named it
  std::string text;   ///< its bytes, kept in the posterior for provenance
  std::vector<Observation> rows;
};

/// Where and how long the scenario runs, and what it can break down by: what a data row is checked against.
struct ModelFrame {
  spec::Date start;
  int steps = 0;  ///< weekly steps after step 0
  std::vector<std::string> age_groups, neighbourhoods;
  bool care_homes = false, childrens_services = false, police = false;
};
ModelFrame frame_of(const spec::ScenarioSpec& scenario, const record::RunMetadata& meta);

/// Observation sd when the file gives none: this share of the value (docs/calibration.md).
inline constexpr double kDefaultObservationSdShare = 0.05;

/// Reads and checks `path`. Throws std::runtime_error listing every problem as FILE:LINE: column
/// 'NAME': what is wrong (unknown measure, bad date, a period outside the run or shorter than a step,
/// a non-numeric or negative value, a breakdown the measure has not, a row given twice).
ObservedData read_observed_data(const std::filesystem::path& path, const ModelFrame& frame);

/// The model's value of `o` in one replicate of a run whose population is `population_fraction` of the
/// borough's: counts are divided by it, so they speak for the whole borough.
double model_value(const Observation& o, const spec::ScenarioSpec& scenario, const record::RunMetadata& meta,
                   const record::ReplicateObservations& obs, double population_fraction);

/// The last day any observation covers: a calibration need not simulate past it.
spec::Date last_day(const ObservedData& data);

}  // namespace cdsim::calibrate
