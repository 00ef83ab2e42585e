#include "sim/spec/parameter_distribution.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec {
namespace {

using detail::Bounds;
using detail::child_path;
using detail::item_path;
using detail::Need;
using detail::YamlReader;

std::optional<std::vector<double>> number_list(YamlReader& r, const YAML::Node& node, const std::string& path) {
  if (!r.expect_list(node, path)) return std::nullopt;
  std::vector<double> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto v = r.number(node[i], item_path(path, i));
    ok = ok && v.has_value();
    if (v) out.push_back(*v);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

void read_distribution(YamlReader& r, const YAML::Node& node, const std::string& path,
                       std::vector<ParameterDistribution>& out, std::set<std::string>& keys,
                       const std::string& reserved_reason, bool allow_relative) {
  if (!r.expect_map(node, path)) return;
  std::vector<std::string_view> allowed{"key", "range", "values", "normal", "lognormal", "triangular", "integer"};
  if (allow_relative) allowed.push_back("relative");
  r.check_keys(node, path, allowed);
  ParameterDistribution p;
  if (const auto key = r.find(node, path, "key", Need::required)) {
    if (const auto text = r.string(*key, child_path(path, "key"))) {
      p.key = *text;
      if (p.key == "seed" || p.key == "replicates") {
        r.error(*key, child_path(path, "key"), fmt::format("'{}' is {}", p.key, reserved_reason));
      } else if (!keys.insert(p.key).second) {
        r.error(*key, child_path(path, "key"), fmt::format("'{}' is given twice", p.key));
      }
    }
  }
  r.read(node, path, "integer", Need::optional, p.integer);
  if (allow_relative) r.read(node, path, "relative", Need::optional, p.relative);
  int forms = 0;
  for (const char* name : {"range", "values", "normal", "lognormal", "triangular"}) {
    const auto value = r.find(node, path, name);
    if (!value) continue;
    ++forms;
    const std::string at = child_path(path, name);
    const std::string kind = name;
    if (kind == "range" || kind == "triangular") {
      const std::size_t want = kind == "range" ? 2 : 3;
      const auto v = number_list(r, *value, at);
      if (!v) continue;
      if (v->size() != want) {
        r.error(*value, at, kind == "range" ? "expected [low, high]" : "expected [low, mode, high]");
        continue;
      }
      if (kind == "range") {
        p.kind = ParameterDistribution::Kind::range;
        p.low = (*v)[0], p.high = (*v)[1];
        if (!(p.low < p.high)) r.error(*value, at, fmt::format("low {} must be below high {}", p.low, p.high));
      } else {
        p.kind = ParameterDistribution::Kind::triangular;
        p.low = (*v)[0], p.mode = (*v)[1], p.high = (*v)[2];
        if (!(p.low <= p.mode && p.mode <= p.high && p.low < p.high))
          r.error(*value, at, fmt::format("needs low <= mode <= high and low < high, got [{}, {}, {}]", p.low, p.mode, p.high));
      }
    } else if (kind == "values") {
      const auto v = number_list(r, *value, at);
      if (!v) continue;
      if (v->empty()) r.error(*value, at, "expected at least one value");
      p.kind = ParameterDistribution::Kind::values;
      p.values = *v;
    } else {
      if (!r.expect_map(*value, at)) continue;
      r.check_keys(*value, at, {"mean", "sd"});
      p.kind = kind == "normal" ? ParameterDistribution::Kind::normal : ParameterDistribution::Kind::lognormal;
      r.read(*value, at, "mean", Need::required, p.mean);
      r.read(*value, at, "sd", Need::required, p.sd, Bounds{0, INFINITY, true, false});
    }
  }
  if (forms != 1) {
    r.error(node, path,
            forms == 0 ? "give one of range: [low, high], values: [...], normal: {mean, sd}, lognormal: {mean, sd}, "
                         "triangular: [low, mode, high]"
                       : "give only one of range, values, normal, lognormal, triangular");
  }
  out.push_back(std::move(p));
}

}  // namespace cdsim::spec
