#include "sim/compare/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cdsim::compare {

namespace {

constexpr double kDaysPerYear = 365.25;

std::size_t at(const record::Results& r, int replicate, int t) {
  return static_cast<std::size_t>(replicate) * static_cast<std::size_t>(r.times()) + static_cast<std::size_t>(t);
}

/// Per replicate, a minus b.
std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) out[k] = a[k] - b[k];
  return out;
}

double discount(double rate, int days) { return std::pow(1 + rate, -static_cast<double>(days) / kDaysPerYear); }

/// First whole year at whose end the cumulative discounted net saving is >= 0 and stays so at every
/// later year end; 0 when it never does within the horizon.
int payback_year(const std::vector<double>& cumulative, const std::vector<int>& days) {
  int year = 0;
  const auto last_year = static_cast<int>(std::floor(days.back() / kDaysPerYear));
  for (int y = last_year; y >= 1; --y) {
    // Last time entry within year y.
    std::size_t t = 0;
    while (t + 1 < days.size() && days[t + 1] <= y * kDaysPerYear) ++t;
    if (cumulative[t] < 0) break;
    year = y;
  }
  return year;
}

std::string count(double v) {
  // Thousands separators by hand: fmt's locale-aware {:L} depends on the user's locale.
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string show(const Measure& m, double v) {
  if (m.unit == "pounds") return format_money(v);
  if (m.unit == "ratio") return fmt::format("{:.2f}", v);
  if (m.unit == "year") return fmt::format("{:.1f}", v);
  return count(v);
}

}  // namespace

std::string format_value(const Measure& m, double value) { return show(m, value); }

std::string format_money(double pounds) {
  const double a = std::fabs(pounds);
  const char* sign = pounds < 0 ? "-" : "";
  if (a >= 1e9) return fmt::format("{}£{:.2f}bn", sign, a / 1e9);
  if (a >= 1e6) return fmt::format("{}£{:.1f}m", sign, a / 1e6);
  if (a >= 1e3) return fmt::format("{}£{:.0f}k", sign, a / 1e3);
  return fmt::format("{}£{:.0f}", sign, a);
}

ReplicateTotals totals_of(const record::Results& r) {
  ReplicateTotals out;
  out.agencies = r.agencies();
  const int R = r.replicates, T = r.times(), N = r.neighbourhood_count();
  const int crisis = r.state_index("crisis"), support = r.state_index("support");
  if (crisis < 0 || support < 0) throw std::runtime_error(r.path.string() + ": has no 'crisis' or 'support' state");
  out.crisis_entries.assign(R, 0);
  out.crisis_weeks.assign(R, 0);
  out.support_weeks.assign(R, 0);
  out.policy_spend.assign(R, 0);
  out.cost.assign(out.agencies.size(), std::vector<double>(R, 0));
  out.spend_by_agency.assign(out.agencies.size(), std::vector<double>(R, 0));
  out.weekly_cost.assign(R, std::vector<double>(T, 0));
  out.weekly_spend.assign(R, std::vector<double>(T, 0));
  out.crisis_weeks_by_neighbourhood.assign(N, std::vector<double>(R, 0));
  const std::size_t C = r.cost_categories.size(), P = r.policies.size();
  for (int k = 0; k < R; ++k) {
    for (int t = 1; t < T; ++t) {
      for (int s = 0; s < r.state_count(); ++s) {
        if (s != crisis) out.crisis_entries[k] += r.transition_count(k, t, s, crisis);
      }
      // Each step's residents are a week spent in that state.
      for (int n = 0; n < N; ++n) {
        out.crisis_weeks[k] += r.resident_count(k, t, n, crisis);
        out.support_weeks[k] += r.resident_count(k, t, n, support);
        out.crisis_weeks_by_neighbourhood[n][k] += r.resident_count(k, t, n, crisis);
      }
      for (std::size_t c = 0; c < C; ++c) {
        const double pounds = r.cost_at(k, t, static_cast<int>(c));
        const auto agency = std::find(out.agencies.begin(), out.agencies.end(), r.cost_agencies[c]) - out.agencies.begin();
        out.cost[static_cast<std::size_t>(agency)][k] += pounds;
        out.weekly_cost[k][t] += pounds;
      }
      for (std::size_t p = 0; p < P; ++p) {
        const double pounds = r.policy_spend[at(r, k, t) * P + p];
        out.weekly_spend[k][t] += pounds;
        for (std::size_t a = 0; a < out.agencies.size(); ++a)
          out.spend_by_agency[a][k] += pounds * r.paid_share(p, out.agencies[a]);
      }
      out.policy_spend[k] += out.weekly_spend[k][t];
    }
  }
  return out;
}

