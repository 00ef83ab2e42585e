// Scenario YAML -> ScenarioSpec for good input: bundled scenarios load, defaults fill what a file
// leaves out, emit_scenario() round-trips exactly, and --set overrides change the tree before checks.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "sim/spec/defaults.hpp"
#include "sim/spec/load_scenario.hpp"
#include "tests/spec/tiny_scenario.hpp"

using namespace cdsim::spec;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = CDSIM_SCENARIO_DIR;
const fs::path kGood = fs::path(CDSIM_TEST_DATA_DIR) / "good";

// The tiny scenario (tiny_scenario.hpp), inline so override tests can see what they change, with a
// policy of a type this version does not know (always refused) as item 0 of `policies`, on line 16.
const std::string kTiny = cdsim::test::kTinyScenario + R"(policies:
  - {type: some_future_policy, start: 2025-06-01}
)";

/// kTiny without its policy, so overrides elsewhere can pass.
const std::string& tiny_without_policy() { return cdsim::test::kTinyScenario; }

ScenarioSpec with_overrides(std::initializer_list<const char*> sets) {
  std::vector<Override> overrides;
  for (const char* s : sets) overrides.push_back(Override::parse(s));
  return parse_scenario(tiny_without_policy(), "tiny.yaml", overrides);
}

/// The diagnostics parse_scenario(kTiny without policies + overrides) reports; fails when it accepts.
std::vector<Diagnostic> override_errors(std::initializer_list<const char*> sets) {
  try {
    with_overrides(sets);
  } catch (const SpecError& e) {
    return e.diagnostics();
  }
  FAIL("the overrides were accepted");
  return {};
}

/// Compares part by part first so a failure says which part differs; then the whole.
void check_same(const ScenarioSpec& a, const ScenarioSpec& b) {
  CHECK(a.name == b.name);
  CHECK(a.seed == b.seed);
  CHECK(a.start == b.start);
  CHECK(a.years == b.years);
  CHECK(a.step == b.step);
  CHECK(a.replicates == b.replicates);
  CHECK(a.population.size == b.population.size);
  CHECK(a.population.neighbourhoods == b.population.neighbourhoods);
  CHECK(a.population.age_shares == b.population.age_shares);
  CHECK(a.population.female_share == b.population.female_share);
  CHECK(a.initial == b.initial);
  CHECK(a.transitions == b.transitions);
  CHECK(a.covariates == b.covariates);
  CHECK(a.mortality == b.mortality);
  CHECK(a.fertility == b.fertility);
  CHECK(a.costs == b.costs);
  CHECK(a.households == b.households);
  CHECK(a.network == b.network);
  CHECK(a.assets == b.assets);
  CHECK(a.services == b.services);
  CHECK(a.reablement == b.reablement);
  CHECK(a.acute == b.acute);
  CHECK(a.childrens_services == b.childrens_services);
  CHECK(a.mechanisms == b.mechanisms);
  CHECK(a.policies == b.policies);
  CHECK(a == b);
}

}  // namespace

TEST_CASE("spec: every bundled scenario loads", "[spec]") {
  const ScenarioSpec baseline = load_scenario(kScenarios / "baseline.yaml");
  CHECK(baseline.name == "baseline");

  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(kScenarios / "tests")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    const ScenarioSpec s = load_scenario(entry.path());
    CHECK(s.name == entry.path().stem().string());
    ++loaded;
  }
  CHECK(loaded >= 2);  // tiny and markov at least
}

