// Data flow: engine -> [observations] -> sink -> HDF5.
// Plain data the model fills and the sink writes; no HDF5 here, so the model never sees the file format.
// Arrays are flat and row-major in the order of the results file's dimensions (docs/results-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/spec/date.hpp"

namespace cdsim::record {

/// Everything about a run that is fixed before it starts: coordinates, labels and provenance.
struct RunMetadata {
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::string scenario_yaml;  ///< the fully resolved scenario, as emit_scenario() writes it
  std::string cdsim_version;  ///< version of the program that ran it (CDSIM_VERSION), an attribute
  spec::Date start;           ///< date of time index 0
  int step_days = 7;
  int steps = 0;              ///< time has steps + 1 entries (entry 0 is the initial state)
  int replicates = 0;
  std::vector<std::string> neighbourhood_names;
  std::vector<double> neighbourhood_x;
  std::vector<double> neighbourhood_y;
  std::vector<int> deprivation_decile;
  // From public data (`cdsim borough`); each written only when the scenario gives it, so files of
  // other scenarios are unchanged.
  std::vector<std::string> neighbourhood_codes;  ///< official codes ("" for one without); empty: none
  std::vector<double> centroid_lon, centroid_lat;  ///< per neighbourhood (NaN without); empty: none
  /// Outlines as CF-1.8 polygon geometries in contiguous ragged arrays (docs/results-format.md):
  /// positions of each neighbourhood, then of each of its rings in turn, then the positions.
  struct Outlines {
    std::vector<std::int32_t> node_count;       ///< per neighbourhood: positions in all its rings
    std::vector<std::int32_t> part_node_count;  ///< per ring: positions (closed: last repeats first)
    std::vector<std::int32_t> interior_ring;    ///< per ring: 1 for a hole, 0 for an outer boundary
    std::vector<double> lon, lat;               ///< per position, WGS84 degrees
  } outlines;                                   ///< node_count empty: no outlines
  std::vector<std::string> age_groups;       ///< "0-17", "18-64", "65+"
  std::vector<std::string> states;           ///< "independent", "support", "crisis"
  std::vector<std::string> request_outcomes;  ///< "long_term", "short_term", "universal", "no_service"
  std::vector<std::string> cost_categories;  ///< e.g. "gp_consultation"
  std::vector<std::string> cost_agencies;    ///< spec::kAgencyNames word, one per cost category
  std::vector<std::string> agencies;         ///< every agency (spec::kAgencyNames), the `agency` dimension
  std::vector<std::string> children_statuses;  ///< spec::kChildrenStatusNames
  std::vector<std::string> incident_types;   ///< the police's cost items: their incidents by neighbourhood
  std::vector<std::size_t> incident_items;   ///< index of each incident type's cost item
  std::vector<std::string> services;         ///< services with places, e.g. "care_package"
  std::vector<std::string> policies;         ///< policy names, in scenario order
  std::vector<std::string> care_home_ages;   ///< "65-74", "75-84", "85+"; empty without care homes
  std::vector<std::string> policy_types;     ///< e.g. "place_based_team", one per policy
  /// With `cdsim run --uncertainty`: the uncertain keys and each replicate's draw of them
  /// ([replicate][parameter]); both empty otherwise, and the file has no `parameter` variable.
  std::vector<std::string> parameter_names;
  std::vector<double> parameter_values;
  std::vector<double> policy_paid_by;        ///< [policy][agency] shares of who pays
  std::vector<std::string> policy_staffed_by;  ///< per policy: agencies staffing a team, space-separated ("" none)
  int stories = 0;                           ///< residents followed week by week (--record-residents)

  [[nodiscard]] std::size_t times() const { return static_cast<std::size_t>(steps) + 1; }
  [[nodiscard]] std::size_t neighbourhoods() const { return neighbourhood_names.size(); }
};

/// What a sampled resident is doing at a time: bits of story_flags.
enum StoryFlag : std::int32_t {
  kStoryWaiting = 1,     ///< on a service's waiting list
  kStoryServed = 2,      ///< holding a service place
  kStoryEngaged = 4,     ///< engaged with a community asset
  kStoryTeam = 8,        ///< in a place-based team's caseload (or its effect after contact)
  kStoryAcute = 16,      ///< in an acute episode
  kStoryPrescribed = 32,  ///< engaged with a link worker after a social-prescribing referral
  kStoryCareHome = 64,    ///< living in a care home
  kStoryCareHomeWaiting = 128,  ///< waiting for a care-home assessment or bed
};
inline constexpr const char* kStoryFlagMeanings =
    "waiting served engaged_with_asset team_contact acute_episode social_prescribing in_care_home "
    "waiting_for_care_home";

/// All observations of one replicate, time index 0..steps. Flows (transitions, deaths, births, cost)
/// at time t happened during the step ending at t; at t = 0 they are zero.
struct ReplicateObservations {
  explicit ReplicateObservations(const RunMetadata& meta);

