#include "sim/spec/sweep_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "sim/spec/yaml_document.hpp"
#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec {
namespace {

using detail::Bounds;
using detail::child_path;
using detail::item_path;
using detail::Need;
using detail::YamlReader;

// Bounds that keep a sweep from being a mistake: a million points is days on a cluster.
constexpr std::int64_t kMaxSamples = 1'000'000;
constexpr std::int64_t kMaxReplicates = 100'000;
constexpr std::int64_t kMaxParameters = 1'000;
constexpr double kMaxPoints = 10'000'000, kMaxRuns = 100'000'000;

void read_design(YamlReader& r, const YAML::Node& node, const std::filesystem::path& dir, SweepSpec& s) {
  const std::string path = "design";
  if (!r.expect_map(node, path)) return;
  r.check_keys(node, path, {"type", "samples", "levels", "seed", "file"});
  SweepDesign& d = s.design;
  r.read(node, path, "type", Need::required, d.type, kSweepDesignNames);
  r.read(node, path, "seed", Need::optional, d.seed, 0, std::numeric_limits<std::int64_t>::max());
  const bool needs_samples = d.type == SweepDesignType::latin_hypercube || d.type == SweepDesignType::sobol ||
                             d.type == SweepDesignType::morris;
  const auto samples = r.find(node, path, "samples", needs_samples ? Need::required : Need::optional);
  if (samples && !needs_samples) r.error(*samples, child_path(path, "samples"), "only latin_hypercube, sobol and morris take samples");
  if (samples && needs_samples) r.read(node, path, "samples", Need::required, d.samples, 1, kMaxSamples);
  d.levels = d.type == SweepDesignType::morris ? 4 : 3;
  if (const auto levels = r.find(node, path, "levels")) {
    if (d.type != SweepDesignType::grid && d.type != SweepDesignType::morris) {
      r.error(*levels, child_path(path, "levels"), "only grid and morris take levels");
    } else if (r.read(node, path, "levels", Need::required, d.levels, 1, 1000) && d.type == SweepDesignType::morris &&
               (d.levels < 2 || d.levels % 2 != 0)) {
      r.error(*levels, child_path(path, "levels"), fmt::format("Morris needs an even number of levels (4 is usual), got {}", d.levels));
    }
  }
  const auto file = r.find(node, path, "file", d.type == SweepDesignType::points ? Need::required : Need::optional);
  if (file && d.type != SweepDesignType::points) r.error(*file, child_path(path, "file"), "only the points design reads a file");
  if (file && d.type == SweepDesignType::points) {
    if (const auto name = r.string(*file, child_path(path, "file"))) d.points = dir / *name;
  }
}

void read_outputs(YamlReader& r, const YAML::Node& node, SweepSpec& s) {
  const std::string path = "outputs";
  if (!r.expect_map(node, path)) return;
  r.check_keys(node, path, {"kpis", "series"});
  r.read(node, path, "series", Need::optional, s.series);
  if (const auto list = r.find(node, path, "kpis")) {
    const std::string at = child_path(path, "kpis");
    if (!r.expect_list(*list, at)) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (const auto k = r.choice((*list)[i], item_path(at, i), kSweepKpiNames)) {
        const std::string name = kSweepKpiNames[*k];
        if (std::find(s.kpis.begin(), s.kpis.end(), name) != s.kpis.end()) {
          r.error((*list)[i], item_path(at, i), fmt::format("'{}' is listed twice", name));
        } else {
          s.kpis.push_back(name);
        }
      }
    }
  }
}

}  // namespace

SweepSpec load_sweep(const std::filesystem::path& file) {
  const std::string label = file.string();
  SweepSpec s;
  s.text = read_spec_file(file, "sweep");
  const YAML::Node root = parse_document(s.text, label, "sweep");
  YamlReader r(label);
  r.check_keys(root, "", {"name", "base", "set", "replicates", "parameters", "design", "outputs"});
  const std::filesystem::path dir = file.parent_path();
  if (const auto name = r.find(root, "", "name", Need::required)) {
    if (const auto v = r.identifier(*name, "name")) s.name = *v;
  }
  if (const auto base = r.find(root, "", "base", Need::required)) {
    if (const auto v = r.string(*base, "base")) s.base = dir / *v;
  }
  if (const auto set = r.find(root, "", "set")) detail::read_set(r, *set, s.set);
  r.read(root, "", "replicates", Need::optional, s.replicates, 1, kMaxReplicates);
  if (const auto list = r.find(root, "", "parameters", Need::required)) {
    if (r.expect_list(*list, "parameters")) {
      if (list->size() == 0) r.error(*list, "parameters", "expected at least one parameter to vary");
      if (static_cast<std::int64_t>(list->size()) > kMaxParameters)
        r.error(*list, "parameters", fmt::format("at most {} parameters", kMaxParameters));
      std::set<std::string> keys;
      for (std::size_t i = 0; i < list->size() && static_cast<std::int64_t>(i) < kMaxParameters; ++i)
        read_distribution(r, (*list)[i], item_path("parameters", i), s.parameters, keys,
                          "set by the sweep itself (replicates, and one seed for all points)");
    }
  }
  if (const auto design = r.find(root, "", "design", Need::required)) read_design(r, *design, dir, s);
  if (const auto outputs = r.find(root, "", "outputs")) read_outputs(r, *outputs, s);
  if (s.kpis.empty()) s.kpis.assign(kSweepKpiNames.begin(), kSweepKpiNames.end());
  if (r.error_count() > 0) throw SpecError(r.take_diagnostics());
  // The design's size is known now (a grid's and a CSV's when they are built): refuse what would
  // not fit in memory rather than try.
  const auto d = static_cast<double>(s.parameters.size()), n = static_cast<double>(s.design.samples);
  const double points = s.design.type == SweepDesignType::sobol    ? n * (2 * d + 2)
                        : s.design.type == SweepDesignType::morris ? n * (d + 1)
                                                                   : n;
  if (points > kMaxPoints || points * s.replicates > kMaxRuns) {
    throw SpecError({Diagnostic{label, 0, 0, "design.samples",
                                fmt::format("the design has {:.0f} points and {:.0f} runs; at most {:.0f} points and {:.0f} "
                                            "runs in one sweep (split it, or use fewer samples)",
                                            points, points * s.replicates, kMaxPoints, kMaxRuns)}});
  }
  return s;
}

}  // namespace cdsim::spec
