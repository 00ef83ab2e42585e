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
    policies.push_back(std::visit(
        [&](const auto& p) -> std::unique_ptr<Policy> {
          using P = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<P, spec::CommunityFundSpec>) return make_community_fund(setting, p, world);
          if constexpr (std::is_same_v<P, spec::ServiceClosureSpec>) return make_service_closure(setting, p, world);
          if constexpr (std::is_same_v<P, spec::PlaceTeamSpec>) return make_place_team(setting, p, world);
          if constexpr (std::is_same_v<P, spec::SocialPrescribingSpec>)
            return make_social_prescribing(setting, p, world);
          if constexpr (std::is_same_v<P, spec::EligibilitySpec>) return make_eligibility_threshold(setting, p, world);
          if constexpr (std::is_same_v<P, spec::BudgetCutSpec>) return make_budget_cut(setting, p, world);
        },
        policy.parameters));
  }
  return policies;
}

}  // namespace cdsim::model
