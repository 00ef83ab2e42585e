// Cutting a service's budget: a share of its places goes while the policy is in force. Residents who
// hold a place keep it until they leave support; the places are not refilled, so the queue grows.
#include <cmath>

#include "models/policy/policy.hpp"

namespace cdsim::model {

namespace {

class BudgetCut final : public Policy {
 public:
  BudgetCut(const PolicySetting& s, const spec::BudgetCutSpec& p, const World& world) : window_(s.window) {
    for (std::size_t k = 0; k < s.scenario.services.size(); ++k)
      if (s.scenario.services[k].name == p.service) service_ = k;
    full_places_ = world.services[service_].places;
    cut_places_ = full_places_ - std::llround(static_cast<double>(full_places_) * p.capacity_cut);
  }

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams&) override {
    const bool cut = window_.in_force(step);
    world.services[service_].places = cut ? cut_places_ : full_places_;
    return {0, cut ? full_places_ - cut_places_ : 0};
  }

 private:
  PolicyWindow window_;
  std::size_t service_ = 0;
  std::int64_t full_places_ = 0, cut_places_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::BudgetCutSpec& p, World& world) {
  return std::make_unique<BudgetCut>(s, p, world);
}

}  // namespace cdsim::model
