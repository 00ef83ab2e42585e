// Data flow: results file (HDF5, docs/results-format.md) -> [read_results] -> Results, the plain data
// every panel and headless tool reads. No GL, no ImGui: one data layer for GUI and tests.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/record/dates.hpp"
#include "sim/record/scenario_info.hpp"

namespace cdsim::record {

/// A file the viewer cannot show; what() names the file and says why, in words for a facilitator.
class ResultsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// [longitude, latitude] in WGS84 degrees.
using LonLat = std::array<double, 2>;

struct Neighbourhood {
  std::string name;
  double x = 0;  ///< layout position of the centre (file units; about one tile apart)
  double y = 0;
  int deprivation_decile = 0;  ///< 1 = most deprived
  std::string code;            ///< official area code, "" when the file has none
  std::vector<std::vector<LonLat>> rings;  ///< outline (closed rings); empty when the file has none
  std::vector<bool> hole;                  ///< per ring: a hole rather than an outer boundary
};

/// A variable the viewer was not written for but can map: dimensions (replicate, time, ...) with a
/// neighbourhood axis somewhere after time, other axes (e.g. service) summed. This is how waiting
/// lists, asset engagement and later additions reach the map.
struct NeighbourhoodVariable {
  std::string name;
  std::string long_name;
  std::string units;
  std::vector<double> values;  ///< [replicate][time][neighbourhood]
};

/// Sampled residents followed week by week: `story_state(replicate, time, story)` holds state indices.
struct Stories {
  int count = 0;
  std::vector<std::int32_t> state;  ///< [replicate][time][story]; -1 = not alive (born later or died)
};

/// The whole results file in memory (a few MB for a borough). Immutable once read; shared between
/// the UI thread and nothing else.
struct Results {
  std::filesystem::path path;
  std::string scenario_name;
  std::string scenario_yaml;
  std::string cdsim_version;
  std::string created_utc;
  int format_version = 0;
  std::uint64_t seed = 0;

  Date start;                   ///< date of time entry 0
  std::vector<int> time_days;   ///< days since start; entry 0 is the initial state
  int replicates = 0;
  std::vector<Neighbourhood> neighbourhoods;
  std::vector<std::string> age_groups;
  std::vector<std::string> states;
  std::vector<std::string> cost_categories;
  std::vector<std::string> cost_agencies;  ///< per cost category: "council_adult_care", "nhs", ... (v1: "council")

  std::vector<std::int32_t> residents;    ///< [replicate][time][neighbourhood][state], age groups summed
  std::vector<std::int32_t> transitions;  ///< [replicate][time][from_state][to_state]
  std::vector<std::int32_t> deaths;       ///< [replicate][time][state]
  std::vector<std::int32_t> births;       ///< [replicate][time]
  std::vector<double> cost;               ///< [replicate][time][cost_category], pounds in the step
  std::vector<std::string> policies;      ///< policy names; empty for a scenario without policies
  std::vector<double> policy_spend;       ///< [replicate][time][policy], pounds in the step
  std::vector<std::string> paying_agencies;  ///< the `agency` dimension; empty in files without policy_paid_by
  std::vector<double> policy_paid_by;     ///< [policy][paying agency] shares; empty in files without it
  std::vector<std::string> request_outcomes;  ///< sequels of requests; empty in files written before them
  std::vector<std::int32_t> requests;         ///< [replicate][time][request_outcome], age groups summed
  std::vector<std::string> care_home_ages;    ///< age bands of care-home residents; empty without care homes
  std::vector<std::int32_t> care_home_residents;   ///< [replicate][time], age bands summed
  std::vector<std::int32_t> care_home_admissions;  ///< [replicate][time], age bands summed
  std::vector<std::int32_t> care_home_waiting;     ///< [replicate][time]

  /// With `cdsim run --uncertainty`: the uncertain keys and each replicate's draw; empty otherwise.
  std::vector<std::string> parameter_names;
  std::vector<double> parameters;  ///< [replicate][parameter]
  std::vector<NeighbourhoodVariable> extra;  ///< in file order
  std::optional<Stories> stories;
  ScenarioInfo scenario;  ///< policies, levers and unit costs read from scenario_yaml

  /// Whether every neighbourhood has an outline: the map draws the real shapes instead of tiles.
  [[nodiscard]] bool has_outlines() const {
    if (neighbourhoods.empty()) return false;
    for (const auto& n : neighbourhoods)
      if (n.rings.empty()) return false;
    return true;
  }
  [[nodiscard]] int times() const { return static_cast<int>(time_days.size()); }
  [[nodiscard]] int neighbourhood_count() const { return static_cast<int>(neighbourhoods.size()); }
  [[nodiscard]] int state_count() const { return static_cast<int>(states.size()); }
  [[nodiscard]] Date date_at(int t) const { return Date::from_days(start.to_days() + time_days.at(static_cast<std::size_t>(t))); }
  /// Index of a label in `states` (or -1): the file names its states, the viewer never assumes an order.
  [[nodiscard]] int state_index(const std::string& name) const;
  /// Distinct agencies of the cost categories in first-seen order, then those that pay a share of a
  /// policy and bear no cost category.
  [[nodiscard]] std::vector<std::string> agencies() const;
  /// Share of policy p that `agency` pays; files without policy_paid_by (format 1) have every policy
  /// paid by "council", the one council agency they knew.
  [[nodiscard]] double paid_share(std::size_t p, const std::string& agency) const;

  [[nodiscard]] std::int32_t resident_count(int r, int t, int n, int s) const {
    return residents[((static_cast<std::size_t>(r) * times() + t) * neighbourhood_count() + n) * state_count() + s];
  }
  [[nodiscard]] std::int32_t transition_count(int r, int t, int from, int to) const {
    return transitions[((static_cast<std::size_t>(r) * times() + t) * state_count() + from) * state_count() + to];
  }
  /// Pounds all policies spent in the step ending at t (0 without policies; negative: saved).
  [[nodiscard]] double policy_spend_at(int r, int t) const {
    double sum = 0;
    const std::size_t p = policies.size();
    for (std::size_t k = 0; k < p; ++k) sum += policy_spend[(static_cast<std::size_t>(r) * times() + t) * p + k];
    return sum;
  }
  /// Requests for support with sequel `o` made in the step ending at t (the file must have them).
  [[nodiscard]] std::int32_t request_count(int r, int t, int o) const {
    return requests[(static_cast<std::size_t>(r) * times() + t) * request_outcomes.size() + static_cast<std::size_t>(o)];
  }
  [[nodiscard]] double cost_at(int r, int t, int c) const {
    return cost[(static_cast<std::size_t>(r) * times() + t) * cost_categories.size() + static_cast<std::size_t>(c)];
  }
};

/// Reads a complete results file. Throws ResultsError naming the file when it is missing, a
/// directory, a `.part` still being written, not HDF5, truncated, not a cdsim results file, of a
/// format version this viewer does not know, or missing a variable it needs. Safe to call from any
/// one thread at a time per process (HDF5 is not thread-safe; calls are serialised inside).
/// The file is read first in a child process that may take at most `limit` (default: a minute plus a
/// second per 20 MB), so a damaged file that hangs or crashes libhdf5 is a ResultsError, not a hang.
[[nodiscard]] Results read_results(const std::filesystem::path& path,
                                   std::optional<std::chrono::milliseconds> limit = std::nullopt);

}  // namespace cdsim::record
