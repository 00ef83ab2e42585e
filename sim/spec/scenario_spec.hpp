// Data flow: scenario YAML -> [ScenarioSpec] -> built world.
// The typed, validated, immutable description of one scenario. Every field here has a YAML key of the
// same name (see docs/parameters.md); load_scenario() fills it, emit_scenario() writes it back out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/spec/agency.hpp"
#include "sim/spec/date.hpp"
#include "sim/spec/outline.hpp"
#include "sim/spec/parameter_distribution.hpp"
#include "sim/spec/policy_spec.hpp"

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

/// Age groups of results and of cost items' `age_groups`, in this order.
inline constexpr int kAgeGroupCount = 3;
inline constexpr std::array<const char*, kAgeGroupCount> kAgeGroupNames = {"0-17", "18-64", "65+"};
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
  // Optional, from public data (`cdsim borough`); a scenario without them runs exactly as before.
  std::string code;            ///< official area code (ONS GSS, e.g. E01000001) so results join on it; "" = none
  /// This neighbourhood's age pyramid (bands as population.age_shares); the borough's when absent.
  std::optional<std::array<double, kAgeBandCount>> age_shares;
  std::vector<Ring> outline;     ///< boundary rings in WGS84 [lon, lat]; rings inside others are holes
  std::optional<LonLat> centroid;  ///< [lon, lat]; computed from the outline when only that is given

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

/// One cost category: a unit of service (a GP consultation, a care-home week) with its price,
/// who pays, and how many units a resident in each state uses per week on average.
struct CostItem {
  std::string name;
  Agency agency = Agency::council_adult_care;
  double unit_cost = 0;   ///< pounds per unit, 2023/24 prices
  PerState use_per_week{};  ///< units per resident-week in state independent, support, crisis
  std::array<bool, kAgeGroupCount> age_groups{true, true, true};  ///< which age groups use it
  /// Units per care-home resident-week. With care homes modelled (mechanisms.care_homes), an item with
  /// a care-home use is priced on the care-home residents the model follows, and its per-state use then
  /// counts only residents under 65 (whose placements the model does not follow).
  double care_home_use = 0;

  friend bool operator==(const CostItem&, const CostItem&) = default;
};

/// How residents live together (households are formed at step 0 within each neighbourhood).
struct HouseholdSpec {
  double older_living_alone = 0;   ///< share of residents aged 65+ who live alone (others in couples)
  double adults_living_alone = 0;  ///< share of residents aged 18-64 without a partner (others in couples);
                                   ///< single adults of parenting age may live with children

  friend bool operator==(const HouseholdSpec&, const HouseholdSpec&) = default;
};

/// The social network: household members, neighbours and friends, and what ties do.
struct NetworkSpec {
  double neighbour_ties = 0;  ///< mean (Poisson) ties a resident makes in its neighbourhood (mutual)
  double friend_ties = 0;     ///< mean (Poisson) ties a resident makes anywhere in the borough (mutual)
  int isolation_threshold = 0;                ///< isolated when living ties (with asset ties) <= this
  double isolation_onset_multiplier = 1;      ///< on independent_to_support while isolated
  double isolation_mortality_multiplier = 1;  ///< on mortality while isolated
  double informal_support_per_tie = 0;  ///< log multiplier on support_to_crisis per independent tie
  int informal_support_max_ties = 0;    ///< ties beyond this add no more informal support
  double household_crisis_multiplier = 1;  ///< on independent_to_support and support_to_crisis while a
                                           ///< household member is in crisis
  // Carers (mechanisms.carers): which ties actually help. The neutral values (every tie helps, no
  // limit, no strain) give the same results as the mechanism switched off.
  double help_chance = 1;              ///< chance a tie is willing to care for the resident, drawn once per pair
  int carer_capacity = 100;            ///< a carer cares for at most this many of its ties
  double carer_strain_multiplier = 1;  ///< on a carer's independent_to_support while one it cares for is in support

  friend bool operator==(const NetworkSpec&, const NetworkSpec&) = default;
};

/// Community assets (groups, clubs, libraries, centres) in every neighbourhood, with places.
struct AssetSpec {
  double per_10k_residents = 0;  ///< assets per 10,000 residents of a neighbourhood at step 0
  int places_per_asset = 0;      ///< residents one asset can engage at a time
  double join_weekly = 0;        ///< weekly chance a resident not engaged looks for a place
  double leave_weekly = 0;       ///< weekly chance an engaged resident drifts away
  int weeks_to_connect = 0;      ///< weeks of engagement before it counts as ties
  int connection_ties = 0;       ///< ties an established engagement counts as

  friend bool operator==(const AssetSpec&, const AssetSpec&) = default;
};

