// Raising a service's entry threshold: fewer support entrants ask for it while the policy is in force.
#include <algorithm>

#include "models/policy/policy.hpp"

namespace cdsim::model {

namespace {

class EligibilityThreshold final : public Policy {
 public:
  EligibilityThreshold(const PolicySetting& s, const spec::EligibilitySpec& p, const World& world)
      : window_(s.window), multiplier_(p.request_multiplier) {
    for (std::size_t k = 0; k < s.scenario.services.size(); ++k)
      if (s.scenario.services[k].name == p.service) service_ = k;
    base_share_ = world.services[service_].request_share;
  }

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams&) override {
    // A share above 1 cannot be asked for more than always.
    world.services[service_].request_share =
        window_.in_force(step) ? std::min(1.0, base_share_ * multiplier_) : base_share_;
    return {};
  }

 private:
  PolicyWindow window_;
  double multiplier_;
  std::size_t service_ = 0;
  double base_share_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::EligibilitySpec& p,
                                                   World& world) {
  return std::make_unique<EligibilityThreshold>(s, p, world);
}

}  // namespace cdsim::model
