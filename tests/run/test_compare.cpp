// cdsim compare: exact figures on hand-made results, refusals of files that are not a pair, and the
// point of common random numbers: a paired interval far narrower than an unpaired one.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "sim/compare/compare.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {

/// Two years of weekly results, two replicates, one neighbourhood, costs in two agencies.
record::Results hand_made(const std::string& name) {
  record::Results r;
  r.path = name + ".h5";
  r.scenario_name = name;
  r.seed = 42;
  r.replicates = 2;
  for (int t = 0; t <= 104; ++t) r.time_days.push_back(7 * t);
  r.neighbourhoods = {{"Only", 0, 0, 5, {}, {}, {}}};
  r.states = {"independent", "support", "crisis"};
  r.cost_categories = {"home_care", "ae"};
  r.cost_agencies = {"council", "nhs"};
  const std::size_t T = r.time_days.size();
  r.residents.assign(2 * T * 3, 0);
  r.transitions.assign(2 * T * 9, 0);
  r.cost.assign(2 * T * 2, 0);
  for (int k = 0; k < 2; ++k) {
    for (std::size_t t = 0; t < T; ++t) {
      r.residents[(k * T + t) * 3 + 0] = 900;
      r.residents[(k * T + t) * 3 + 1] = 80;
      r.residents[(k * T + t) * 3 + 2] = 20;
      if (t > 0) {
        r.transitions[((k * T + t) * 3 + 1) * 3 + 2] = 3;  // support -> crisis
        r.cost[(k * T + t) * 2 + 0] = 1000;
        r.cost[(k * T + t) * 2 + 1] = 500;
      }
    }
  }
  return r;
}

double measure(const compare::Comparison& c, const std::string& name) {
  for (const auto& m : c.measures)
    if (m.name == name) return m.value.mean;
  FAIL("no measure " << name);
  return 0;
}

}  // namespace

TEST_CASE("compare: exact savings, spend, NPV, benefit-cost ratio and payback on hand-made results", "[run][compare]") {
  const record::Results base = hand_made("base");
  record::Results policy = hand_made("policy");
  const std::size_t T = policy.time_days.size();
  policy.policies = {"fund"};
  policy.policy_spend.assign(2 * T, 0);
  for (int k = 0; k < 2; ++k) {
    for (std::size_t t = 1; t < T; ++t) {
      policy.cost[(k * T + t) * 2 + 0] -= 100;                 // the council saves £100 a week
      policy.residents[(k * T + t) * 3 + 2] -= 1;              // one fewer resident in crisis
      policy.transitions[((k * T + t) * 3 + 1) * 3 + 2] -= 1;  // one fewer crisis entry a week
      policy.policy_spend[k * T + t] = 50;                     // for £50 a week
    }
  }
  const compare::Comparison c = compare::compare(base, policy);
  CHECK(c.replicates == 2);
  CHECK(measure(c, "crisis_entries_avoided") == 104);
  CHECK(measure(c, "crisis_weeks_avoided") == 104);
  CHECK(measure(c, "support_weeks_avoided") == 0);
  CHECK(measure(c, "cost_saved_council") == 10400);
  CHECK(measure(c, "cost_saved_nhs") == 0);
  CHECK(measure(c, "cost_saved") == 10400);
  CHECK(measure(c, "policy_spend") == 5200);
  CHECK(measure(c, "net_saving") == 5200);
  double npv = 0;
  for (int t = 1; t <= 104; ++t) npv += 50 * std::pow(1.035, -7.0 * t / 365.25);
  CHECK(measure(c, "npv") == Approx(npv));
  CHECK(measure(c, "benefit_cost_ratio") == Approx(2.0));
  CHECK(measure(c, "payback_year") == 1);  // ahead from the first week, so by the end of year one
  CHECK(c.payback_replicates == 2);

  // Every format carries the same figures.
  const std::string csv = compare::format_comparisons({c}, compare::CompareFormat::csv, true);
  CHECK(csv.find("policy,base,net_saving,,pounds,5200,5200,5200") != std::string::npos);
  CHECK(csv.find("policy,base,crisis_weeks_avoided,\"Only\",resident-weeks,104,104,104") != std::string::npos);
  const std::string json = compare::format_comparisons({c}, compare::CompareFormat::json, false);
  CHECK(json.find("\"net_saving\"") != std::string::npos);
  const std::string table = compare::format_comparisons({c}, compare::CompareFormat::table, false);
  CHECK(table.find("net saving") != std::string::npos);
}

