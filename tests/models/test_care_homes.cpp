// Care homes: who asks for a place (residents in crisis aged 65+), the assessment delay, beds that cap
// the stock with a first-come, first-served queue, care-home residents who never return to
// independence, their costs, and the mechanism switched off. Exact checks follow every resident's
// columns from one week to the next.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/costs/costs.hpp"
#include "models/engine.hpp"
#include "sim/run/run_scenario.hpp"
#include "tests/models/small_scenario.hpp"

using namespace cdsim;
using model::CareHome;
using model::State;

namespace {

using test::kTwoThreads;
using test::small_default;

struct Snapshot {
  std::vector<State> state;
  std::vector<CareHome> care_home;
  std::vector<std::uint16_t> age_weeks;
};

Snapshot snapshot(const model::World& w) {
  const auto& r = w.residents;
  return {r.state, r.care_home, r.age_weeks};
}

std::int64_t count(const model::World& w, CareHome c) {
  const auto& r = w.residents;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < r.size(); ++i) n += r.state[i] != State::dead && r.care_home[i] == c;
  return n;
}

}  // namespace

TEST_CASE("care homes: only residents in crisis aged 65+ ask, and only after the assessment do they move in",
          "[models][care_homes]") {
  auto s = small_default(20'000, 1);
  s.care_homes.admission_weekly_at_65 = 0.01;  // many requests, so every rule is exercised
  s.care_homes.assessment_weeks = 3;
  model::Engine engine(s, 0, kTwoThreads);
  std::int64_t requests = 0, admissions = 0;
  for (int step = 1; step <= s.step_count(); ++step) {
    const Snapshot before = snapshot(engine.world());
    const std::int64_t admissions_before = admissions;
    const auto flows = engine.step();
    const auto& r = engine.world().residents;
    for (std::size_t i = 0; i < before.state.size(); ++i) {
      const CareHome was = before.care_home[i], now = r.care_home[i];
      const int age = model::age_years_of(before.age_weeks[i]);
      if (was == CareHome::none && now == CareHome::waiting) {
        ++requests;
        CHECK(before.state[i] == State::crisis);
        CHECK(age >= 65);
        CHECK(r.care_home_since[i] == step);
      }
      if (now == CareHome::resident && was != CareHome::resident) {
        ++admissions;
        CHECK(was == CareHome::waiting);  // never straight from home: the assessment takes weeks
        CHECK(step - r.care_home_since[i] >= s.care_homes.assessment_weeks);
        CHECK(r.service_status[i] == model::ServiceStatus::none);
      }
      // In a care home for good: never independent, and leaving only by death.
      if (now == CareHome::resident) CHECK(r.state[i] != State::independent);
      if (was == CareHome::resident && now != CareHome::resident) CHECK(r.state[i] == State::dead);
      if (now != CareHome::none) CHECK(model::age_years_of(r.age_weeks[i]) >= 65);
    }
    std::int64_t recorded = 0;
    for (const auto a : flows.care_home_admissions) recorded += a;
    CHECK(recorded == admissions - admissions_before);
  }
  CHECK(requests > 100);
  CHECK(admissions > 50);  // as many as free beds allow
  CHECK(engine.world().care_homes.residents == count(engine.world(), CareHome::resident));
}

TEST_CASE("care homes: beds cap the stock and a first-come, first-served queue forms", "[models][care_homes]") {
  auto s = small_default(20'000, 1);
  s.care_homes.beds_per_10k = 30;  // fewer beds than the initial stock would fill
  s.care_homes.admission_weekly_at_65 = 0.01;
  model::Engine engine(s, 0, kTwoThreads);
  const auto beds = engine.world().care_homes.beds;
  REQUIRE(beds == 60);
  CHECK(engine.world().care_homes.residents == beds);  // seeding stops when the beds are full
  std::int64_t most_waiting = 0;
  for (int step = 1; step <= s.step_count(); ++step) {
    const auto flows = engine.step();
    CHECK(count(engine.world(), CareHome::resident) <= beds);
    CHECK(engine.world().care_homes.residents == count(engine.world(), CareHome::resident));
    std::int64_t stock = 0;
    for (const auto n : flows.stocks_before.care_home_residents) stock += n;
    CHECK(stock <= beds);
    most_waiting = std::max(most_waiting, count(engine.world(), CareHome::waiting));
  }
  CHECK(most_waiting > 50);
  CHECK(engine.world().care_homes.residents == beds);  // full: the queue takes every bed that frees
}

TEST_CASE("care homes: the initial stock follows the shares by age", "[models][care_homes]") {
  auto s = small_default(50'000, 0.1);
  s.care_homes.beds_per_10k = 1'000;  // no cap
  const model::Engine engine(s, 0, kTwoThreads);
  const auto& r = engine.world().residents;
  double older = 0, in_homes = 0, oldest_in_homes = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const int age = model::age_years_of(r.age_weeks[i]);
    older += age >= 65;
    if (r.care_home[i] != CareHome::resident) continue;
    CHECK(age >= 65);
    CHECK(r.state[i] != State::independent);
    CHECK(r.service_status[i] == model::ServiceStatus::none);
    in_homes += 1;
    oldest_in_homes += age >= 85;
  }
  // Binomial draws: within a few standard errors of the expected counts (about 250 in homes).
  CHECK(in_homes / older == Approx(s.care_homes.initial_share_65plus).epsilon(0.2));
  CHECK(oldest_in_homes / in_homes == Approx(s.care_homes.initial_share_85plus).epsilon(0.15));
}

TEST_CASE("care homes: off, nobody asks, waits or lives in one, and nothing is recorded for them",
          "[models][care_homes][mechanisms]") {
  auto s = small_default(10'000, 1);
  s.mechanisms.care_homes = false;
  const auto meta = run::make_metadata(s);
  CHECK(meta.care_home_ages.empty());
  model::Engine engine(s, 0, kTwoThreads);
  for (int step = 1; step <= s.step_count(); ++step) {
    const auto flows = engine.step();
    for (const auto a : flows.care_home_admissions) CHECK(a == 0);
  }
  const auto& r = engine.world().residents;
  CHECK(std::all_of(r.care_home.begin(), r.care_home.end(), [](CareHome c) { return c == CareHome::none; }));
  CHECK(engine.world().care_homes.beds == 0);
  const auto obs = run::simulate_replicate(s, meta, 0, kTwoThreads);
  CHECK(obs.care_home_residents.empty());
  CHECK(obs.care_home_admissions.empty());
  CHECK(obs.care_home_waiting.empty());
}

TEST_CASE("care homes: placements of residents aged 65+ are priced on the stock when care homes are modelled",
          "[models][care_homes][costs]") {
  auto on = small_default(1'000, 1);
  auto off = on;
  off.mechanisms.care_homes = false;
  const model::CostModel with(on), without(off);
  model::CostModel::Residents crisis_older{};
  crisis_older[2][2] = 100;  // 100 residents aged 65+ in crisis
  const std::vector<std::int64_t> served(on.services.size(), 0);
  std::vector<double> a(with.categories()), b(without.categories()), c(with.categories());
  with.weekly_cost(crisis_older, served, 0, 0.0, a.data());
  without.weekly_cost(crisis_older, served, 0, 0.0, b.data());
  with.weekly_cost({}, served, 10, 0.0, c.data());
  for (std::size_t k = 0; k < on.costs.size(); ++k) {
    const auto& item = on.costs[k];
    INFO(item.name);
    const double by_state = 100 * item.unit_cost * item.use_per_week[2] * (item.age_groups[2] ? 1 : 0);
    CHECK(b[k] == Approx(by_state));                                  // off: as before
    CHECK(a[k] == Approx(item.care_home_use > 0 ? 0.0 : by_state));    // on: placements are the stock's
    CHECK(c[k] == Approx(10 * item.unit_cost * item.care_home_use));  // 10 care-home residents
  }
}
