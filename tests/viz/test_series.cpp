#include <catch2/catch.hpp>

#include <filesystem>

#include "results_file.hpp"
#include "viz/replay/kpis.hpp"
#include "viz/replay/series.hpp"

using namespace cdsim;
namespace fs = std::filesystem;
using namespace cdsim::viz;
using cdsim::viz::test::FileSpec;
using cdsim::viz::test::write_results;

namespace {

record::Results synthetic(const std::string& name, FileSpec spec = {}) {
  const fs::path file = fs::temp_directory_path() / ("cdsim-viz-series-" + name + ".h5");
  write_results(file, spec);
  record::Results r = record::read_results(file);
  fs::remove(file);
  return r;
}

}  // namespace

TEST_CASE("viz: quantiles and bands match numpy's linear interpolation", "[viz][series]") {
  CHECK(quantile({1, 2, 3, 4, 5}, 0.5) == Approx(3));
  CHECK(quantile({1, 2, 3, 4, 5}, 0.05) == Approx(1.2));
  CHECK(quantile({5, 1, 4, 2, 3}, 0.95) == Approx(4.8));
  CHECK(quantile({7}, 0.95) == 7);
  const Band b = summarise({{1, 10}, {2, 20}, {3, 30}});
  CHECK(b.mean == std::vector<double>{2, 20});
  CHECK(b.lo[1] == Approx(11));
  CHECK(b.hi[0] == Approx(2.9));
}

TEST_CASE("viz: chart series sum the right cells", "[viz][series]") {
  const record::Results r = synthetic("sum");
  const Series all = residents_in_state(r, 2, -1);
  // Replicate r at time t: sum over n of 3 (1 + r + t + n + 20) + 3, n = 0..3.
  const auto expected = [](int rep, int t) { return 4.0 * (3 * (1 + rep + t + 20) + 3) + 3 * 6; };
  CHECK(all.x_days[3] == 21);
  CHECK(all.band.mean[3] == Approx((expected(0, 3) + expected(1, 3) + expected(2, 3)) / 3));
  const Series one = residents_in_state(r, 0, 1);
  CHECK(one.band.mean[0] == Approx(3 * (1 + 1 + 0 + 1) + 3));

  const MonthAxis months = month_axis(r);
  // Weeks ending 8 Apr .. 3 Jun 2025: April holds entries 1-4, May 5-8, June 9.
  REQUIRE(months.times.size() == 3);
  CHECK(months.times[0] == std::vector<int>{1, 2, 3, 4});
  CHECK(months.x_days[1] == 30);
  const Series crisis = crisis_entries_per_month(r);
  // Entries into crisis from independent and support: (1 + rep + 0 + 2) + (1 + rep + 1 + 2) a week,
  // as a rate per average month.
  const double weeks_per_month = 365.25 / 12 / 7;
  CHECK(crisis.band.mean[0] == Approx((7 + 2 * 1.0) * weeks_per_month));
  const Series council = cost_per_month(r, "council");
  CHECK(council.band.mean[2] == Approx(102 * weeks_per_month));
}

TEST_CASE("viz: paired differences cancel for identical runs and recover a known saving", "[viz][kpis]") {
  const record::Results a = synthetic("a");
  const Series zero = cumulative_cost_difference(a, a);
  CHECK(zero.band.mean.back() == 0);
  CHECK(zero.band.hi.back() == 0);
  for (const Kpi& k : compare_kpis(a, a)) {
    CHECK(k.benefit.mean == 0);
    CHECK(k.benefit.lo == 0);
  }
  FileSpec cheaper;
  cheaper.cost_scale = 0.5;
  const record::Results b = synthetic("b", cheaper);
  const auto kpis = compare_kpis(a, b);
  REQUIRE(kpis.back().label == "Net saving");
  // Half of 9 weeks of (100 + r) + (101 + r), paired per replicate r = 0..2.
  CHECK(kpis.back().benefit.mean == Approx(0.5 * 9 * (201 + 2 * 1.0)));
  CHECK(kpis.back().benefit.lo == Approx(0.5 * 9 * (201 + 2 * 0.1)));
  CHECK(kpis.front().benefit.mean == 0);
  CHECK(cumulative_cost_difference(a, b).band.mean.back() == Approx(-kpis.back().benefit.mean));
  const auto single = horizon_kpis(a);
  CHECK(single.front().label == "Crisis entries");
  CHECK(single.front().a.mean == Approx(9 * (2 * 1.0 + 7)));
}

TEST_CASE("viz: map metrics come from what the file holds", "[viz][series]") {
  FileSpec spec;
  spec.with_waiting = true;
  spec.scenario_yaml =
      "costs:\n  - {name: gp, unit_cost: 10, use_per_week: {independent: 0, support: 1, crisis: 2}}\n";
  const record::Results r = synthetic("map", spec);
  std::vector<std::string> ids;
  for (const auto& m : map_metrics(r)) ids.push_back(m.id);
  CHECK(ids == std::vector<std::string>{"crisis", "support", "cost", "waiting"});
  const auto metrics = map_metrics(r);
  // Neighbourhood 0, time 0: replicate r holds 6 + 3r, 36 + 3r, 66 + 3r residents by state.
  const auto crisis = map_values(r, metrics[0], 0);
  const double mean_share = (100.0 * 66 / 108 + 100.0 * 69 / 117 + 100.0 * 72 / 126) / 3;
  CHECK(crisis[0] == Approx(mean_share));
  const auto cost = map_values(r, metrics[2], 0);
  CHECK(cost[0] == Approx((52.0 * (10 * 36 + 20 * 66) / 108 + 52.0 * (10 * 39 + 20 * 69) / 117 + 52.0 * (10 * 42 + 20 * 72) / 126) / 3));
  const Range range = map_range(r, metrics[0]);
  CHECK(range.lo < range.hi);
}

TEST_CASE("viz: policy spend is public money: it enters the net saving and the net cost chart", "[viz][kpis]") {
  const record::Results a = synthetic("spend-a");
  record::Results b = a;  // the same costs, and a policy that spends £10 every week
  b.policies = {"fund"};
  b.policy_spend.assign(static_cast<std::size_t>(b.replicates * b.times()), 10.0);
  for (int r = 0; r < b.replicates; ++r) b.policy_spend[static_cast<std::size_t>(r * b.times())] = 0;  // entry 0
  const auto kpis = compare_kpis(a, b);
  REQUIRE(kpis.back().label == "Net saving");
  CHECK(kpis.back().benefit.mean == Approx(-10.0 * (b.times() - 1)));
  CHECK(kpis[kpis.size() - 2].label == "Policy spend");
  CHECK(kpis[kpis.size() - 2].benefit.mean == Approx(-10.0 * (b.times() - 1)));
  CHECK(cumulative_cost_difference(a, b).band.mean.back() == Approx(10.0 * (b.times() - 1)));
}
