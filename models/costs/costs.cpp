#include "models/costs/costs.hpp"

namespace cdsim::model {

CostModel::CostModel(const spec::ScenarioSpec& spec) {
  for (const auto& item : spec.costs) {
    // With care homes modelled, the placements of residents aged 65+ are the care-home stock's: the
    // item's use by state then stands only for the younger residents' placements.
    const bool placement = spec.mechanisms.care_homes && item.care_home_use > 0;
    std::array<std::array<double, kLivingStates>, kAgeGroups> pounds{}, units{};
    for (int g = 0; g < kAgeGroups; ++g)
      for (int s = 0; s < kLivingStates; ++s) {
        const bool uses = item.age_groups[g] && !(placement && g == kAgeGroups - 1);
        units[g][s] = uses ? item.use_per_week[s] : 0.0;
        pounds[g][s] = uses ? item.unit_cost * item.use_per_week[s] : 0.0;
      }
    per_state_.push_back(pounds);
    units_.push_back(units);
    per_care_home_resident_.push_back(placement ? item.unit_cost * item.care_home_use : 0.0);
  }
  for (const auto& service : spec.services) {
    per_served_.push_back(spec.mechanisms.capacity ? service.cost_per_week : 0.0);
  }
  const auto& c = spec.childrens_services;
  const bool on = spec.mechanisms.childrens_services;
  per_looked_after_ = {on ? c.foster_share * c.foster_week : 0.0, on ? c.home_share * c.home_week : 0.0};
}

void CostModel::weekly_cost(const Residents& residents, const std::vector<std::int64_t>& served_by_service,
                            std::int64_t care_home_residents, double looked_after, double* out) const {
  for (std::size_t c = 0; c < per_state_.size(); ++c) {
    double total = 0;
    for (int g = 0; g < kAgeGroups; ++g)
      for (int s = 0; s < kLivingStates; ++s) total += static_cast<double>(residents[g][s]) * per_state_[c][g][s];
    // Added only when priced, so items without care-home use sum exactly as before.
    if (per_care_home_resident_[c] != 0) total += static_cast<double>(care_home_residents) * per_care_home_resident_[c];
    out[c] = total;
  }
  for (std::size_t k = 0; k < per_served_.size(); ++k) {
    out[per_state_.size() + k] = static_cast<double>(served_by_service[k]) * per_served_[k];
  }
  for (std::size_t k = 0; k < per_looked_after_.size(); ++k) {
    out[per_state_.size() + per_served_.size() + k] = looked_after * per_looked_after_[k];
  }
}

double CostModel::weekly_units(std::size_t item, const std::int32_t* residents) const {
  double total = 0;
  for (int g = 0; g < kAgeGroups; ++g)
    for (int s = 0; s < kLivingStates; ++s)
      total += static_cast<double>(residents[g * kLivingStates + s]) * units_[item][g][s];
  return total;
}

}  // namespace cdsim::model
