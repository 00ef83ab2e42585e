// Data flow: stocks -> [costs] -> cost observations.
// Expected public spending in a step: each resident-week in a state uses each cost item at its
// average weekly rate, priced at the PSSRU 2023/24 unit cost and attributed to the agency that pays
// (council adult care, children's services, the NHS, the police); each resident-week holding a service
// place costs the service's weekly price; each care-home resident-week uses the items' care-home use
// (spec::CostItem::care_home_use); each looked-after child's week costs its placement.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/resident/state.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

class CostModel {
 public:
  explicit CostModel(const spec::ScenarioSpec& spec);

  /// Cost categories in results order: the cost items, one per service, then the placements of
  /// looked-after children (spec::kPlacementCategoryNames).
  [[nodiscard]] std::size_t categories() const {
    return per_state_.size() + per_served_.size() + per_looked_after_.size();
  }

  /// Residents by [age group][living state].
  using Residents = std::array<std::array<std::int64_t, kLivingStates>, kAgeGroups>;

  /// Pounds per category for one week with these many residents in each age group and living state,
  /// holding a place in each service, living in a care home, and looked after. out has categories() entries.
  void weekly_cost(const Residents& residents, const std::vector<std::int64_t>& served_by_service,
                   std::int64_t care_home_residents, double looked_after, double* out) const;

  /// Units of cost item `item` (incidents, consultations) used in a week by residents counted
  /// [age group][living state], as `residents` points at (one neighbourhood's cells of the results).
  [[nodiscard]] double weekly_units(std::size_t item, const std::int32_t* residents) const;

 private:
  // [item][age group][state], pounds per resident-week (zero for age groups the item doesn't apply to)
  std::vector<std::array<std::array<double, kLivingStates>, kAgeGroups>> per_state_;
  std::vector<std::array<std::array<double, kLivingStates>, kAgeGroups>> units_;  // [item][group][state] units
  std::vector<double> per_served_;                            // [service], pounds per resident-week served
  std::vector<double> per_care_home_resident_;                // [item], pounds per care-home resident-week
  std::vector<double> per_looked_after_;  // [placement], pounds per looked-after child-week (share x price)
};

}  // namespace cdsim::model
