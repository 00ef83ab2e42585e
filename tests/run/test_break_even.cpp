// `cdsim compare --break-even KEY` (sim/run/break_even.cpp): the value of a key at which a policy pays
// back, by a bisection of runs of the pair as their files record them. A policy's cost per worker makes
// a case whose answer is known exactly: it changes the spend and nothing else, so the NPV is a straight
// line in it, S - cost x K, and the bisection must find S / K within its tolerance.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "sim/compare/compare.hpp"
#include "sim/run/break_even.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {

double npv(const record::Results& base, const record::Results& policy) {
  for (const compare::Measure& m : compare::compare(base, policy).measures)
    if (m.name == "npv") return m.value.mean;
  FAIL("no npv");
  return 0;
}

}  // namespace

TEST_CASE("break-even by bisection: the cost at which a policy pays back, known exactly, is found within the tolerance",
          "[run][break_even]") {
  // Small teams that prevent most escalation among their caseload, so they save money and pay back at
  // some cost per worker; with ±50% on that cost in the policy's uncertainty list (for the last check).
  const std::vector<spec::Override> small{{"population.size", "3000"}, {"years", "4"}, {"replicates", "2"},
                                          {"policies.0.escalation_multiplier", "0.05"},
                                          {"policies.0.surfacing_multiplier", "1"}};
  spec::ScenarioSpec policy = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/place-teams.yaml", small);
  spec::ParameterDistribution cost;
  cost.key = "policies.0.cost_per_fte", cost.relative = true, cost.low = 0.5, cost.high = 1.5;
  policy.uncertainty.push_back(cost);
  spec::ScenarioSpec base = policy;
  base.policies.clear();
  base.uncertainty.pop_back();
  spec::ScenarioSpec free = spec::parse_scenario(spec::emit_scenario(policy), "free.yaml", {{"policies.0.cost_per_fte", "0"}});
  const fs::path dir = fs::temp_directory_path() / "cdsim_break_even_test";
  fs::create_directories(dir);
  const core::Executor exec{core::ExecutorKind::openmp, 2};
  run::run_scenario(base, dir / "base.h5", exec);
  run::run_scenario(policy, dir / "policy.h5", exec);
  run::run_scenario(free, dir / "free.h5", exec);
  const record::Results b = record::read_results(dir / "base.h5"), p = record::read_results(dir / "policy.h5"),
                        f = record::read_results(dir / "free.h5");
  fs::remove_all(dir);

  // S: what the teams save at no cost; K: the pounds of NPV each pound a year per worker costs.
  const double saving = npv(b, f), at_75k = npv(b, p);
  REQUIRE(saving > 0);
  REQUIRE(at_75k < 0);
  const double known = saving / ((saving - at_75k) / 75'000);

  run::BisectionOptions options;
  options.key = "policies.0.cost_per_fte";
  options.range = std::pair{0.0, 75'000.0};
  options.executor = exec;
  const compare::BisectedBreakEven e = run::break_even_by_bisection(b, p, options);
  INFO("known break-even " << known << ", bisection " << e.value << " in [" << e.low << ", " << e.high << "]");
  CHECK(e.parameter == "policies.0.cost_per_fte");
  CHECK(e.range_from == "given");
  CHECK(e.tolerance == 750);  // 1% of the range
  CHECK(e.low <= known);
  CHECK(e.high >= known);
  CHECK(e.high - e.low <= e.tolerance);
  CHECK(std::fabs(e.value - known) <= e.tolerance);
  CHECK(e.value == Approx(known).epsilon(1e-6));  // a straight line: its zero within the bracket is exact
  CHECK_FALSE(e.at_least);                       // it pays back at a cost at most the value
  CHECK(e.npv_at_range_low == Approx(saving));    // the runs reproduce the files' own numbers
  CHECK(e.npv_at_range_high == Approx(at_75k));
  CHECK(e.replicates == 2);
  CHECK(e.steps == 7);              // 75,000 halved to under 750
  CHECK(e.runs == e.steps + 3);     // the baseline once: the key is the policy's alone
  // The answer as compare prints it.
  const std::string table =
      compare::format_comparisons({[&] {
                                     auto c = compare::compare(b, p);
                                     c.bisection = e;
                                     return c;
                                   }()},
                                  compare::CompareFormat::table, false);
  CHECK_THAT(table, Catch::Contains("break-even of policies.0.cost_per_fte by a bisection of runs (2 replicates a run"));
  CHECK_THAT(table, Catch::Contains("pays back if at most "));

  // Refusals, each naming the key.
  options.replicates = 1;
  options.key = "policies.0.nothing";
  CHECK_THROWS_WITH(run::break_even_by_bisection(b, p, options),
                    Catch::Contains("--break-even policies.0.nothing: not a number of the scenario"));
  options.key = "seed";
  CHECK_THROWS_WITH(run::break_even_by_bisection(b, p, options), Catch::Contains("--break-even seed: not a parameter"));
  options.key = "policies.0.fte";  // neither drawn nor given a distribution
  options.range.reset();
  CHECK_THROWS_WITH(run::break_even_by_bisection(b, p, options),
                    Catch::Contains("--break-even policies.0.fte:") && Catch::Contains("--break-even-range"));
  options.key = "policies.0.cost_per_fte";
  options.replicates.reset();
  options.range = std::pair{0.0, known / 2};
  CHECK_THROWS_WITH(run::break_even_by_bisection(b, p, options),
                    Catch::Contains("--break-even policies.0.cost_per_fte: place-teams pays back across the whole range"));
  // Without a range given: the key's distribution in the policy's uncertainty list, 37,500 to 112,500,
  // all of it too dear.
  options.range.reset();
  CHECK_THROWS_WITH(run::break_even_by_bisection(b, p, options),
                    Catch::Contains("does not pay back anywhere in the range searched") && Catch::Contains("at 37500 and") &&
                        Catch::Contains("at 112500)"));
}
