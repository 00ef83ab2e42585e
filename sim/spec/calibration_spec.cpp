#include "sim/spec/calibration_spec.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "sim/spec/yaml_document.hpp"
#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec {
namespace {

using detail::Bounds;
using detail::child_path;
using detail::Need;
using detail::YamlReader;

constexpr int kMaxRuns = 1'000'000;
constexpr std::size_t kMaxParameters = 20;  // an emulator in more dimensions needs more runs than anyone has
// The 95th centile of the standard normal: a lognormal's sd of log from its median and p95.
constexpr double kZ95 = 1.6448536269514722;

/// One `key: {prior: ..., ...}` entry.
void read_prior(YamlReader& r, const std::string& key, const YAML::Node& node, CalibrationSpec& s) {
  const std::string path = child_path("parameters", key);
  if (key == "seed" || key == "replicates" || key == "years" || key == "start" || key == "step" ||
      key == "population.size") {
    r.error(node, path,
            "is set by the calibration itself (one run per design point, over the data's periods, of "
            "population_fraction of the residents)");
    return;
  }
  if (!r.expect_map(node, path)) return;
  ParameterDistribution p;
  p.key = key;
  std::size_t kind = 0;
  if (const auto k = r.find(node, path, "prior", Need::required)) {
    const auto chosen = r.choice(*k, child_path(path, "prior"), kPriorNames);
    if (!chosen) return;
    kind = *chosen;
  } else {
    return;
  }
  switch (kind) {
    case 0: {  // uniform
      r.check_keys(node, path, {"prior", "low", "high"});
      p.kind = ParameterDistribution::Kind::range;
      const bool ok = r.read(node, path, "low", Need::required, p.low) & r.read(node, path, "high", Need::required, p.high);
      if (ok && !(p.high > p.low)) r.error(node, path, fmt::format("high ({}) must be above low ({})", p.high, p.low));
      break;
    }
    case 1: {  // lognormal
      r.check_keys(node, path, {"prior", "median", "p95"});
      p.kind = ParameterDistribution::Kind::lognormal;
      double median = 0, p95 = 0;
      const bool ok = r.read(node, path, "median", Need::required, median, Bounds{0, HUGE_VAL, true, false}) &
                      r.read(node, path, "p95", Need::required, p95, Bounds{0, HUGE_VAL, true, false});
      if (ok && !(p95 > median)) r.error(node, path, fmt::format("p95 ({}) must be above the median ({})", p95, median));
      if (ok && p95 > median) p.mean = std::log(median), p.sd = (std::log(p95) - std::log(median)) / kZ95;
      break;
    }
    default: {  // normal
      r.check_keys(node, path, {"prior", "mean", "sd"});
      p.kind = ParameterDistribution::Kind::normal;
      r.read(node, path, "mean", Need::required, p.mean);
      r.read(node, path, "sd", Need::required, p.sd, Bounds{0, HUGE_VAL, true, false});
      break;
    }
  }
  s.parameters.push_back(p);
}

}  // namespace

CalibrationSpec load_calibration(const std::filesystem::path& file) {
  const std::string label = file.string();
  CalibrationSpec s;
  s.text = read_spec_file(file, "calibration");
  const YAML::Node root = parse_document(s.text, label, "calibration");
  YamlReader r(label);
  r.check_keys(root, "", {"scenario", "data", "set", "parameters", "method", "budget", "population_fraction",
                          "implausibility_cutoff", "model_discrepancy", "seed"});
  const std::filesystem::path dir = file.parent_path();
  if (const auto v = r.find(root, "", "scenario", Need::required)) {
    if (const auto name = r.string(*v, "scenario")) s.scenario = dir / *name;
  }
  if (const auto v = r.find(root, "", "data", Need::required)) {
    if (const auto name = r.string(*v, "data")) s.data = dir / *name;
  }
  if (const auto set = r.find(root, "", "set")) detail::read_set(r, *set, s.set);
  if (const auto params = r.find(root, "", "parameters", Need::required)) {
    if (r.expect_map(*params, "parameters")) {
      if (params->size() == 0) r.error(*params, "parameters", "expected at least one parameter to fit");
      if (params->size() > kMaxParameters)
        r.error(*params, "parameters",
                fmt::format("at most {} parameters (an emulator needs far more runs in more dimensions)", kMaxParameters));
      // Every name is a scenario key path, checked when the scenario is built at the prior's ends.
      std::set<std::string> seen;
      for (const auto& entry : *params) {
        if (!entry.first.IsScalar()) {
          r.error(entry.first, "parameters", "expected a scenario key path such as transitions.support_to_crisis");
        } else if (!seen.insert(entry.first.Scalar()).second) {
          r.error(entry.first, child_path("parameters", entry.first.Scalar()), "this key is given twice");
        } else {
          read_prior(r, entry.first.Scalar(), entry.second, s);
        }
      }
    }
  }
  r.read(root, "", "method", Need::optional, s.method, kCalibrationMethodNames);
  if (const auto budget = r.find(root, "", "budget", Need::required)) {
    if (r.expect_map(*budget, "budget")) {
      r.check_keys(*budget, "budget", {"runs", "waves"});
      r.read(*budget, "budget", "runs", Need::required, s.runs, 20, kMaxRuns);
      r.read(*budget, "budget", "waves", Need::optional, s.waves, 1, 20);
    }
  }
  r.read(root, "", "population_fraction", Need::optional, s.population_fraction, Bounds{0, 1, true, false});
  r.read(root, "", "implausibility_cutoff", Need::optional, s.implausibility_cutoff, Bounds{1, 10});
  r.read(root, "", "model_discrepancy", Need::optional, s.model_discrepancy, Bounds{0, 1});
  r.read(root, "", "seed", Need::optional, s.seed, 0, std::numeric_limits<std::int64_t>::max());
  if (r.error_count() > 0) throw SpecError(r.take_diagnostics());
  return s;
}

}  // namespace cdsim::spec
