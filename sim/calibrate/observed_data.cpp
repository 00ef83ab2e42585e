#include "sim/calibrate/observed_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "sim/borough/csv_table.hpp"
#include "sim/borough/problems.hpp"
#include "sim/spec/diagnostics.hpp"

namespace cdsim::calibrate {
namespace {

constexpr std::size_t kMaxProblemsListed = 20;

std::optional<Measure> measure_named(const std::string& name) {
  for (std::size_t i = 0; i < kMeasures.size(); ++i)
    if (name == kMeasures[i].name) return static_cast<Measure>(i);
  return std::nullopt;
}

const MeasureInfo& info(Measure m) { return kMeasures[static_cast<std::size_t>(m)]; }

/// The measure whose name is closest to `name`, for "did you mean" ("" when none is close).
std::string closest_measure(const std::string& name) {
  std::vector<std::string_view> names;
  for (const auto& m : kMeasures) names.emplace_back(m.name);
  return spec::detail::closest_key(name, names);
}

std::optional<double> number(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

long days(const spec::Date& d) { return d.days_since_epoch(); }

}  // namespace

std::string Observation::label() const {
  std::string out = fmt::format("{} {}..{}", info(measure).name, period_start.iso(), period_end.iso());
  if (!age_group.empty()) out += " " + age_group;
  if (!neighbourhood.empty()) out += " " + neighbourhood;
  return out;
}

ModelFrame frame_of(const spec::ScenarioSpec& scenario, const record::RunMetadata& meta) {
  ModelFrame f;
  f.start = scenario.start;
  f.steps = scenario.step_count();
  f.age_groups = meta.age_groups;
  f.neighbourhoods = meta.neighbourhood_names;
  f.care_homes = !meta.care_home_ages.empty();
  f.childrens_services = scenario.mechanisms.childrens_services && !meta.children_statuses.empty();
  f.police = !meta.incident_types.empty();
  return f;
}

ObservedData read_observed_data(const std::filesystem::path& path, const ModelFrame& frame) {
  ObservedData data;
  data.label = path.string();
  borough::CsvTable table;
  try {
    table = borough::read_csv(path);
  } catch (const borough::BoroughError& e) {
    throw std::runtime_error(fmt::format("calibration data: {}", fmt::join(e.problems(), "\n")));
  }
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    data.text = s.str();
  }
  std::vector<std::string> problems;
  const auto problem = [&](std::size_t row, const std::string& column, const std::string& what) {
    problems.push_back(fmt::format("{}:{}: column '{}': {}", data.label, table.row_number.at(row), column, what));
  };
  // The header: required, optional and unknown columns.
  const std::array<const char*, 4> required{"measure", "period_start", "period_end", "value"};
  const std::set<std::string> known{"measure", "period_start", "period_end", "value", "sd", "age_group", "neighbourhood"};
  std::map<std::string, std::size_t> col;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string name = borough::lower(trimmed(table.header[c]));
    if (!known.contains(name)) {
      problems.push_back(fmt::format("{}:1: column '{}' is not one of measure, period_start, period_end, value, sd, "
                                     "age_group, neighbourhood",
                                     data.label, table.header[c]));
    } else if (col.contains(name)) {
      problems.push_back(fmt::format("{}:1: column '{}' is given twice", data.label, name));
    } else {
      col[name] = c;
    }
  }
  for (const char* r : required)
    if (!col.contains(r))
      problems.push_back(fmt::format("{}:1: no '{}' column (the header needs measure,period_start,period_end,value "
                                     "and may add sd, age_group, neighbourhood)",
                                     data.label, r));
  if (!problems.empty()) throw std::runtime_error(fmt::format("{}", fmt::join(problems, "\n")));

