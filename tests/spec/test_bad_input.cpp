// Bad scenarios are refused with SpecError only, every problem at once, each naming the file, line,
// column and key path, with a message that says what was expected.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/spec/load_scenario.hpp"
#include "tests/spec/tiny_scenario.hpp"

using namespace cdsim::spec;
namespace fs = std::filesystem;

namespace {

const fs::path kBad = fs::path(CDSIM_TEST_DATA_DIR) / "bad";

/// The diagnostics load_scenario reports for `file`; fails the test when the file is accepted or
/// anything but SpecError escapes.
std::vector<Diagnostic> errors_of_file(const fs::path& file) {
  try {
    load_scenario(file);
  } catch (const SpecError& e) {
    return e.diagnostics();
  }
  FAIL(file.string() << " was accepted");
  return {};
}

std::vector<Diagnostic> errors_of_text(const std::string& text) {
  try {
    parse_scenario(text, "inline.yaml");
  } catch (const SpecError& e) {
    return e.diagnostics();
  }
  FAIL("accepted:\n" << text);
  return {};
}

std::vector<Diagnostic> errors_of(const char* bad_file) { return errors_of_file(kBad / bad_file); }
std::string bad(const char* bad_file) { return (kBad / bad_file).string(); }

/// Checks the one diagnostic expected: where (file named as given, line, column, key) and what.
void check_only(const std::vector<Diagnostic>& errors, const std::string& file, int line, int column,
                const std::string& key_path, const std::string& message_part) {
  REQUIRE(errors.size() == 1);
  const Diagnostic& d = errors[0];
  INFO(d.format());
  CHECK(d.file == file);
  CHECK(d.line == line);
  CHECK(d.column == column);
  CHECK(d.key_path == key_path);
  CHECK_THAT(d.message, Catch::Contains(message_part));
}

/// A scratch file that is removed when the test ends.
struct TempFile {
  fs::path path = fs::temp_directory_path() / ("cdsim_test_" + std::to_string(getpid()) + "_" +
                                               std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".yaml");
  explicit TempFile(const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }
  ~TempFile() { fs::remove(path); }
};

// The tiny scenario (tiny_scenario.hpp); tests swap one line to make it bad.
const std::string& kTiny = cdsim::test::kTinyScenario;
using cdsim::test::tiny_with;

}  // namespace

TEST_CASE("spec: the inline base scenario used by these tests is valid", "[spec]") {
  CHECK(parse_scenario(kTiny, "inline.yaml").name == "tiny");
}

TEST_CASE("spec: every file in tests/data/bad is refused with a diagnostic naming it", "[spec]") {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kBad)) {
    INFO(entry.path().string());
    const auto errors = errors_of_file(entry.path());
    REQUIRE_FALSE(errors.empty());
    for (const Diagnostic& d : errors) CHECK_THAT(d.format(), Catch::StartsWith(entry.path().string() + ":"));
    ++files;
  }
  CHECK(files >= 20);
}

TEST_CASE("spec: YAML syntax error", "[spec]") {
  // The flow map opened on line 10 is never closed; the parser notices on line 11.
  check_only(errors_of("syntax_error.yaml"), bad("syntax_error.yaml"), 11, 12, "",
             "YAML syntax error: while parsing a flow mapping did not find expected ',' or '}'");
  // yaml-cpp 0.7 would loop forever, allocating, on this (found by fuzz_scenario); the syntax check
  // refuses it first.
  check_only(errors_of_text("# a\n  ,crisis_to: 1\nt: 0.05\n"), "inline.yaml", 2, 3, "",
             "YAML syntax error: while parsing a block node did not find expected node content");
}

TEST_CASE("spec: unknown keys, with a suggestion when one is close", "[spec]") {
  check_only(errors_of("unknown_key.yaml"), bad("unknown_key.yaml"), 6, 1, "replicate",
             "unknown key 'replicate'; did you mean 'replicates'?");

  const auto nested = errors_of("unknown_nested_key.yaml");
  REQUIRE(nested.size() == 2);  // the typo, and so the real key is missing
  CHECK(nested[0].format() == (kBad / "unknown_nested_key.yaml").string() +
                                  ":12:3: transitions.support_to_crisis: missing required key 'support_to_crisis'");
  CHECK(nested[1].format() == (kBad / "unknown_nested_key.yaml").string() +
                                  ":15:3: transitions.suport_to_crisis: unknown key 'suport_to_crisis'; did you "
                                  "mean 'support_to_crisis'?");

  // Nothing close: the known keys are listed instead.
  check_only(errors_of_text(kTiny + "colour: blue\n"), "inline.yaml", 15, 1, "colour",
             "unknown key 'colour' (known keys: name, seed, start,");
  check_only(errors_of_text(tiny_with("size: 2000", "size: 2000\n  Size: 3")), "inline.yaml", 6, 3, "population.Size",
             "did you mean 'size'?");
  check_only(errors_of_text(kTiny + "years: 2\n"), "inline.yaml", 15, 1, "years", "this key is given twice");
}

