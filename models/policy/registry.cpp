#include <variant>

#include "models/policy/policy.hpp"

namespace cdsim::model {

namespace {

/// Step whose week contains `date`: step s covers days [7(s-1), 7s) after the scenario's start.
std::uint64_t step_of(const spec::Date& date, const spec::ScenarioSpec& scenario) {
  const long days = date.days_since_epoch() - scenario.start.days_since_epoch();
  return static_cast<std::uint64_t>(days / 7) + 1;
}

}  // namespace

PolicyWindow::PolicyWindow(const spec::PolicySpec& policy, const spec::ScenarioSpec& scenario)
    : first(step_of(policy.start, scenario)) {
  if (policy.end) end = step_of(*policy.end, scenario);
}

std::vector<std::unique_ptr<Policy>> make_policies(const spec::ScenarioSpec& scenario, World& world,
                                                   const core::RandomStreams& rng) {
  std::vector<std::unique_ptr<Policy>> policies;
  for (std::size_t k = 0; k < scenario.policies.size(); ++k) {
    const spec::PolicySpec& policy = scenario.policies[k];
    const PolicySetting setting{policy, scenario, k, PolicyWindow(policy, scenario),
                                spec::target_neighbourhoods(policy.target, scenario.population), rng};
    policies.push_back(std::visit([&](const auto& p) { return make_policy(setting, p, world); }, policy.parameters));
  }
  return policies;
}

}  // namespace cdsim::model