void check_comparable(const record::Results& base, const record::Results& policy) {
  const std::string both = fmt::format("'{}' and '{}'", base.path.string(), policy.path.string());
  auto refuse = [&](const std::string& why) {
    throw std::runtime_error(fmt::format("cannot compare {}: {}", both, why));
  };
  if (base.seed != policy.seed)
    refuse(fmt::format("they use different seeds ({} and {}), so their replicates are not paired", base.seed, policy.seed));
  if (base.start.to_days() != policy.start.to_days() || base.time_days != policy.time_days)
    refuse("they cover different dates (start or horizon differ)");
  if (base.replicates != policy.replicates)
    refuse(fmt::format("they hold different numbers of replicates ({} and {})", base.replicates, policy.replicates));
  std::vector<std::string> a, b;
  for (const auto& n : base.neighbourhoods) a.push_back(n.name);
  for (const auto& n : policy.neighbourhoods) b.push_back(n.name);
  if (a != b) refuse("their boroughs have different neighbourhoods");
  if (base.parameter_names.empty() != policy.parameter_names.empty()) {
    refuse(fmt::format("only {} was run with --uncertainty, so their replicates are not paired in the parameters; run "
                       "both with it or neither", base.parameter_names.empty() ? policy.path.string() : base.path.string()));
  }
  for (std::size_t j = 0; j < base.parameter_names.size(); ++j) {
    const auto same = std::find(policy.parameter_names.begin(), policy.parameter_names.end(), base.parameter_names[j]);
    if (same == policy.parameter_names.end()) continue;
    const auto jp = static_cast<std::size_t>(same - policy.parameter_names.begin());
    for (int k = 0; k < base.replicates; ++k) {
      const double a = base.parameters[static_cast<std::size_t>(k) * base.parameter_names.size() + j],
                   b = policy.parameters[static_cast<std::size_t>(k) * policy.parameter_names.size() + jp];
      if (a != b) {
        refuse(fmt::format("replicate {} drew {} = {} in one and {} in the other: give the key the same distribution "
                           "in both scenarios' uncertainty: lists",
                           k + 1, base.parameter_names[j], a, b));
      }
    }
  }
  for (int k = 0; k < base.replicates; ++k) {
    for (int n = 0; n < base.neighbourhood_count(); ++n) {
      for (int s = 0; s < base.state_count(); ++s) {
        if (base.resident_count(k, 0, n, s) != policy.resident_count(k, 0, n, s)) {
          refuse(fmt::format("their populations differ at the start (replicate {}, neighbourhood '{}'): they are not "
                             "runs of the same baseline borough; run both from the same scenario with only "
                             "policies changed",
                             k + 1, a[static_cast<std::size_t>(n)]));
        }
      }
    }
  }
}

namespace {

/// Every key either run drew (the policy's first, then keys only the baseline has), each replicate's
/// values, and what they did to the NPV.
UncertaintyAnalysis analyse_draws(const record::Results& base, const record::Results& policy,
                                  const std::vector<double>& npv, const std::vector<double>& ratio) {
  std::vector<std::string> names = policy.parameter_names;
  for (const auto& name : base.parameter_names)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::vector<std::vector<double>> x(static_cast<std::size_t>(base.replicates));
  for (std::size_t k = 0; k < x.size(); ++k) {
    for (const auto& name : names) {
      const record::Results& from =
          std::find(policy.parameter_names.begin(), policy.parameter_names.end(), name) != policy.parameter_names.end()
              ? policy
              : base;
      const auto j = static_cast<std::size_t>(std::find(from.parameter_names.begin(), from.parameter_names.end(), name) -
                                              from.parameter_names.begin());
      x[k].push_back(from.parameters[k * from.parameter_names.size() + j]);
    }
  }
  return analyse_uncertainty(names, x, npv, ratio);
}

}  // namespace