TEST_CASE("compare: savings and spend by agency show the wrong pocket: the NHS pays, the council saves",
          "[run][compare]") {
  record::Results base = hand_made("base");
  base.cost_agencies = {"council_adult_care", "nhs"};
  record::Results policy = hand_made("policy");
  policy.cost_agencies = base.cost_agencies;
  const std::size_t T = policy.time_days.size();
  policy.policies = {"team", "prescribing"};
  policy.paying_agencies = {"council_adult_care", "council_children", "council_other", "nhs", "police"};
  policy.policy_paid_by = {0.5, 0, 0, 0, 0.5,   // the team: half adult care, half police
                           0, 0, 0, 1, 0};      // social prescribing: the NHS
  policy.policy_spend.assign(2 * T * 2, 0);
  for (int k = 0; k < 2; ++k) {
    for (std::size_t t = 1; t < T; ++t) {
      policy.cost[(k * T + t) * 2 + 0] -= 100;  // adult care saves £100 a week
      policy.policy_spend[(k * T + t) * 2 + 0] = 40;
      policy.policy_spend[(k * T + t) * 2 + 1] = 10;
    }
  }
  const compare::Comparison c = compare::compare(base, policy);
  std::vector<std::string> agencies;
  for (const auto& a : c.by_agency) agencies.push_back(a.agency);
  CHECK(agencies == std::vector<std::string>{"council_adult_care", "nhs", "police"});
  const auto& care = c.by_agency[0];
  CHECK(care.cost_saved.mean == 10400);
  CHECK(care.policy_spend.mean == 104 * 20);
  CHECK(care.net_saving.mean == 10400 - 104 * 20);
  const auto& nhs = c.by_agency[1];
  CHECK(nhs.cost_saved.mean == 0);
  CHECK(nhs.policy_spend.mean == 104 * 10);
  CHECK(nhs.net_saving.mean == -104 * 10);
  const auto& police = c.by_agency[2];
  CHECK(police.cost_saved.mean == 0);
  CHECK(police.policy_spend.mean == 104 * 20);
  // By agency, spend adds up to the policy spend, and net savings to the net saving.
  double spend = 0, net = 0;
  for (const auto& a : c.by_agency) spend += a.policy_spend.mean, net += a.net_saving.mean;
  CHECK(spend == Approx(measure(c, "policy_spend")));
  CHECK(net == Approx(measure(c, "net_saving")));

  const std::string json = compare::format_comparisons({c}, compare::CompareFormat::json, false);
  CHECK(json.find("\"by_agency\": {\n      \"council_adult_care\": {\n        \"cost_saved\": {") != std::string::npos);
  CHECK(json.find("\"police\": {") != std::string::npos);
  const std::string csv = compare::format_comparisons({c}, compare::CompareFormat::csv, false);
  CHECK(csv.find("policy,base,agency_policy_spend_nhs,,pounds,1040,1040,1040") != std::string::npos);
  CHECK(csv.find("policy,base,agency_net_saving_council_adult_care,,pounds,8320,8320,8320") != std::string::npos);
  const std::string table = compare::format_comparisons({c}, compare::CompareFormat::table, false);
  CHECK(table.find("by agency (who saves and who pays") != std::string::npos);
  CHECK(table.find("police") != std::string::npos);
}

TEST_CASE("compare: a file against itself shows nothing avoided and no ratio", "[run][compare]") {
  const record::Results base = hand_made("base");
  const compare::Comparison c = compare::compare(base, base);
  for (const auto& m : c.measures) {
    INFO(m.name);
    if (m.defined) CHECK(m.value.mean == 0);
  }
  for (const auto& m : c.measures) {
    if (m.name == "benefit_cost_ratio") CHECK_FALSE(m.defined);  // no spend: no ratio
  }
}

TEST_CASE("compare: files that are not runs of the same borough are refused", "[run][compare]") {
  const record::Results base = hand_made("base");
  auto other_seed = hand_made("p");
  other_seed.seed = 7;
  CHECK_THROWS_WITH(compare::compare(base, other_seed), Catch::Contains("different seeds (42 and 7)"));
  auto other_people = hand_made("p");
  other_people.residents[1] += 5;
  CHECK_THROWS_WITH(compare::compare(base, other_people), Catch::Contains("populations differ at the start"));
  auto fewer = hand_made("p");
  fewer.replicates = 1;
  CHECK_THROWS_WITH(compare::compare(base, fewer), Catch::Contains("different numbers of replicates (2 and 1)"));
  auto later = hand_made("p");
  later.time_days.pop_back();
  CHECK_THROWS_WITH(compare::compare(base, later), Catch::Contains("cover different dates"));
  auto moved = hand_made("p");
  moved.neighbourhoods[0].name = "Elsewhere";
  CHECK_THROWS_WITH(compare::compare(base, moved), Catch::Contains("different neighbourhoods"));
}

TEST_CASE("compare: common random numbers make the paired interval far narrower than an unpaired one",
          "[run][compare]") {
  auto base = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/place-teams.yaml",
                                  {{"population.size", "20000"}, {"years", "3"}, {"replicates", "8"}});
  auto policy = base;
  base.policies.clear();
  const fs::path dir = fs::temp_directory_path() / "cdsim_compare_test";
  fs::create_directories(dir);
  run::run_scenario(base, dir / "base.h5", {core::ExecutorKind::openmp, 2});
  run::run_scenario(policy, dir / "policy.h5", {core::ExecutorKind::openmp, 2});
  const auto b = compare::totals_of(record::read_results(dir / "base.h5"));
  const auto p = compare::totals_of(record::read_results(dir / "policy.h5"));
  fs::remove_all(dir);
  auto spread = [](std::vector<double> v) {
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  std::vector<double> paired, unpaired;
  const std::size_t R = b.crisis_weeks.size();
  for (std::size_t k = 0; k < R; ++k) {
    paired.push_back(b.crisis_weeks[k] - p.crisis_weeks[k]);
    unpaired.push_back(b.crisis_weeks[k] - p.crisis_weeks[(k + 1) % R]);  // replicate r against r + 1
  }
  INFO("sd of paired differences " << spread(paired) << ", unpaired " << spread(unpaired));
  CHECK(spread(paired) * 3 < spread(unpaired));
}