TEST_CASE("spec: values of the wrong type name the type expected", "[spec]") {
  const auto errors = errors_of("wrong_types.yaml");
  REQUIRE(errors.size() == 4);
  const std::string file = (kBad / "wrong_types.yaml").string();
  CHECK(errors[0].format() == file + ":3:7: seed: expected a whole number >= 0, got '-3'");
  CHECK(errors[1].format() == file + ":5:8: years: expected a number, got 'ten'");
  CHECK(errors[2].format() == file + ":6:13: replicates: expected a whole number, got '2.5'");
  CHECK(errors[3].format() == file + ":8:9: population.size: expected a whole number, got a map");

  check_only(errors_of_text(tiny_with("years: 1", "years: [1]")), "inline.yaml", 3, 8, "years",
             "expected a number, got a list");
  check_only(errors_of_text(tiny_with("years: 1", "years:")), "inline.yaml", 3, 1, "years",
             "expected a number, got nothing");
  check_only(errors_of_text(tiny_with("years: 1", "years: .inf")), "inline.yaml", 3, 8, "years",
             "expected a finite number, got '.inf'");
  check_only(errors_of_text(kTiny + "mechanisms: {ageing: yes}\n"), "inline.yaml", 15, 22, "mechanisms.ageing",
             "expected true or false, got 'yes'");
  check_only(errors_of_text(tiny_with("start: 2025-04-01", "start: 1st April")), "inline.yaml", 2, 8, "start",
             "expected a date as YYYY-MM-DD, got '1st April'");
  check_only(errors_of_text(tiny_with("{independent: 0.75, support: 0.22, crisis: 0.03}", "[0.75, 0.22, 0.03]")),
             "inline.yaml", 7, 10, "initial", "expected a map of keys, got a list");
}

TEST_CASE("spec: negative, non-numeric and non-finite hazards", "[spec]") {
  check_only(errors_of("negative_hazard.yaml"), bad("negative_hazard.yaml"), 15, 22, "transitions.support_to_crisis",
             "must be between 0 and 10, got -0.003");
  check_only(errors_of("nonnumeric_hazard.yaml"), bad("nonnumeric_hazard.yaml"), 15, 22,
             "transitions.support_to_crisis", "expected a number, got 'high'");
  check_only(errors_of("nan_hazard.yaml"), bad("nan_hazard.yaml"), 16, 22, "transitions.crisis_to_support",
             "expected a finite number, got '.nan'");
}

TEST_CASE("spec: shares that do not sum to 1", "[spec]") {
  check_only(errors_of("shares_not_one.yaml"), bad("shares_not_one.yaml"), 10, 10, "initial",
             "shares must sum to 1, they sum to 0.95");
  check_only(errors_of("neighbourhood_shares.yaml"), bad("neighbourhood_shares.yaml"), 10, 5,
             "population.neighbourhoods", "shares must sum to 1, they sum to 0.9");
  const std::string ages = "size: 2000\n  age_shares: [0.5, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]";
  check_only(errors_of_text(tiny_with("size: 2000", ages)), "inline.yaml", 6, 15, "population.age_shares",
             "they sum to 1.5");
  check_only(errors_of_text(tiny_with("size: 2000", "size: 2000\n  age_shares: [1]")), "inline.yaml", 6, 15,
             "population.age_shares", "expected 19 shares");
}