  std::size_t times, neighbourhoods, age_groups, states, request_outcomes, cost_categories, services, policies,
      stories, care_home_ages, children_statuses, incident_types;
  std::vector<std::int32_t> residents;    ///< [time][neighbourhood][age_group][state]
  std::vector<std::int32_t> transitions;  ///< [time][from_state][to_state]
  std::vector<std::int32_t> deaths;       ///< [time][state]
  std::vector<std::int32_t> births;       ///< [time]
  std::vector<std::int32_t> requests;     ///< [time][age_group][request_outcome], requests for support
  std::vector<double> cost;               ///< [time][cost_category], pounds in the step
  std::vector<std::int32_t> waiting;      ///< [time][service][neighbourhood], on a waiting list
  std::vector<std::int32_t> served;       ///< [time][service][neighbourhood], holding a place
  std::vector<std::int32_t> engaged;      ///< [time][neighbourhood], engaged with a community asset
  std::vector<std::int32_t> isolated;     ///< [time][neighbourhood], isolated during the step
  std::vector<std::int32_t> informal_support;  ///< [time][neighbourhood], in support, helped by a tie
  std::vector<double> policy_spend;        ///< [time][policy], pounds in the step (negative: saved)
  std::vector<std::int32_t> policy_reach;  ///< [time][policy], see docs/results-format.md
  std::vector<std::int32_t> care_home_residents;   ///< [time][care_home_age], living in a care home
  std::vector<std::int32_t> care_home_admissions;  ///< [time][care_home_age], permanent admissions in the step
  std::vector<std::int32_t> care_home_waiting;     ///< [time], waiting for an assessment or a bed
  std::vector<std::int32_t> child_crisis_entries;  ///< [time][neighbourhood], residents aged 0-17 entering crisis
  std::vector<double> care_starts;         ///< [time][neighbourhood], expected children taken into care
  std::vector<double> children_services;   ///< [time][neighbourhood][children_status], expected children
  std::vector<double> police_incidents;    ///< [time][neighbourhood][incident_type], expected incidents
  // Sampled residents ("stories"): the same residents in every replicate and every scenario of a borough.
  std::vector<std::int32_t> story_resident;       ///< [story] resident index
  std::vector<std::int32_t> story_age;            ///< [story] age in whole years at time 0
  std::vector<std::int32_t> story_female;         ///< [story] 1 for female
  std::vector<std::int32_t> story_neighbourhood;  ///< [story] neighbourhood index
  std::vector<std::int32_t> story_state;          ///< [time][story] state index; -1 when not alive
  std::vector<std::int32_t> story_flags;          ///< [time][story] StoryFlag bits at time

  std::int32_t& resident_count(std::size_t t, std::size_t n, std::size_t a, std::size_t s) {
    return residents[((t * neighbourhoods + n) * age_groups + a) * states + s];
  }
  std::int32_t& transition_count(std::size_t t, std::size_t from, std::size_t to) {
    return transitions[(t * states + from) * states + to];
  }
};

inline ReplicateObservations::ReplicateObservations(const RunMetadata& meta)
    : times(meta.times()),
      neighbourhoods(meta.neighbourhoods()),
      age_groups(meta.age_groups.size()),
      states(meta.states.size()),
      request_outcomes(meta.request_outcomes.size()),
      cost_categories(meta.cost_categories.size()),
      services(meta.services.size()),
      policies(meta.policies.size()),
      stories(static_cast<std::size_t>(meta.stories)),
      care_home_ages(meta.care_home_ages.size()),
      children_statuses(meta.children_statuses.size()),
      incident_types(meta.incident_types.size()),
      residents(times * neighbourhoods * age_groups * states, 0),
      transitions(times * states * states, 0),
      deaths(times * states, 0),
      births(times, 0),
      requests(times * age_groups * request_outcomes, 0),
      cost(times * cost_categories, 0.0),
      waiting(times * services * neighbourhoods, 0),
      served(times * services * neighbourhoods, 0),
      engaged(times * neighbourhoods, 0),
      isolated(times * neighbourhoods, 0),
      informal_support(times * neighbourhoods, 0),
      policy_spend(times * policies, 0.0),
      policy_reach(times * policies, 0),
      care_home_residents(times * care_home_ages, 0),
      care_home_admissions(times * care_home_ages, 0),
      care_home_waiting(care_home_ages > 0 ? times : 0, 0),
      child_crisis_entries(times * neighbourhoods, 0),
      care_starts(times * neighbourhoods, 0.0),
      children_services(times * neighbourhoods * children_statuses, 0.0),
      police_incidents(times * neighbourhoods * incident_types, 0.0),
      story_resident(stories, 0),
      story_age(stories, 0),
      story_female(stories, 0),
      story_neighbourhood(stories, 0),
      story_state(times * stories, -1),
      story_flags(times * stories, 0) {}

}  // namespace cdsim::record
