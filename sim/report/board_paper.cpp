#include "sim/report/board_paper.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include "sim/report/evidence.hpp"
#include "viz/replay/map_shapes.hpp"
#include "viz/replay/series.hpp"

namespace cdsim::report {
namespace {

/// "10 years", "1 year", "2.5 years": a whole number of years reads without a decimal.
std::string years_in_words(double years) {
  const double whole = std::round(years);
  if (std::abs(years - whole) < 0.05) return fmt::format("{:.0f} year{}", whole, whole == 1 ? "" : "s");
  return fmt::format("{:.1f} years", years);
}

const compare::Measure* find_measure(const compare::Comparison& c, const std::string& name) {
  for (const auto& m : c.measures)
    if (m.name == name) return &m;
  return nullptr;
}

/// compare's own text for a value, so the paper reads exactly as `cdsim compare` prints.
std::string shown(const compare::Measure& m, double v) { return compare::format_value(m, v); }

std::string pounds(double v) {
  compare::Measure m;
  m.unit = "pounds";
  return compare::format_value(m, v);
}

std::string count(double v) {
  compare::Measure m;
  m.unit = "residents";
  return compare::format_value(m, v);
}

std::string number_text(double v) { return fmt::format("{:.17g}", v); }

std::string join(const std::vector<std::string>& items, const std::string& last = " and ") {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += k + 1 == items.size() ? last : ", ";
    out += items[k];
  }
  return out;
}

record::Date end_date(const record::Results& r) { return r.date_at(r.times() - 1); }

double residents_at_start(const record::Results& r) {
  double n = 0;
  for (int k = 0; k < r.neighbourhood_count(); ++k)
    for (int s = 0; s < r.state_count(); ++s) n += r.resident_count(0, 0, k, s);
  return n;
}

/// "avoids about 120 crisis entries (90% interval 40 to 210)", or "adds ..." when the mean is negative:
/// the interval is turned round with it so it still reads low to high.
std::string avoided_phrase(const compare::Measure& m, const std::string& what, const std::string& fewer = "avoids") {
  const auto& v = m.value;
  if (v.mean >= 0)
    return fmt::format("{} about {} {} (90% interval {} to {})", fewer, shown(m, v.mean), what, shown(m, v.low), shown(m, v.high));
  return fmt::format("adds about {} {} (90% interval {} to {})", shown(m, -v.mean), what, shown(m, -v.high), shown(m, -v.low));
}

std::string interval_text(const compare::Measure& m) {
  return fmt::format("{} (90% interval {} to {})", shown(m, m.value.mean), shown(m, m.value.low), shown(m, m.value.high));
}

std::string summary_of(const record::Results& base, const std::vector<record::Results>& policies,
                       const std::vector<compare::Comparison>& comparisons) {
  std::vector<std::string> names;
  for (const auto& c : comparisons) names.push_back(c.policy_name);
  const compare::Comparison& first = comparisons.front();
  std::string s = fmt::format(
      "This paper compares {} with {}, the same borough of {} residents in {} neighbourhoods without {}, over {} "
      "from {} to {}. {} (paired replicates: replicate r of every run shares its random "
      "numbers, so a difference between them is the policy's, not chance). ",
      join(names), base.scenario_name, count(residents_at_start(base)), base.neighbourhood_count(),
      policies.size() == 1 ? "the policy change" : "the policy changes", years_in_words(first.years), base.start.long_text(),
      end_date(base).long_text(),
      first.replicates == 1 ? std::string("Each was run once, so there is no spread to show") : fmt::format("Each was run {} times", first.replicates));
  for (const auto& c : comparisons) {
    const auto* entries = find_measure(c, "crisis_entries_avoided");
    const auto* weeks = find_measure(c, "crisis_weeks_avoided");
    const auto* spend = find_measure(c, "policy_spend");
    const auto* saved = find_measure(c, "cost_saved");
    const auto* net = find_measure(c, "net_saving");
    const auto* npv = find_measure(c, "npv");
    const auto* payback = find_measure(c, "payback_year");
    if (!entries || !weeks || !spend || !saved || !net || !npv) continue;
    s += fmt::format("Over the horizon, {} {} and {}. ", c.policy_name, avoided_phrase(*entries, "crisis entries"),
                     avoided_phrase(*weeks, "resident-weeks in crisis", "saves"));
    // A closure's budget saving is recorded as negative spend.
    const std::string spends = spend->value.mean >= 0 ? "spends " + shown(*spend, spend->value.mean)
                                                      : "saves " + shown(*spend, -spend->value.mean) + " from budgets it closes";
    // A negative net saving reads as a net cost, its interval turned round with it.
    const auto& n = net->value;
    const std::string net_text =
        n.mean >= 0 ? "a net saving of " + interval_text(*net)
                    : fmt::format("a net cost of {} (90% interval {} to {})", shown(*net, -n.mean), shown(*net, -n.high),
                                  shown(*net, -n.low));
    s += fmt::format("It {} and saves {} in the cost of residents' care and health (undiscounted), {}; discounted at "
                     "{:g}% a year (the Green Book), its net present value is {}. ",
                     spends, shown(*saved, saved->value.mean), net_text, c.discount_rate * 100, interval_text(*npv));
    if (payback && payback->defined) {
      s += fmt::format("It pays back in {} of {} replicates within the horizon, in year {} on average among them. ",
                       c.payback_replicates, c.replicates, shown(*payback, payback->value.mean));
    } else if (spend->value.mean > 0) {
      s += fmt::format("It does not pay back within the {} in any replicate. ", years_in_words(c.years));
    }
  }
  s += "All intervals are 90% intervals over replicates: they show only the model's chance variation. These files "
       "carry no uncertainty about the model's parameters, so the real uncertainty is wider; the assumptions and "
       "caveats at the end say which numbers it rests on.";
  return s;
}

Table key_numbers(const std::vector<compare::Comparison>& comparisons) {
  Table t;
  t.id = "key-numbers";
  t.caption = "Policy minus baseline over the whole horizon: the mean over paired replicates, with the 90% interval "
              "(5th to 95th percentile). These are the numbers of cdsim compare.";
  t.header.push_back("Measure");
  for (const auto& c : comparisons) t.header.push_back(c.policy_name);
  t.column_weights.push_back(1.3);
  for (std::size_t k = 0; k < comparisons.size(); ++k) t.column_weights.push_back(1.0);
  for (const auto& m : comparisons.front().measures) {
    // compare's labels for these two describe its one policy ("never within the horizon"); a row serves all.
    std::string label = m.label;
    if (m.name == "payback_year") label = "payback year (discounted net saving at or above zero for good)";
    if (m.name == "benefit_cost_ratio") label = "benefit-cost ratio (discounted savings / spend)";
    std::vector<Cell> row{{label, {{"measure", m.name}}}};
    for (const auto& c : comparisons) {
      const compare::Measure* own = find_measure(c, m.name);
      Cell cell;
      cell.data = {{"measure", m.name}, {"scenario", c.policy_name}};
      if (!own || !own->defined) {
        cell.text = own ? "none" : "-";
        if (own && m.name == "payback_year") cell.text = "not within the horizon";
        if (own && m.name == "benefit_cost_ratio") cell.text = "none (no net spend)";
      } else {
        cell.text = interval_text(*own);
        cell.data.emplace_back("mean", number_text(own->value.mean));
        cell.data.emplace_back("low", number_text(own->value.low));
        cell.data.emplace_back("high", number_text(own->value.high));
        if (m.name == "payback_year")
          cell.text += fmt::format("; pays back in {} of {} replicates", c.payback_replicates, c.replicates);
      }
      row.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Line line_of(const viz::Series& s, std::string label, int index) {
  return {std::move(label), file_colour(index), s.x_days, s.band};
}

std::string at_end(const viz::Series& s, Unit unit) {
  const std::size_t k = s.x_days.size() - 1;
  return fmt::format("{} (90% band {} to {})", axis_label(s.band.mean[k], unit), axis_label(s.band.lo[k], unit),
                     axis_label(s.band.hi[k], unit));
}

Figure crisis_chart(const record::Results& base, const std::vector<record::Results>& policies) {
  LineChart chart{"Residents in crisis", Unit::count, base.start, {}, false};
  std::string text = fmt::format("Residents in crisis each week, {} to {}. At the end: ", base.start.long_text(), end_date(base).long_text());
  std::vector<std::string> ends;
  auto add = [&](const record::Results& r, int index) {
    const viz::Series s = viz::residents_in_state(r, r.state_index("crisis"), -1);
    if (s.x_days.empty()) return;
    chart.lines.push_back(line_of(s, r.scenario_name, index));
    ends.push_back(fmt::format("{} {}", r.scenario_name, at_end(s, Unit::count)));
  };
  add(base, 0);
  for (std::size_t k = 0; k < policies.size(); ++k) add(policies[k], static_cast<int>(k) + 1);
  text += join(ends, "; ") + ".";
  return {chart, 0.45, "Residents in crisis each week: the mean over replicates, with the band holding 90% of them.", text};
}

Figure net_cost_chart(const record::Results& base, const std::vector<record::Results>& policies) {
  LineChart chart{"Cumulative net cost, policy minus baseline (undiscounted)", Unit::pounds, base.start, {}, true};
  std::vector<std::string> ends;
  for (std::size_t k = 0; k < policies.size(); ++k) {
    const viz::Series s = viz::cumulative_cost_difference(base, policies[k]);
    if (s.x_days.empty()) continue;
    chart.lines.push_back(line_of(s, policies[k].scenario_name, static_cast<int>(k) + 1));
    const auto peak = static_cast<std::size_t>(std::max_element(s.band.mean.begin(), s.band.mean.end()) - s.band.mean.begin());
    std::string end = fmt::format("{}: {} by {}", policies[k].scenario_name, at_end(s, Unit::pounds), end_date(base).long_text());
    if (s.band.mean[peak] > 0 && peak + 1 < s.band.mean.size())
      end += fmt::format(", its highest net cost so far {} in {}", axis_label(s.band.mean[peak], Unit::pounds),
                         base.date_at(static_cast<int>(peak)).month_text());
    ends.push_back(std::move(end));
  }
  return {chart, 0.45,
          "Cumulative public spending (care and health costs plus policy spend) of each policy run minus the baseline, "
          "paired replicate by replicate. Below zero the policy has saved money so far.",
          "Cumulative net cost of the policy minus the baseline, in pounds, undiscounted; below zero means a saving. " +
              join(ends, "; ") + "."};
}

Figure change_map(const record::Results& base, const std::vector<compare::Comparison>& comparisons) {
  MapChart map;
  for (const auto& n : base.neighbourhoods) {
    map.names.push_back(n.name);
    map.tile.push_back({n.x, n.y});
  }
  if (base.has_outlines()) map.shapes = viz::make_map_shapes(base);
  // Blue for fewer weeks in crisis, as the viewer's difference map: the value drawn is the change.
  map.legend_low = "fewer weeks in crisis";
  map.legend_high = "more";
  std::string text = "Change in resident-weeks spent in crisis over the horizon, by neighbourhood (mean over replicates; "
                     "negative is fewer). ";
  for (const auto& c : comparisons) {
    MapPanel panel{c.policy_name, {}};
    for (const auto& v : c.crisis_weeks_avoided_by_neighbourhood) panel.values.push_back(-v.mean);
    std::vector<std::size_t> order(panel.values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return panel.values[a] < panel.values[b]; });
    std::vector<std::string> listed;
    const std::size_t shown_count = std::min<std::size_t>(order.size(), 8);
    for (std::size_t k = 0; k < shown_count; ++k)
      listed.push_back(fmt::format("{} {}", map.names[order[k]], axis_label(panel.values[order[k]], Unit::count)));
    text += fmt::format("{}: {}{}. ", c.policy_name, join(listed, ", "),
                        order.size() > shown_count ? fmt::format(", and {} more (cdsim compare --by-neighbourhood lists all)", order.size() - shown_count) : "");
    map.panels.push_back(std::move(panel));
  }
  // Up to three maps a row (charts.cpp), so more policies make more rows.
  const std::size_t rows = (comparisons.size() + 2) / 3;
  return {map, comparisons.size() == 1 ? 0.5 : 0.1 + 0.36 * static_cast<double>(rows),
          std::string("Change in resident-weeks in crisis by neighbourhood, policy minus baseline, over the whole horizon") +
              (base.has_outlines() ? " (the borough's own boundaries)." : " (one tile per neighbourhood, laid out as in the scenario)."),
          text};
}

// --- Policies as scheduled -------------------------------------------------------------------------

std::string type_in_words(const std::string& type) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"community_investment_fund", "Community investment fund"}, {"service_closure", "Service closure"},
      {"place_based_team", "Place-based team"},                   {"social_prescribing", "Social prescribing"},
      {"eligibility_threshold", "Eligibility threshold change"},  {"budget_cut", "Budget cut"}};
  for (const auto& [t, words] : kWords)
    if (type == t) return words;
  return type;
}