TEST_CASE("spec: neighbourhood lists are checked item by item", "[spec]") {
  const std::string list =
      "neighbourhoods:\n"
      "    - {name: A, deprivation_decile: 0, share: 0.5}\n"
      "    - {name: A, deprivation_decile: 2, share: 0.5}\n"
      "    - {deprivation_decile: 2, share: 0}\n";
  const auto errors = errors_of_text(tiny_with("neighbourhoods: 4", list));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].format() ==
        "inline.yaml:7:37: population.neighbourhoods[0].deprivation_decile: must be between 1 and 10, got 0");
  CHECK(errors[1].format() ==
        "inline.yaml:8:14: population.neighbourhoods[1].name: neighbourhood 'A' is listed twice (first at line 7)");
  CHECK(errors[2].format() == "inline.yaml:9:7: population.neighbourhoods[2].name: missing required key 'name'");
  CHECK(errors[3].format() == "inline.yaml:9:38: population.neighbourhoods[2].share: must be > 0 and <= 1, got 0");

  check_only(errors_of_text(tiny_with("neighbourhoods: 4", "neighbourhoods: 10001")), "inline.yaml", 6, 19,
             "population.neighbourhoods", "must be between 1 and 10000, got 10001");
  check_only(errors_of_text(tiny_with("neighbourhoods: 4", "neighbourhoods: {a: 1}")), "inline.yaml", 6, 19,
             "population.neighbourhoods", "expected a number of neighbourhoods or a list of them, got a map");
}

TEST_CASE("spec: an impossible date", "[spec]") {
  check_only(errors_of("impossible_date.yaml"), bad("impossible_date.yaml"), 4, 8, "start",
             "'2025-02-30' is not a real date");
}

TEST_CASE("spec: zero and negative years", "[spec]") {
  check_only(errors_of("zero_years.yaml"), bad("zero_years.yaml"), 5, 8, "years", "must be > 0 and <= 100, got 0");
  check_only(errors_of("negative_years.yaml"), bad("negative_years.yaml"), 5, 8, "years",
             "must be > 0 and <= 100, got -2");
  check_only(errors_of_text(tiny_with("years: 1", "years: 101")), "inline.yaml", 3, 8, "years", "got 101");
}

TEST_CASE("spec: zero and negative replicates", "[spec]") {
  check_only(errors_of("zero_replicates.yaml"), bad("zero_replicates.yaml"), 6, 13, "replicates",
             "must be between 1 and 100000, got 0");
  check_only(errors_of("negative_replicates.yaml"), bad("negative_replicates.yaml"), 6, 13, "replicates",
             "must be between 1 and 100000, got -1");
}

TEST_CASE("spec: a population too large for this machine", "[spec]") {
  check_only(errors_of("population_too_large.yaml"), bad("population_too_large.yaml"), 8, 9, "population.size",
             "this scenario needs about 166");
  CHECK_THAT(errors_of("population_too_large.yaml")[0].message, Catch::Contains("GiB available"));
  // Beyond any integer type: refused as a number, never wrapped round to a small one.
  check_only(errors_of_text(tiny_with("size: 2000", "size: 1e30")), "inline.yaml", 5, 9, "population.size",
             "is too large");
  check_only(errors_of_text(tiny_with("size: 2000", "size: 9223372036854775807")), "inline.yaml", 5, 9,
             "population.size", "this scenario needs about");
}

TEST_CASE("spec: policies: unknown types get a suggestion, and dates are still checked", "[spec]") {
  check_only(errors_of("unknown_policy.yaml"), bad("unknown_policy.yaml"), 19, 11, "policies[0].type",
             "unknown policy type 'community_investment_funds'; did you mean 'community_investment_fund'? (known: "
             "community_investment_fund, service_closure, place_based_team, social_prescribing, "
             "eligibility_threshold or budget_cut)");
  const auto errors = errors_of_text(kTiny + "policies:\n  - {start: 2025-06-01, end: 2025-05-31}\n  - 3\n");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format() == "inline.yaml:16:5: policies[0].type: missing required key 'type'");
  CHECK(errors[1].format() ==
        "inline.yaml:16:30: policies[0].end: must be after the policy's start (2025-06-01), got 2025-05-31");
  CHECK(errors[2].format() == "inline.yaml:17:5: policies[1]: expected a map of keys, got '3'");
  check_only(errors_of_text(kTiny + "policies: {type: x}\n"), "inline.yaml", 15, 11, "policies",
             "expected a list, got a map");
}

