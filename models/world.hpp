// Data flow: spec -> [world] -> engine.
// The runtime state of one replicate: resident columns (structure of arrays, one entry per
// resident ever alive, dead ones kept so indices stay stable), the social network, and the
// neighbourhoods' community assets and the borough's services with their places and queues.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/place/network.hpp"
#include "models/resident/age.hpp"
#include "models/resident/state.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// A resident's relation to a service: none, waiting for a place, or served.
enum class ServiceStatus : std::uint8_t { none = 0, waiting = 1, served = 2 };

/// A resident's relation to the care homes: at home, waiting for a place (assessment, then a bed), or
/// living in one (for good: permanent placements end only in death).
enum class CareHome : std::uint8_t { none = 0, waiting = 1, resident = 2 };

/// Age bands of care-home residents in results (care_home_age): 65-74, 75-84, 85+.
inline constexpr int kCareHomeBands = 3;
inline constexpr int care_home_band_of(int age_years) { return int{age_years >= 75} + int{age_years >= 85}; }

struct Residents {
  std::vector<std::uint16_t> age_weeks;
  std::vector<std::uint8_t> female;          ///< 1 for female
  std::vector<std::uint16_t> neighbourhood;  ///< index into World::neighbourhoods
  std::vector<State> state;
  std::vector<std::uint16_t> weeks_in_state;    ///< saturates at 65,535
  std::vector<std::uint16_t> engaged_weeks;     ///< weeks engaged with a community asset; 0 = not engaged
  std::vector<std::uint8_t> service;            ///< which service (index) when service_status != none
  std::vector<ServiceStatus> service_status;
  std::vector<std::uint16_t> service_since;     ///< step the current request was made
  std::vector<std::uint8_t> reablement_weeks;   ///< weeks of reablement left; 0 = none
  std::vector<std::uint8_t> acute_weeks;        ///< weeks of an acute episode left; 0 = none
  std::vector<std::uint8_t> programme;          ///< which programme (World::programmes) while programme_weeks > 0
  std::vector<std::uint8_t> programme_weeks;    ///< weeks of a policy programme's effect left; 0 = none
  std::vector<CareHome> care_home;
  std::vector<std::uint16_t> care_home_since;   ///< step the care-home request was made (or 0 at step 0)

  [[nodiscard]] std::size_t size() const { return state.size(); }

  /// Memory per resident across all columns (the network adds its ties; see Network).
  static constexpr std::size_t kBytesPerResident = 2 + 1 + 2 + sizeof(State) + 2 + 2 + 1 +
                                                   sizeof(ServiceStatus) + 2 + 1 + 1 + 1 + 1 +
                                                   sizeof(CareHome) + 2;

  void reserve(std::size_t n) {
    for_each_column([n](auto& column) { column.reserve(n); });
  }

  void add(std::uint16_t age, bool is_female, std::uint16_t home, State s) {
    for_each_column([](auto& column) { column.emplace_back(); });
    age_weeks.back() = age;
    female.back() = is_female ? 1 : 0;
    neighbourhood.back() = home;
    state.back() = s;
  }

 private:
  template <class F>
  void for_each_column(F&& f) {
    f(age_weeks), f(female), f(neighbourhood), f(state), f(weeks_in_state), f(engaged_weeks), f(service),
        f(service_status), f(service_since), f(reablement_weeks), f(acute_weeks), f(programme),
        f(programme_weeks), f(care_home), f(care_home_since);
  }
};

struct Neighbourhood {
  int deprivation_decile = 5;  ///< 1 = most deprived
  std::int32_t asset_places = 0;  ///< residents the neighbourhood's community assets can engage
  std::int32_t engaged = 0;       ///< residents engaged now
};

/// A request in a service's first-come, first-served queue. It is stale (skipped) once the resident
/// is no longer waiting for this service since this step.
struct QueueEntry {
  std::uint32_t resident;
  std::uint16_t since;
};

struct Service {
  double request_share = 0;  ///< share of support entrants who ask for it (policies may change it)
  std::int64_t places = 0;
  std::int64_t served = 0;
  std::deque<QueueEntry> queue;
};

/// The borough's care homes as one pool of beds, with the queue of residents assessed or being
/// assessed for a place (first come, first served; an entry is stale once its resident no longer waits
/// since that step).
struct CareHomes {
  std::int64_t beds = 0;
  std::int64_t residents = 0;
  std::deque<QueueEntry> queue;
};

/// How a policy programme (a place-based team's caseload, social prescribing) changes the hazards of
/// the residents in it. A resident's programme_weeks count down from `weeks`; while more than
/// `contact_above` remain the resident is in active contact.
struct ProgrammeEffect {
  enum class Kind : std::uint8_t { place_team, social_prescribing };
  Kind kind = Kind::place_team;  ///< who enrolled the resident (for sampled residents' stories)
  std::uint8_t weeks = 0;
  std::uint8_t contact_above = 0;
  double surfacing = 1;   ///< on independent_to_support during contact (hidden need found)
  double escalation = 1;  ///< on support_to_crisis
  double recovery = 1;    ///< on support_to_independent
  double asset_join = 0;  ///< weekly chance of seeking a community asset place (if higher than usual)
};

/// Ages the policy effects are tabulated by (whole years 0..kMaxAgeYears).
inline constexpr int kEffectAges = spec::kMaxAgeYears + 1;

struct World {
  Residents residents;
  Network network;
  std::vector<Neighbourhood> neighbourhoods;
  std::vector<Service> services;
  CareHomes care_homes;
  std::vector<ProgrammeEffect> programmes;  ///< registered by policies when they are built
  /// [neighbourhood * kEffectAges + age]: multiplier on onset and crisis hazards from closed preventive
  /// facilities; empty when no policy closes any.
  std::vector<double> place_effect;
};

}  // namespace cdsim::model