Comparison compare(const record::Results& base, const record::Results& policy, double discount_rate) {
  check_comparable(base, policy);
  const ReplicateTotals b = totals_of(base), p = totals_of(policy);
  Comparison out;
  out.baseline_name = base.scenario_name;
  out.policy_name = policy.scenario_name;
  out.policy_file = policy.path.string();
  out.replicates = base.replicates;
  out.years = base.time_days.back() / kDaysPerYear;
  out.discount_rate = discount_rate;
  auto add = [&](std::string name, std::string label, std::string unit, std::vector<double> values) {
    out.measures.push_back({std::move(name), std::move(label), std::move(unit), interval_of(std::move(values)), true});
  };
  add("crisis_entries_avoided", "crisis entries avoided", "residents", minus(b.crisis_entries, p.crisis_entries));
  add("crisis_weeks_avoided", "resident-weeks in crisis avoided", "resident-weeks", minus(b.crisis_weeks, p.crisis_weeks));
  add("support_weeks_avoided", "resident-weeks in support avoided", "resident-weeks",
      minus(b.support_weeks, p.support_weeks));
  std::vector<double> saved(static_cast<std::size_t>(out.replicates), 0);
  for (std::size_t a = 0; a < b.agencies.size(); ++a) {
    const auto in_policy = std::find(p.agencies.begin(), p.agencies.end(), b.agencies[a]) - p.agencies.begin();
    const auto diff = minus(b.cost[a], p.cost[static_cast<std::size_t>(in_policy)]);
    for (std::size_t k = 0; k < diff.size(); ++k) saved[k] += diff[k];
    add("cost_saved_" + b.agencies[a], "cost saved, " + b.agencies[a] + " (undiscounted)", "pounds", diff);
  }
  add("cost_saved", "cost saved, all agencies (undiscounted)", "pounds", saved);
  // Who pays and who saves: every agency either file names, in the baseline's order first.
  std::vector<std::string> agencies = b.agencies;
  for (const auto& a : p.agencies)
    if (std::find(agencies.begin(), agencies.end(), a) == agencies.end()) agencies.push_back(a);
  const std::vector<double> none(static_cast<std::size_t>(out.replicates), 0.0);
  auto of = [&](const ReplicateTotals& t, const std::vector<std::vector<double>>& by, const std::string& a)
      -> const std::vector<double>& {
    const auto at = std::find(t.agencies.begin(), t.agencies.end(), a);
    return at == t.agencies.end() ? none : by[static_cast<std::size_t>(at - t.agencies.begin())];
  };
  for (const auto& a : agencies) {
    const auto saved_here = minus(of(b, b.cost, a), of(p, p.cost, a));
    const auto& spend_here = of(p, p.spend_by_agency, a);
    out.by_agency.push_back({a, interval_of(saved_here), interval_of(spend_here), interval_of(minus(saved_here, spend_here))});
  }
  add("policy_spend", "policy spend (undiscounted)", "pounds", p.policy_spend);
  add("net_saving", "net saving: cost saved minus spend (undiscounted)", "pounds", minus(saved, p.policy_spend));

  // Discounted flows, replicate by replicate.
  std::vector<double> npv, ratio, payback;
  bool ratio_defined = true;
  for (int k = 0; k < out.replicates; ++k) {
    double pv_saving = 0, pv_spend = 0;
    std::vector<double> cumulative(base.time_days.size(), 0);
    for (std::size_t t = 1; t < base.time_days.size(); ++t) {
      const double d = discount(discount_rate, base.time_days[t]);
      pv_saving += d * (b.weekly_cost[k][t] - p.weekly_cost[k][t]);
      pv_spend += d * p.weekly_spend[k][t];
      cumulative[t] = pv_saving - pv_spend;
    }
    npv.push_back(pv_saving - pv_spend);
    if (pv_spend > 0) ratio.push_back(pv_saving / pv_spend);
    else ratio_defined = false;
    // Nothing spent, nothing to pay back.
    if (const int y = payback_year(cumulative, base.time_days); y > 0 && pv_spend > 0) payback.push_back(y);
  }
  add("npv", fmt::format("net present value at {:g}% a year", discount_rate * 100), "pounds", npv);
  if (ratio_defined) {
    add("benefit_cost_ratio", "benefit-cost ratio (discounted savings / spend)", "ratio", ratio);
  } else {
    out.measures.push_back({"benefit_cost_ratio", "benefit-cost ratio (the policy spends nothing net)", "ratio", {}, false});
  }
  out.payback_replicates = static_cast<int>(payback.size());
  if (!payback.empty()) {
    add("payback_year", fmt::format("payback year (in {} of {} replicates)", payback.size(), out.replicates), "year",
        payback);
  } else {
    out.measures.push_back({"payback_year", "payback year (never within the horizon)", "year", {}, false});
  }
  if (!base.parameter_names.empty()) out.uncertainty = analyse_draws(base, policy, npv, ratio_defined ? ratio : std::vector<double>{});
  for (std::size_t n = 0; n < base.neighbourhoods.size(); ++n) {
    out.neighbourhoods.push_back(base.neighbourhoods[n].name);
    out.crisis_weeks_avoided_by_neighbourhood.push_back(
        interval_of(minus(b.crisis_weeks_by_neighbourhood[n], p.crisis_weeks_by_neighbourhood[n])));
  }
  return out;
}

