// Data flow: state counts -> [costs] -> cost observations.
// Expected public spending in a step: each resident-week in a state uses each cost item at its
// average weekly rate, priced at the PSSRU 2023/24 unit cost and attributed to the council or NHS.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/resident/state.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

class CostModel {
 public:
  explicit CostModel(const std::vector<spec::CostItem>& items);

  /// Pounds per cost item for one week with these many residents in each living state.
  /// out has one entry per cost item, in spec order.
  void weekly_cost(const std::array<std::int64_t, kLivingStates>& residents_by_state,
                   double* out) const;

 private:
  std::vector<std::array<double, kLivingStates>> pounds_per_resident_week_;  // [item][state]
};

}  // namespace cdsim::model
