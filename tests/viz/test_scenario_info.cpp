#include <catch2/catch.hpp>

#include "sim/record/scenario_info.hpp"

using namespace cdsim;

TEST_CASE("viz: levers, policy markers and unit costs from the recorded scenario", "[viz][scenario]") {
  const std::string yaml = R"(name: test
start: 2025-04-01
years: 10
population: {size: 50000}
transitions: {support_to_crisis: 0.0075, crisis_to_support: 0.06}
costs:
  - {name: a, agency: nhs, unit_cost: 100, use_per_week: {support: 0.5, crisis: 2}}
  - {name: b, agency: council_adult_care, unit_cost: 10, use_per_week: {crisis: 1}}
policies:
  - {type: community_investment_fund, start: 2026-04-01, end: 2029-03-31, fund: 2000000, active: true}
  - {type: service_closure, name: library closures, start: 2027-01-01}
)";
  const record::ScenarioInfo info = record::read_scenario_info(yaml, record::Date{2025, 4, 1});
  CHECK(info.warning.empty());
  REQUIRE(info.policies.size() == 2);
  CHECK(info.policies[0].label == "community_investment_fund");
  CHECK(info.policies[0].start_day == 365);
  CHECK(info.policies[0].end_day == record::Date{2029, 3, 31}.to_days() - record::Date{2025, 4, 1}.to_days());
  CHECK(info.policies[1].label == "library closures");
  CHECK_FALSE(info.policies[1].end_day);

  const auto find = [&](const std::string& key) -> const record::Lever& {
    for (const auto& l : info.levers) {
      if (l.key == key) return l;
    }
    FAIL("no lever " << key);
    return info.levers.front();
  };
  const record::Lever& hazard = find("transitions.support_to_crisis");
  CHECK(hazard.kind == record::LeverKind::percent_change);
  CHECK(hazard.initial() == 0);
  CHECK(hazard.override_value(-20) == "0.006");
  CHECK(find("population.size").override_value(60000.4) == "60000");
  CHECK(find("years").base == 10);
  CHECK(find("policies.0.fund").override_value(3e6) == "3000000");
  CHECK(find("policies.0.start").override_value(2027) == "2027-04-01");
  for (const auto& l : info.levers) CHECK(l.key != "policies.0.active");  // switches are not sliders

  REQUIRE(info.weekly_cost_by_state.size() == 2);
  CHECK(info.weekly_cost_by_state[0] == std::pair<std::string, double>{"support", 50});
  CHECK(info.weekly_cost_by_state[1] == std::pair<std::string, double>{"crisis", 210});
}

TEST_CASE("viz: a scenario the viewer cannot read leaves the results usable", "[viz][scenario]") {
  const record::ScenarioInfo bad = record::read_scenario_info("name: [unclosed", record::Date{2025, 4, 1});
  CHECK_FALSE(bad.warning.empty());
  CHECK(bad.levers.empty());
  const record::ScenarioInfo none = record::read_scenario_info("", record::Date{2025, 4, 1});
  CHECK_FALSE(none.warning.empty());
  const record::ScenarioInfo empty_policies = record::read_scenario_info("policies: []\n", record::Date{2025, 4, 1});
  CHECK(empty_policies.warning.empty());
  CHECK(empty_policies.policies.empty());
}