bool is_money_key(const std::string& key) {
  return key == "budget" || key == "grant_size" || key == "annual_saving" || key.rfind("cost", 0) == 0;
}

std::string scalar_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  if (n.IsSequence()) {
    std::vector<std::string> items;
    for (const auto& item : n) items.push_back(scalar_text(item));
    return join(items, ", ");
  }
  if (n.IsMap()) {
    std::vector<std::string> items;
    for (const auto& kv : n) items.push_back(kv.first.Scalar() + ": " + scalar_text(kv.second));
    return join(items, ", ");
  }
  return "";
}

/// The K most deprived neighbourhoods as the policy layer picks them: lowest IMD decile first, ties to
/// the one listed first, listed in scenario order (as spec::target_neighbourhoods does).
std::vector<std::string> most_deprived(const record::Results& r, std::size_t k) {
  std::vector<std::size_t> order(r.neighbourhoods.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return r.neighbourhoods[a].deprivation_decile < r.neighbourhoods[b].deprivation_decile;
  });
  order.resize(std::min(k, order.size()));
  std::sort(order.begin(), order.end());
  std::vector<std::string> names;
  for (std::size_t i : order) names.push_back(r.neighbourhoods[i].name);
  return names;
}

std::string where_of(const YAML::Node& p, const record::Results& r) {
  std::string where = "the whole borough";
  if (const YAML::Node t = p["target"]; t) {
    if (t.IsMap() && t["most_deprived"]) {
      where = "the " + t["most_deprived"].Scalar() + " most deprived neighbourhoods";
      try {
        const auto names = most_deprived(r, std::stoul(t["most_deprived"].Scalar()));
        if (names.size() <= 12) where += " (" + join(names) + ")";
      } catch (const std::exception&) {
      }
    }
    else if (t.IsSequence()) where = scalar_text(t);
    else if (t.IsScalar() && t.Scalar() != "all") where = t.Scalar();
  }
  if (p["facility"]) where = p["facility"].Scalar() + " in " + where;
  if (p["service"]) where = "the " + p["service"].Scalar() + " service";
  return where;
}

