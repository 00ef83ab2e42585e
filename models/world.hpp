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

namespace cdsim::model {

/// A resident's relation to a service: none, waiting for a place, or served.
enum class ServiceStatus : std::uint8_t { none = 0, waiting = 1, served = 2 };

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

  [[nodiscard]] std::size_t size() const { return state.size(); }

  /// Memory per resident across all columns (the network adds its ties; see Network).
  static constexpr std::size_t kBytesPerResident = 2 + 1 + 2 + sizeof(State) + 2 + 2 + 1 +
                                                   sizeof(ServiceStatus) + 2 + 1 + 1;

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
        f(service_status), f(service_since), f(reablement_weeks), f(acute_weeks);
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
  std::int64_t places = 0;
  std::int64_t served = 0;
  std::deque<QueueEntry> queue;
};

struct World {
  Residents residents;
  Network network;
  std::vector<Neighbourhood> neighbourhoods;
  std::vector<Service> services;
};

}  // namespace cdsim::model