TEST_CASE("spec: mechanism switches are true or false", "[spec]") {
  check_only(errors_of("mechanism_not_boolean.yaml"), bad("mechanism_not_boolean.yaml"), 18, 37, "mechanisms.network",
             "expected true or false, got 'maybe'");
  // Every mechanism can be switched either way.
  const Mechanisms on = parse_scenario(kTiny + "mechanisms: {network: true, capacity: true, assets: true, "
                                               "reablement: true, acute: true}\n",
                                       "inline.yaml")
                            .mechanisms;
  CHECK(on == Mechanisms{});
  const Mechanisms off = parse_scenario(kTiny + "mechanisms: {network: false, capacity: false, assets: false, "
                                                "reablement: false, acute: false}\n",
                                        "inline.yaml")
                             .mechanisms;
  CHECK(off == Mechanisms{true, true, true, true, false, false, false, false, false});
  check_only(errors_of_text(kTiny + "mechanisms: {acute: 0}\n"), "inline.yaml", 15, 21, "mechanisms.acute",
             "expected true or false, got '0'");
  check_only(errors_of_text(kTiny + "mechanisms: {reablment: false}\n"), "inline.yaml", 15, 14,
             "mechanisms.reablment", "unknown key 'reablment'; did you mean 'reablement'?");
}

TEST_CASE("spec: community sections: range, type and key checks", "[spec]") {
  const auto errors = errors_of("community_values.yaml");
  const std::string file = (kBad / "community_values.yaml").string();
  REQUIRE(errors.size() == 6);
  CHECK(errors[0].format() == file + ":18:34: households.older_living_alone: must be between 0 and 1, got 1.5");
  CHECK(errors[1].format() == file + ":20:16: network.friend_ties: expected a number, got 'lots'");
  CHECK(errors[2].format() == file + ":21:24: network.isolation_threshold: expected a whole number, got '2.5'");
  CHECK(errors[3].format() ==
        file + ":24:3: assets.place_per_asset: unknown key 'place_per_asset'; did you mean 'places_per_asset'?");
  CHECK(errors[4].format() == file + ":25:45: reablement.success: must be >= 0 and < 1, got 1");
  CHECK(errors[5].format() == file + ":26:36: acute.weeks: must be between 0 and 520, got -1");

  check_only(errors_of("section_typo.yaml"), bad("section_typo.yaml"), 18, 1, "netwrok",
             "unknown key 'netwrok'; did you mean 'network'?");

  // One bound of each kind per section.
  check_only(errors_of_text(kTiny + "households: {adults_living_alone: -0.1}\n"), "inline.yaml", 15, 35,
             "households.adults_living_alone", "must be between 0 and 1, got -0.1");
  check_only(errors_of_text(kTiny + "households: 0.3\n"), "inline.yaml", 15, 13, "households",
             "expected a map of keys, got '0.3'");
  check_only(errors_of_text(kTiny + "network: {neighbour_ties: 51}\n"), "inline.yaml", 15, 27,
             "network.neighbour_ties", "must be between 0 and 50, got 51");
  check_only(errors_of_text(kTiny + "network: {informal_support_per_tie: -2.5}\n"), "inline.yaml", 15, 37,
             "network.informal_support_per_tie", "must be between -2 and 2, got -2.5");
  check_only(errors_of_text(kTiny + "network: {informal_support_max_ties: 101}\n"), "inline.yaml", 15, 38,
             "network.informal_support_max_ties", "must be between 0 and 100, got 101");
  check_only(errors_of_text(kTiny + "network: {household_crisis_multiplier: .nan}\n"), "inline.yaml", 15, 40,
             "network.household_crisis_multiplier", "expected a finite number, got '.nan'");
  check_only(errors_of_text(kTiny + "network: {help_chance: 1.5}\n"), "inline.yaml", 15, 24,
             "network.help_chance", "must be between 0 and 1, got 1.5");
  check_only(errors_of_text(kTiny + "network: {carer_capacity: 101}\n"), "inline.yaml", 15, 27,
             "network.carer_capacity", "must be between 0 and 100, got 101");
  check_only(errors_of_text(kTiny + "network: {carer_strain_multiplier: -1}\n"), "inline.yaml", 15, 36,
             "network.carer_strain_multiplier", "must be between 0 and 100, got -1");
  check_only(errors_of_text(kTiny + "mechanisms: {carers: 2}\n"), "inline.yaml", 15, 22, "mechanisms.carers",
             "expected true or false, got '2'");
  check_only(errors_of_text(kTiny + "network: {isolation_treshold: 1}\n"), "inline.yaml", 15, 11,
             "network.isolation_treshold", "did you mean 'isolation_threshold'?");
  check_only(errors_of_text(kTiny + "assets: {per_10k_residents: 10001}\n"), "inline.yaml", 15, 29,
             "assets.per_10k_residents", "must be between 0 and 10000, got 10001");
  check_only(errors_of_text(kTiny + "assets: {join_weekly: 1.01}\n"), "inline.yaml", 15, 23, "assets.join_weekly",
             "must be between 0 and 1, got 1.01");
  check_only(errors_of_text(kTiny + "assets: {weeks_to_connect: 521}\n"), "inline.yaml", 15, 28,
             "assets.weeks_to_connect", "must be between 0 and 520, got 521");
  check_only(errors_of_text(kTiny + "assets: [1]\n"), "inline.yaml", 15, 9, "assets",
             "expected a map of keys, got a list");
  check_only(errors_of_text(kTiny + "reablement: {weeks: 105}\n"), "inline.yaml", 15, 21, "reablement.weeks",
             "must be between 0 and 104, got 105");
  check_only(errors_of_text(kTiny + "reablement: {success: 1.0}\n"), "inline.yaml", 15, 23, "reablement.success",
             "must be >= 0 and < 1, got 1");
  check_only(errors_of_text(kTiny + "acute: {multiplier: 101}\n"), "inline.yaml", 15, 21, "acute.multiplier",
             "must be between 0 and 100, got 101");
  check_only(errors_of_text(kTiny + "acute: {onset_weekly: yes}\n"), "inline.yaml", 15, 23, "acute.onset_weekly",
             "expected a number, got 'yes'");
  // The edges of each range are allowed; weeks 0 with a share is left to the model to ignore.
  const ScenarioSpec edges = parse_scenario(kTiny + "reablement: {share: 1, weeks: 0, success: 0}\n"
                                                    "acute: {onset_weekly: 0, weeks: 520, multiplier: 100}\n"
                                                    "network: {informal_support_per_tie: -2, help_chance: 0, "
                                                    "carer_capacity: 0, carer_strain_multiplier: 100}\n",
                                            "inline.yaml");
  CHECK(edges.reablement == ReablementSpec{1, 0, 0});
  CHECK(edges.acute == AcuteSpec{0, 520, 100});
  CHECK(edges.network.informal_support_per_tie == -2);
  CHECK(edges.network.help_chance == 0);
  CHECK(edges.network.carer_capacity == 0);
  CHECK(edges.network.carer_strain_multiplier == 100);
}