std::string when_of(const YAML::Node& p, const record::Date& end) {
  const auto date = [](const YAML::Node& n) {
    const auto d = n && n.IsScalar() ? record::Date::parse(n.Scalar()) : std::nullopt;
    return d ? d->long_text() : (n ? n.Scalar() : std::string("?"));
  };
  return "from " + date(p["start"]) + " to " + (p["end"] ? date(p["end"]) : end.long_text() + " (the end)");
}

YAML::Node load_yaml(const record::Results& r) {
  try {
    return YAML::Load(r.scenario_yaml);
  } catch (const YAML::Exception&) {
    return YAML::Node();
  }
}

double mean_policy_spend(const record::Results& r, std::size_t p) {
  double total = 0;
  const std::size_t P = r.policies.size();
  for (int k = 0; k < r.replicates; ++k)
    for (int t = 1; t < r.times(); ++t)
      total += r.policy_spend[(static_cast<std::size_t>(k) * r.times() + static_cast<std::size_t>(t)) * P + p];
  return r.replicates > 0 ? total / r.replicates : 0;
}

std::vector<Block> policy_tables(const record::Results& base, const std::vector<record::Results>& policies) {
  std::vector<Block> out;
  int file = 0;  // tables are numbered by file: scenario names need not differ
  auto table_of = [&](const record::Results& r, bool is_base) {
    const int index = file++;
    const YAML::Node yaml = load_yaml(r);
    const YAML::Node list = yaml ? yaml["policies"] : YAML::Node();
    if (!list || !list.IsSequence() || list.size() == 0) {
      if (!is_base) out.push_back(Paragraph{r.scenario_name + ": the file records no policies."});
      return;
    }
    Table t;
    t.id = fmt::format("policies-{}", index);
    t.caption = is_base ? "Policies already in the baseline, " + r.scenario_name + " (part of both sides of the comparison)."
                        : "Policies of " + r.scenario_name + ", as its results file records the scenario.";
    t.header = {"Policy", "What", "Where", "When", "Settings", "Spend (mean, undiscounted)"};
    t.column_weights = {0.9, 1.0, 1.1, 1.3, 1.9, 0.8};
    for (std::size_t k = 0; k < list.size(); ++k) {
      const YAML::Node p = list[k];
      const std::string type = p["type"] ? p["type"].Scalar() : "?";
      const std::string name = p["name"] ? p["name"].Scalar() : type;
      std::vector<std::string> settings;
      for (const auto& kv : p) {
        const std::string key = kv.first.Scalar();
        if (key == "type" || key == "name" || key == "start" || key == "end" || key == "target" || key == "facility" ||
            key == "service")
          continue;
        std::string value = scalar_text(kv.second);
        if (is_money_key(key)) {
          try {
            value = "£" + count(std::stod(value));
          } catch (const std::exception&) {
          }
        }
        settings.push_back(key + " " + value);
      }
      const auto at = std::find(r.policies.begin(), r.policies.end(), name);
      const std::string spend = at == r.policies.end() ? "-" : pounds(mean_policy_spend(r, static_cast<std::size_t>(at - r.policies.begin())));
      t.rows.push_back({{name, {}}, {type_in_words(type), {}}, {where_of(p, r), {}}, {when_of(p, end_date(r)), {}},
                        {join(settings, ", "), {}}, {spend, {}}});
    }
    out.push_back(std::move(t));
  };
  table_of(base, true);
  for (const auto& p : policies) table_of(p, false);
  return out;
}

