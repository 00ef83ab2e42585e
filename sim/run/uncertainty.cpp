#include "sim/run/uncertainty.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "sim/core/random.hpp"
#include "sim/record/posterior_file.hpp"
#include "sim/run/sweep_design.hpp"
#include "sim/spec/load_scenario.hpp"

namespace cdsim::run {
namespace {

/// FNV-1a: the draw of a key depends on its name only, not on its place in the list, so two scenarios
/// that list different keys still draw the same value of each key they share.
std::uint64_t key_hash(const std::string& key) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : key) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

/// The number at a key path of the scenario as written out (maps by key, lists by index), as `--set`
/// finds it; nullopt when the path names no number.
std::optional<double> number_at(const YAML::Node& scenario, const std::string& key) {
  YAML::Node node = YAML::Clone(scenario);
  std::size_t pos = 0;
  while (pos <= key.size()) {
    const std::size_t dot = std::min(key.find('.', pos), key.size());
    const std::string part = key.substr(pos, dot - pos);
    pos = dot + 1;
    YAML::Node next;
    if (node.IsMap()) {
      next = node[part];
    } else if (node.IsSequence()) {
      std::size_t index = 0;
      try {
        index = std::stoul(part);
      } catch (const std::exception&) {
        return std::nullopt;
      }
      if (index >= node.size()) return std::nullopt;
      next = node[index];
    }
    if (!next.IsDefined() || next.IsNull()) return std::nullopt;
    node.reset(next);
  }
  if (!node.IsScalar()) return std::nullopt;
  try {
    return node.as<double>();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<spec::Override> overrides_of(const ParameterDraws& draws, int replicate) {
  std::vector<spec::Override> out;
  for (std::size_t j = 0; j < draws.names.size(); ++j) {
    spec::ParameterDistribution as_written;
    as_written.integer = draws.integer[j];
    out.push_back({draws.names[j], format_value(as_written, draws.value(replicate, j))});
  }
  return out;
}

/// The calibration's draws, checked: a posterior that fitted nothing has none to give.
record::PosteriorResults posterior_draws(const spec::ScenarioSpec& spec) {
  record::PosteriorResults post = record::read_posterior(spec.posterior);
  if (post.status != "fitted" || post.draws == 0)
    throw std::runtime_error(fmt::format("scenario '{}': posterior '{}' has no draws (its calibration found {})", spec.name,
                                         spec.posterior, post.status));
  return post;
}

}  // namespace

ParameterDraws draw_parameters(const spec::ScenarioSpec& spec) {
  ParameterDraws draws;
  record::PosteriorResults post;
  if (!spec.posterior.empty()) post = posterior_draws(spec);
  const std::size_t fitted = post.parameter_names.size();
  for (std::size_t k = 0; k < fitted; ++k) {
    draws.names.push_back(post.parameter_names[k]);
    const auto& list = spec.uncertainty;
    const auto entry = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.key == post.parameter_names[k]; });
    draws.integer.push_back(entry != list.end() && entry->integer);
  }
  const YAML::Node written = YAML::Load(spec::emit_scenario(spec));
  std::vector<spec::ParameterDistribution> drawn;  // the list's entries the posterior leaves
  std::vector<double> own;  // the scenario's value at each of their keys
  for (const spec::ParameterDistribution& p : spec.uncertainty) {
    if (std::find(post.parameter_names.begin(), post.parameter_names.end(), p.key) != post.parameter_names.end()) continue;
    drawn.push_back(p);
    draws.names.push_back(p.key);
    draws.integer.push_back(p.integer);
    const std::optional<double> v = number_at(written, p.key);
    if (!v) {
      throw std::runtime_error(fmt::format("scenario '{}': uncertainty: '{}' names no number of the scenario (give a "
                                           "key path as --set takes it, like transitions.support_to_crisis)",
                                           spec.name, p.key));
    }
    own.push_back(*v);
  }
  for (int r = 0; r < spec.replicates; ++r) {
    const core::RandomStreams rng(spec.seed, static_cast<std::uint64_t>(r));
    const std::size_t draw = fitted > 0 ? static_cast<std::size_t>(r) % post.draws : 0;
    for (std::size_t k = 0; k < fitted; ++k) draws.values.push_back(post.draw_value[draw * fitted + k]);
    for (std::size_t j = 0; j < drawn.size(); ++j) {
      spec::ParameterDistribution p = drawn[j];
      const double u = rng.uniforms(key_hash(p.key), 0, core::Stream::parameter_draw)[0];
      const bool integer = p.integer;
      p.integer = false;
      double v = value_at(p, u);
      if (p.relative) v *= own[j];
      draws.values.push_back(integer ? std::round(v) : v);
    }
  }
  // Every replicate's scenario now, so a draw outside its key's range stops the run before it starts.
  for (int r = 0; r < spec.replicates; ++r) {
    try {
      (void)scenario_for_replicate(spec, draws, r);
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("scenario '{}': replicate {}'s parameter draw is not a valid scenario; narrow "
                                           "the distribution in its uncertainty: list:\n{}",
                                           spec.name, r + 1, e.what()));
    }
  }
  return draws;
}

std::optional<double> scenario_number(const spec::ScenarioSpec& spec, const std::string& key) {
  return number_at(YAML::Load(spec::emit_scenario(spec)), key);
}

spec::ScenarioSpec scenario_for_replicate(const spec::ScenarioSpec& spec, const ParameterDraws& draws, int replicate) {
  return spec::parse_scenario(spec::emit_scenario(spec), fmt::format("--uncertainty (replicate {})", replicate + 1),
                              overrides_of(draws, replicate));
}

}  // namespace cdsim::run
