// Policies in the scenario: every type reads with its defaults and round-trips, and every kind of bad
// policy input gets one clear diagnostic with its line, column and key path.
#include <catch2/catch.hpp>

#include <string>

#include "sim/spec/load_scenario.hpp"
#include "tests/spec/tiny_scenario.hpp"

using namespace cdsim::spec;

namespace {

// The tiny scenario (tiny_scenario.hpp) over three years, its four neighbourhoods listed with their
// deciles; one service (care_package, a default). Policies follow "policies:" from line 20.
std::string tiny() {
  using cdsim::test::replaced;
  return replaced(cdsim::test::tiny_with("years: 1\n", "years: 3\n"), "  neighbourhoods: 4\n",
                  "  neighbourhoods:\n"
                  "    - {name: Alpha, x: 0, y: 0, deprivation_decile: 1, share: 0.25}\n"
                  "    - {name: Beta, x: 1, y: 0, deprivation_decile: 9, share: 0.25}\n"
                  "    - {name: Gamma, x: 0, y: 1, deprivation_decile: 2, share: 0.25}\n"
                  "    - {name: Delta, x: 1, y: 1, deprivation_decile: 5, share: 0.25}\n") +
         "policies:\n";
}

std::vector<Diagnostic> errors_of(const std::string& policies) {
  try {
    parse_scenario(tiny() + policies, "p.yaml");
  } catch (const SpecError& e) {
    return e.diagnostics();
  }
  return {};
}

/// Exactly one diagnostic, with this text after "p.yaml:".
void one_error(const std::string& policies, const std::string& expected) {
  INFO(policies);
  const auto errors = errors_of(policies);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format() == "p.yaml:" + expected);
}

}  // namespace

TEST_CASE("spec: every policy type reads with its defaults and round-trips", "[spec][policy]") {
  const ScenarioSpec s = parse_scenario(tiny() + R"(  - {type: community_investment_fund, start: 2025-06-01}
  - {type: service_closure, start: 2025-06-01, facility: youth_club, target: {most_deprived: 2}}
  - {type: place_based_team, start: 2025-06-01, end: 2027-01-01, target: [Alpha, Gamma], fte: 2.5}
  - {type: social_prescribing, name: link_workers, start: 2026-01-01}
  - {type: eligibility_threshold, start: 2025-06-01, service: care_package}
  - {type: budget_cut, start: 2025-06-01, service: care_package, capacity_cut: 0.25}
  - {type: place_based_team, start: 2027-01-01, target: [Alpha]}
)",
                                        "p.yaml");
  REQUIRE(s.policies.size() == 7);
  CHECK(s.policies[0].name == "community_investment_fund");
  CHECK(std::get<CommunityFundSpec>(s.policies[0].parameters) == CommunityFundSpec{});
  const auto& closure = std::get<ServiceClosureSpec>(s.policies[1].parameters);
  CHECK(closure.facility == Facility::youth_club);
  CHECK(closure.effect == 0.14);  // the youth club's own evidence, not the children's centre's
  CHECK(closure.lag_years == 6);
  CHECK(target_neighbourhoods(s.policies[1].target, s.population) == std::vector<int>{0, 2});
  CHECK(std::get<PlaceTeamSpec>(s.policies[2].parameters).fte == 2.5);
  CHECK(s.policies[2].end->iso() == "2027-01-01");
  CHECK(target_neighbourhoods(s.policies[2].target, s.population) == std::vector<int>{0, 2});
  CHECK(s.policies[3].name == "link_workers");
  CHECK(std::get<EligibilitySpec>(s.policies[4].parameters).service == "care_package");
  CHECK(std::get<BudgetCutSpec>(s.policies[5].parameters).capacity_cut == 0.25);
  CHECK(s.policies[6].name == "place_based_team_2");  // a second of a type is numbered
  CHECK(target_neighbourhoods(s.policies[0].target, s.population) == std::vector<int>{0, 1, 2, 3});

  const ScenarioSpec again = parse_scenario(emit_scenario(s), "emitted.yaml");
  CHECK(again == s);
}