// --- Assumptions -----------------------------------------------------------------------------------

std::string grade_text(const std::optional<ParameterDoc>& doc) {
  if (!doc) return "not documented";
  std::string grades;
  for (const auto& g : doc->grades) grades += (grades.empty() ? "" : ", ") + g;
  if (grades.empty()) grades = "no grade given";
  // A source that is only its grade tags ("[ASSUMPTION]") says nothing more.
  std::string rest;
  bool in_tag = false;
  for (char ch : doc->source) {
    if (ch == '[') in_tag = true;
    if (!in_tag && std::isalnum(static_cast<unsigned char>(ch))) rest += ch;
    if (ch == ']') in_tag = false;
  }
  return rest.empty() ? grades : grades + ": " + doc->source;
}

/// The scalar at a dotted path ("transitions.support_to_crisis"), or "-". Walks const nodes by
/// recursion: assigning one yaml-cpp Node to another writes into the tree rather than rebinding.
std::string value_at(const YAML::Node& node, std::string_view path) {
  if (!node || !node.IsMap()) return "-";
  const std::size_t dot = path.find('.');
  const YAML::Node child = node[std::string(path.substr(0, dot))];
  if (!child) return "-";
  return dot == std::string_view::npos ? scalar_text(child) : value_at(child, path.substr(dot + 1));
}

