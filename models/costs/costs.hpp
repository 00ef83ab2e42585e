// Data flow: stocks -> [costs] -> cost observations.
// Expected public spending in a step: each resident-week in a state uses each cost item at its
// average weekly rate, priced at the PSSRU 2023/24 unit cost and attributed to the council or NHS;
// each resident-week holding a service place costs the service's weekly price; each care-home
// resident-week uses the items' care-home use (spec::CostItem::care_home_use).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/resident/state.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

class CostModel {
 public:
  explicit CostModel(const spec::ScenarioSpec& spec);

  /// Cost categories in results order: the cost items, then one per service.
  [[nodiscard]] std::size_t categories() const { return per_state_.size() + per_served_.size(); }

  /// Residents by [age group][living state].
  using Residents = std::array<std::array<std::int64_t, kLivingStates>, kAgeGroups>;

  /// Pounds per category for one week with these many residents in each age group and living state,
  /// holding a place in each service, and living in a care home. out has categories() entries.
  void weekly_cost(const Residents& residents, const std::vector<std::int64_t>& served_by_service,
                   std::int64_t care_home_residents, double* out) const;

 private:
  // [item][age group][state], pounds per resident-week (zero for age groups the item doesn't apply to)
  std::vector<std::array<std::array<double, kLivingStates>, kAgeGroups>> per_state_;
  std::vector<double> per_served_;                            // [service], pounds per resident-week served
  std::vector<double> per_care_home_resident_;                // [item], pounds per care-home resident-week
};

}  // namespace cdsim::model