TEST_CASE("spec: bad policies get one clear diagnostic each", "[spec][policy]") {
  one_error("  - {type: community_investment_fund, start: 2025-06-01, budget: -5}\n",
            "20:66: policies[0].budget: must be between 0 and 10000000000, got -5");
  one_error("  - {type: place_based_team, start: 2025-06-01, ftes: 3}\n",
            "20:49: policies[0].ftes: unknown key 'ftes'; did you mean 'fte'?");
  one_error("  - {type: place_based_teams, start: 2025-06-01}\n",
            "20:12: policies[0].type: unknown policy type 'place_based_teams'; did you mean 'place_based_team'? "
            "(known: community_investment_fund, service_closure, place_based_team, social_prescribing, "
            "eligibility_threshold or budget_cut)");
  one_error("  - {type: social_prescribing, start: 2025-01-01}\n",
            "20:39: policies[0].start: is before the scenario starts (2025-04-01), got 2025-01-01");
  one_error("  - {type: social_prescribing, start: 2029-01-01}\n",
            "20:39: policies[0].start: is after the scenario ends (3 years from 2025-04-01), got 2029-01-01");
  one_error("  - {type: social_prescribing, start: 2026-01-01, end: 2026-01-01}\n",
            "20:56: policies[0].end: must be after the policy's start (2026-01-01), got 2026-01-01");
  one_error("  - {type: place_based_team, start: 2025-06-01, target: [Alpha, Gama]}\n",
            "20:65: policies[0].target[1]: no neighbourhood 'Gama' in this borough; did you mean 'Gamma'?");
  one_error("  - {type: place_based_team, start: 2025-06-01, target: {most_deprived: 5}}\n",
            "20:73: policies[0].target.most_deprived: must be between 1 and 4, got 5");
  one_error("  - {type: place_based_team, start: 2025-06-01, target: everywhere}\n",
            "20:57: policies[0].target: expected all, a list of neighbourhood names or {most_deprived: K}, got "
            "'everywhere'");
  one_error("  - {type: budget_cut, start: 2025-06-01, service: care_packages}\n",
            "20:52: policies[0].service: no service 'care_packages' in this scenario; did you mean 'care_package'? "
            "(services: care_package)");
  one_error("  - {type: budget_cut, start: 2025-06-01, service: care_package, target: [Alpha]}\n",
            "20:74: policies[0].target: a budget_cut acts on a borough-wide service; its target must be all");
  one_error("  - {type: service_closure, start: 2025-06-01, facility: swimming_pool}\n",
            "20:58: policies[0].facility: expected children_centre, youth_club, library or day_centre, got "
            "'swimming_pool'");
  one_error("  - {type: social_prescribing, name: sp, start: 2025-06-01, target: [Alpha]}\n"
            "  - {type: social_prescribing, name: sp, start: 2025-06-01, target: [Beta]}\n",
            "21:38: policies[1].name: policy name 'sp' is used twice (first at line 20)");
}

TEST_CASE("spec: two policies may not act on the same thing at the same time", "[spec][policy]") {
  // Same type, overlapping neighbourhoods and dates: refused.
  one_error("  - {type: place_based_team, start: 2025-06-01, end: 2026-06-01, target: [Alpha, Beta]}\n"
            "  - {type: place_based_team, start: 2026-01-01, target: [Beta]}\n",
            "21:5: policies[1]: overlaps policies[0] ('place_based_team'): same type, neighbourhoods and dates; "
            "combine them into one policy or make their dates or targets not overlap");
  one_error("  - {type: budget_cut, start: 2025-06-01, service: care_package}\n"
            "  - {type: budget_cut, start: 2027-06-01, service: care_package}\n",
            "21:5: policies[1]: overlaps policies[0] ('budget_cut'): same type, neighbourhoods and dates; "
            "combine them into one policy or make their dates or targets not overlap");
  // Back to back, in other neighbourhoods, or closing other facilities: fine.
  CHECK(errors_of("  - {type: place_based_team, start: 2025-06-01, end: 2026-06-01, target: [Alpha]}\n"
                  "  - {type: place_based_team, start: 2026-06-01, target: [Alpha]}\n"
                  "  - {type: place_based_team, start: 2025-06-01, target: [Beta]}\n"
                  "  - {type: service_closure, start: 2025-06-01, facility: library}\n"
                  "  - {type: service_closure, start: 2025-06-01, facility: day_centre}\n")
            .empty());
}

