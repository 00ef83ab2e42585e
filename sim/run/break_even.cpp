#include "sim/run/break_even.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "sim/run/run_scenario.hpp"
#include "sim/run/sweep_design.hpp"
#include "sim/run/uncertainty.hpp"
#include "sim/spec/load_scenario.hpp"

namespace cdsim::run {
namespace {

namespace fs = std::filesystem;

/// A private folder for the runs' results files, removed with them when the search ends.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string name = (fs::temp_directory_path() / "cdsim-break-even-XXXXXX").string();
    if (!mkdtemp(name.data())) throw std::runtime_error("--break-even: cannot make a temporary folder in " + fs::temp_directory_path().string());
    path_ = name;
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// The smallest and largest value either file drew for `key`.
std::optional<std::pair<double, double>> drawn_range(const record::Results& base, const record::Results& policy,
                                                     const std::string& key) {
  for (const record::Results* r : {&policy, &base}) {
    const auto at = std::find(r->parameter_names.begin(), r->parameter_names.end(), key);
    if (at == r->parameter_names.end()) continue;
    const auto j = static_cast<std::size_t>(at - r->parameter_names.begin());
    std::pair<double, double> out{INFINITY, -INFINITY};
    for (int k = 0; k < r->replicates; ++k) {
      const double v = r->parameters[static_cast<std::size_t>(k) * r->parameter_names.size() + j];
      out = {std::min(out.first, v), std::max(out.second, v)};
    }
    return out;
  }
  return std::nullopt;
}

/// The key's distribution in the scenario's uncertainty: list, from its lowest to its highest value (5th
/// to 95th percentile for a normal or lognormal), in the key's own units.
std::optional<std::pair<double, double>> distribution_range(const spec::ScenarioSpec& s, const std::string& key) {
  for (spec::ParameterDistribution p : s.uncertainty) {
    if (p.key != key) continue;
    p.integer = false;
    const bool unbounded = p.kind == spec::ParameterDistribution::Kind::normal ||
                           p.kind == spec::ParameterDistribution::Kind::lognormal;
    double low = value_at(p, unbounded ? 0.05 : 0.0), high = value_at(p, unbounded ? 0.95 : 1.0);
    if (p.kind == spec::ParameterDistribution::Kind::values && !p.values.empty()) {
      low = *std::min_element(p.values.begin(), p.values.end());
      high = *std::max_element(p.values.begin(), p.values.end());
    }
    if (p.relative) {
      const double own = scenario_number(s, key).value_or(1.0);
      low *= own, high *= own;
    }
    return std::pair{std::min(low, high), std::max(low, high)};
  }
  return std::nullopt;
}

/// The pair re-run at values of the key; the baseline once when the key is the policy's alone.
class PairRuns {
 public:
  PairRuns(spec::ScenarioSpec base, spec::ScenarioSpec policy, const BisectionOptions& options)
      : base_(std::move(base)), policy_(std::move(policy)), options_(options) {
    base_has_key_ = scenario_number(base_, options.key).has_value();
    policy_has_key_ = scenario_number(policy_, options.key).has_value();
  }
  [[nodiscard]] bool has_key() const { return base_has_key_ || policy_has_key_; }
  [[nodiscard]] int runs() const { return runs_; }

  /// Mean NPV over replicates of the policy against the baseline with the key at `value`.
  double mean_npv(double value) {
    std::optional<record::Results> b, p;
    if (base_has_key_) b = run(base_, value, "baseline");
    if (policy_has_key_) p = run(policy_, value, "policy");
    const compare::Comparison c = compare::compare(b ? *b : unchanged(unchanged_base_, base_, "baseline"),
                                                   p ? *p : unchanged(unchanged_policy_, policy_, "policy"),
                                                   options_.discount_rate);
    for (const compare::Measure& m : c.measures)
      if (m.name == "npv") return m.value.mean;
    throw std::logic_error("compare gave no npv");
  }

 private:
  /// A scenario without the key runs once.
  const record::Results& unchanged(std::optional<record::Results>& cache, const spec::ScenarioSpec& s, const char* role) {
    if (!cache) cache = run(s, std::nullopt, role);
    return *cache;
  }

  record::Results run(const spec::ScenarioSpec& s, std::optional<double> value, const char* role) {
    spec::ScenarioSpec at = s;
    if (value) {
      const std::string text = fmt::format("{}", *value);
      try {
        at = spec::parse_scenario(spec::emit_scenario(s), fmt::format("--break-even {}={}", options_.key, text),
                                  {{options_.key, text}});
      } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("--break-even {}: the {} scenario refuses the value {}:\n{}", options_.key,
                                             role, text, e.what()));
      }
    }
    const fs::path file = scratch_.path() / fmt::format("run-{}.h5", runs_++);
    run_scenario(at, file, options_.executor);
    record::Results out = record::read_results(file);
    fs::remove(file);
    return out;
  }