TEST_CASE("spec: services: names unique among services and cost items, values checked", "[spec]") {
  const auto names = errors_of("service_names.yaml");
  const std::string names_file = (kBad / "service_names.yaml").string();
  REQUIRE(names.size() == 2);
  CHECK(names[0].format() ==
        names_file + ":22:12: services[1].name: service 'care_package' is listed twice (first at line 21)");
  CHECK(names[1].format() == names_file +
                                 ":23:12: services[2].name: service 'gp_consultation' has the same name as a cost "
                                 "item; cost categories must be unique");

  const auto values = errors_of("service_values.yaml");
  const std::string values_file = (kBad / "service_values.yaml").string();
  REQUIRE(values.size() == 7);
  CHECK(values[0].format() ==
        values_file + ":19:12: services[0].name: must be 1 to 64 of a-z, 0-9 and '_', got 'Care Package'");
  CHECK(values[1].format() == values_file + ":19:41: services[0].request_share: must be between 0 and 1, got 2");
  CHECK(values[2].format() == values_file + ":19:62: services[0].capacity_per_10k: must be >= 0, got -1");
  CHECK(values[3].format() == values_file + ":19:74: services[0].agency: expected council_adult_care, council_children, council_other, nhs or police, got 'nhs_trust'");
  CHECK(values[4].format() == values_file + ":20:5: services[1].name: missing required key 'name'");
  CHECK(values[5].format() ==
        values_file + ":20:5: services[1].capacity_per_10k: missing required key 'capacity_per_10k'");
  CHECK(values[6].format() == values_file + ":21:5: services[2]: expected a map of keys, got 'care_package'");

  // A cost item may not take the name of a default service either.
  check_only(errors_of_text(kTiny + "costs:\n  - {name: care_package, agency: council_adult_care, unit_cost: 27}\n"),
             "inline.yaml", 16, 12, "costs[0].name",
             "cost item 'care_package' has the same name as a service; cost categories must be unique");
  // ... but may once the services are replaced.
  CHECK(parse_scenario(kTiny + "costs:\n  - {name: care_package, agency: council_adult_care, unit_cost: 27}\nservices: []\n",
                       "inline.yaml")
            .services.empty());
  // The clash is checked against the cost items in effect: the defaults when the file gives none.
  check_only(errors_of_text(kTiny + "services:\n  - {name: gp_consultation, request_share: 0.1, "
                                    "capacity_per_10k: 1}\n"),
             "inline.yaml", 16, 12, "services[0].name", "has the same name as a cost item");

  check_only(errors_of_text(kTiny + "services:\n  - {name: x, request_share: 0.1, capacity_per_10k: 1, "
                                    "waiting_multiplier: 101}\n"),
             "inline.yaml", 16, 76, "services[0].waiting_multiplier", "must be between 0 and 100, got 101");
  check_only(errors_of_text(kTiny + "services:\n  - {name: x, request_share: 0.1, capacity_per_10k: 1, "
                                    "cost_per_week: -5}\n"),
             "inline.yaml", 16, 71, "services[0].cost_per_week", "must be >= 0, got -5");
  check_only(errors_of_text(kTiny + "services:\n  - {name: x, request_share: 0.1, capacity_per_10k: 1, "
                                    "served_multipler: 1}\n"),
             "inline.yaml", 16, 56, "services[0].served_multipler", "did you mean 'served_multiplier'?");
  check_only(errors_of_text(kTiny + "services: {name: x}\n"), "inline.yaml", 15, 11, "services",
             "expected a list, got a map");
  std::string many = kTiny + "services:\n";
  for (int i = 0; i <= 100; ++i) many += "  - {name: s" + std::to_string(i) + ", request_share: 0, capacity_per_10k: 0}\n";
  check_only(errors_of_text(many), "inline.yaml", 16, 3, "services", "at most 100 services, got 101");
  many.erase(many.rfind("  - "));
  CHECK(parse_scenario(many, "inline.yaml").services.size() == 100);
}

