#include "models/costs/costs.hpp"

namespace cdsim::model {

CostModel::CostModel(const spec::ScenarioSpec& spec) {
  for (const auto& item : spec.costs) {
    std::array<std::array<double, kLivingStates>, kAgeGroups> pounds{};
    for (int g = 0; g < kAgeGroups; ++g)
      for (int s = 0; s < kLivingStates; ++s) pounds[g][s] = item.age_groups[g] ? item.unit_cost * item.use_per_week[s] : 0.0;
    per_state_.push_back(pounds);
  }
  for (const auto& service : spec.services) {
    per_served_.push_back(spec.mechanisms.capacity ? service.cost_per_week : 0.0);
  }
}

void CostModel::weekly_cost(const Residents& residents, const std::vector<std::int64_t>& served_by_service,
                            double* out) const {
  for (std::size_t c = 0; c < per_state_.size(); ++c) {
    double total = 0;
    for (int g = 0; g < kAgeGroups; ++g)
      for (int s = 0; s < kLivingStates; ++s) total += static_cast<double>(residents[g][s]) * per_state_[c][g][s];
    out[c] = total;
  }
  for (std::size_t k = 0; k < per_served_.size(); ++k) {
    out[per_state_.size() + k] = static_cast<double>(served_by_service[k]) * per_served_[k];
  }
}

}  // namespace cdsim::model