  spec::ScenarioSpec base_, policy_;
  const BisectionOptions& options_;
  bool base_has_key_ = false, policy_has_key_ = false;
  ScratchFolder scratch_;
  int runs_ = 0;
  std::optional<record::Results> unchanged_base_, unchanged_policy_;
};

}  // namespace

compare::BisectedBreakEven break_even_by_bisection(const record::Results& base, const record::Results& policy,
                                                   const BisectionOptions& options) {
  const std::string& key = options.key;
  if (key == "seed" || key == "replicates") {
    throw std::runtime_error(fmt::format("--break-even {}: not a parameter of the model; give a scenario key such as "
                                         "policies.0.cost_per_fte",
                                         key));
  }
  // The scenarios as their files record them, each fully resolved, at the replicates asked for.
  std::vector<spec::Override> replicates;
  if (options.replicates) replicates.push_back({"replicates", std::to_string(*options.replicates)});
  auto recorded = [&](const record::Results& r) {
    try {
      return spec::parse_scenario(r.scenario_yaml, r.path.string() + " (its recorded scenario)", replicates);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("--break-even {}: cannot re-run the scenario {} records:\n{}", key,
                                           r.path.string(), e.what()));
    }
  };
  PairRuns pair(recorded(base), recorded(policy), options);
  if (!pair.has_key()) {
    throw std::runtime_error(fmt::format("--break-even {}: not a number of the scenario of '{}' or of '{}' (give a key "
                                         "path as --set takes it, such as policies.0.cost_per_fte)",
                                         key, base.path.string(), policy.path.string()));
  }

  compare::BisectedBreakEven out;
  out.parameter = key;
  out.replicates = options.replicates.value_or(base.replicates);
  std::optional<std::pair<double, double>> range = options.range;
  out.range_from = "given";
  if (!range) {
    out.range_from = "values drawn";
    range = drawn_range(base, policy, key);
  }
  if (!range) {
    out.range_from = "distribution";
    range = distribution_range(recorded(policy), key);
    if (!range) range = distribution_range(recorded(base), key);
  }
  if (!range) {
    throw std::runtime_error(fmt::format("--break-even {}: the files drew no values of it and neither scenario's "
                                         "uncertainty: list gives it a distribution; say where to search with "
                                         "--break-even-range LOW HIGH",
                                         key));
  }
  if (!(range->first < range->second)) {
    throw std::runtime_error(fmt::format("--break-even {}: the range to search, {} to {}, is empty", key,
                                         range->first, range->second));
  }
  out.range_low = range->first;
  out.range_high = range->second;
  out.tolerance = kBisectionTolerance * (out.range_high - out.range_low);

  double lo = out.range_low, hi = out.range_high;
  double f_lo = pair.mean_npv(lo), f_hi = pair.mean_npv(hi);
  out.npv_at_range_low = f_lo;
  out.npv_at_range_high = f_hi;
  if ((f_lo > 0) == (f_hi > 0)) {
    throw std::runtime_error(fmt::format(
        "--break-even {}: {} {} (mean NPV {} at {} and {} at {}), so it has no break-even there; search a wider "
        "range with --break-even-range LOW HIGH",
        key, policy.scenario_name,
        f_lo > 0 ? "pays back across the whole range searched" : "does not pay back anywhere in the range searched",
        compare::format_money(f_lo), fmt::format("{:.6g}", lo), compare::format_money(f_hi), fmt::format("{:.6g}", hi)));
  }
  out.at_least = f_hi > 0;
  while (hi - lo > out.tolerance && out.steps < kMaxBisectionSteps) {
    const double mid = lo + (hi - lo) / 2;
    const double f_mid = pair.mean_npv(mid);
    ++out.steps;
    if ((f_mid > 0) == (f_lo > 0)) {
      lo = mid, f_lo = f_mid;
    } else {
      hi = mid, f_hi = f_mid;
    }
  }
  out.low = lo;
  out.high = hi;
  // Within the bracket, where the straight line through its ends crosses zero.
  out.value = f_hi == f_lo ? lo + (hi - lo) / 2 : lo - f_lo * (hi - lo) / (f_hi - f_lo);
  out.runs = pair.runs();
  return out;
}

}  // namespace cdsim::run
