// Data flow: scenario YAML -> [policy specs] -> the model's policies (models/policy/).
// The typed parameters of each policy type. Every struct lists its fields once, in `fields()`, with
// their YAML key and range: the loader, the emitter and the docs' parameter table all walk that list,
// so a key cannot be read but not written back. Defaults and their evidence rows: docs/parameters.md.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/spec/agency.hpp"
#include "sim/spec/date.hpp"

namespace cdsim::spec {

/// What a policy type's one word key names, besides its number fields: nothing (it acts on the
/// neighbourhoods of its target), a preventive facility (`facility:`), or one of the scenario's
/// services (`service:`; such a policy acts borough-wide, so its target must be all).
enum class PolicyAim { neighbourhoods, facility, service };

/// A number field: its key, where it lives, its range (inclusive) and whether it must be whole.
template <class T>
struct Field {
  const char* key;
  T& value;
  double low, high;
};

/// A community investment fund: grants to grassroots groups, awarded over `award_years` and paid on a
/// reducing scale over `taper_years` (3:2:1 for three years). A funded group opens `lead_weeks` after
/// its award with `places_per_group` places in the asset pool of its neighbourhood; some fold while
/// funded, and of the rest only a share finds its own money when the taper ends.
struct CommunityFundSpec {
  static constexpr const char* kType = "community_investment_fund";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::neighbourhoods;
  double budget = 7'500'000;         ///< pounds over the whole fund (cif_cost_to_authority)
  double award_years = 5;            ///< years over which grants are awarded evenly
  double grant_size = 17'857;        ///< pounds per group: £10m over >560 groups (cif_total_by_2018)
  int taper_years = 3;               ///< years a grant is paid over, on a reducing scale (cif_design)
  int lead_weeks = 26;               ///< from award to the group running [assumption]
  double failure_share = 0.3;        ///< share of funded groups that fold while funded [assumption]
  double self_financing_share = 0.6;  ///< share of surviving groups that carry on unfunded [assumption]
  int places_per_group = 25;         ///< residents one group engages at a time [assumption]

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"budget", budget, 0, 1e10});
    f(Field<double>{"award_years", award_years, 0.02, 50});
    f(Field<double>{"grant_size", grant_size, 1, 1e8});
    f(Field<int>{"taper_years", taper_years, 1, 20});
    f(Field<int>{"lead_weeks", lead_weeks, 0, 520});
    f(Field<double>{"failure_share", failure_share, 0, 1});
    f(Field<double>{"self_financing_share", self_financing_share, 0, 1});
    f(Field<int>{"places_per_group", places_per_group, 1, 10'000});
  }
  friend bool operator==(const CommunityFundSpec&, const CommunityFundSpec&) = default;
};

/// Preventive facilities a closure can close; each has its own evidence for who is affected and how fast.
enum class Facility { children_centre, youth_club, library, day_centre };
inline constexpr std::array<const char*, 4> kFacilityNames = {"children_centre", "youth_club", "library",
                                                              "day_centre"};

/// Closing a preventive facility: the target loses a share of its community-asset places at once, and
/// the facility's age group sees its onset and crisis hazards rise, ramping in over `lag_years`, in full
/// in the most deprived tenth and not at all in the least deprived three tenths (Sure Start: no effect
/// in the richest 30%). `annual_saving` is the budget line saved, recorded as negative policy spend.
struct ServiceClosureSpec {
  static constexpr const char* kType = "service_closure";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::facility;
  Facility facility = Facility::children_centre;
  double places_lost_share = 0.2;  ///< share of the target's asset places that close [assumption]
  double effect = 0.18;            ///< relative hazard rise at full effect, most deprived decile
  double lag_years = 5;            ///< years to full effect (linear ramp)
  double annual_saving = 0;        ///< pounds a year the closure saves

  /// The facility's evidence-based defaults for effect, lag and ages (see docs/parameters.md).
  void set_facility_defaults();
  /// Ages (whole years, inclusive) whose hazards the closure raises.
  [[nodiscard]] std::array<int, 2> ages() const;

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"places_lost_share", places_lost_share, 0, 1});
    f(Field<double>{"effect", effect, 0, 10});
    f(Field<double>{"lag_years", lag_years, 0, 50});
    f(Field<double>{"annual_saving", annual_saving, 0, 1e10});
  }
  friend bool operator==(const ServiceClosureSpec&, const ServiceClosureSpec&) = default;
};