  const long run_first = days(frame.start), run_end = run_first + 7L * frame.steps;  // [first, end)
  const spec::Date last_simulated = spec::Date::from_days(run_end - 1);
  std::map<std::tuple<int, long, long, std::string, std::string>, int> seen;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    const auto cell = [&](const char* name) { return col.contains(name) ? trimmed(row[col.at(name)]) : std::string(); };
    Observation o;
    o.line = table.row_number[i];
    bool ok = true;
    const std::string m = cell("measure");
    if (const auto measure = measure_named(m)) {
      o.measure = *measure;
    } else {
      const std::string near = closest_measure(m);
      problem(i, "measure", fmt::format("'{}' is not a measure{} (docs/calibration.md lists them)", m,
                                        near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
      ok = false;
    }
    for (const char* which : {"period_start", "period_end"}) {
      const auto d = spec::Date::parse(cell(which));
      if (!d) {
        problem(i, which, fmt::format("'{}' is not a date (YYYY-MM-DD)", cell(which)));
        ok = false;
      } else {
        (std::string(which) == "period_start" ? o.period_start : o.period_end) = *d;
      }
    }
    if (const auto v = number(cell("value")); v && *v >= 0) {
      o.value = *v;
    } else {
      problem(i, "value", fmt::format("'{}' is not a number >= 0", cell("value")));
      ok = false;
    }
    if (const std::string sd = cell("sd"); !sd.empty()) {
      if (const auto v = number(sd); v && *v > 0) {
        o.sd = *v, o.sd_given = true;
      } else {
        problem(i, "sd", fmt::format("'{}' is not a number > 0 (leave it empty for the default, {:.0f}% of the value)",
                                     sd, 100 * kDefaultObservationSdShare));
        ok = false;
      }
    }
    o.age_group = cell("age_group");
    o.neighbourhood = cell("neighbourhood");
    if (!ok) continue;
    if (!o.sd_given) o.sd = std::max(kDefaultObservationSdShare * o.value, 1.0);
    const MeasureInfo& mi = info(o.measure);
    if (!o.age_group.empty()) {
      if (!mi.by_age_group) {
        problem(i, "age_group", fmt::format("{} has no age groups; leave it empty", mi.name));
        ok = false;
      } else if (std::find(frame.age_groups.begin(), frame.age_groups.end(), o.age_group) == frame.age_groups.end()) {
        problem(i, "age_group", fmt::format("'{}' is not an age group ({})", o.age_group, fmt::join(frame.age_groups, ", ")));
        ok = false;
      }
    }
    if (!o.neighbourhood.empty()) {
      if (!mi.by_neighbourhood) {
        problem(i, "neighbourhood", fmt::format("{} has no neighbourhoods; leave it empty", mi.name));
        ok = false;
      } else if (std::find(frame.neighbourhoods.begin(), frame.neighbourhoods.end(), o.neighbourhood) ==
                 frame.neighbourhoods.end()) {
        problem(i, "neighbourhood", fmt::format("'{}' is not a neighbourhood of the scenario", o.neighbourhood));
        ok = false;
      }
    }
    const bool care = o.measure == Measure::care_home_admissions_65 || o.measure == Measure::care_home_residents_65;
    const bool children = o.measure == Measure::children_in_need || o.measure == Measure::child_protection_plans ||
                          o.measure == Measure::looked_after_children;
    if ((care && !frame.care_homes) || (children && !frame.childrens_services) ||
        (o.measure == Measure::police_incidents && !frame.police)) {
      problem(i, "measure", fmt::format("the scenario does not model {} (its mechanism is off or it has no such cost item)",
                                        mi.name));
      ok = false;
    }
    const long first = days(o.period_start), last = days(o.period_end);
    if (last < first) {
      problem(i, "period_end", fmt::format("{} is before period_start {}", o.period_end.iso(), o.period_start.iso()));
      ok = false;
    } else if (last - first + 1 < 7) {
      problem(i, "period_end", "the period is shorter than the model's step of a week");
      ok = false;
    } else if (first < run_first || last >= run_end) {
      problem(i, first < run_first ? "period_start" : "period_end",
              fmt::format("the period {}..{} is outside the scenario's run, {}..{}", o.period_start.iso(),
                          o.period_end.iso(), frame.start.iso(), last_simulated.iso()));
      ok = false;
    }
    if (!ok) continue;
    const auto key = std::make_tuple(static_cast<int>(o.measure), first, last, o.age_group, o.neighbourhood);
    if (const auto it = seen.find(key); it != seen.end()) {
      problem(i, "measure", fmt::format("the same observation as line {}", it->second));
      continue;
    }
    seen[key] = o.line;
    data.rows.push_back(o);
  }
  if (!problems.empty()) {
    const std::size_t n = problems.size();
    if (n > kMaxProblemsListed) {
      problems.resize(kMaxProblemsListed);
      problems.push_back(fmt::format("... and {} more", n - kMaxProblemsListed));
    }
    throw std::runtime_error(fmt::format("{}", fmt::join(problems, "\n")));
  }
  return data;
}

double model_value(const Observation& o, const spec::ScenarioSpec& scenario, const record::RunMetadata& meta,
                   const record::ReplicateObservations& obs, double population_fraction) {
  const long start = days(scenario.start);
  const long first = days(o.period_start) - start, end = days(o.period_end) + 1 - start;  // [first, end) days
  const std::size_t T = obs.times;
  const auto index_of = [](const std::vector<std::string>& names, const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const std::size_t N = obs.neighbourhoods, A = obs.age_groups, S = obs.states;
  const std::size_t n_only = o.neighbourhood.empty() ? N : index_of(meta.neighbourhood_names, o.neighbourhood);
  const std::size_t a_only = o.age_group.empty() ? A : index_of(meta.age_groups, o.age_group);
  const auto in_n = [&](std::size_t n) { return n_only == N || n == n_only; };
  const auto in_a = [&](std::size_t a) { return a_only == A || a == a_only; };
  const Measure m = o.measure;
  const double share = scenario.care_homes.council_funded_share;

  // The value at time t: a stock at t, or the flow in the step ending at t.
  const auto at = [&](std::size_t t) -> double {
    double v = 0;
    switch (m) {
      case Measure::entries_to_support:
      case Measure::entries_to_crisis: {
        const std::size_t to = m == Measure::entries_to_support ? 1 : 2;
        for (std::size_t from = 0; from < S; ++from)
          if (from != to) v += obs.transitions[(t * S + from) * S + to];
        return v;
      }
      case Measure::residents_support:
      case Measure::residents_crisis: {
        const std::size_t s = m == Measure::residents_support ? 1 : 2;
        for (std::size_t n = 0; n < N; ++n)
          for (std::size_t a = 0; a < A; ++a)
            if (in_n(n) && in_a(a)) v += obs.residents[((t * N + n) * A + a) * S + s];
        return v;
      }
      case Measure::deaths:
        for (std::size_t s = 0; s < S; ++s) v += obs.deaths[t * S + s];
        return v;
      case Measure::requests:
      case Measure::new_long_term_clients: {
        const std::size_t R = obs.request_outcomes;
        for (std::size_t a = 0; a < A; ++a)
          for (std::size_t r = 0; r < R; ++r)
            if (in_a(a) && (m == Measure::requests || r == 0)) v += obs.requests[(t * A + a) * R + r];
        return v;
      }
      case Measure::care_home_admissions_65:
      case Measure::care_home_residents_65: {
        const auto& series = m == Measure::care_home_admissions_65 ? obs.care_home_admissions : obs.care_home_residents;
        for (std::size_t k = 0; k < obs.care_home_ages; ++k) v += series[t * obs.care_home_ages + k];
        return share * v;
      }
      case Measure::children_in_need:
      case Measure::child_protection_plans:
      case Measure::looked_after_children: {
        const std::size_t C = obs.children_statuses;
        const std::size_t k = m == Measure::children_in_need ? 0 : m == Measure::child_protection_plans ? 1 : 2;
        for (std::size_t n = 0; n < N; ++n)
          if (in_n(n)) v += obs.children_services[(t * N + n) * C + k];
        return v;
      }
      case Measure::police_incidents: {
        const std::size_t I = obs.incident_types;
        for (std::size_t n = 0; n < N; ++n)
          for (std::size_t k = 0; k < I; ++k)
            if (in_n(n)) v += obs.police_incidents[(t * N + n) * I + k];
        return v;
      }
    }
    return v;
  };
  double total = 0;
  if (info(m).stock) {
    // Mean over the times whose date lies in the period (a week or more holds at least one).
    int count = 0;
    for (std::size_t t = 0; t < T; ++t) {
      const long day = 7L * static_cast<long>(t);
      if (day >= first && day < end) total += at(t), ++count;
    }
    total = count > 0 ? total / count : 0;
  } else {
    // Flows: the step ending at t covers days [7(t-1), 7t); it counts for its days inside the period.
    for (std::size_t t = 1; t < T; ++t) {
      const long lo = std::max(7L * static_cast<long>(t - 1), first), hi = std::min(7L * static_cast<long>(t), end);
      if (hi > lo) total += at(t) * static_cast<double>(hi - lo) / 7.0;
    }
  }
  (void)meta;
  return total / population_fraction;
}

spec::Date last_day(const ObservedData& data) {
  long last = std::numeric_limits<long>::min();
  for (const auto& o : data.rows) last = std::max(last, days(o.period_end));
  return spec::Date::from_days(last);
}

}  // namespace cdsim::calibrate