/// A council service with limited places for residents with support needs. When requests exceed
/// places a first-come, first-served waiting list forms; waiting raises escalation.
struct ServiceSpec {
  std::string name;                ///< also its cost category in results
  double request_share = 0;        ///< share of residents entering support who ask for it
  double capacity_per_10k = 0;     ///< places per 10,000 residents at step 0 (borough-wide pool)
  double waiting_multiplier = 1;   ///< on support_to_crisis while waiting
  double served_multiplier = 1;    ///< on support_to_crisis while served
  double cost_per_week = 0;        ///< pounds per resident-week served, 2023/24 prices
  Agency agency = Agency::council_adult_care;

  friend bool operator==(const ServiceSpec&, const ServiceSpec&) = default;
};

/// Short-term reablement after a crisis: for `weeks` weeks after stepping down to support, recovery
/// is fast enough that a `success` share would regain independence absent other exits.
struct ReablementSpec {
  double share = 0;    ///< share of crisis-to-support step-downs offered reablement
  int weeks = 0;
  double success = 0;  ///< chance of independence by the end of reablement (recovery alone)

  friend bool operator==(const ReablementSpec&, const ReablementSpec&) = default;
};

/// Permanent residential and nursing care for residents aged 65+: a resident in crisis asks for a place
/// with a weekly chance rising with age, waits `assessment_weeks` for the assessment, then for a free
/// bed (first come, first served), and lives there until death with its own mortality. The stock is
/// every care-home resident aged 65+ (self-funders too); `council_funded_share` of them, and of their
/// admissions, are the council's (ASCOF 2A counts those).
struct CareHomeSpec {
  double beds_per_10k = 0;              ///< beds per 10,000 residents at step 0 (borough-wide)
  double admission_weekly_at_65 = 0;    ///< weekly chance a resident in crisis aged 65 asks for a place
  double admission_per_year_of_age = 0;  ///< log growth of that chance per year of age above 65
  int assessment_weeks = 0;             ///< weeks from the request to joining the queue for a bed
  double mortality_multiplier = 1;      ///< on mortality while living in a care home
  double initial_share_65plus = 0;      ///< residents aged 65+ in a care home at step 0
  double initial_share_85plus = 0;      ///< of those, the share aged 85+
  double council_funded_share = 0;      ///< share of residents and admissions the council supports

  friend bool operator==(const CareHomeSpec&, const CareHomeSpec&) = default;
};

/// Transient acute episodes (a fall, an infection, a family emergency): crisis risk rises for a few
/// weeks, then falls back. People picked at a peak improve without help: regression to the mean.
struct AcuteSpec {
  double onset_weekly = 0;  ///< weekly chance of an episode for a resident not in crisis
  int weeks = 0;            ///< length of an episode
  double multiplier = 1;    ///< on independent_to_crisis and support_to_crisis during an episode

  friend bool operator==(const AcuteSpec&, const AcuteSpec&) = default;
};

/// The council's view of need, as it publishes it (SALT, ASC-AFR): adults who enter support and ask
/// for help. An entrant given a service place or reablement has asked; of the others, a share by age
/// ask, and of those a share are signposted to universal services, the rest get no service. Recorded
/// only: requests change no resident's hazards.
struct RequestSpec {
  double ask_working_age = 0;  ///< chance that an entrant aged 18-64 with no service or reablement asks
  double ask_older = 0;        ///< the same at 65+
  double universal = 0;        ///< share of those who asked and got neither that are signposted

  friend bool operator==(const RequestSpec&, const RequestSpec&) = default;
};

/// Children's social care as the DfE counts it, at its own scale: children in need (the children in
/// support it knows of, with those on plans and looked after), child-protection plans and looked-after
/// children. A child entering crisis (neighbourhood by neighbourhood, counted in the resident pass)
/// starts a plan and is taken into care in expectation by these shares; plans and care last the given
/// mean weeks (ageing out included). Kept as expected stocks per neighbourhood, so the residents' own
/// rule is unchanged; looked-after children are priced by placement.
struct ChildrensServicesSpec {
  double in_need_share = 0;     ///< share of children in support whom children's services count as in need
  double protection_share = 0;  ///< expected child-protection plans started per child entering crisis
  double care_share = 0;        ///< expected children taken into care per child entering crisis
  double protection_weeks = 0;  ///< mean length of a plan
  double care_weeks = 0;        ///< mean time looked after
  double foster_share = 0;      ///< share of looked-after children in (independent) foster placements
  double foster_week = 0;       ///< pounds per foster placement-week
  double home_share = 0;        ///< share in children's homes
  double home_week = 0;         ///< pounds per children's-home placement-week

  friend bool operator==(const ChildrensServicesSpec&, const ChildrensServicesSpec&) = default;
};

/// Children's-services statuses, in the results file's children_status order.
inline constexpr int kChildrenStatusCount = 3;
inline constexpr std::array<const char*, kChildrenStatusCount> kChildrenStatusNames = {
    "child_in_need", "child_protection_plan", "looked_after"};

/// The cost categories children's services add after the cost items and services: placements of
/// looked-after children, paid by the council's children's services. Cost items and services may not
/// use these names.
inline constexpr std::array<const char*, 2> kPlacementCategoryNames = {"foster_placement_week",
                                                                       "childrens_home_week"};