std::string format_probability(double p) { return fmt::format("{:.0f}%", 100 * p); }

std::string format_break_even(const BreakEven& e) {
  return fmt::format("{} {:.3g}", e.at_least ? "at least" : "at most", e.value);
}

namespace {

/// Drivers shown in the table; the CSV and JSON list them all.
constexpr std::size_t kTableDrivers = 5;

std::string uncertainty_table(const UncertaintyAnalysis& u) {
  std::string out = fmt::format("  with parameter uncertainty: {} replicates, each its own draw of {} parameters; the "
                                "intervals above are over both\n",
                                u.draws, u.parameters.size());
  out += fmt::format("    {:<50} {:>12}\n", "probability that the net present value is positive",
                     format_probability(u.probability_npv_positive));
  out += fmt::format("    {:<50} {:>12}\n", "probability that the benefit-cost ratio exceeds 1",
                     u.probability_ratio_above_one ? format_probability(*u.probability_ratio_above_one) : std::string("-"));
  if (u.drivers.empty()) return out + "    drivers of the NPV: none (" + u.drivers_note + ")\n";
  out += "    drivers of the NPV (partial rank correlation) and where each breaks even, the others at their means:\n";
  for (std::size_t k = 0; k < u.drivers.size() && k < kTableDrivers; ++k) {
    const Driver& d = u.drivers[k];
    std::string even = "no break-even (no slope)";
    if (d.break_even) {
      const BreakEven& e = *d.break_even;
      even = fmt::format("pays back if {} ({:.3g} to {:.3g}){}", format_break_even(e), e.low, e.high,
                         e.within_draws ? "" : ", outside the values drawn");
    }
    out += fmt::format("      {:<44} {:>+6.2f}  {}\n", d.parameter, d.prcc, even);
  }
  if (u.drivers.size() > kTableDrivers)
    out += fmt::format("      ({} more in --format csv or json)\n", u.drivers.size() - kTableDrivers);
  return out;
}

std::string uncertainty_csv(const Comparison& c, const UncertaintyAnalysis& u) {
  const std::string who = c.policy_name + "," + c.baseline_name;
  std::string out = fmt::format("{},probability_npv_positive,,probability,{},,\n", who, u.probability_npv_positive);
  if (u.probability_ratio_above_one)
    out += fmt::format("{},probability_benefit_cost_ratio_above_1,,probability,{},,\n", who, *u.probability_ratio_above_one);
  for (const Driver& d : u.drivers) {
    out += fmt::format("{},prcc:{},,correlation,{},,\n", who, d.parameter, d.prcc);
    if (d.break_even)
      out += fmt::format("{},break_even:{},,{},{},{},{}\n", who, d.parameter,
                         d.break_even->at_least ? "at_least" : "at_most", d.break_even->value, d.break_even->low,
                         d.break_even->high);
  }
  return out;
}

nlohmann::ordered_json uncertainty_json(const UncertaintyAnalysis& u) {
  nlohmann::ordered_json j;
  j["draws"] = u.draws;
  j["parameters"] = u.parameters;
  j["probability_npv_positive"] = u.probability_npv_positive;
  j["probability_benefit_cost_ratio_above_1"] =
      u.probability_ratio_above_one ? nlohmann::ordered_json(*u.probability_ratio_above_one) : nlohmann::ordered_json(nullptr);
  j["drivers_method"] = kDriversMethod;
  j["drivers"] = nlohmann::ordered_json::array();
  for (const Driver& d : u.drivers) {
    nlohmann::ordered_json one{{"parameter", d.parameter}, {"prcc", d.prcc}};
    if (d.break_even) {
      const BreakEven& e = *d.break_even;
      one["break_even"] = {{"value", e.value},         {"low", e.low},
                           {"high", e.high},           {"pays_back_if", e.at_least ? "at_least" : "at_most"},
                           {"within_draws", e.within_draws}};
    } else {
      one["break_even"] = nullptr;
    }
    j["drivers"].push_back(std::move(one));
  }
  if (u.drivers.empty()) j["drivers_note"] = u.drivers_note;
  return j;
}

/// Key values as the user typed them: 81234.5, 0.0125, 3e-05.
std::string key_value(double v) { return fmt::format("{:.6g}", v); }

std::string bisection_table(const BisectedBreakEven& e) {
  std::string out = fmt::format(
      "  break-even of {} by a bisection of runs ({} replicates a run, no parameter draws: the other numbers as the "
      "scenarios set them):\n",
      e.parameter, e.replicates);
  out += fmt::format("    pays back if {} {} (the mean NPV changes sign between {} and {}, a bracket of at most {})\n",
                     e.at_least ? "at least" : "at most", key_value(e.value), key_value(e.low), key_value(e.high),
                     key_value(e.tolerance));
  out += fmt::format("    range searched {} to {} ({}): mean NPV {} and {}; {} steps, {} runs\n", key_value(e.range_low),
                     key_value(e.range_high), e.range_from, format_money(e.npv_at_range_low), format_money(e.npv_at_range_high),
                     e.steps, e.runs);
  return out;
}

std::string bisection_csv(const Comparison& c, const BisectedBreakEven& e) {
  const std::string who = c.policy_name + "," + c.baseline_name;
  std::string out = fmt::format("{},break_even_bisection:{},,{},{},{},{}\n", who, e.parameter,
                                e.at_least ? "at_least" : "at_most", e.value, e.low, e.high);
  out += fmt::format("{},break_even_bisection_range:{},,value,,{},{}\n", who, e.parameter, e.range_low, e.range_high);
  out += fmt::format("{},break_even_bisection_npv:{},,pounds,,{},{}\n", who, e.parameter, e.npv_at_range_low,
                     e.npv_at_range_high);
  return out;
}

nlohmann::ordered_json bisection_json(const BisectedBreakEven& e) {
  return {{"parameter", e.parameter},
          {"value", e.value},
          {"low", e.low},
          {"high", e.high},
          {"pays_back_if", e.at_least ? "at_least" : "at_most"},
          {"tolerance", e.tolerance},
          {"range", {{"low", e.range_low}, {"high", e.range_high}, {"from", e.range_from}}},
          {"npv_at_range", {{"low", e.npv_at_range_low}, {"high", e.npv_at_range_high}}},
          {"replicates", e.replicates},
          {"steps", e.steps},
          {"runs", e.runs}};
}

}  // namespace

