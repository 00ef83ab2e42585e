// `cdsim validate` on a reduced baseline: every fact has its row, the facts the baseline is calibrated
// to are met at a tenth of the size, and the Markdown report has its table and tally.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "sim/run/validate.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;

namespace {

std::string fact_number(const std::string& fact) { return fact.substr(0, fact.find('.')); }

}  // namespace

TEST_CASE("run: validation of a reduced baseline has every fact and meets the calibrated ones", "[run][validate]") {
  const auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml",
                                     {{"population.size", "20000"}, {"replicates", "2"}, {"years", "3"}});
  const auto rows = run::validate_scenario(s, {core::ExecutorKind::openmp, 2});

  std::set<std::string> facts;
  for (const auto& r : rows) facts.insert(fact_number(r.fact));
  for (const std::string f : {"1", "2", "3", "4", "5", "6", "7", "8", "13", "14"}) {
    INFO("fact " << f);
    CHECK(facts.count(f) == 1);
  }

  auto row = [&](const std::string& measure_part) -> const run::ValidationRow& {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const run::ValidationRow& r) { return r.measure.find(measure_part) != std::string::npos; });
    REQUIRE(it != rows.end());
    return *it;
  };
  for (const std::string measure : {"residents in crisis", "share of public cost", "aged 65+ in support or crisis",
                                    "relative to need at 18-64", "permanent admissions per 100k",
                                    "residents aged 65+ living in care homes"}) {
    const auto& r = row(measure);
    INFO(r.fact << ": " << r.measure << " = " << r.model.mean << " (band " << r.low << " to " << r.high << ")");
    CHECK(r.modelled);
    CHECK(r.passes());
    // The interval over replicates brackets the mean.
    CHECK(r.model.low <= r.model.mean);
    CHECK(r.model.mean <= r.model.high);
  }
  // Fact 7 (care homes) is modelled: its three rows are measured from the run.
  int care_home_rows = 0;
  for (const auto& r : rows) {
    if (fact_number(r.fact) != "7") continue;
    ++care_home_rows;
    CHECK(r.modelled);
    CHECK(r.model.mean > 0);
  }
  CHECK(care_home_rows == 3);
  // Isolation is measured from the run and is a plausible share.
  const auto& isolated = row("isolated residents");
  CHECK(isolated.model.mean > 0.01);
  CHECK(isolated.model.mean < 0.2);

  const std::string report = run::format_validation(s, rows);
  CHECK(report.find("| Fact (evidence.md section 4) | Measure | Band | Model | 90% interval | Result | Source |") !=
        std::string::npos);
  CHECK(report.find("Facts met: ") != std::string::npos);
  CHECK(report.find("20000 residents, 2 replicate(s), 3 years") != std::string::npos);
  // One table line per row.
  std::size_t lines = 0;
  for (std::size_t p = report.find("\n| "); p != std::string::npos; p = report.find("\n| ", p + 1)) ++lines;
  CHECK(lines == rows.size() + 1);  // plus the header
}

TEST_CASE("run: validation follows the mechanisms switched off", "[run][validate]") {
  auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml",
                               {{"population.size", "5000"}, {"replicates", "1"}, {"years", "1"},
                                {"mechanisms.network", "false"}, {"mechanisms.reablement", "false"},
                                {"mechanisms.care_homes", "false"}});
  const auto rows = run::validate_scenario(s, {core::ExecutorKind::openmp, 2});
  for (const auto& r : rows) {
    INFO(r.fact << ": " << r.measure);
    if (r.measure.find("isolated residents (") != std::string::npos) CHECK(r.model.mean == 0);
    if (r.measure.find("mortality ratio") != std::string::npos) CHECK_FALSE(r.modelled);
    if (r.measure.find("helped by a carer") != std::string::npos) CHECK(r.model.mean == 0);
    if (fact_number(r.fact) == "8") CHECK(r.model.mean == 0);
    if (fact_number(r.fact) == "7") CHECK_FALSE(r.modelled);
  }
  CHECK(run::format_validation(s, rows).find("not modelled") != std::string::npos);
}

TEST_CASE("run: the policy facts are each checked, and the robust ones hold on a small borough", "[run][validate][policy]") {
  const auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml",
                                     {{"population.size", "20000"}, {"replicates", "2"}});
  const auto rows = run::validate_policies(s, {core::ExecutorKind::openmp, 2});
  std::set<std::string> facts;
  for (const auto& r : rows) facts.insert(fact_number(r.fact));
  CHECK(facts == std::set<std::string>{"9", "10", "11", "12"});
  for (const auto& r : rows) {
    INFO(r.fact << ": " << r.measure << " = " << r.model.mean);
    CHECK(r.modelled);
    CHECK(std::isfinite(r.model.mean));
  }
  // Regression to the mean needs no effect at all, so it shows at any size; so does the lack of payback.
  CHECK(rows[0].passes());
  CHECK(rows.back().passes());
}