TEST_CASE("spec: who pays for a policy: its type's agency, one agency, or shares, and round-trips", "[spec][policy]") {
  const ScenarioSpec s = parse_scenario(tiny() + R"(  - {type: service_closure, start: 2025-06-01, facility: youth_club}
  - {type: social_prescribing, start: 2025-06-01}
  - {type: place_based_team, start: 2025-06-01, paid_by: {council_adult_care: 0.5, nhs: 0.25, police: 0.25},
     staffed_by: [nhs, police, council_children]}
  - {type: community_investment_fund, start: 2025-06-01, paid_by: council_other}
  - {type: budget_cut, start: 2025-06-01, service: care_package}
)",
                                        "p.yaml");
  REQUIRE(s.policies.size() == 5);
  CHECK_FALSE(s.policies[0].paid_by.has_value());
  CHECK(paid_by_of(s.policies[0], s) == only(Agency::council_children));  // youth clubs: children's services
  CHECK(paid_by_of(s.policies[1], s) == only(Agency::nhs));               // link workers: the NHS
  CHECK(paid_by_of(s.policies[2], s) == AgencyShares{0.5, 0, 0, 0.25, 0.25});
  CHECK(s.policies[2].staffed_by == std::vector<Agency>{Agency::nhs, Agency::police, Agency::council_children});
  CHECK(paid_by_of(s.policies[3], s) == only(Agency::council_other));
  CHECK(paid_by_of(s.policies[4], s) == only(Agency::council_adult_care));  // the service's agency
  const std::string text = emit_scenario(s);
  CHECK_THAT(text, Catch::Contains("paid_by: {council_adult_care: 0.5, nhs: 0.25, police: 0.25}"));
  CHECK_THAT(text, Catch::Contains("staffed_by: [nhs, police, council_children]"));
  CHECK(parse_scenario(text, "emitted.yaml") == s);
}

TEST_CASE("spec: bad paid_by: unknown agencies, shares that do not sum to 1, other shapes", "[spec][policy]") {
  one_error("  - {type: social_prescribing, start: 2025-06-01, paid_by: housing}\n",
            "20:60: policies[0].paid_by: expected council_adult_care, council_children, council_other, nhs or "
            "police, got 'housing'");
  one_error("  - {type: social_prescribing, start: 2025-06-01, paid_by: {nhs: 0.5, police: 0.4}}\n",
            "20:60: policies[0].paid_by: shares must sum to 1, got 0.9");
  one_error("  - {type: social_prescribing, start: 2025-06-01, paid_by: [nhs]}\n",
            "20:60: policies[0].paid_by: expected an agency (council_adult_care, council_children, council_other, "
            "nhs or police) or a map of agencies to shares");
  const auto errors = errors_of("  - {type: social_prescribing, start: 2025-06-01, paid_by: {nhs: 1, polic: 0}}\n");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].format(), Catch::Contains("policies[0].paid_by") && Catch::Contains("polic"));
}

TEST_CASE("spec: only place-based teams name the agencies that staff them, each once", "[spec][policy]") {
  one_error("  - {type: social_prescribing, start: 2025-06-01, staffed_by: [nhs]}\n",
            "20:51: policies[0].staffed_by: unknown key 'staffed_by' (known keys: type, name, start, end, target, "
            "paid_by, link_workers, referrals_per_worker, uptake, cost_per_referral, effect_weeks, "
            "escalation_multiplier, asset_referral)");
  one_error("  - {type: place_based_team, start: 2025-06-01, staffed_by: [nhs, police, nhs]}\n",
            "20:75: policies[0].staffed_by[2]: agency 'nhs' is listed twice");
  one_error("  - {type: place_based_team, start: 2025-06-01, staffed_by: [schools]}\n",
            "20:62: policies[0].staffed_by[0]: expected council_adult_care, council_children, council_other, nhs or "
            "police, got 'schools'");
}