TEST_CASE("spec: missing required keys name the key and the map that lacks it", "[spec]") {
  const auto errors = errors_of("missing_required.yaml");
  REQUIRE(errors.size() == 2);
  const std::string file = (kBad / "missing_required.yaml").string();
  CHECK(errors[0].format() == file + ":2:1: years: missing required key 'years'");
  CHECK(errors[1].format() ==
        file + ":11:3: transitions.crisis_to_independent: missing required key 'crisis_to_independent'");
}

TEST_CASE("spec: other checked values", "[spec]") {
  check_only(errors_of("bad_name.yaml"), bad("bad_name.yaml"), 2, 7, "name", "got 'my/scenario'");
  check_only(errors_of_text(kTiny + "step: month\n"), "inline.yaml", 15, 7, "step", "only 'week' is supported");
  check_only(errors_of_text(kTiny + "fertility: {min_age: 50}\n"), "inline.yaml", 15, 22, "fertility.min_age",
             "max_age (44) must not be below min_age (50)");
  check_only(errors_of_text(kTiny + "covariates: {age_per_decade: {support_to_crisis: 6}}\n"), "inline.yaml", 15, 50,
             "covariates.age_per_decade.support_to_crisis", "must be between -5 and 5, got 6");
  check_only(errors_of_text(kTiny + "mortality: {annual_at_65: 1}\n"), "inline.yaml", 15, 27, "mortality.annual_at_65",
             "must be > 0 and < 1, got 1");
  const auto costs = errors_of_text(kTiny + "costs:\n  - {name: GP, agency: nhs2, unit_cost: -1}\n");
  REQUIRE(costs.size() == 3);
  CHECK(costs[0].format() == "inline.yaml:16:12: costs[0].name: must be 1 to 64 of a-z, 0-9 and '_', got 'GP'");
  CHECK(costs[1].format() == "inline.yaml:16:24: costs[0].agency: expected council_adult_care, council_children, council_other, nhs or police, got 'nhs2'");
  CHECK(costs[2].format() == "inline.yaml:16:41: costs[0].unit_cost: must be >= 0, got -1");

  const auto ages = errors_of_text(kTiny + "costs:\n  - {name: gp, agency: nhs, unit_cost: 1, age_groups: [65+, old, 65+]}\n");
  REQUIRE(ages.size() == 2);
  CHECK(ages[0].format() == "inline.yaml:16:61: costs[0].age_groups[1]: expected one of 0-17, 18-64, 65+, got 'old'");
  CHECK(ages[1].format() == "inline.yaml:16:66: costs[0].age_groups[2]: age group '65+' is listed twice");
  check_only(errors_of_text(kTiny + "costs: [{name: gp, agency: nhs, unit_cost: 1, age_groups: []}]\n"), "inline.yaml",
             15, 59, "costs[0].age_groups", "must name at least one age group");
  CHECK(parse_scenario(kTiny + "costs: [{name: gp, agency: nhs, unit_cost: 1, age_groups: [0-17]}]\n", "inline.yaml")
            .costs[0]
            .age_groups == std::array<bool, 3>{true, false, false});
}

