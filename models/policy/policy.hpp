// Data flow: spec -> [policies] -> world (runtime state) -> the resident rule.
// Policies are wide and serial: once a week, before residents move, each policy in force changes the
// world's runtime state (asset places, service places and request shares, programme enrolments, the
// place effects of closures) and reports its spend. The spec stays immutable; the resident rule sees
// only what policies wrote into the world. One file per policy type; make_policies() is the registry.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "models/world.hpp"
#include "sim/core/random.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// What a policy did in one week.
struct PolicyWeek {
  double spend = 0;        ///< pounds; negative for a saving (a closed facility's budget)
  std::int64_t reach = 0;  ///< type-specific count, see docs/results-format.md (policy_reach)
};

/// When a policy is in force, in steps (step 1 is the first week of the scenario).
struct PolicyWindow {
  std::uint64_t first = 1;                                        ///< first step in force
  std::uint64_t end = std::numeric_limits<std::uint64_t>::max();  ///< first step no longer in force

  PolicyWindow(const spec::PolicySpec& policy, const spec::ScenarioSpec& scenario);
  [[nodiscard]] bool in_force(std::uint64_t step) const { return step >= first && step < end; }
};

/// What every policy is built from.
struct PolicySetting {
  const spec::PolicySpec& policy;
  const spec::ScenarioSpec& scenario;
  std::uint64_t index;        ///< position in the scenario's policies: keys the policy's random stream
  PolicyWindow window;
  std::vector<int> targets;   ///< neighbourhood indices, ascending
  const core::RandomStreams& rng;  ///< the replicate's streams, for draws made when the policy is built
};

class Policy {
 public:
  virtual ~Policy() = default;
  /// One week at `step`, called every step (also before and after the window, so effects can build
  /// and fade). Serial: it may change any runtime state of the world.
  virtual PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams& rng) = 0;
};

/// The registry: one policy object per spec entry, in spec order. Programme policies register their
/// effects in world.programmes; closures size world.place_effect.
std::vector<std::unique_ptr<Policy>> make_policies(const spec::ScenarioSpec& scenario, World& world,
                                                   const core::RandomStreams& rng);

// One factory per policy type, an overload each (one file each): a type without one is a compile
// error in registry.cpp, not a branch that falls off the end.
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::CommunityFundSpec& p, World& world);
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::ServiceClosureSpec& p, World& world);
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::PlaceTeamSpec& p, World& world);
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::SocialPrescribingSpec& p, World& world);
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::EligibilitySpec& p, World& world);
std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::BudgetCutSpec& p, World& world);

}  // namespace cdsim::model
