#include "viz/replay/series.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace cdsim::viz {

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const std::size_t j = std::min(i + 1, values.size() - 1);
  return values[i] + (values[j] - values[i]) * (pos - static_cast<double>(i));
}

Band summarise(const std::vector<std::vector<double>>& per_replicate) {
  Band b;
  if (per_replicate.empty()) return b;
  const std::size_t n = per_replicate.front().size();
  std::vector<double> column(per_replicate.size());
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t r = 0; r < per_replicate.size(); ++r) sum += column[r] = per_replicate[r][i];
    b.mean.push_back(sum / static_cast<double>(column.size()));
    b.lo.push_back(quantile(column, 0.05));
    b.hi.push_back(quantile(column, 0.95));
  }
  return b;
}

Series residents_in_state(const record::Results& r, int state, int neighbourhood) {
  std::vector<std::vector<double>> reps(static_cast<std::size_t>(r.replicates), std::vector<double>(r.times()));
  for (int rep = 0; rep < r.replicates; ++rep) {
    for (int t = 0; t < r.times(); ++t) {
      double sum = 0;
      for (int n = 0; n < r.neighbourhood_count(); ++n) {
        if (neighbourhood < 0 || n == neighbourhood) sum += r.resident_count(rep, t, n, state);
      }
      reps[rep][t] = sum;
    }
  }
  return {r.states.at(static_cast<std::size_t>(state)), {r.time_days.begin(), r.time_days.end()}, summarise(reps)};
}

MonthAxis month_axis(const record::Results& r) {
  MonthAxis axis;
  const int start = r.start.to_days();
  int current_key = std::numeric_limits<int>::min();
  for (int t = 1; t < r.times(); ++t) {
    const record::Date d = r.date_at(t);
    const int key = d.year * 12 + d.month;
    if (key != current_key) {
      current_key = key;
      axis.x_days.push_back(record::Date{d.year, d.month, 1}.to_days() - start);
      axis.times.emplace_back();
    }
    axis.times.back().push_back(t);
  }
  return axis;
}

namespace {

/// f(replicate, t) per calendar month as a rate: the mean over the month's weeks times the weeks in
/// an average month. Plain sums would saw-tooth between 4- and 5-week months and drop at a part month.
template <class F>
Series per_month(const record::Results& r, std::string label, F&& f) {
  constexpr double kWeeksPerMonth = 365.25 / 12 / 7;
  const MonthAxis axis = month_axis(r);
  std::vector<std::vector<double>> reps(static_cast<std::size_t>(r.replicates), std::vector<double>(axis.times.size()));
  for (int rep = 0; rep < r.replicates; ++rep) {
    for (std::size_t m = 0; m < axis.times.size(); ++m) {
      for (int t : axis.times[m]) reps[rep][m] += f(rep, t);
      reps[rep][m] *= kWeeksPerMonth / static_cast<double>(axis.times[m].size());
    }
  }
  return {std::move(label), axis.x_days, summarise(reps)};
}

double cost_of_agency(const record::Results& r, int rep, int t, const std::string& agency) {
  double sum = 0;
  for (std::size_t c = 0; c < r.cost_categories.size(); ++c) {
    if (r.cost_agencies[c] == agency) sum += r.cost_at(rep, t, static_cast<int>(c));
  }
  return sum;
}

}  // namespace

Series crisis_entries_per_month(const record::Results& r) {
  const int crisis = r.state_index("crisis");
  return per_month(r, "crisis entries", [&](int rep, int t) {
    double sum = 0;
    for (int from = 0; from < r.state_count(); ++from) {
      if (from != crisis && crisis >= 0) sum += r.transition_count(rep, t, from, crisis);
    }
    return sum;
  });
}

Series requests_per_month(const record::Results& r, int outcome) {
  return per_month(r, r.request_outcomes.at(static_cast<std::size_t>(outcome)),
                   [&](int rep, int t) { return static_cast<double>(r.request_count(rep, t, outcome)); });
}

namespace {

/// A stock per replicate and time entry ([replicate][time] in `values`) as a series over time.
Series stock_series(const record::Results& r, std::string label, const std::vector<std::int32_t>& values) {
  std::vector<std::vector<double>> reps(static_cast<std::size_t>(r.replicates), std::vector<double>(r.times()));
  for (int rep = 0; rep < r.replicates; ++rep)
    for (int t = 0; t < r.times(); ++t)
      reps[rep][t] = values[static_cast<std::size_t>(rep) * r.times() + static_cast<std::size_t>(t)];
  return {std::move(label), {r.time_days.begin(), r.time_days.end()}, summarise(reps)};
}

const record::NeighbourhoodVariable* find_variable(const record::Results& r, const std::string& name) {
  for (const auto& v : r.extra)
    if (v.name == name) return &v;
  return nullptr;
}

/// A neighbourhood variable's value at (replicate, t), summed over the borough or one neighbourhood.
double variable_at(const record::Results& r, const record::NeighbourhoodVariable& v, int rep, int t, int neighbourhood) {
  const std::size_t N = static_cast<std::size_t>(r.neighbourhood_count());
  const std::size_t at = (static_cast<std::size_t>(rep) * static_cast<std::size_t>(r.times()) + static_cast<std::size_t>(t)) * N;
  if (neighbourhood >= 0) return v.values[at + static_cast<std::size_t>(neighbourhood)];
  double sum = 0;
  for (std::size_t n = 0; n < N; ++n) sum += v.values[at + n];
  return sum;
}

}  // namespace

Series care_home_residents(const record::Results& r) {
  return stock_series(r, "residents", r.care_home_residents);
}

Series care_home_waiting(const record::Results& r) {
  return stock_series(r, "waiting for a place", r.care_home_waiting);
}