std::string format_comparisons(const std::vector<Comparison>& comparisons, CompareFormat format,
                               bool by_neighbourhood) {
  std::string out;
  switch (format) {
    case CompareFormat::table:
      for (const Comparison& c : comparisons) {
        out += fmt::format("{} against {}: {} paired replicates, {:.1f} years ({})\n", c.policy_name, c.baseline_name,
                           c.replicates, c.years, c.policy_file);
        out += fmt::format("  {:<52} {:>12}  {}\n", "measure (policy minus baseline, per replicate)", "mean",
                           "90% interval");
        for (const Measure& m : c.measures) {
          if (!m.defined) {
            out += fmt::format("  {:<52} {:>12}\n", m.label, "-");
            continue;
          }
          out += fmt::format("  {:<52} {:>12}  ({} to {})\n", m.label, show(m, m.value.mean), show(m, m.value.low),
                             show(m, m.value.high));
        }
        out += "  by agency (who saves and who pays; undiscounted, mean and 90% interval):\n";
        out += fmt::format("    {:<22} {:>28} {:>28} {:>28}\n", "agency", "cost saved", "policy spend", "net saving");
        for (const AgencyBalance& a : c.by_agency) {
          auto cell = [](const Interval& v) {
            return fmt::format("{} ({} to {})", format_money(v.mean), format_money(v.low), format_money(v.high));
          };
          out += fmt::format("    {:<22} {:>28} {:>28} {:>28}\n", a.agency, cell(a.cost_saved), cell(a.policy_spend),
                             cell(a.net_saving));
        }
        if (c.uncertainty) out += uncertainty_table(*c.uncertainty);
        if (c.bisection) out += bisection_table(*c.bisection);
        if (by_neighbourhood) {
          out += "  resident-weeks in crisis avoided, by neighbourhood:\n";
          for (std::size_t n = 0; n < c.neighbourhoods.size(); ++n) {
            const Interval& v = c.crisis_weeks_avoided_by_neighbourhood[n];
            out += fmt::format("    {:<50} {:>12}  ({} to {})\n", c.neighbourhoods[n], count(v.mean), count(v.low),
                               count(v.high));
          }
        }
        out += "\n";
      }
      return out;
    case CompareFormat::csv:
      out = "scenario,baseline,measure,neighbourhood,unit,mean,low,high\n";
      for (const Comparison& c : comparisons) {
        for (const Measure& m : c.measures) {
          if (!m.defined) {
            out += fmt::format("{},{},{},,{},,,\n", c.policy_name, c.baseline_name, m.name, m.unit);
          } else {
            out += fmt::format("{},{},{},,{},{},{},{}\n", c.policy_name, c.baseline_name, m.name, m.unit, m.value.mean,
                               m.value.low, m.value.high);
          }
        }
        for (const AgencyBalance& a : c.by_agency) {
          for (const auto& [what, v] : {std::pair{"agency_cost_saved_", &a.cost_saved},
                                        std::pair{"agency_policy_spend_", &a.policy_spend},
                                        std::pair{"agency_net_saving_", &a.net_saving}}) {
            out += fmt::format("{},{},{}{},,pounds,{},{},{}\n", c.policy_name, c.baseline_name, what, a.agency, v->mean,
                               v->low, v->high);
          }
        }
        if (c.uncertainty) out += uncertainty_csv(c, *c.uncertainty);
        if (c.bisection) out += bisection_csv(c, *c.bisection);
        for (std::size_t n = 0; by_neighbourhood && n < c.neighbourhoods.size(); ++n) {
          const Interval& v = c.crisis_weeks_avoided_by_neighbourhood[n];
          // Names may hold commas: quote them the CSV way.
          std::string quoted = "\"";
          for (char ch : c.neighbourhoods[n]) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          quoted += '"';
          out += fmt::format("{},{},crisis_weeks_avoided,{},resident-weeks,{},{},{}\n", c.policy_name,
                             c.baseline_name, quoted, v.mean, v.low, v.high);
        }
      }
      return out;
    case CompareFormat::json: {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const Comparison& c : comparisons) {
        nlohmann::ordered_json j;
        j["scenario"] = c.policy_name;
        j["baseline"] = c.baseline_name;
        j["file"] = c.policy_file;
        j["replicates"] = c.replicates;
        j["years"] = c.years;
        j["discount_rate"] = c.discount_rate;
        j["payback_replicates"] = c.payback_replicates;
        for (const Measure& m : c.measures) {
          j["measures"][m.name] = m.defined ? nlohmann::ordered_json{{"unit", m.unit},
                                                                     {"mean", m.value.mean},
                                                                     {"low", m.value.low},
                                                                     {"high", m.value.high}}
                                            : nlohmann::ordered_json{{"unit", m.unit}, {"mean", nullptr}};
        }
        auto interval = [](const Interval& v) {
          return nlohmann::ordered_json{{"unit", "pounds"}, {"mean", v.mean}, {"low", v.low}, {"high", v.high}};
        };
        j["by_agency"] = nlohmann::ordered_json::object();
        for (const AgencyBalance& a : c.by_agency) {
          j["by_agency"][a.agency] = {{"cost_saved", interval(a.cost_saved)},
                                      {"policy_spend", interval(a.policy_spend)},
                                      {"net_saving", interval(a.net_saving)}};
        }
        if (c.uncertainty) j["uncertainty"] = uncertainty_json(*c.uncertainty);
        if (c.bisection) j["break_even_bisection"] = bisection_json(*c.bisection);
        if (by_neighbourhood) {
          for (std::size_t n = 0; n < c.neighbourhoods.size(); ++n) {
            const Interval& v = c.crisis_weeks_avoided_by_neighbourhood[n];
            j["crisis_weeks_avoided_by_neighbourhood"][c.neighbourhoods[n]] = {
                {"mean", v.mean}, {"low", v.low}, {"high", v.high}};
          }
        }
        all.push_back(std::move(j));
      }
      // Names come from a file: a damaged one may not be UTF-8; show U+FFFD rather than fail.
      return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
  }
  return out;
}

}  // namespace cdsim::compare