/// Multi-agency place-based ("patch") teams: `fte` workers per target neighbourhood, each holding
/// `caseload` residents at a time for `case_weeks`. They look for adults at risk (in support, aged
/// 75+, or in an acute episode), surface hidden need (onset multiplied by `surfacing_multiplier` while
/// in contact), connect people to community assets, and lower escalation and raise recovery for
/// `effect_weeks` from first contact. Caseload builds up over `ramp_weeks`; the effect on escalation and
/// recovery grows with the team's experience, from none at the start to full after `maturity_years`.
struct PlaceTeamSpec {
  static constexpr const char* kType = "place_based_team";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::neighbourhoods;
  double fte = 6;                      ///< workers per target neighbourhood [assumption]
  int caseload = 20;                   ///< residents per worker at a time [assumption]
  double cost_per_fte = 75'000;        ///< pounds a year per worker: £48/h over 1,560 hours (social_worker_adult)
  int case_weeks = 12;                 ///< weeks of contact per case: about 3 months (ageUK_PICP)
  int effect_weeks = 52;               ///< weeks the effect lasts from first contact [assumption]
  int ramp_weeks = 52;                 ///< weeks to reach full caseload [assumption]
  double maturity_years = 3;           ///< years until the full effect (IAU_lag: little in years 1-2)
  double surfacing_multiplier = 2.5;   ///< on independent_to_support during contact (ageUK_PICP)
  double escalation_multiplier = 0.8;  ///< on support_to_crisis (three_conversations_harrow, IAU_lag)
  double recovery_multiplier = 1.3;    ///< on support_to_independent [assumption]
  double asset_referral = 0.05;        ///< weekly chance of joining a community asset during contact

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"fte", fte, 0, 10'000});
    f(Field<int>{"caseload", caseload, 1, 1'000});
    f(Field<double>{"cost_per_fte", cost_per_fte, 0, 1e7});
    f(Field<int>{"case_weeks", case_weeks, 1, 255});
    f(Field<int>{"effect_weeks", effect_weeks, 1, 255});
    f(Field<int>{"ramp_weeks", ramp_weeks, 0, 520});
    f(Field<double>{"maturity_years", maturity_years, 0, 50});
    f(Field<double>{"surfacing_multiplier", surfacing_multiplier, 0, 100});
    f(Field<double>{"escalation_multiplier", escalation_multiplier, 0, 100});
    f(Field<double>{"recovery_multiplier", recovery_multiplier, 0, 100});
    f(Field<double>{"asset_referral", asset_referral, 0, 1});
  }
  friend bool operator==(const PlaceTeamSpec&, const PlaceTeamSpec&) = default;
};

/// Social prescribing: `link_workers` each take `referrals_per_worker` referrals a year from GPs, who
/// refer adults at a peak of need (in an acute episode). A share `uptake` engages: they
/// are linked to a community asset and their escalation falls a little for `effect_weeks`. Each
/// referral costs `cost_per_referral` (Rotherham £466 per person referred, grants included).
struct SocialPrescribingSpec {
  static constexpr const char* kType = "social_prescribing";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::neighbourhoods;
  double link_workers = 4;               ///< [assumption]
  double referrals_per_worker = 250;     ///< a year (rotherham_pilot_referrals: 1,607 in 2 years)
  double uptake = 0.6;                   ///< share of referrals who engage [assumption]
  double cost_per_referral = 466;        ///< pounds (rotherham_cost_per_person)
  int effect_weeks = 26;                 ///< [assumption]
  double escalation_multiplier = 0.9;    ///< on support_to_crisis (SP_controlled_hackney: small at best)
  double asset_referral = 0.3;           ///< weekly chance an engager takes up an asset place

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"link_workers", link_workers, 0, 10'000});
    f(Field<double>{"referrals_per_worker", referrals_per_worker, 0, 100'000});
    f(Field<double>{"uptake", uptake, 0, 1});
    f(Field<double>{"cost_per_referral", cost_per_referral, 0, 1e6});
    f(Field<int>{"effect_weeks", effect_weeks, 1, 255});
    f(Field<double>{"escalation_multiplier", escalation_multiplier, 0, 100});
    f(Field<double>{"asset_referral", asset_referral, 0, 1});
  }
  friend bool operator==(const SocialPrescribingSpec&, const SocialPrescribingSpec&) = default;
};

/// Raising (or lowering) a service's entry threshold: the share of new support entrants who ask for
/// the service is multiplied by `request_multiplier` in the target.
struct EligibilitySpec {
  static constexpr const char* kType = "eligibility_threshold";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::service;
  std::string service;             ///< a name from `services`
  double request_multiplier = 0.8;

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"request_multiplier", request_multiplier, 0, 10});
  }
  friend bool operator==(const EligibilitySpec&, const EligibilitySpec&) = default;
};