Series care_home_admissions_per_month(const record::Results& r) {
  return per_month(r, "admissions per month", [&](int rep, int t) {
    return static_cast<double>(r.care_home_admissions[static_cast<std::size_t>(rep) * r.times() + static_cast<std::size_t>(t)]);
  });
}

std::optional<Series> variable_series(const record::Results& r, const std::string& name, int neighbourhood) {
  const auto* v = find_variable(r, name);
  if (v == nullptr) return std::nullopt;
  std::vector<std::vector<double>> reps(static_cast<std::size_t>(r.replicates), std::vector<double>(r.times()));
  for (int rep = 0; rep < r.replicates; ++rep)
    for (int t = 0; t < r.times(); ++t) reps[rep][t] = variable_at(r, *v, rep, t, neighbourhood);
  return Series{name, {r.time_days.begin(), r.time_days.end()}, summarise(reps)};
}

std::optional<Series> variable_per_month(const record::Results& r, const std::string& name, int neighbourhood) {
  const auto* v = find_variable(r, name);
  if (v == nullptr) return std::nullopt;
  return per_month(r, name, [&](int rep, int t) { return variable_at(r, *v, rep, t, neighbourhood); });
}

Series cost_per_month(const record::Results& r, const std::string& agency) {
  return per_month(r, agency, [&](int rep, int t) { return cost_of_agency(r, rep, t, agency); });
}

Series cumulative_cost_difference(const record::Results& a, const record::Results& b) {
  const int pairs = std::min(a.replicates, b.replicates);
  const int times = std::min(a.times(), b.times());
  std::vector<std::vector<double>> reps(static_cast<std::size_t>(pairs), std::vector<double>(times));
  for (int rep = 0; rep < pairs; ++rep) {
    double running = 0;
    for (int t = 0; t < times; ++t) {
      for (std::size_t c = 0; c < a.cost_categories.size(); ++c) running -= a.cost_at(rep, t, static_cast<int>(c));
      for (std::size_t c = 0; c < b.cost_categories.size(); ++c) running += b.cost_at(rep, t, static_cast<int>(c));
      running += b.policy_spend_at(rep, t) - a.policy_spend_at(rep, t);
      reps[rep][t] = running;
    }
  }
  return {"net cost difference", {a.time_days.begin(), a.time_days.begin() + times}, summarise(reps)};
}

std::vector<MapMetric> map_metrics(const record::Results& r) {
  std::vector<MapMetric> out;
  if (const int s = r.state_index("crisis"); s >= 0) {
    out.push_back({"crisis", "Crisis rate", "% of residents", MapMetric::Kind::state_share, s});
  }
  if (const int s = r.state_index("support"); s >= 0) {
    out.push_back({"support", "Support rate", "% of residents", MapMetric::Kind::state_share, s});
  }
  if (!r.scenario.weekly_cost_by_state.empty()) {
    out.push_back({"cost", "Cost per head", "£ per resident per year", MapMetric::Kind::cost_per_head, 0});
  }
  for (std::size_t i = 0; i < r.extra.size(); ++i) {
    const auto& v = r.extra[i];
    std::string label = v.long_name.empty() ? v.name : v.long_name;
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));  // a heading
    out.push_back({v.name, label, "per 1,000 residents",
                   MapMetric::Kind::variable_per_1000, static_cast<int>(i)});
  }
  return out;
}

namespace {

double metric_value(const record::Results& r, const MapMetric& m, int rep, int t, int n, const std::vector<double>& state_cost) {
  double alive = 0;
  for (int s = 0; s < r.state_count(); ++s) alive += r.resident_count(rep, t, n, s);
  if (alive <= 0) return 0.0;
  switch (m.kind) {
    case MapMetric::Kind::state_share: return 100.0 * r.resident_count(rep, t, n, m.index) / alive;
    case MapMetric::Kind::cost_per_head: {
      // The file has no cost by place; the state mix at the scenario's unit costs gives the expected
      // cost, which is what the engine charges per resident-week on average.
      double weekly = 0;
      for (int s = 0; s < r.state_count(); ++s) weekly += state_cost[s] * r.resident_count(rep, t, n, s);
      return weekly * 52.0 / alive;
    }
    case MapMetric::Kind::variable_per_1000: {
      const auto& v = r.extra[static_cast<std::size_t>(m.index)].values;
      return 1000.0 * v[(static_cast<std::size_t>(rep) * r.times() + t) * r.neighbourhood_count() + n] / alive;
    }
  }
  return 0.0;
}

std::vector<double> state_costs(const record::Results& r) {
  std::vector<double> out(static_cast<std::size_t>(r.state_count()), 0.0);
  for (const auto& [state, pounds] : r.scenario.weekly_cost_by_state) {
    if (const int s = r.state_index(state); s >= 0) out[s] = pounds;
  }
  return out;
}

}  // namespace

std::vector<double> map_values(const record::Results& r, const MapMetric& m, int t) {
  const auto costs = state_costs(r);
  t = std::clamp(t, 0, r.times() - 1);
  std::vector<double> out(static_cast<std::size_t>(r.neighbourhood_count()), 0.0);
  for (int n = 0; n < r.neighbourhood_count(); ++n) {
    for (int rep = 0; rep < r.replicates; ++rep) out[n] += metric_value(r, m, rep, t, n, costs);
    out[n] /= r.replicates;
  }
  return out;
}

Range map_range(const record::Results& r, const MapMetric& m) {
  Range range{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
  for (int t = 0; t < r.times(); ++t) {
    for (double v : map_values(r, m, t)) {
      range.lo = std::min(range.lo, v);
      range.hi = std::max(range.hi, v);
    }
  }
  if (range.hi <= range.lo) range.hi = range.lo + 1.0;
  return range;
}

}  // namespace cdsim::viz
