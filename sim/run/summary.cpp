#include "sim/run/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cdsim::run {

RunSummary::RunSummary(const record::RunMetadata& meta)
    : meta_(meta), years_(static_cast<double>(meta.steps) * meta.step_days / 365.25) {}

void RunSummary::add(const record::ReplicateObservations& obs) {
  const std::size_t cells = obs.neighbourhoods * obs.age_groups * obs.states;
  auto by_state = [&](std::size_t t) {
    std::array<double, 3> out{};
    for (std::size_t c = 0; c < cells; ++c) out[c % obs.states] += obs.residents[t * cells + c];
    return out;
  };
  start_.push_back(by_state(0));
  end_.push_back(by_state(obs.times - 1));
  double entries = 0, deaths = 0, births = 0;
  for (std::size_t t = 1; t < obs.times; ++t) {
    for (std::size_t from = 0; from < obs.states; ++from) {
      if (from != 2) entries += obs.transitions[(t * obs.states + from) * obs.states + 2];
      deaths += obs.deaths[t * obs.states + from];
    }
    births += obs.births[t];
  }
  crisis_entries_.push_back(entries / years_);
  deaths_.push_back(deaths / years_);
  births_.push_back(births / years_);
  std::vector<double> cost(obs.cost_categories, 0.0);
  for (std::size_t t = 0; t < obs.times; ++t)
    for (std::size_t c = 0; c < obs.cost_categories; ++c) cost[c] += obs.cost[t * obs.cost_categories + c];
  cost_by_category_.push_back(cost);
}

Interval RunSummary::residents_at_start(std::size_t state) const {
  std::vector<double> v;
  for (const auto& s : start_) v.push_back(s[state]);
  return interval_of(v);
}

Interval RunSummary::residents_at_end(std::size_t state) const {
  std::vector<double> v;
  for (const auto& s : end_) v.push_back(s[state]);
  return interval_of(v);
}

Interval RunSummary::crisis_entries_per_year() const { return interval_of(crisis_entries_); }
Interval RunSummary::deaths_per_year() const { return interval_of(deaths_); }
Interval RunSummary::births_per_year() const { return interval_of(births_); }

Interval RunSummary::total_cost(const std::string& agency) const {
  std::vector<double> v;
  for (const auto& cost : cost_by_category_) {
    double total = 0;
    for (std::size_t c = 0; c < cost.size(); ++c) {
      if (agency.empty() || meta_.cost_agencies[c] == agency) total += cost[c];
    }
    v.push_back(total);
  }
  return interval_of(v);
}

std::string RunSummary::format() const {
  auto count = [](const Interval& i) {
    return fmt::format("{:>9.0f}  ({:.0f} to {:.0f})", i.mean, i.low, i.high);
  };
  auto pounds = [](const Interval& i) {
    const std::string mean = fmt::format("£{:.1f}m", i.mean / 1e6);
    // Right-align by hand: fmt pads by code units and '£' is two bytes in UTF-8.
    const std::string pad(mean.size() < 10 ? 10 - mean.size() : 0, ' ');
    return fmt::format("{}{}  (£{:.1f}m to £{:.1f}m)", pad, mean, i.low / 1e6, i.high / 1e6);
  };
  std::string out = fmt::format("{}: {} replicate(s), {} weeks ({:.1f} years) from {}\n", meta_.scenario_name,
                                start_.size(), meta_.steps, years_, meta_.start.iso());
  out += fmt::format("  {:<32}{:>9}  {:>9}  (90% interval)\n", "residents by state", "start", "end");
  for (std::size_t s = 0; s < meta_.states.size(); ++s) {
    const Interval e = residents_at_end(s);
    out += fmt::format("  {:<32}{:>9.0f}  {:>9.0f}  ({:.0f} to {:.0f})\n", meta_.states[s],
                       residents_at_start(s).mean, e.mean, e.low, e.high);
  }
  out += fmt::format("  {:<32}{}\n", "crisis entries per year", count(crisis_entries_per_year()));
  out += fmt::format("  {:<32}{}\n", "deaths per year", count(deaths_per_year()));
  out += fmt::format("  {:<32}{}\n", "births per year", count(births_per_year()));
  out += fmt::format("  {:<32}{}\n", "total cost, all years", pounds(total_cost()));
  std::vector<std::string> agencies;
  for (const auto& a : meta_.cost_agencies)
    if (std::find(agencies.begin(), agencies.end(), a) == agencies.end()) agencies.push_back(a);
  // Agencies by their names in results (council_adult_care, ...): the label column fits the longest.
  for (const auto& a : agencies) out += fmt::format("  {:<32}{}\n", "  of which " + a, pounds(total_cost(a)));
  return out;
}

}  // namespace cdsim::run
