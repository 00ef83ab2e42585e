// Data flow: scenario YAML -> [ScenarioSpec] -> built world.
// The typed, validated, immutable description of one scenario. Every field here has a YAML key of the
// same name (see docs/parameters.md); load_scenario() fills it, emit_scenario() writes it back out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/spec/date.hpp"

namespace cdsim::spec {

/// The six base transitions between the three living states, in this fixed order everywhere
/// (spec arrays, hazard tables, docs). from/to use the state order independent=0, support=1, crisis=2.
inline constexpr int kTransitionCount = 6;
inline constexpr std::array<const char*, kTransitionCount> kTransitionNames = {
    "independent_to_support", "independent_to_crisis", "support_to_independent",
    "support_to_crisis",      "crisis_to_support",     "crisis_to_independent"};
inline constexpr std::array<int, kTransitionCount> kTransitionFrom = {0, 0, 1, 1, 2, 2};
inline constexpr std::array<int, kTransitionCount> kTransitionTo = {1, 2, 0, 2, 1, 0};

inline constexpr int kLivingStateCount = 3;
inline constexpr std::array<const char*, kLivingStateCount> kStateNames = {"independent", "support",
                                                                          "crisis"};

/// Age bands of population.age_shares: 0-4, 5-9, ..., 85-89, 90+ (19 bands, five years wide).
inline constexpr int kAgeBandCount = 19;
inline constexpr int kAgeBandWidth = 5;
/// Oldest age a resident can reach, in whole years; mortality makes it practically unreachable.
inline constexpr int kMaxAgeYears = 110;

/// One value per transition, indexed like kTransitionNames.
using PerTransition = std::array<double, kTransitionCount>;
/// One value per living state, indexed like kStateNames.
using PerState = std::array<double, kLivingStateCount>;

struct NeighbourhoodSpec {
  std::string name;
  double x = 0;                ///< map layout position (arbitrary units; the viewer scales to fit)
  double y = 0;
  int deprivation_decile = 5;  ///< 1 = most deprived tenth of England, 10 = least (IMD convention)
  double share = 0;            ///< share of the borough's residents living here; shares sum to 1

  friend bool operator==(const NeighbourhoodSpec&, const NeighbourhoodSpec&) = default;
};

struct PopulationSpec {
  std::int64_t size = 0;                         ///< residents at step 0
  std::vector<NeighbourhoodSpec> neighbourhoods;  ///< resolved list (generated when YAML gives a count)
  std::array<double, kAgeBandCount> age_shares{};  ///< share of residents per 5-year band; sum to 1
  double female_share = 0.51;

  friend bool operator==(const PopulationSpec&, const PopulationSpec&) = default;
};

/// Log-linear covariate effects: hazard = base * exp(age_per_decade * (age - reference_age) / 10
///                                                   + deprivation_per_decile * (5.5 - decile)).
struct CovariateSpec {
  double reference_age = 50;  ///< years; the base hazards apply at this age and mid deprivation
  PerTransition age_per_decade{};
  PerTransition deprivation_per_decile{};

  friend bool operator==(const CovariateSpec&, const CovariateSpec&) = default;
};

/// Gompertz mortality: annual hazard = max(minimum_annual, annual_at_65 * exp(gompertz_per_year *
/// (age - 65))) * state_multiplier[state].
struct MortalitySpec {
  double annual_at_65 = 0;
  double gompertz_per_year = 0;
  double minimum_annual = 0;
  PerState state_multiplier{1, 1, 1};

  friend bool operator==(const MortalitySpec&, const MortalitySpec&) = default;
};

/// Births: each living woman aged min_age..max_age has this annual probability of a birth.
struct FertilitySpec {
  double annual_rate = 0;
  int min_age = 15;
  int max_age = 44;

  friend bool operator==(const FertilitySpec&, const FertilitySpec&) = default;
};

enum class Agency { council, nhs };
inline constexpr std::array<const char*, 2> kAgencyNames = {"council", "nhs"};

/// One cost category: a unit of service (a GP consultation, a care-home week) with its price,
/// who pays, and how many units a resident in each state uses per week on average.
struct CostItem {
  std::string name;
  Agency agency = Agency::council;
  double unit_cost = 0;   ///< pounds per unit, 2023/24 prices
  PerState use_per_week{};  ///< units per resident-week in state independent, support, crisis

  friend bool operator==(const CostItem&, const CostItem&) = default;
};

/// Mechanisms can be switched off one by one. With all off, the model is exactly the Markov chain on
/// the base hazards. network, capacity and assets are reserved names: this version refuses `true`.
struct Mechanisms {
  bool ageing = true;
  bool mortality = true;
  bool births = true;
  bool covariates = true;
  bool network = false;
  bool capacity = false;
  bool assets = false;

  friend bool operator==(const Mechanisms&, const Mechanisms&) = default;
};

struct PolicySpec {
  std::string type;
  Date start;
  std::optional<Date> end;

  friend bool operator==(const PolicySpec&, const PolicySpec&) = default;
};

struct ScenarioSpec {
  std::string name;
  std::uint64_t seed = 0;
  Date start;
  double years = 0;
  std::string step = "week";  ///< the only step this version knows
  int replicates = 1;
  PopulationSpec population;
  PerState initial{};         ///< shares at step 0; sum to 1
  PerTransition transitions{};  ///< base weekly hazards
  CovariateSpec covariates;
  MortalitySpec mortality;
  FertilitySpec fertility;
  std::vector<CostItem> costs;
  Mechanisms mechanisms;
  std::vector<PolicySpec> policies;

  /// Number of weekly steps in the horizon: round(years * 365.25 / 7).
  [[nodiscard]] int step_count() const;
  /// Bytes a run of this scenario will hold at its peak (resident columns with room for births, one
  /// replicate's observations), estimated before allocating so an oversized scenario is refused.
  [[nodiscard]] std::uint64_t estimated_memory_bytes() const;

  /// Exact, field by field: parse_scenario(emit_scenario(s)) == s.
  friend bool operator==(const ScenarioSpec&, const ScenarioSpec&) = default;
};

}  // namespace cdsim::spec
