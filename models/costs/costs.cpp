#include "models/costs/costs.hpp"

namespace cdsim::model {

CostModel::CostModel(const std::vector<spec::CostItem>& items) {
  for (const auto& item : items) {
    std::array<double, kLivingStates> pounds{};
    for (int s = 0; s < kLivingStates; ++s) pounds[s] = item.unit_cost * item.use_per_week[s];
    pounds_per_resident_week_.push_back(pounds);
  }
}

void CostModel::weekly_cost(const std::array<std::int64_t, kLivingStates>& residents_by_state,
                            double* out) const {
  for (std::size_t c = 0; c < pounds_per_resident_week_.size(); ++c) {
    double total = 0;
    for (int s = 0; s < kLivingStates; ++s) {
      total += static_cast<double>(residents_by_state[s]) * pounds_per_resident_week_[c][s];
    }
    out[c] = total;
  }
}

}  // namespace cdsim::model