TEST_CASE("spec: baseline reads the values its file states", "[spec]") {
  // The baseline's numbers are calibrated elsewhere; compare with the file as plain YAML reads it.
  const ScenarioSpec s = load_scenario(kScenarios / "baseline.yaml");
  const YAML::Node raw = YAML::LoadFile((kScenarios / "baseline.yaml").string());
  CHECK(s.seed == raw["seed"].as<std::uint64_t>());
  CHECK(s.start.iso() == raw["start"].as<std::string>());
  CHECK(s.years == raw["years"].as<double>());
  CHECK(s.replicates == raw["replicates"].as<int>());
  CHECK(s.population.size == raw["population"]["size"].as<std::int64_t>());
  const YAML::Node neighbourhoods = raw["population"]["neighbourhoods"];
  REQUIRE(s.population.neighbourhoods.size() == neighbourhoods.size());
  for (std::size_t i = 0; i < neighbourhoods.size(); ++i) {
    const NeighbourhoodSpec& n = s.population.neighbourhoods[i];
    CHECK(n.name == neighbourhoods[i]["name"].as<std::string>());
    CHECK(n.x == neighbourhoods[i]["x"].as<double>());
    CHECK(n.y == neighbourhoods[i]["y"].as<double>());
    CHECK(n.deprivation_decile == neighbourhoods[i]["deprivation_decile"].as<int>());
    CHECK(n.share == neighbourhoods[i]["share"].as<double>());
  }
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    CHECK(s.initial[i] == raw["initial"][kStateNames[i]].as<double>());
  }
  for (std::size_t i = 0; i < kTransitionNames.size(); ++i) {
    CHECK(s.transitions[i] == raw["transitions"][kTransitionNames[i]].as<double>());
  }
}

TEST_CASE("spec: defaults fill every optional key a file leaves out", "[spec]") {
  const ScenarioSpec s = load_scenario(kGood / "minimal.yaml");
  const ScenarioSpec d = default_scenario();
  // What the file says.
  CHECK(s.name == "minimal");
  CHECK(s.start == Date{2030, 1, 15});
  CHECK(s.years == 2.5);
  CHECK(s.population.size == 1500);
  CHECK(s.initial == PerState{0.8, 0.15, 0.05});
  CHECK(s.transitions == PerTransition{0.002, 0.0005, 0.01, 0.004, 0.05, 0.02});
  // What it leaves to the defaults.
  CHECK(s.seed == d.seed);
  CHECK(s.step == "week");
  CHECK(s.replicates == d.replicates);
  CHECK(s.population.neighbourhoods == d.population.neighbourhoods);
  CHECK(s.population.age_shares == d.population.age_shares);
  CHECK(s.population.female_share == d.population.female_share);
  CHECK(s.covariates == d.covariates);
  CHECK(s.mortality == d.mortality);
  CHECK(s.fertility == d.fertility);
  CHECK(s.costs == d.costs);
  CHECK(s.households == d.households);
  CHECK(s.network == d.network);
  CHECK(s.assets == d.assets);
  CHECK(s.services == d.services);
  CHECK(s.reablement == d.reablement);
  CHECK(s.acute == d.acute);
  CHECK(s.mechanisms == d.mechanisms);
  CHECK(s.policies.empty());
}

