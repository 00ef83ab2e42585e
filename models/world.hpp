// Data flow: spec -> [world] -> engine.
// The runtime state of one replicate: resident columns (structure of arrays, one entry per
// resident ever alive, dead ones kept so indices stay stable) and the neighbourhoods they live in.
#pragma once

#include <cstdint>
#include <vector>

#include "models/resident/age.hpp"
#include "models/resident/state.hpp"

namespace cdsim::model {

struct Residents {
  std::vector<std::uint16_t> age_weeks;
  std::vector<std::uint8_t> female;         ///< 1 for female
  std::vector<std::uint16_t> neighbourhood;  ///< index into World::neighbourhoods
  std::vector<State> state;
  std::vector<std::uint16_t> weeks_in_state;  ///< saturates at 65,535

  [[nodiscard]] std::size_t size() const { return state.size(); }

  /// Memory per resident across all columns.
  static constexpr std::size_t kBytesPerResident =
      sizeof(std::uint16_t) + sizeof(std::uint8_t) + sizeof(std::uint16_t) + sizeof(State) + sizeof(std::uint16_t);

  void reserve(std::size_t n) {
    age_weeks.reserve(n);
    female.reserve(n);
    neighbourhood.reserve(n);
    state.reserve(n);
    weeks_in_state.reserve(n);
  }

  void add(std::uint16_t age, bool is_female, std::uint16_t home, State s) {
    age_weeks.push_back(age);
    female.push_back(is_female ? 1 : 0);
    neighbourhood.push_back(home);
    state.push_back(s);
    weeks_in_state.push_back(0);
  }
};

struct Neighbourhood {
  int deprivation_decile = 5;  ///< 1 = most deprived
};

struct World {
  Residents residents;
  std::vector<Neighbourhood> neighbourhoods;
};

}  // namespace cdsim::model