TEST_CASE("spec: several errors are reported at once, in file order", "[spec]") {
  const auto errors = errors_of("several_errors.yaml");
  REQUIRE(errors.size() == 4);
  const std::string file = (kBad / "several_errors.yaml").string();
  CHECK(errors[0].format() == file + ":3:8: start: '2025-13-01' is not a real date");
  CHECK(errors[1].format() ==
        file + ":8:3: population.neighbourhods: unknown key 'neighbourhods'; did you mean 'neighbourhoods'?");
  CHECK(errors[2].format() ==
        file + ":12:26: transitions.independent_to_crisis: must be between 0 and 10, got -0.0004");
  CHECK(errors[3].format() == file + ":16:26: transitions.crisis_to_independent: expected a number, got 'lots'");
  // what() is every diagnostic, one per line.
  try {
    load_scenario(kBad / "several_errors.yaml");
  } catch (const SpecError& e) {
    CHECK(std::string(e.what()) ==
          errors[0].format() + "\n" + errors[1].format() + "\n" + errors[2].format() + "\n" + errors[3].format());
  }
}

TEST_CASE("spec: a hostile number of problems stops at a limit", "[spec]") {
  std::string text = kTiny;
  for (int i = 0; i < 500; ++i) text += "unknown_" + std::to_string(i) + ": 1\n";
  const auto errors = errors_of_text(text);
  CHECK(errors.size() == 101);
  CHECK(errors.back().message == "too many problems; stopped after 100");
}