/// Sequels of a request, in the results file's request_outcome order.
inline constexpr int kRequestOutcomeCount = 4;
inline constexpr std::array<const char*, kRequestOutcomeCount> kRequestOutcomeNames = {
    "long_term", "short_term", "universal", "no_service"};

/// A secular change in the onset of need beyond what ageing brings (rising working-age need, changing
/// thresholds): the base independent_to_support hazard of each age band grows by this fraction a
/// year, compounded, from the start. Demography supplies the rest of demand growth.
struct TrendSpec {
  double working_age_onset = 0;  ///< per year, ages 18-64
  double older_onset = 0;        ///< per year, ages 65+

  friend bool operator==(const TrendSpec&, const TrendSpec&) = default;
};

/// Mechanisms can be switched off one by one. With all off, the model is exactly the Markov chain on
/// the base hazards.
struct Mechanisms {
  bool ageing = true;
  bool mortality = true;
  bool births = true;
  bool covariates = true;
  bool network = true;     ///< households and social ties: isolation, informal support, carer crisis
  bool capacity = true;    ///< services with places and waiting lists
  bool assets = true;      ///< community assets and engagement
  bool reablement = true;
  bool acute = true;
  bool trend = true;       ///< the secular trend in onset (TrendSpec)
  bool care_homes = true;  ///< permanent care-home admissions, beds and residents (CareHomeSpec)
  bool carers = true;      ///< with network: only carers help, within their capacity, and caring strains them
  bool childrens_services = true;  ///< children in need, plans and care, with placements priced

  friend bool operator==(const Mechanisms&, const Mechanisms&) = default;
};

struct ScenarioSpec {
  std::string name;
  std::uint64_t seed = 0;
  Date start;
  double years = 0;
  std::string step = "week";  ///< the only step this version knows
  int replicates = 1;
  PopulationSpec population;
  PerState initial{};         ///< shares at step 0; sum to 1 (unused when initial_equilibrium)
  /// `initial: equilibrium`: each resident's state from its cell's profile as the base hazards sustain
  /// it, untilted, so need does not relax from imposed shares in the first years.
  bool initial_equilibrium = false;
  /// Years of an unrecorded pilot run (every mechanism, no policy, no trend) from which step 0 takes
  /// each age and deprivation cell's mix of states: the mix the whole model sustains, so need does not
  /// relax in the first recorded years. The people, ages and places at step 0 are still the population's.
  double burn_in_years = 0;
  PerTransition transitions{};  ///< base weekly hazards
  CovariateSpec covariates;
  MortalitySpec mortality;
  FertilitySpec fertility;
  std::vector<CostItem> costs;
  HouseholdSpec households;
  NetworkSpec network;
  AssetSpec assets;
  std::vector<ServiceSpec> services;
  ReablementSpec reablement;
  AcuteSpec acute;
  CareHomeSpec care_homes;
  TrendSpec trend;
  RequestSpec requests;
  ChildrensServicesSpec childrens_services;
  Mechanisms mechanisms;
  std::vector<PolicySpec> policies;
  /// How unsure each uncertain number is (docs/parameters.md, "Uncertainty"): `cdsim run --uncertainty`
  /// gives each replicate its own draw of these keys. The defaults' list, with the scenario's own
  /// entries replacing those of the same key and adding others.
  std::vector<ParameterDistribution> uncertainty;
  /// A calibration's posterior file (`cdsim calibrate`), as an absolute path; "" for none. With
  /// --uncertainty, replicate r takes the posterior's draw r (modulo the draws) of the keys it fitted,
  /// jointly, in place of their `uncertainty` entries.
  std::string posterior;

  /// Number of weekly steps in the horizon: round(years * 365.25 / 7).
  [[nodiscard]] int step_count() const;
  /// Number of weekly steps of the burn-in: round(burn_in_years * 365.25 / 7).
  [[nodiscard]] int burn_in_steps() const;
  /// Bytes a run of this scenario will hold at its peak (resident columns with room for births, one
  /// replicate's observations), estimated before allocating so an oversized scenario is refused.
  [[nodiscard]] std::uint64_t estimated_memory_bytes() const;

  /// Exact, field by field: parse_scenario(emit_scenario(s)) == s.
  friend bool operator==(const ScenarioSpec&, const ScenarioSpec&) = default;
};

/// Indices of the neighbourhoods a policy acts in, ascending. Names not in the population are skipped
/// (the loader has reported them); most_deprived takes the k lowest deciles, earlier listed first on ties.
std::vector<int> target_neighbourhoods(const PolicyTarget& target, const PopulationSpec& population);

/// Who pays for a policy: its `paid_by`, or by default the agency whose budget it belongs to (a
/// children's centre or youth club: children's services; a day centre, a fund, a patch team: adult
/// care; a library: the council's other services; social prescribing: the NHS; a threshold or a cut:
/// the service's agency). docs/parameters.md lists them.
AgencyShares paid_by_of(const PolicySpec& policy, const ScenarioSpec& scenario);

}  // namespace cdsim::spec