/// Cutting a service's budget: a share of its places goes (residents holding one keep it until they
/// leave; the waiting list grows). Savings show in the service's cost; no policy spend.
struct BudgetCutSpec {
  static constexpr const char* kType = "budget_cut";  ///< `type:` in a scenario
  static constexpr PolicyAim kAim = PolicyAim::service;
  std::string service;       ///< a name from `services`
  double capacity_cut = 0.1;  ///< share of places removed

  template <class F>
  void fields(F&& f) {
    f(Field<double>{"capacity_cut", capacity_cut, 0, 1});
  }
  friend bool operator==(const BudgetCutSpec&, const BudgetCutSpec&) = default;
};

/// The policy types: adding one here (a struct with kType, kAim and fields()) is all the scenario
/// reader, the emitter and the list of type names need; models/policy/registry.cpp then fails to
/// compile until the type has its factory (docs/architecture.md, "Adding a policy type").
using PolicyParameters = std::variant<CommunityFundSpec, ServiceClosureSpec, PlaceTeamSpec, SocialPrescribingSpec,
                                      EligibilitySpec, BudgetCutSpec>;

namespace detail {
template <class Variant>
struct TypeNames;
template <class... P>
struct TypeNames<std::variant<P...>> {
  static constexpr std::array<const char*, sizeof...(P)> value{P::kType...};
};
}  // namespace detail

/// Every policy type's `type:` word, in the variant's order (so index i names alternative i).
inline constexpr auto kPolicyTypeNames = detail::TypeNames<PolicyParameters>::value;

/// What the word key of the policy these parameters belong to names.
[[nodiscard]] inline PolicyAim aim_of(const PolicyParameters& parameters) {
  return std::visit([](const auto& p) { return std::decay_t<decltype(p)>::kAim; }, parameters);
}

/// The `type:` word of the policy these parameters belong to.
[[nodiscard]] inline const char* type_name_of(const PolicyParameters& parameters) {
  return std::visit([](const auto& p) { return std::decay_t<decltype(p)>::kType; }, parameters);
}

/// Where a policy acts: every neighbourhood, the ones named, or the k most deprived (lowest IMD decile;
/// ties go to the neighbourhood listed first).
struct PolicyTarget {
  enum class Kind { all, listed, most_deprived };
  Kind kind = Kind::all;
  std::vector<std::string> neighbourhoods;  ///< names, when listed
  int most_deprived = 0;                    ///< k, when most_deprived

  friend bool operator==(const PolicyTarget&, const PolicyTarget&) = default;
};

struct PolicySpec {
  std::string name;  ///< label in results (`policy` coordinate); defaults to the type, numbered if repeated
  Date start;
  std::optional<Date> end;  ///< none: runs to the end of the scenario
  PolicyTarget target;
  PolicyParameters parameters;
  /// Who pays for the policy (its spend, or whose budget a closure's saving comes back to), as shares
  /// by agency; none: its type's default (paid_by_of in scenario_spec.hpp).
  std::optional<AgencyShares> paid_by;
  /// Place-based teams only: the agencies whose staff make up the team (the Deal's "police, GPs,
  /// schools, housing, social care"), in the scenario's order. A label: it changes no resident's week.
  std::vector<Agency> staffed_by;

  [[nodiscard]] const char* type_name() const { return type_name_of(parameters); }
  friend bool operator==(const PolicySpec&, const PolicySpec&) = default;
};

}  // namespace cdsim::spec
