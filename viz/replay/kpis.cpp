#include "viz/replay/kpis.hpp"

#include <algorithm>
#include <functional>

#include "viz/replay/series.hpp"

namespace cdsim::viz {
namespace {

/// Per-replicate horizon totals over time entries [1, times): entry 0 is the initial state.
using Total = std::function<double(const record::Results&, int rep, int times)>;

double crisis_entries(const record::Results& r, int rep, int times) {
  const int crisis = r.state_index("crisis");
  double sum = 0;
  for (int t = 1; t < times && crisis >= 0; ++t) {
    for (int from = 0; from < r.state_count(); ++from) {
      if (from != crisis) sum += r.transition_count(rep, t, from, crisis);
    }
  }
  return sum;
}

double crisis_weeks(const record::Results& r, int rep, int times) {
  const int crisis = r.state_index("crisis");
  double sum = 0;
  for (int t = 1; t < times && crisis >= 0; ++t) {
    for (int n = 0; n < r.neighbourhood_count(); ++n) sum += r.resident_count(rep, t, n, crisis);
  }
  return sum;
}

/// Spending by one agency, or (agency "") all public money: every agency's costs and policy spend.
Total cost_of(const std::string& agency) {
  return [agency](const record::Results& r, int rep, int times) {
    double sum = 0;
    for (int t = 1; t < times; ++t) {
      for (std::size_t c = 0; c < r.cost_categories.size(); ++c) {
        if (agency.empty() || r.cost_agencies[c] == agency) sum += r.cost_at(rep, t, static_cast<int>(c));
      }
      if (agency.empty()) sum += r.policy_spend_at(rep, t);
    }
    return sum;
  };
}

double policy_spend(const record::Results& r, int rep, int times) {
  double sum = 0;
  for (int t = 1; t < times; ++t) sum += r.policy_spend_at(rep, t);
  return sum;
}

struct Definition {
  std::string single_label;
  std::string compare_label;
  KpiUnit unit;
  Total total;
};

/// The cards for `r`; `with_policies` adds policy spend (when either file of a comparison has policies).
std::vector<Definition> definitions(const record::Results& r, bool with_policies) {
  std::vector<Definition> out{
      {"Crisis entries", "Crisis entries avoided", KpiUnit::residents, crisis_entries},
      {"Weeks in crisis", "Weeks in crisis avoided", KpiUnit::resident_weeks, crisis_weeks}};
  for (const auto& agency : r.agencies()) {
    // "council_adult_care" reads "Council adult care"; the NHS keeps its capitals.
    std::string name = agency == "nhs" ? "NHS" : agency;
    std::replace(name.begin(), name.end(), '_', ' ');
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 'a' + 'A');
    out.push_back({name + " cost", name + " saving", KpiUnit::pounds, cost_of(agency)});
  }
  // Policy spend is money too: a saving that costs more than it saves is no net saving.
  if (with_policies) out.push_back({"Policy spend", "Policy spend", KpiUnit::pounds, policy_spend});
  out.push_back({"Total cost", "Net saving", KpiUnit::pounds, cost_of("")});
  return out;
}

std::vector<double> totals(const record::Results& r, const Total& f, int replicates, int times) {
  std::vector<double> out;
  for (int rep = 0; rep < replicates; ++rep) out.push_back(f(r, rep, times));
  return out;
}

}  // namespace

Interval interval_of(const std::vector<double>& per_replicate) {
  if (per_replicate.empty()) return {};
  double sum = 0;
  for (double v : per_replicate) sum += v;
  return {sum / static_cast<double>(per_replicate.size()), quantile(per_replicate, 0.05), quantile(per_replicate, 0.95)};
}

std::vector<Kpi> horizon_kpis(const record::Results& a) {
  std::vector<Kpi> out;
  for (const auto& d : definitions(a, !a.policies.empty())) {
    out.push_back({d.single_label, d.unit, interval_of(totals(a, d.total, a.replicates, a.times())), {}, {}});
  }
  return out;
}

std::vector<Kpi> compare_kpis(const record::Results& a, const record::Results& b) {
  const int pairs = std::min(a.replicates, b.replicates);
  const int times = std::min(a.times(), b.times());
  std::vector<Kpi> out;
  for (const auto& d : definitions(a, !a.policies.empty() || !b.policies.empty())) {
    const auto ta = totals(a, d.total, pairs, times);
    const auto tb = totals(b, d.total, pairs, times);
    std::vector<double> benefit(static_cast<std::size_t>(pairs));
    for (int i = 0; i < pairs; ++i) benefit[i] = ta[i] - tb[i];
    out.push_back({d.compare_label, d.unit, interval_of(ta), interval_of(tb), interval_of(benefit)});
  }
  return out;
}

}  // namespace cdsim::viz