std::vector<Block> assumptions(const record::Results& base, const std::vector<record::Results>& policies,
                               const compare::Comparison& first) {
  const auto docs = parameter_docs(embedded_parameters_md());
  std::vector<const record::Results*> files{&base};
  for (const auto& p : policies) files.push_back(&p);
  std::vector<YAML::Node> yaml;
  for (const auto* f : files) yaml.push_back(load_yaml(*f));

  Table t;
  t.id = "assumptions";
  t.caption = "The parameters that drive the answer, their values in each file, and their evidence grade from "
              "docs/parameters.md. [ASSUMPTION] marks a value no evidence gives: a lever for sensitivity analysis, not a finding.";
  t.header = {"Parameter"};
  for (const auto* f : files) t.header.push_back(f->scenario_name);
  t.header.push_back("Evidence");
  t.column_weights = {1.4};
  for (std::size_t k = 0; k < files.size(); ++k) t.column_weights.push_back(0.6);
  t.column_weights.push_back(2.6);
  int assumed = 0, rows = 0;
  auto add_row = [&](const std::string& label, const std::vector<std::string>& values, const std::optional<ParameterDoc>& doc) {
    std::vector<Cell> row{{label + (doc && !doc->meaning.empty() ? ": " + doc->meaning : ""), {}}};
    for (const auto& v : values) row.push_back({v, {}});
    row.push_back({grade_text(doc), {}});
    t.rows.push_back(std::move(row));
    ++rows;
    if (doc && std::find(doc->grades.begin(), doc->grades.end(), "ASSUMPTION") != doc->grades.end()) ++assumed;
  };
  for (const char* key : {"initial.support", "initial.crisis", "transitions.independent_to_support",
                          "transitions.independent_to_crisis", "transitions.support_to_independent",
                          "transitions.support_to_crisis", "transitions.crisis_to_support", "transitions.crisis_to_independent"}) {
    std::vector<std::string> values;
    for (const auto& y : yaml) values.push_back(value_at(y, key));
    add_row(key, values, find_parameter(docs, key));
  }
  // Each policy's parameters as the files hold them (a file without that policy shows "-").
  std::vector<std::pair<std::string, std::string>> seen;  // (policy name, type)
  for (const auto& y : yaml) {
    const YAML::Node list = y ? y["policies"] : YAML::Node();
    if (!list || !list.IsSequence()) continue;
    for (const auto& p : list) {
      const std::string type = p["type"] ? p["type"].Scalar() : "";
      const std::string name = p["name"] ? p["name"].Scalar() : type;
      if (std::find(seen.begin(), seen.end(), std::pair{name, type}) == seen.end()) seen.emplace_back(name, type);
    }
  }
  for (const auto& [name, type] : seen) {
    std::vector<std::string> keys;
    for (const auto& y : yaml) {
      const YAML::Node list = y ? y["policies"] : YAML::Node();
      if (!list || !list.IsSequence()) continue;
      for (const auto& p : list) {
        if ((p["name"] ? p["name"].Scalar() : std::string(p["type"] ? p["type"].Scalar() : "")) != name) continue;
        for (const auto& kv : p) {
          const std::string key = kv.first.Scalar();
          if (find_parameter(docs, type + "." + key) && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
      }
    }
    for (const auto& key : keys) {
      std::vector<std::string> values;
      for (const auto& y : yaml) {
        std::string v = "-";
        const YAML::Node list = y ? y["policies"] : YAML::Node();
        for (std::size_t k = 0; list && list.IsSequence() && k < list.size(); ++k) {
          const YAML::Node p = list[k];
          if ((p["name"] ? p["name"].Scalar() : std::string(p["type"] ? p["type"].Scalar() : "")) == name && p[key])
            v = scalar_text(p[key]);
        }
        values.push_back(v);
      }
      add_row(name + "." + key, values, find_parameter(docs, type + "." + key));
    }
  }
  std::vector<std::string> rates(files.size(), fmt::format("{:g}%", first.discount_rate * 100));
  add_row("discount rate", rates,
          ParameterDoc{"discount_rate", "real discount rate a year for NPV, benefit-cost ratio and payback",
                       "HM Treasury Green Book, discount_rate_STPR (3.5% for years 0-30)", {"OS"}});
  std::vector<Block> out;
  out.push_back(Paragraph{fmt::format(
      "{} of the {} parameters below are graded ASSUMPTION: no evidence row gives them. Before relying on a difference, "
      "vary the ones it depends on (cdsim run --set KEY=VALUE, or a sweep) and see whether the answer survives. Grades: OS "
      "official statistics, MAN the PSSRU unit-cost manual, PR peer-reviewed, EVAL independent evaluation, LA/PRESS "
      "council or press, SEED-UNVERIFIED a figure no independent source confirmed, DERIVED arithmetic on cited figures.",
      assumed, rows)});
  out.push_back(std::move(t));
  return out;
}

}  // namespace

Document board_paper(const record::Results& base, const std::vector<record::Results>& policies,
                     const std::vector<compare::Comparison>& comparisons, const std::string& title) {
  if (comparisons.empty() || comparisons.size() != policies.size())
    throw std::invalid_argument("board_paper: one comparison per policy file, at least one");
  Document d;
  std::vector<std::string> names;
  for (const auto& c : comparisons) names.push_back(c.policy_name);
  d.title = title.empty() ? join(names) + " against " + base.scenario_name : title;
  const int replicates = comparisons.front().replicates;
  d.subtitle = fmt::format("A board paper from cdsim, the community demand simulator: {} to {}, {} paired replicate{}.",
                           base.start.long_text(), end_date(base).long_text(), replicates, replicates == 1 ? "" : "s");

  d.sections.push_back({"Summary", {Paragraph{summary_of(base, policies, comparisons)}}});
  d.sections.push_back({"Key numbers", {key_numbers(comparisons)}});
  d.sections.push_back({"Over time", {crisis_chart(base, policies), net_cost_chart(base, policies)}});
  d.sections.push_back({"Where the change falls", {change_map(base, comparisons)}});
  d.sections.push_back({"The policies as scheduled", policy_tables(base, policies)});
  d.sections.push_back({"The assumptions that drive the answer", assumptions(base, policies, comparisons.front())});
  Bullets honest{caveats(embedded_strategy_guide_md())};
  d.sections.push_back({"Read it honestly", {honest}});

  std::vector<std::string> files{base.path.string() + " (" + base.scenario_name + ", cdsim " + base.cdsim_version + ")"};
  for (const auto& p : policies) files.push_back(p.path.string() + " (" + p.scenario_name + ", cdsim " + p.cdsim_version + ")");
  d.colophon = "Made by cdsim report from " + join(files) +
               ". The same numbers come from cdsim compare on these files; each file records the full scenario it ran.";
  return d;
}

}  // namespace cdsim::report