TEST_CASE("spec: file-level problems", "[spec]") {
  SECTION("missing file") {
    check_only(errors_of_file(kBad / "no_such_file.yaml"), bad("no_such_file.yaml"), 0, 0, "", "no such file");
  }
  SECTION("a directory") {
    check_only(errors_of_file(kBad), kBad.string(), 0, 0, "", "is a directory, not a scenario file");
  }
  SECTION("empty, or only comments") {
    check_only(errors_of("empty.yaml"), bad("empty.yaml"), 0, 0, "", "is empty");
    const TempFile zero_bytes("");
    check_only(errors_of_file(zero_bytes.path), zero_bytes.path.string(), 0, 0, "", "is empty");
    CHECK(errors_of_text(" \n\t\n")[0].message == "is empty");
  }
  SECTION("binary garbage") {
    const TempFile binary(
        std::string("\x7f"
                    "ELF\x02\x01\x01\x00\x00\x00\xff\xfe name: x",
                    21));
    check_only(errors_of_file(binary.path), binary.path.string(), 0, 0, "", "is not a text file");
    const TempFile latin1("name: caf\xe9\n");  // Latin-1, not UTF-8
    check_only(errors_of_file(latin1.path), latin1.path.string(), 0, 0, "", "is not a text file");
    const TempFile utf16(std::string("\xff\xfen\0a\0m\0e\0", 10));
    check_only(errors_of_file(utf16.path), utf16.path.string(), 0, 0, "", "is not a text file");
  }
  SECTION("top level not a map") {
    check_only(errors_of("not_a_map.yaml"), bad("not_a_map.yaml"), 2, 1, "",
               "expected a map of scenario keys at the top level, got a list");
    check_only(errors_of_text("just words\n"), "inline.yaml", 1, 1, "",
               "expected a map of scenario keys at the top level, got 'just words'");
  }
  SECTION("more than one YAML document") {
    check_only(errors_of_text(kTiny + "---\n" + kTiny), "inline.yaml", 15, 1, "",
               "a second YAML document; a scenario is exactly one");
  }
  SECTION("a tag or an anchor on the whole document") {
    // yaml-cpp 0.7 loops on the first two (found by fuzz_scenario); none of them is a scenario anyway.
    for (const std::string text : {"!a b\n!c, e\n", "&x b\n!c, e\n", "!map\nname: x\n", "&all\nname: x\n"}) {
      INFO(text);
      check_only(errors_of_text(text), "inline.yaml", 1, 1, "", "a YAML tag (!name) or anchor (&name) on the whole document");
    }
  }
  SECTION("absurd nesting") {
    // Refused at the 65th level, long before the end of the line.
    check_only(errors_of_text("name: " + std::string(100'000, '[')), "inline.yaml", 1, 70, "",
               "YAML nesting is too deep");
  }
  SECTION("a huge file") {
    const TempFile huge("name: " + std::string(17u << 20, 'x') + "\n");
    check_only(errors_of_file(huge.path), huge.path.string(), 0, 0, "", "is larger than 16 MiB");
  }
}

TEST_CASE("spec: Diagnostic::format leaves out unknown parts", "[spec]") {
  CHECK(Diagnostic{"a.yaml", 3, 7, "years", "bad"}.format() == "a.yaml:3:7: years: bad");
  CHECK(Diagnostic{"a.yaml", 3, 0, "years", "bad"}.format() == "a.yaml:3: years: bad");
  CHECK(Diagnostic{"a.yaml", 0, 0, "", "is empty"}.format() == "a.yaml: is empty");
  CHECK(Diagnostic{"--set", 0, 0, "seed", "bad"}.format() == "--set: seed: bad");
  CHECK(Diagnostic{"", 0, 0, "", "bad"}.format() == "bad");
}

TEST_CASE("spec: the baseline-dynamics keys: initial equilibrium, burn-in, trend, requests", "[spec]") {
  const std::string shares = "initial: {independent: 0.75, support: 0.22, crisis: 0.03}";
  const ScenarioSpec eq = parse_scenario(cdsim::test::tiny_with(shares, "initial: equilibrium"), "inline.yaml");
  CHECK(eq.initial_equilibrium);
  CHECK(parse_scenario(emit_scenario(eq), "emitted.yaml") == eq);
  check_only(errors_of_text(cdsim::test::tiny_with(shares, "initial: settled")), "inline.yaml", 7, 10, "initial",
             "or 'equilibrium', got 'settled'");
  check_only(errors_of_text(kTiny + "burn_in_years: -1\n"), "inline.yaml", 15, 16, "burn_in_years", "");
  check_only(errors_of_text(kTiny + "trend: {working_age_onset: 2}\n"), "inline.yaml", 15, 28,
             "trend.working_age_onset", "");
  check_only(errors_of_text(kTiny + "trend: {growth: 0.1}\n"), "inline.yaml", 15, 9, "trend.growth", "unknown key");
  check_only(errors_of_text(kTiny + "requests: {ask_older: 1.5}\n"), "inline.yaml", 15, 23, "requests.ask_older", "");
}

TEST_CASE("spec: care homes: range and key checks, and the cost items' care-home use", "[spec][care_homes]") {
  const auto errors = errors_of_text(
      kTiny + "care_homes: {beds_per_10k: -1, assessment_weeks: 200, council_funded_shares: 0.5}\n");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format() == "inline.yaml:15:28: care_homes.beds_per_10k: must be between 0 and 10000, got -1");
  CHECK(errors[1].format() == "inline.yaml:15:50: care_homes.assessment_weeks: must be between 0 and 104, got 200");
  CHECK(errors[2].format() == "inline.yaml:15:55: care_homes.council_funded_shares: unknown key "
                              "'council_funded_shares'; did you mean 'council_funded_share'?");
  check_only(errors_of_text(kTiny + "costs: [{name: x, agency: nhs, unit_cost: 1, care_home_use: -0.5}]\n"),
             "inline.yaml", 15, 61, "costs[0].care_home_use", "must be between 0 and 1000, got -0.5");
}

TEST_CASE("bad input: children's services values, and names kept for children's placements", "[spec][errors]") {
  const auto errors = errors_of_text(kTiny + "childrens_services: {care_share: 2, care_weeks: 0, foster_share: 0.8, "
                                             "home_share: 0.5}\n");
  REQUIRE(errors.size() == 3);  // in the order of their place in the file
  CHECK(errors[0].format() == "inline.yaml:15:21: childrens_services: foster_share + home_share is the share of "
                              "looked-after children in these placements and must be at most 1, got 1.3");
  CHECK(errors[1].format() == "inline.yaml:15:34: childrens_services.care_share: must be between 0 and 1, got 2");
  CHECK(errors[2].format() == "inline.yaml:15:49: childrens_services.care_weeks: must be between 1 and 5200, got 0");
  const auto clash = errors_of_text(kTiny + "costs:\n  - {name: foster_placement_week, agency: council_children, "
                                            "unit_cost: 820}\n");
  REQUIRE(clash.size() == 1);
  CHECK_THAT(clash[0].format(), Catch::Contains("cost category of children's placements"));
  const auto unknown = errors_of_text(kTiny + "childrens_services: {looked_after_share: 0.5}\n");
  REQUIRE(unknown.size() == 1);
  CHECK_THAT(unknown[0].format(), Catch::Contains("looked_after_share"));
}
