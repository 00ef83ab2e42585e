// The viewer's "Uncertainty" tab shows what `cdsim compare` prints: the same probability of payback, the
// same drivers in the same order with the same break-even words, on a hand-made pair whose NPV is set by
// one drawn parameter; and one line, not a picture, for files that drew nothing or are not a pair.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/compare/compare.hpp"
#include "viz/replay/payback.hpp"

using namespace cdsim;
using namespace cdsim::viz;

namespace {

constexpr int kReplicates = 30;

/// A year of weekly results, one neighbourhood. Replicate k drew `effect` = 2k + 1 (1 to 59) and `noise`
/// (a scramble of k); the policy saves `effect` x £10 a week of the baseline's £1,000 and spends £300, so
/// it pays back when the effect is above about 30.
record::Results hand_made(const std::string& name, bool policy, bool with_draws = true) {
  record::Results r;
  r.path = name + ".h5";
  r.scenario_name = name;
  r.seed = 7;
  r.replicates = kReplicates;
  for (int t = 0; t <= 52; ++t) r.time_days.push_back(7 * t);
  r.neighbourhoods = {{"Only", 0, 0, 5, {}, {}, {}}};
  r.states = {"independent", "support", "crisis"};
  r.cost_categories = {"ae"};
  r.cost_agencies = {"nhs"};
  const std::size_t T = r.time_days.size();
  r.residents.assign(kReplicates * T * 3, 0);
  r.transitions.assign(kReplicates * T * 9, 0);
  r.cost.assign(kReplicates * T, 0);
  if (policy) {
    r.policies = {"team"};
    r.policy_spend.assign(kReplicates * T, 0);
  }
  if (with_draws) r.parameter_names = {"policies.0.effect", "transitions.noise"};
  for (int k = 0; k < kReplicates; ++k) {
    const double effect = 2 * k + 1, noise = (k * 7) % kReplicates;
    if (with_draws) r.parameters.insert(r.parameters.end(), {effect, noise});
    for (std::size_t t = 0; t < T; ++t) {
      const std::size_t at = static_cast<std::size_t>(k) * T + t;
      r.residents[at * 3 + 0] = 900;
      r.residents[at * 3 + 1] = 80;
      r.residents[at * 3 + 2] = 20;
      if (t == 0) continue;
      r.cost[at] = 1000 - (policy ? 10 * effect + 0.01 * noise : 0);
      if (policy) r.policy_spend[at] = 300;
    }
  }
  return r;
}

/// The line of compare's table that holds `label`.
std::string line_with(const std::string& table, const std::string& label) {
  const auto at = table.find(label);
  if (at == std::string::npos) return "";
  const auto begin = table.rfind('\n', at) + 1;
  return table.substr(begin, table.find('\n', at) - begin);
}

bool ends_with(const std::string& s, const std::string& end) { return s.size() >= end.size() && s.ends_with(end); }

}  // namespace

TEST_CASE("viz: the uncertainty tab shows compare's probability of payback and drivers, word for word",
          "[viz][payback]") {
  const record::Results base = hand_made("base", false), policy = hand_made("policy", true);
  const PaybackView view = payback_view(base, policy);
  REQUIRE(view.message.empty());
  const compare::Comparison c = compare::compare(base, policy);
  const std::string table = compare::format_comparisons({c}, compare::CompareFormat::table, false);
  INFO(table);
  CHECK(view.draws == kReplicates);
  CHECK(view.parameters == 2);
  // Effects 31 to 59 pay back: 15 of 30.
  CHECK(view.probability_npv_positive == c.uncertainty->probability_npv_positive);
  CHECK(view.npv_positive == "50%");
  CHECK(ends_with(line_with(table, "probability that the net present value is positive"), " " + view.npv_positive));
  CHECK(ends_with(line_with(table, "probability that the benefit-cost ratio exceeds 1"), " " + view.ratio_above_one));
  for (const compare::Measure& m : c.measures) {
    if (m.name == "npv") CHECK(table.find(view.npv_mean + "  (" + view.npv_low + " to " + view.npv_high + ")") != std::string::npos);
  }
  // The bars: compare's drivers in its order (largest |PRCC| first), the effect on top, breaking even
  // near 30, within the draws.
  REQUIRE(view.drivers.size() == c.uncertainty->drivers.size());
  REQUIRE(view.drivers.size() == 2);
  for (std::size_t k = 0; k < view.drivers.size(); ++k) {
    const compare::Driver& d = c.uncertainty->drivers[k];
    CHECK(view.drivers[k].parameter == d.parameter);
    CHECK(view.drivers[k].prcc == d.prcc);
    CHECK(table.find(d.parameter) != std::string::npos);
    if (d.break_even) {
      CHECK(table.find("pays back if " + view.drivers[k].break_even + " (") != std::string::npos);
      CHECK(view.drivers[k].extrapolated == !d.break_even->within_draws);
    }
  }
  CHECK(view.drivers[0].parameter == "policies.0.effect");
  CHECK(view.drivers[0].prcc > 0.99);
  CHECK(view.drivers[0].break_even == "at least 30");  // £300 spent against £10 a week saved per unit of effect
  CHECK_FALSE(view.drivers[0].extrapolated);
  CHECK(std::fabs(c.uncertainty->drivers[0].break_even->value - 30) < 1);
}

TEST_CASE("viz: the uncertainty tab says in one line why it has nothing to show", "[viz][payback]") {
  const PaybackView none = payback_view(hand_made("base", false, false), hand_made("policy", true, false));
  CHECK(none.message == kNoDrawsMessage);
  CHECK(none.message.find("--uncertainty") != std::string::npos);
  CHECK(none.drivers.empty());
  // Only one file drew: compare's refusal, naming the files.
  const PaybackView one = payback_view(hand_made("base", false, false), hand_made("policy", true));
  CHECK(one.message.find("cannot compare 'base.h5' and 'policy.h5'") != std::string::npos);
  CHECK(one.message.find("--uncertainty") != std::string::npos);
  // Not a pair at all (a "what if" run with fewer replicates): compare's reason.
  record::Results fewer = hand_made("policy", true);
  fewer.replicates = 3;
  CHECK(payback_view(hand_made("base", false), fewer).message.find("different numbers of replicates") != std::string::npos);
}
