// Children's social care and the agencies that pay: plans and care as expected stocks fed by children
// entering crisis, children in need counting the children in support children's services know of,
// placements priced per looked-after child, police incidents from the police's cost items, and closures
// of children's centres and youth clubs reaching all of them through children's own hazards.
#include <catch2/catch.hpp>

#include <numeric>

#include "models/children/childrens_services.hpp"
#include "models/engine.hpp"
#include "sim/run/run_scenario.hpp"
#include "tests/models/small_scenario.hpp"

using namespace cdsim;

namespace {

record::ReplicateObservations simulate(const spec::ScenarioSpec& s) {
  return run::simulate_replicate(s, run::make_metadata(s), 0, test::kTwoThreads);
}

/// children_services summed over neighbourhoods and the horizon (time 1 on), for one status.
double status_weeks(const record::ReplicateObservations& obs, std::size_t status) {
  double total = 0;
  for (std::size_t t = 1; t < obs.times; ++t)
    for (std::size_t n = 0; n < obs.neighbourhoods; ++n)
      total += obs.children_services[(t * obs.neighbourhoods + n) * obs.children_statuses + status];
  return total;
}

double category_cost(const record::RunMetadata& meta, const record::ReplicateObservations& obs,
                     const std::string& category) {
  const auto c = static_cast<std::size_t>(
      std::find(meta.cost_categories.begin(), meta.cost_categories.end(), category) - meta.cost_categories.begin());
  REQUIRE(c < meta.cost_categories.size());
  double total = 0;
  for (std::size_t t = 1; t < obs.times; ++t) total += obs.cost[t * obs.cost_categories + c];
  return total;
}

}  // namespace

TEST_CASE("children's services: each week a stock loses 1/weeks and gains its share of entries", "[children]") {
  spec::ScenarioSpec s = test::small_default(2'000, 1);
  s.childrens_services.protection_share = 0.5;
  s.childrens_services.care_share = 0.25;
  s.childrens_services.protection_weeks = 10;
  s.childrens_services.care_weeks = 100;
  model::Engine engine(s, 0, test::kTwoThreads);
  model::ChildrensServices children = engine.childrens_services();
  const std::vector<double> plans = children.protection(), care = children.looked_after();
  std::vector<std::int32_t> entries(plans.size(), 0);
  entries[0] = 4;
  children.week(entries);
  CHECK(children.protection()[0] == plans[0] * (1 - 1.0 / 10) + 2.0);
  CHECK(children.looked_after()[0] == care[0] * (1 - 1.0 / 100) + 1.0);
  CHECK(children.care_started()[0] == 1.0);
  CHECK(children.protection()[1] == plans[1] * (1 - 1.0 / 10));
  CHECK(children.care_started()[1] == 0.0);
}

TEST_CASE("children's services: entries are the children who enter crisis, and in need includes plans and care",
          "[children]") {
  const spec::ScenarioSpec s = test::small_default(20'000, 2);
  const auto meta = run::make_metadata(s);
  const auto obs = simulate(s);
  const std::size_t N = obs.neighbourhoods, S = obs.children_statuses;
  double entries = 0, starts = 0;
  for (std::size_t t = 1; t < obs.times; ++t) {
    for (std::size_t n = 0; n < N; ++n) {
      entries += obs.child_crisis_entries[t * N + n];
      starts += obs.care_starts[t * N + n];
      const double* at = &obs.children_services[(t * N + n) * S];
      CHECK(at[0] >= at[1] + at[2]);
    }
  }
  CHECK(entries > 0);
  CHECK(starts == Approx(entries * s.childrens_services.care_share));
  // Placements cost their share of looked-after child-weeks at the weekly prices, priced on the stock
  // as each week began.
  double weeks_in_care = 0;
  for (std::size_t t = 0; t + 1 < obs.times; ++t)
    for (std::size_t n = 0; n < N; ++n) weeks_in_care += obs.children_services[(t * N + n) * S + 2];
  const auto& c = s.childrens_services;
  CHECK(category_cost(meta, obs, "foster_placement_week") == Approx(weeks_in_care * c.foster_share * c.foster_week));
  CHECK(category_cost(meta, obs, "childrens_home_week") == Approx(weeks_in_care * c.home_share * c.home_week));
  // Police incidents add up to the police items' units: their cost over their unit cost.
  double incidents = std::accumulate(obs.police_incidents.begin(), obs.police_incidents.end(), 0.0);
  double police_pounds_over_unit = 0;
  for (const auto& item : s.costs)
    if (item.agency == spec::Agency::police) police_pounds_over_unit += category_cost(meta, obs, item.name) / item.unit_cost;
  CHECK(incidents == Approx(police_pounds_over_unit));
}

TEST_CASE("children's services: switched off, no plans, care or placements, and nothing else changes",
          "[children]") {
  spec::ScenarioSpec on = test::small_default(10'000, 1), off = on;
  off.mechanisms.childrens_services = false;
  const auto a = simulate(on), b = simulate(off);
  CHECK(status_weeks(b, 0) == 0);
  CHECK(status_weeks(b, 2) == 0);
  CHECK(category_cost(run::make_metadata(off), b, "foster_placement_week") == 0);
  // Children's services only count: residents' weeks are the same with or without them.
  CHECK(a.residents == b.residents);
  CHECK(a.transitions == b.transitions);
  CHECK(a.child_crisis_entries == b.child_crisis_entries);
}

TEST_CASE("children's services: closing children's centres and youth clubs raises care and youth incidents "
          "where deprived",
          "[children][policy]") {
  spec::ScenarioSpec base = test::small_default(40'000, 6);
  spec::ScenarioSpec closed = base;
  for (auto facility : {spec::Facility::children_centre, spec::Facility::youth_club}) {
    spec::ServiceClosureSpec closure;
    closure.facility = facility;
    closure.set_facility_defaults();
    closure.effect = 1.0;  // a strong harm so two small runs show it
    spec::PolicySpec p;
    p.name = facility == spec::Facility::youth_club ? "youth" : "centres";
    p.start = base.start;
    p.parameters = closure;
    closed.policies.push_back(p);
  }
  const auto a = simulate(base), b = simulate(closed);
  const double entries_a = std::accumulate(a.child_crisis_entries.begin(), a.child_crisis_entries.end(), 0.0);
  const double entries_b = std::accumulate(b.child_crisis_entries.begin(), b.child_crisis_entries.end(), 0.0);
  CHECK(entries_b > entries_a);
  CHECK(status_weeks(b, 2) > status_weeks(a, 2));
  const auto meta = run::make_metadata(closed);
  CHECK(category_cost(meta, b, "police_youth_incident") > category_cost(run::make_metadata(base), a, "police_youth_incident"));
}
