#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <type_traits>
#include <variant>

#include "sim/spec/load_scenario.hpp"

namespace cdsim::spec {

namespace {

// fmt's "{}" writes the shortest text that reads back to the same double ("0.0011", not
// "0.0011000000000000001" as a fixed 17 digits would), so the file stays readable and round-trips.
std::string number(double v) { return fmt::format("{}", v); }

template <class T>
void entry(YAML::Emitter& out, const char* key, const T& value) {
  out << YAML::Key << key << YAML::Value << value;
}

/// A map of one number per state or transition: flow style (one line) for three, block for six.
template <std::size_t N>
void entry(YAML::Emitter& out, const char* key, const std::array<const char*, N>& names,
           const std::array<double, N>& values) {
  out << YAML::Key << key << YAML::Value;
  if (N <= kLivingStateCount) out << YAML::Flow;
  out << YAML::BeginMap;
  for (std::size_t i = 0; i < N; ++i) entry(out, names[i], number(values[i]));
  out << YAML::EndMap;
}

void emit_population(YAML::Emitter& out, const PopulationSpec& p) {
  out << YAML::Key << "population" << YAML::Value << YAML::BeginMap;
  entry(out, "size", p.size);
  out << YAML::Key << "neighbourhoods" << YAML::Value << YAML::BeginSeq;
  for (const NeighbourhoodSpec& n : p.neighbourhoods) {
    // One line each, as before, unless the neighbourhood carries public data (code, ages, outline):
    // then a block, with one line per ring.
    const bool plain = n.code.empty() && !n.age_shares && n.outline.empty() && !n.centroid;
    if (plain) out << YAML::Flow;
    out << YAML::BeginMap;
    entry(out, "name", n.name);
    if (!n.code.empty()) entry(out, "code", n.code);
    entry(out, "x", number(n.x));
    entry(out, "y", number(n.y));
    entry(out, "deprivation_decile", n.deprivation_decile);
    entry(out, "share", number(n.share));
    if (n.age_shares) {
      out << YAML::Key << "age_shares" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (double share : *n.age_shares) out << number(share);
      out << YAML::EndSeq;
    }
    if (n.centroid) {
      out << YAML::Key << "centroid" << YAML::Value << YAML::Flow << YAML::BeginSeq << number((*n.centroid)[0])
          << number((*n.centroid)[1]) << YAML::EndSeq;
    }
    if (!n.outline.empty()) {
      out << YAML::Key << "outline" << YAML::Value << YAML::BeginSeq;
      for (const Ring& ring : n.outline) {
        out << YAML::Flow << YAML::BeginSeq;
        for (const LonLat& q : ring) out << YAML::Flow << YAML::BeginSeq << number(q[0]) << number(q[1]) << YAML::EndSeq;
        out << YAML::EndSeq;
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "age_shares" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double share : p.age_shares) out << number(share);
  out << YAML::EndSeq;
  entry(out, "female_share", number(p.female_share));
  out << YAML::EndMap;
}

void emit_costs(YAML::Emitter& out, const std::vector<CostItem>& costs) {
  out << YAML::Key << "costs" << YAML::Value;
  if (costs.empty()) out << YAML::Flow;  // "costs: []" rather than a key with nothing after it
  out << YAML::BeginSeq;
  for (const CostItem& c : costs) {
    out << YAML::Flow << YAML::BeginMap;
    entry(out, "name", c.name);
    entry(out, "agency", kAgencyNames[static_cast<std::size_t>(c.agency)]);
    entry(out, "unit_cost", number(c.unit_cost));
    entry(out, "use_per_week", kStateNames, c.use_per_week);
    out << YAML::Key << "age_groups" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (std::size_t g = 0; g < c.age_groups.size(); ++g)
      if (c.age_groups[g]) out << kAgeGroupNames[g];
    out << YAML::EndSeq;
    // Only when used, so the items of scenarios without care homes read as they always did.
    if (c.care_home_use != 0) entry(out, "care_home_use", number(c.care_home_use));
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_services(YAML::Emitter& out, const std::vector<ServiceSpec>& services) {
  out << YAML::Key << "services" << YAML::Value;
  if (services.empty()) out << YAML::Flow;  // "services: []": no services, not the default list
  out << YAML::BeginSeq;
  for (const ServiceSpec& v : services) {
    out << YAML::Flow << YAML::BeginMap;
    entry(out, "name", v.name);
    entry(out, "request_share", number(v.request_share));
    entry(out, "capacity_per_10k", number(v.capacity_per_10k));
    entry(out, "waiting_multiplier", number(v.waiting_multiplier));
    entry(out, "served_multiplier", number(v.served_multiplier));
    entry(out, "cost_per_week", number(v.cost_per_week));
    entry(out, "agency", kAgencyNames[static_cast<std::size_t>(v.agency)]);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_target(YAML::Emitter& out, const PolicyTarget& target) {
  out << YAML::Key << "target" << YAML::Value;
  switch (target.kind) {
    case PolicyTarget::Kind::all:
      out << "all";
      break;
    case PolicyTarget::Kind::listed:
      out << YAML::Flow << target.neighbourhoods;
      break;
    case PolicyTarget::Kind::most_deprived:
      out << YAML::Flow << YAML::BeginMap;
      entry(out, "most_deprived", target.most_deprived);
      out << YAML::EndMap;
      break;
  }
}

void emit_policies(YAML::Emitter& out, const std::vector<PolicySpec>& policies) {
  out << YAML::Key << "policies" << YAML::Value;
  if (policies.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const PolicySpec& p : policies) {
    out << YAML::BeginMap;
    entry(out, "type", p.type_name());
    entry(out, "name", p.name);
    entry(out, "start", p.start.iso());
    if (p.end) entry(out, "end", p.end->iso());
    emit_target(out, p.target);
    if (!p.staffed_by.empty()) {
      out << YAML::Key << "staffed_by" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const Agency a : p.staffed_by) out << kAgencyNames[static_cast<std::size_t>(a)];
      out << YAML::EndSeq;
    }
    if (p.paid_by) {
      out << YAML::Key << "paid_by" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (std::size_t a = 0; a < kAgencyCount; ++a)
        if ((*p.paid_by)[a] != 0) entry(out, kAgencyNames[a], number((*p.paid_by)[a]));
      out << YAML::EndMap;
    }
    std::visit(
        [&](auto parameters) {
          using P = decltype(parameters);
          if constexpr (P::kAim == PolicyAim::facility)
            entry(out, "facility", kFacilityNames[static_cast<std::size_t>(parameters.facility)]);
          if constexpr (P::kAim == PolicyAim::service) entry(out, "service", parameters.service);
          parameters.fields([&](auto field) {
            if constexpr (std::is_integral_v<std::remove_reference_t<decltype(field.value)>>)
              entry(out, field.key, field.value);
            else
              entry(out, field.key, number(field.value));
          });
        },
        p.parameters);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_uncertainty(YAML::Emitter& out, const std::vector<ParameterDistribution>& list) {
  out << YAML::Key << "uncertainty" << YAML::Value;
  if (list.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const ParameterDistribution& p : list) {
    out << YAML::Flow << YAML::BeginMap;
    entry(out, "key", p.key);
    if (p.relative) entry(out, "relative", true);
    if (p.integer) entry(out, "integer", true);
    auto numbers = [&](const char* key, const std::vector<double>& values) {
      out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const double v : values) out << number(v);
      out << YAML::EndSeq;
    };
    using Kind = ParameterDistribution::Kind;
    switch (p.kind) {
      case Kind::range: numbers("range", {p.low, p.high}); break;
      case Kind::triangular: numbers("triangular", {p.low, p.mode, p.high}); break;
      case Kind::values: numbers("values", p.values); break;
      case Kind::normal:
      case Kind::lognormal:
        out << YAML::Key << (p.kind == Kind::normal ? "normal" : "lognormal") << YAML::Value << YAML::Flow
            << YAML::BeginMap;
        entry(out, "mean", number(p.mean));
        entry(out, "sd", number(p.sd));
        out << YAML::EndMap;
        break;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

}  // namespace

std::string emit_scenario(const ScenarioSpec& s) {
  YAML::Emitter out;
  out << YAML::Comment("Fully resolved cdsim scenario: every key with the value in effect.");
  out << YAML::BeginMap;
  entry(out, "name", s.name);
  entry(out, "seed", s.seed);
  entry(out, "start", s.start.iso());
  entry(out, "years", number(s.years));
  entry(out, "step", s.step);
  entry(out, "replicates", s.replicates);
  emit_population(out, s.population);
  if (s.initial_equilibrium)
    entry(out, "initial", std::string("equilibrium"));
  else
    entry(out, "initial", kStateNames, s.initial);
  entry(out, "burn_in_years", number(s.burn_in_years));
  entry(out, "transitions", kTransitionNames, s.transitions);

  out << YAML::Key << "covariates" << YAML::Value << YAML::BeginMap;
  entry(out, "reference_age", number(s.covariates.reference_age));
  entry(out, "age_per_decade", kTransitionNames, s.covariates.age_per_decade);
  entry(out, "deprivation_per_decile", kTransitionNames, s.covariates.deprivation_per_decile);
  out << YAML::EndMap;

  out << YAML::Key << "mortality" << YAML::Value << YAML::BeginMap;
  entry(out, "annual_at_65", number(s.mortality.annual_at_65));
  entry(out, "gompertz_per_year", number(s.mortality.gompertz_per_year));
  entry(out, "minimum_annual", number(s.mortality.minimum_annual));
  entry(out, "state_multiplier", kStateNames, s.mortality.state_multiplier);
  out << YAML::EndMap;

  out << YAML::Key << "fertility" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "annual_rate", number(s.fertility.annual_rate));
  entry(out, "min_age", s.fertility.min_age);
  entry(out, "max_age", s.fertility.max_age);
  out << YAML::EndMap;

  emit_costs(out, s.costs);

  out << YAML::Key << "households" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "older_living_alone", number(s.households.older_living_alone));
  entry(out, "adults_living_alone", number(s.households.adults_living_alone));
  out << YAML::EndMap;

  const NetworkSpec& n = s.network;
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  entry(out, "neighbour_ties", number(n.neighbour_ties));
  entry(out, "friend_ties", number(n.friend_ties));
  entry(out, "isolation_threshold", n.isolation_threshold);
  entry(out, "isolation_onset_multiplier", number(n.isolation_onset_multiplier));
  entry(out, "isolation_mortality_multiplier", number(n.isolation_mortality_multiplier));
  entry(out, "informal_support_per_tie", number(n.informal_support_per_tie));
  entry(out, "informal_support_max_ties", n.informal_support_max_ties);
  entry(out, "household_crisis_multiplier", number(n.household_crisis_multiplier));
  entry(out, "help_chance", number(n.help_chance));
  entry(out, "carer_capacity", n.carer_capacity);
  entry(out, "carer_strain_multiplier", number(n.carer_strain_multiplier));
  out << YAML::EndMap;

  const AssetSpec& a = s.assets;
  out << YAML::Key << "assets" << YAML::Value << YAML::BeginMap;
  entry(out, "per_10k_residents", number(a.per_10k_residents));
  entry(out, "places_per_asset", a.places_per_asset);
  entry(out, "join_weekly", number(a.join_weekly));
  entry(out, "leave_weekly", number(a.leave_weekly));
  entry(out, "weeks_to_connect", a.weeks_to_connect);
  entry(out, "connection_ties", a.connection_ties);
  out << YAML::EndMap;

  emit_services(out, s.services);

  out << YAML::Key << "reablement" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "share", number(s.reablement.share));
  entry(out, "weeks", s.reablement.weeks);
  entry(out, "success", number(s.reablement.success));
  out << YAML::EndMap;

  out << YAML::Key << "acute" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "onset_weekly", number(s.acute.onset_weekly));
  entry(out, "weeks", s.acute.weeks);
  entry(out, "multiplier", number(s.acute.multiplier));
  out << YAML::EndMap;

  const CareHomeSpec& ch = s.care_homes;
  out << YAML::Key << "care_homes" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "beds_per_10k", number(ch.beds_per_10k));
  entry(out, "admission_weekly_at_65", number(ch.admission_weekly_at_65));
  entry(out, "admission_per_year_of_age", number(ch.admission_per_year_of_age));
  entry(out, "assessment_weeks", ch.assessment_weeks);
  entry(out, "mortality_multiplier", number(ch.mortality_multiplier));
  entry(out, "initial_share_65plus", number(ch.initial_share_65plus));
  entry(out, "initial_share_85plus", number(ch.initial_share_85plus));
  entry(out, "council_funded_share", number(ch.council_funded_share));
  out << YAML::EndMap;

  out << YAML::Key << "trend" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "working_age_onset", number(s.trend.working_age_onset));
  entry(out, "older_onset", number(s.trend.older_onset));
  out << YAML::EndMap;

  out << YAML::Key << "requests" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "ask_working_age", number(s.requests.ask_working_age));
  entry(out, "ask_older", number(s.requests.ask_older));
  entry(out, "universal", number(s.requests.universal));
  out << YAML::EndMap;

  const ChildrensServicesSpec& c = s.childrens_services;
  out << YAML::Key << "childrens_services" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "in_need_share", number(c.in_need_share));
  entry(out, "protection_share", number(c.protection_share));
  entry(out, "care_share", number(c.care_share));
  entry(out, "protection_weeks", number(c.protection_weeks));
  entry(out, "care_weeks", number(c.care_weeks));
  entry(out, "foster_share", number(c.foster_share));
  entry(out, "foster_week", number(c.foster_week));
  entry(out, "home_share", number(c.home_share));
  entry(out, "home_week", number(c.home_week));
  out << YAML::EndMap;

  const Mechanisms& m = s.mechanisms;
  out << YAML::Key << "mechanisms" << YAML::Value << YAML::Flow << YAML::BeginMap;
  entry(out, "ageing", m.ageing);
  entry(out, "mortality", m.mortality);
  entry(out, "births", m.births);
  entry(out, "covariates", m.covariates);
  entry(out, "network", m.network);
  entry(out, "capacity", m.capacity);
  entry(out, "assets", m.assets);
  entry(out, "reablement", m.reablement);
  entry(out, "acute", m.acute);
  entry(out, "trend", m.trend);
  entry(out, "care_homes", m.care_homes);
  entry(out, "carers", m.carers);
  entry(out, "childrens_services", m.childrens_services);
  out << YAML::EndMap;

  emit_policies(out, s.policies);
  emit_uncertainty(out, s.uncertainty);
  if (!s.posterior.empty()) out << YAML::Key << "posterior" << YAML::Value << YAML::DoubleQuoted << s.posterior;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace cdsim::spec