TEST_CASE("spec: every key is read, and partial maps keep the defaults of keys left out", "[spec]") {
  const ScenarioSpec s = load_scenario(kGood / "full.yaml");
  const ScenarioSpec d = default_scenario();
  CHECK(s.name == "full-scenario_1.0");
  CHECK(s.seed == std::numeric_limits<std::uint64_t>::max());
  CHECK(s.start == Date{2026, 2, 28});
  CHECK(s.replicates == 7);
  CHECK(s.population.size == 10'000);  // written 1e4
  REQUIRE(s.population.neighbourhoods.size() == 2);
  CHECK(s.population.neighbourhoods[0] == NeighbourhoodSpec{"Upper Town", -1.5, 2, 1, 0.25, {}, {}, {}, {}});
  CHECK(s.population.neighbourhoods[1] == NeighbourhoodSpec{"Lower Town", 0, 0, 10, 0.75, {}, {}, {}, {}});
  CHECK(s.population.age_shares[0] == 0.1);
  CHECK(s.population.age_shares[18] == 0);
  CHECK(s.population.female_share == 0.5);
  CHECK(s.initial == PerState{0.5, 0.3, 0.2});
  CHECK(s.transitions[5] == 10);

  CHECK(s.covariates.reference_age == 60);
  CHECK(s.covariates.age_per_decade[0] == 1.5);
  CHECK(s.covariates.age_per_decade[1] == d.covariates.age_per_decade[1]);
  CHECK(s.covariates.deprivation_per_decile[5] == -2);
  CHECK(s.covariates.deprivation_per_decile[0] == d.covariates.deprivation_per_decile[0]);

  CHECK(s.mortality.annual_at_65 == 0.5);
  CHECK(s.mortality.gompertz_per_year == 0);
  CHECK(s.mortality.minimum_annual == 0.001);
  CHECK(s.mortality.state_multiplier ==
        PerState{d.mortality.state_multiplier[0], d.mortality.state_multiplier[1], 100});
  CHECK(s.fertility == FertilitySpec{1, 20, 20});

  REQUIRE(s.costs.size() == 2);  // replaces the default list
  CHECK(s.costs[0] == CostItem{"link_worker_hour", Agency::council_adult_care, 31.5, {0, 0.25, 0}, {true, true, true}, 0.5});
  CHECK(s.costs[1] == CostItem{"a_and_e", Agency::nhs, 0, {0, 0, 0}});

  CHECK(s.households == HouseholdSpec{1, 0});
  CHECK(s.network == NetworkSpec{50, 0, 100, 0, 100, 2, 0, 2.5, 0.25, 7, 0});
  CHECK(s.assets == AssetSpec{10'000, 100'000, 1, 0, 520, 0});  // places written 1e5
  REQUIRE(s.services.size() == 2);  // replaces the default list
  CHECK(s.services[0] == ServiceSpec{"link_worker", 1, 0, 100, 0, 12.5, Agency::nhs});
  CHECK(s.services[1] == ServiceSpec{"day_centre", 0, 3.5, 1, 1, 0, Agency::council_adult_care});  // defaults for the rest
  CHECK(s.reablement == ReablementSpec{1, 104, 0.999});
  CHECK(s.acute == AcuteSpec{1, 0, 0});
  CHECK(s.mechanisms == Mechanisms{false, true, false, false, false, false, false, false, false, false, false, false, false});
  CHECK(s.childrens_services == ChildrensServicesSpec{0.9, 0.1, 1, 1, 5200, 0.25, 1e6, 0.75, 0});

  // Every new key differs from its default, so reading it cannot have been skipped.
  CHECK(s.households.older_living_alone != d.households.older_living_alone);
  CHECK(s.households.adults_living_alone != d.households.adults_living_alone);
  CHECK(s.network.neighbour_ties != d.network.neighbour_ties);
  CHECK(s.network.friend_ties != d.network.friend_ties);
  CHECK(s.network.isolation_threshold != d.network.isolation_threshold);
  CHECK(s.network.isolation_onset_multiplier != d.network.isolation_onset_multiplier);
  CHECK(s.network.isolation_mortality_multiplier != d.network.isolation_mortality_multiplier);
  CHECK(s.network.informal_support_per_tie != d.network.informal_support_per_tie);
  CHECK(s.network.informal_support_max_ties != d.network.informal_support_max_ties);
  CHECK(s.network.household_crisis_multiplier != d.network.household_crisis_multiplier);
  CHECK(s.network.help_chance != d.network.help_chance);
  CHECK(s.network.carer_capacity != d.network.carer_capacity);
  CHECK(s.network.carer_strain_multiplier != d.network.carer_strain_multiplier);
  CHECK(s.assets.per_10k_residents != d.assets.per_10k_residents);
  CHECK(s.assets.places_per_asset != d.assets.places_per_asset);
  CHECK(s.assets.join_weekly != d.assets.join_weekly);
  CHECK(s.assets.leave_weekly != d.assets.leave_weekly);
  CHECK(s.assets.weeks_to_connect != d.assets.weeks_to_connect);
  CHECK(s.assets.connection_ties != d.assets.connection_ties);
  const ServiceSpec& d0 = d.services.at(0);
  const ServiceSpec& s0 = s.services[0];
  CHECK(s0.name != d0.name);
  CHECK(s0.request_share != d0.request_share);
  CHECK(s0.capacity_per_10k != d0.capacity_per_10k);
  CHECK(s0.waiting_multiplier != d0.waiting_multiplier);
  CHECK(s0.served_multiplier != d0.served_multiplier);
  CHECK(s0.cost_per_week != d0.cost_per_week);
  CHECK(s0.agency != d0.agency);
  CHECK(s.reablement.share != d.reablement.share);
  CHECK(s.reablement.weeks != d.reablement.weeks);
  CHECK(s.reablement.success != d.reablement.success);
  CHECK(s.acute.onset_weekly != d.acute.onset_weekly);
  CHECK(s.acute.weeks != d.acute.weeks);
  CHECK(s.acute.multiplier != d.acute.multiplier);
  CHECK(s.mechanisms.network != d.mechanisms.network);
  CHECK(s.mechanisms.capacity != d.mechanisms.capacity);
  CHECK(s.mechanisms.assets != d.mechanisms.assets);
  CHECK(s.mechanisms.reablement != d.mechanisms.reablement);
  CHECK(s.mechanisms.acute != d.mechanisms.acute);
  CHECK(s.mechanisms.trend != d.mechanisms.trend);
  CHECK(s.mechanisms.care_homes != d.mechanisms.care_homes);
  CHECK(s.care_homes.beds_per_10k != d.care_homes.beds_per_10k);
  CHECK(s.care_homes.admission_weekly_at_65 != d.care_homes.admission_weekly_at_65);
  CHECK(s.care_homes.admission_per_year_of_age != d.care_homes.admission_per_year_of_age);
  CHECK(s.care_homes.assessment_weeks != d.care_homes.assessment_weeks);
  CHECK(s.care_homes.mortality_multiplier != d.care_homes.mortality_multiplier);
  CHECK(s.care_homes.initial_share_65plus != d.care_homes.initial_share_65plus);
  CHECK(s.care_homes.initial_share_85plus != d.care_homes.initial_share_85plus);
  CHECK(s.care_homes.council_funded_share != d.care_homes.council_funded_share);
  CHECK(s.costs[0].care_home_use == 0.5);
  CHECK(s.mechanisms.carers != d.mechanisms.carers);
  CHECK(s.burn_in_years != d.burn_in_years);
  CHECK(s.trend.working_age_onset != d.trend.working_age_onset);
  CHECK(s.trend.older_onset != d.trend.older_onset);
  CHECK(s.requests.ask_working_age != d.requests.ask_working_age);
  CHECK(s.requests.ask_older != d.requests.ask_older);
  CHECK(s.requests.universal != d.requests.universal);
  CHECK(s.mechanisms.childrens_services != d.mechanisms.childrens_services);
  const ChildrensServicesSpec& c = s.childrens_services;
  const ChildrensServicesSpec& dc = d.childrens_services;
  CHECK(c.in_need_share != dc.in_need_share);
  CHECK(c.protection_share != dc.protection_share);
  CHECK(c.care_share != dc.care_share);
  CHECK(c.protection_weeks != dc.protection_weeks);
  CHECK(c.care_weeks != dc.care_weeks);
  CHECK(c.foster_share != dc.foster_share);
  CHECK(c.foster_week != dc.foster_week);
  CHECK(c.home_share != dc.home_share);
  CHECK(c.home_week != dc.home_week);
}

TEST_CASE("spec: emit_scenario round-trips the file with every key given exactly", "[spec]") {
  const ScenarioSpec s = load_scenario(kGood / "full.yaml");
  const std::string text = emit_scenario(s);
  INFO(text);
  const ScenarioSpec back = parse_scenario(text, "emitted.yaml");
  check_same(back, s);
  CHECK(emit_scenario(back) == text);
  // Flow style for the small maps and each service, block for network and assets.
  CHECK_THAT(text, Catch::Contains("\nhouseholds: {older_living_alone: 1, adults_living_alone: 0}\n"));
  CHECK_THAT(text, Catch::Contains("\nnetwork:\n  neighbour_ties: 50\n  friend_ties: 0\n  isolation_threshold: 100\n"));
  CHECK_THAT(text, Catch::Contains("\nassets:\n  per_10k_residents: 10000\n  places_per_asset: 100000\n"));
  CHECK_THAT(text, Catch::Contains("\nservices:\n  - {name: link_worker, request_share: 1, capacity_per_10k: 0, "
                                   "waiting_multiplier: 100, served_multiplier: 0, cost_per_week: 12.5, agency: nhs}\n"
                                   "  - {name: day_centre, "));
  CHECK_THAT(text, Catch::Contains("\nreablement: {share: 1, weeks: 104, success: 0.999}\n"));
  CHECK_THAT(text, Catch::Contains("\nacute: {onset_weekly: 1, weeks: 0, multiplier: 0}\n"));
  CHECK_THAT(text, Catch::Contains("assets: false, reablement: false, acute: false, trend: false, care_homes: false, carers: false, childrens_services: false}\n"));
  CHECK_THAT(text, Catch::Contains("\ncare_homes: {beds_per_10k: 10000, admission_weekly_at_65: 1, admission_per_year_of_age: 1, "
                                   "assessment_weeks: 104, mortality_multiplier: 100, initial_share_65plus: 1, "
                                   "initial_share_85plus: 0, council_funded_share: 1}\n"));
  CHECK_THAT(text, Catch::Contains("\n  help_chance: 0.25\n  carer_capacity: 7\n  carer_strain_multiplier: 0\n"));
  CHECK_THAT(text, Catch::Contains("\nchildrens_services: {in_need_share: 0.9, protection_share: 0.1, care_share: 1, "));
  CHECK_THAT(text, Catch::Contains("\nburn_in_years: 0.5\n"));
  CHECK_THAT(text, Catch::Contains("\ntrend: {working_age_onset: -0.5, older_onset: 0.5}\n"));
  CHECK_THAT(text, Catch::Contains("\nrequests: {ask_working_age: 1, ask_older: 0, universal: 0.25}\n"));

  // No services at all is not the default list.
  ScenarioSpec none = s;
  none.services.clear();
  const std::string none_text = emit_scenario(none);
  CHECK_THAT(none_text, Catch::Contains("\nservices: []\n"));
  CHECK(parse_scenario(none_text, "emitted.yaml").services.empty());
}

TEST_CASE("spec: a neighbourhood count generates synthetic neighbourhoods", "[spec]") {
  const ScenarioSpec s = load_scenario(kScenarios / "tests" / "tiny.yaml");
  CHECK(s.population.neighbourhoods == synthetic_neighbourhoods(4));
  CHECK(s.population.neighbourhoods.size() == 4);

  const ScenarioSpec many = with_overrides({"population.neighbourhoods=10000"});
  CHECK(many.population.neighbourhoods.size() == 10'000);
}

TEST_CASE("spec: emit_scenario round-trips the baseline exactly", "[spec]") {
  const ScenarioSpec s = load_scenario(kScenarios / "baseline.yaml");
  const std::string text = emit_scenario(s);
  check_same(parse_scenario(text, "emitted.yaml"), s);
  // Readable layout: block maps at the top, one flow line per small map and per neighbourhood.
  CHECK_THAT(text, Catch::Contains("\ninitial: {independent: 0.75, support: 0.22, crisis: 0.03}\n"));
  CHECK_THAT(text, Catch::Contains("\ntransitions:\n  independent_to_support: "));
  CHECK_THAT(text, Catch::Contains("\n    - {name: Ashby Bridge, x: 0, y: 0, deprivation_decile: 1, share: 0.046}\n"));
  CHECK_THAT(text, Catch::Contains("\nmechanisms: {ageing: true, mortality: true, births: true, covariates: true, "
                                   "network: true, capacity: true, assets: true, reablement: true, acute: true, trend: true, "
                                   "care_homes: true, carers: true, childrens_services: true}\n"));
  CHECK_THAT(text, Catch::Contains("\nservices:\n  - {name: care_package, request_share: "));  // the defaults'
  CHECK_THAT(text, Catch::Contains("\nnetwork:\n  neighbour_ties: "));
  CHECK_THAT(text, Catch::Contains("\nreablement: {share: "));
  CHECK_THAT(text, Catch::Contains("\npolicies: []\n"));
}

TEST_CASE("spec: emit_scenario round-trips odd values exactly", "[spec]") {
  ScenarioSpec s = default_scenario();
  s.name = "odd.name-1_x";
  s.seed = std::numeric_limits<std::uint64_t>::max();
  s.start = Date{2024, 2, 29};
  s.years = 1.0 / 3.0;
  s.replicates = 100'000;
  s.population.size = 1;
  // Names YAML would misread if written bare: booleans, null, numbers, indicators, quotes, line breaks.
  const char* names[] = {"Ashby: Bridge #1", "true",           "null", "~",   "0.5",
                         " padded ",         "- dash",         "[x]",  "{y}", "it's \"quoted\"",
                         "line\nbreak",      "Ünïcödé – naïve"};
  s.population.neighbourhoods.clear();
  int decile = 1;
  for (const char* name : names) {
    s.population.neighbourhoods.push_back({name, 0.1 + 0.2, -1e-7 * decile, decile % 10 + 1, 1.0 / std::size(names), {}, {}, {}, {}});
    ++decile;
  }
  s.population.neighbourhoods[0].x = 5e-324;  // the smallest subnormal
  s.population.neighbourhoods[1].y = 1e300;
  s.population.age_shares.fill(1.0 / kAgeBandCount);
  s.population.female_share = 0;
  s.initial = {0.1, 0.2, 0.7};
  s.transitions = {0, 10, 1e-300, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0};
  s.covariates = {110, {-5, 5, 1.0 / 7, -1.0 / 3, 0, 1e-9}, {-2, 2, 1.0 / 7, -1.0 / 3, 0, -1e-9}};
  s.mortality = {std::nextafter(1.0, 0.0), 0.5, std::nextafter(1.0, 0.0), {0, 100, 1.0 / 3}};
  s.fertility = {1.0 / 3, 60, 60};
  s.costs = {{"x", Agency::nhs, 1e9 + 0.1, {0, 1.0 / 3, 1e-12}}, {"a_0", Agency::council_adult_care, 0, {0, 0, 0}}};
  s.households = {1.0 / 3, 1e-9};
  s.network = {0.1 + 0.2, 50, 0, 1.0 / 7, 100, -2, 100, 1e-300};
  s.assets = {1.0 / 3, 0, 1, 2.0 / 3, 0, 100};
  s.services = {{"a", 1.0 / 3, 1e12 + 0.5, 0, 100, 1.0 / 7, Agency::nhs},
                {"z_9", 0, 0, 1, 1, 0, Agency::council_adult_care},
                {"true", 1, 5e-324, 1, 1, 0, Agency::council_adult_care}};
  s.reablement = {1.0 / 3, 104, std::nextafter(1.0, 0.0)};
  s.acute = {std::nextafter(0.0, 1.0), 520, 1.0 / 3};
  s.mechanisms = {false, true, false, true, false, true, false, true, false};

  const std::string text = emit_scenario(s);
  INFO(text);
  const ScenarioSpec back = parse_scenario(text, "emitted.yaml");
  check_same(back, s);
  CHECK(emit_scenario(back) == text);
}

TEST_CASE("spec: step count and memory estimate", "[spec]") {
  ScenarioSpec s = default_scenario();
  s.years = 1;
  CHECK(s.step_count() == 52);  // 365.25 / 7 = 52.18
  s.years = 100;
  CHECK(s.step_count() == 5218);

  s = default_scenario();
  const std::uint64_t baseline = s.estimated_memory_bytes();
  CHECK(baseline > 322'000u * 16);
  CHECK(baseline < 64u << 20);  // tens of MB, not GB
  s.population.size *= 10;
  CHECK(s.estimated_memory_bytes() > 8 * baseline);

  s.population.size = 1'000'000'000'000;  // grows with size, never wraps round to something small
  CHECK(s.estimated_memory_bytes() > 16'000'000'000'000u);
  s.population.size = std::numeric_limits<std::int64_t>::max();
  CHECK(s.estimated_memory_bytes() == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("spec: --set overrides change values before validation", "[spec]") {
  SECTION("a number") {
    CHECK(with_overrides({"population.size=5000"}).population.size == 5000);
    CHECK(with_overrides({"years=0.5"}).years == 0.5);
  }
  SECTION("a boolean") {
    const ScenarioSpec s = with_overrides({"mechanisms.ageing=false"});
    CHECK_FALSE(s.mechanisms.ageing);
    CHECK(s.mechanisms.mortality);
    const ScenarioSpec acute_off = with_overrides({"mechanisms.acute=false"});
    CHECK_FALSE(acute_off.mechanisms.acute);
    CHECK(acute_off.mechanisms.reablement);
    CHECK(acute_off.mechanisms.network);
  }
  SECTION("a key of a community section") {
    const ScenarioSpec s = with_overrides({"network.friend_ties=2"});
    CHECK(s.network.friend_ties == 2);
    NetworkSpec expected = default_scenario().network;
    expected.friend_ties = 2;
    CHECK(s.network == expected);
    CHECK(with_overrides({"reablement.success=0.5"}).reablement.success == 0.5);
    CHECK(with_overrides({"assets.places_per_asset=40"}).assets.places_per_asset == 40);
  }
  SECTION("an item of a default list the file leaves out") {
    // tiny gives no services, so services.0 is the default care package.
    const ScenarioSpec s = with_overrides({"services.0.capacity_per_10k=0"});
    REQUIRE(s.services.size() == default_scenario().services.size());
    ServiceSpec expected = default_scenario().services.at(0);
    expected.capacity_per_10k = 0;
    CHECK(s.services[0] == expected);
    CHECK(with_overrides({"costs.2.unit_cost=6000"}).costs.at(2).unit_cost == 6000);
    const auto errors = override_errors({"services.1.capacity_per_10k=0"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].format() == "--set: services.1.capacity_per_10k: services has 1 items (0 to 0); there is no item 1");
    CHECK_THAT(override_errors({"services.0.capacity_per_10k=-1"})[0].format(),
               Catch::Equals("--set: services[0].capacity_per_10k: must be >= 0, got -1"));
  }
  SECTION("a whole list replaced, and emptied") {
    const ScenarioSpec s = with_overrides({"services=[{name: link_worker, request_share: 0.5, capacity_per_10k: 2}]"});
    REQUIRE(s.services.size() == 1);
    CHECK(s.services[0] == ServiceSpec{"link_worker", 0.5, 2, 1, 1, 0, Agency::council_adult_care});
    CHECK(with_overrides({"services=[]"}).services.empty());
  }
  SECTION("a flow map replaces a whole map") {
    const ScenarioSpec s = with_overrides({"initial={independent: 0.7, support: 0.25, crisis: 0.05}"});
    CHECK(s.initial == PerState{0.7, 0.25, 0.05});
  }
  SECTION("a list item by index") {
    const ScenarioSpec s =
        with_overrides({"population.neighbourhoods=[{name: A, deprivation_decile: 2, share: 0.5}, "
                        "{name: B, deprivation_decile: 9, share: 0.5}]",
                        "population.neighbourhoods.1.share=0.25", "population.neighbourhoods.0.share=0.75"});
    REQUIRE(s.population.neighbourhoods.size() == 2);
    CHECK(s.population.neighbourhoods[0].share == 0.75);
    CHECK(s.population.neighbourhoods[1].share == 0.25);
  }
  SECTION("a valid key the file leaves out is added") {
    const ScenarioSpec s = with_overrides({"covariates.reference_age=60", "mortality.state_multiplier.crisis=3"});
    CHECK(s.covariates.reference_age == 60);
    CHECK(s.covariates.age_per_decade == default_scenario().covariates.age_per_decade);
    CHECK(s.mortality.state_multiplier[2] == 3);
  }
  SECTION("later overrides win, and spaces around '=' are ignored") {
    CHECK(with_overrides({"seed=1", "seed = 99"}).seed == 99);
  }
  SECTION("an unknown key is reported against --set") {
    const auto errors = override_errors({"population.sise=5000"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "--set");
    CHECK(errors[0].line == 0);
    CHECK(errors[0].key_path == "population.sise");
    CHECK_THAT(errors[0].message, Catch::Contains("did you mean 'size'?"));
  }
  SECTION("a bad value is reported against --set, not the line of the file it replaced") {
    const auto errors = override_errors({"transitions.support_to_crisis=-1"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].format() == "--set: transitions.support_to_crisis: must be between 0 and 10, got -1");
  }
  SECTION("an index past the end of a list") {
    const auto errors = override_errors({"population.neighbourhoods=[{name: A, deprivation_decile: 2, share: 1}]",
                                         "population.neighbourhoods.1.share=0.5"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == "--set");
    CHECK(errors[0].key_path == "population.neighbourhoods.1.share");
    CHECK_THAT(errors[0].message, Catch::Contains("has 1 items (0 to 0); there is no item 1"));
  }
  SECTION("an index into something that is not a list") {
    const auto errors = override_errors({"population.neighbourhoods.0.share=0.5"});
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::Contains("population.neighbourhoods is '4', not a map or a list"));
  }
  SECTION("a value that is not YAML") {
    const auto errors = override_errors({"initial={independent: 0.7"});
    REQUIRE(errors.size() == 1);
    CHECK_THAT(errors[0].message, Catch::StartsWith("value '{independent: 0.7' is not valid YAML"));
  }
  SECTION("overrides reach list items the file has") {
    // The policy in kTiny is refused until its type is replaced by an empty policy list.
    CHECK_THROWS_AS(parse_scenario(kTiny, "tiny.yaml"), SpecError);
    try {
      parse_scenario(kTiny, "tiny.yaml", {Override::parse("policies.0.start=2025-02-30")});
      FAIL("accepted an impossible policy start");
    } catch (const SpecError& e) {
      REQUIRE(e.diagnostics().size() == 2);  // the start, then the (unknown) type
      CHECK(e.diagnostics()[0].format() == "--set: policies[0].start: '2025-02-30' is not a real date");
      CHECK(e.diagnostics()[1].line == 16);
    }
    CHECK(parse_scenario(kTiny, "tiny.yaml", {Override::parse("policies=[]")}).policies.empty());
  }
}

TEST_CASE("spec: Override::parse splits at the first '='", "[spec]") {
  const Override o = Override::parse("policies.0.name=a=b");
  CHECK(o.key_path == "policies.0.name");
  CHECK(o.value == "a=b");
  CHECK_THROWS_AS(Override::parse("population.size"), SpecError);
  CHECK_THROWS_AS(Override::parse("=5"), SpecError);
  try {
    Override::parse("seed");
    FAIL("accepted an override without '='");
  } catch (const SpecError& e) {
    CHECK(std::string(e.what()) == "--set: expected KEY.PATH=VALUE (like population.size=50000), got 'seed'");
  }
}
