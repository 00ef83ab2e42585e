#include "sim/run/run_scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include "models/costs/costs.hpp"
#include "models/engine.hpp"
#include "sim/record/hdf5_sink.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/uncertainty.hpp"
#include "sim/spec/load_scenario.hpp"

namespace cdsim::run {

namespace {

/// Codes, centroids and outlines, each only when some neighbourhood has it (files of scenarios without
/// them stay exactly as they were).
void add_public_data(const spec::PopulationSpec& population, record::RunMetadata& meta) {
  const auto& hoods = population.neighbourhoods;
  const auto any = [&](auto has) { return std::any_of(hoods.begin(), hoods.end(), has); };
  if (any([](const spec::NeighbourhoodSpec& n) { return !n.code.empty(); })) {
    for (const auto& n : hoods) meta.neighbourhood_codes.push_back(n.code);
  }
  if (any([](const spec::NeighbourhoodSpec& n) { return n.centroid.has_value(); })) {
    for (const auto& n : hoods) {
      meta.centroid_lon.push_back(n.centroid ? (*n.centroid)[0] : std::numeric_limits<double>::quiet_NaN());
      meta.centroid_lat.push_back(n.centroid ? (*n.centroid)[1] : std::numeric_limits<double>::quiet_NaN());
    }
  }
  if (any([](const spec::NeighbourhoodSpec& n) { return !n.outline.empty(); })) {
    auto& o = meta.outlines;
    for (const auto& n : hoods) {
      std::int32_t nodes = 0;
      const std::vector<bool> holes = spec::outline_holes(n.outline);
      for (std::size_t r = 0; r < n.outline.size(); ++r) {
        const auto& ring = n.outline[r];
        o.part_node_count.push_back(static_cast<std::int32_t>(ring.size()));
        o.interior_ring.push_back(holes[r] ? 1 : 0);
        for (const auto& p : ring) {
          o.lon.push_back(p[0]);
          o.lat.push_back(p[1]);
        }
        nodes += static_cast<std::int32_t>(ring.size());
      }
      o.node_count.push_back(nodes);
    }
  }
}

}  // namespace

record::RunMetadata make_metadata(const spec::ScenarioSpec& spec) {
  record::RunMetadata meta;
  meta.scenario_name = spec.name;
  meta.seed = spec.seed;
  meta.scenario_yaml = spec::emit_scenario(spec);
  meta.cdsim_version = CDSIM_VERSION;
  meta.start = spec.start;
  meta.step_days = 7;
  meta.steps = spec.step_count();
  meta.replicates = spec.replicates;
  for (const auto& n : spec.population.neighbourhoods) {
    meta.neighbourhood_names.push_back(n.name);
    meta.neighbourhood_x.push_back(n.x);
    meta.neighbourhood_y.push_back(n.y);
    meta.deprivation_decile.push_back(n.deprivation_decile);
  }
  add_public_data(spec.population, meta);
  meta.age_groups = {"0-17", "18-64", "65+"};
  meta.states.assign(spec::kStateNames.begin(), spec::kStateNames.end());
  meta.request_outcomes.assign(spec::kRequestOutcomeNames.begin(), spec::kRequestOutcomeNames.end());
  for (const auto& item : spec.costs) {
    meta.cost_categories.push_back(item.name);
    meta.cost_agencies.emplace_back(spec::kAgencyNames[static_cast<std::size_t>(item.agency)]);
  }
  for (const auto& service : spec.services) {
    meta.cost_categories.push_back(service.name);
    meta.cost_agencies.emplace_back(spec::kAgencyNames[static_cast<std::size_t>(service.agency)]);
    meta.services.push_back(service.name);
  }
  for (const char* placement : spec::kPlacementCategoryNames) {
    meta.cost_categories.emplace_back(placement);
    meta.cost_agencies.emplace_back(spec::kAgencyNames[static_cast<std::size_t>(spec::Agency::council_children)]);
  }
  meta.agencies.assign(spec::kAgencyNames.begin(), spec::kAgencyNames.end());
  meta.children_statuses.assign(spec::kChildrenStatusNames.begin(), spec::kChildrenStatusNames.end());
  for (std::size_t c = 0; c < spec.costs.size(); ++c) {
    if (spec.costs[c].agency != spec::Agency::police) continue;
    meta.incident_types.push_back(spec.costs[c].name);
    meta.incident_items.push_back(c);
  }
  for (const auto& policy : spec.policies) {
    meta.policies.push_back(policy.name);
    meta.policy_types.emplace_back(policy.type_name());
    const spec::AgencyShares shares = spec::paid_by_of(policy, spec);
    meta.policy_paid_by.insert(meta.policy_paid_by.end(), shares.begin(), shares.end());
    std::string staff;
    for (const spec::Agency a : policy.staffed_by) {
      if (!staff.empty()) staff += ' ';
      staff += spec::kAgencyNames[static_cast<std::size_t>(a)];
    }
    meta.policy_staffed_by.push_back(staff);
  }
  if (spec.mechanisms.care_homes) meta.care_home_ages = {"65-74", "75-84", "85+"};
  return meta;
}

namespace {

/// Copies the engine's end-of-step stocks into time index t.
void record_stocks(const model::Stocks& stocks, std::size_t t, record::ReplicateObservations& obs) {
  auto put = [t](const std::vector<std::int32_t>& from, std::vector<std::int32_t>& to) {
    std::copy(from.begin(), from.end(), to.begin() + static_cast<std::ptrdiff_t>(t * from.size()));
  };
  put(stocks.residents, obs.residents);
  put(stocks.waiting, obs.waiting);
  put(stocks.served, obs.served);
  put(stocks.engaged, obs.engaged);
  if (obs.care_home_ages == 0) return;
  std::copy(stocks.care_home_residents.begin(), stocks.care_home_residents.end(),
            obs.care_home_residents.begin() + static_cast<std::ptrdiff_t>(t * obs.care_home_ages));
  obs.care_home_waiting[t] = stocks.care_home_waiting;
}

/// Copies what flowed during the step ending at t.
void record_flows(const model::StepFlows& flows, std::size_t t, record::ReplicateObservations& obs) {
  for (std::size_t from = 0; from < obs.states; ++from) {
    for (std::size_t to = 0; to < obs.states; ++to) {
      if (from != to) obs.transition_count(t, from, to) = static_cast<std::int32_t>(flows.moves[from][to]);
    }
    obs.deaths[t * obs.states + from] = static_cast<std::int32_t>(flows.moves[from][3]);
  }
  obs.births[t] = static_cast<std::int32_t>(flows.births);
  for (std::size_t a = 0; a < obs.age_groups; ++a)
    for (std::size_t o = 0; o < obs.request_outcomes; ++o)
      obs.requests[(t * obs.age_groups + a) * obs.request_outcomes + o] = static_cast<std::int32_t>(flows.requests[a][o]);
  std::copy(flows.isolated.begin(), flows.isolated.end(), obs.isolated.begin() + static_cast<std::ptrdiff_t>(t * obs.neighbourhoods));
  std::copy(flows.informal_support.begin(), flows.informal_support.end(),
            obs.informal_support.begin() + static_cast<std::ptrdiff_t>(t * obs.neighbourhoods));
  for (std::size_t k = 0; k < obs.policies; ++k) {
    obs.policy_spend[t * obs.policies + k] = flows.policy_spend[k];
    obs.policy_reach[t * obs.policies + k] = static_cast<std::int32_t>(flows.policy_reach[k]);
  }
  for (std::size_t b = 0; b < obs.care_home_ages; ++b)
    obs.care_home_admissions[t * obs.care_home_ages + b] = static_cast<std::int32_t>(flows.care_home_admissions[b]);
}

/// The sampled residents at time 0: evenly spaced through the residents as built, so every
/// neighbourhood is represented, and the same residents in every replicate and every scenario of the
/// same borough (the population is built the same way).
void choose_stories(const model::World& world, record::ReplicateObservations& obs) {
  const auto& r = world.residents;
  for (std::size_t k = 0; k < obs.stories; ++k) {
    const auto i = static_cast<std::size_t>((static_cast<double>(k) + 0.5) * static_cast<double>(r.size()) /
                                            static_cast<double>(obs.stories));
    obs.story_resident[k] = static_cast<std::int32_t>(i);
    obs.story_age[k] = model::age_years_of(r.age_weeks[i]);
    obs.story_female[k] = r.female[i];
    obs.story_neighbourhood[k] = r.neighbourhood[i];
  }
}

/// What each sampled resident is and does at time t.
void record_stories(const model::World& world, std::size_t t, record::ReplicateObservations& obs) {
  const auto& r = world.residents;
  for (std::size_t k = 0; k < obs.stories; ++k) {
    const auto i = static_cast<std::size_t>(obs.story_resident[k]);
    const model::State s = r.state[i];
    obs.story_state[t * obs.stories + k] = s == model::State::dead ? -1 : static_cast<std::int32_t>(s);
    std::int32_t flags = 0;
    if (s != model::State::dead) {
      if (r.service_status[i] == model::ServiceStatus::waiting) flags |= record::kStoryWaiting;
      if (r.service_status[i] == model::ServiceStatus::served) flags |= record::kStoryServed;
      if (r.engaged_weeks[i] > 0) flags |= record::kStoryEngaged;
      if (r.programme_weeks[i] > 0) {
        flags |= world.programmes[r.programme[i]].kind == model::ProgrammeEffect::Kind::place_team
                     ? record::kStoryTeam
                     : record::kStoryPrescribed;
      }
      if (r.acute_weeks[i] > 0) flags |= record::kStoryAcute;
      if (r.care_home[i] == model::CareHome::resident) flags |= record::kStoryCareHome;
      if (r.care_home[i] == model::CareHome::waiting) flags |= record::kStoryCareHomeWaiting;
    }
    obs.story_flags[t * obs.stories + k] = flags;
  }
}

/// Prices the week ending at t on the stocks when it began (time index t - 1), and counts the police
/// incidents of each neighbourhood likewise.
void record_cost(const model::CostModel& costs, const record::RunMetadata& meta, std::size_t t,
                 record::ReplicateObservations& obs) {
  const std::size_t group_cells = obs.age_groups * obs.states, cells = obs.neighbourhoods * group_cells;
  model::CostModel::Residents by_group{};
  for (std::size_t cell = 0; cell < cells; ++cell) {
    by_group[(cell / obs.states) % obs.age_groups][cell % obs.states] += obs.residents[(t - 1) * cells + cell];
  }
  std::vector<std::int64_t> served(obs.services, 0);
  for (std::size_t k = 0; k < obs.services; ++k)
    for (std::size_t n = 0; n < obs.neighbourhoods; ++n)
      served[k] += obs.served[((t - 1) * obs.services + k) * obs.neighbourhoods + n];
  std::int64_t care_home_residents = 0;
  for (std::size_t b = 0; b < obs.care_home_ages; ++b)
    care_home_residents += obs.care_home_residents[(t - 1) * obs.care_home_ages + b];
  const std::size_t S = obs.children_statuses, looked_after = S - 1;
  double in_care = 0;
  for (std::size_t n = 0; n < obs.neighbourhoods; ++n)
    in_care += obs.children_services[((t - 1) * obs.neighbourhoods + n) * S + looked_after];
  costs.weekly_cost(by_group, served, care_home_residents, in_care, &obs.cost[t * obs.cost_categories]);
  for (std::size_t n = 0; n < obs.neighbourhoods; ++n) {
    const std::int32_t* residents = &obs.residents[(t - 1) * cells + n * group_cells];
    for (std::size_t k = 0; k < obs.incident_types; ++k)
      obs.police_incidents[(t * obs.neighbourhoods + n) * obs.incident_types + k] =
          costs.weekly_units(meta.incident_items[k], residents);
  }
}

/// Plans and care as children's services hold them at time t; children in need, which counts the
/// children in support it knows of as well, waits for the residents at t (record_in_need).
void record_children(const model::ChildrensServices& children, std::size_t t, record::ReplicateObservations& obs) {
  const std::size_t S = obs.children_statuses;
  for (std::size_t n = 0; n < obs.neighbourhoods; ++n) {
    obs.children_services[(t * obs.neighbourhoods + n) * S + 1] = children.protection()[n];
    obs.children_services[(t * obs.neighbourhoods + n) * S + 2] = children.looked_after()[n];
  }
}

/// Children in need at time t (the DfE count includes plans and care): the share of children in
/// support that children's services know of, plus those on plans and looked after.
void record_in_need(const spec::ScenarioSpec& spec, std::size_t t, record::ReplicateObservations& obs) {
  if (!spec.mechanisms.childrens_services) return;
  const std::size_t S = obs.children_statuses, support = 1, children = 0;
  for (std::size_t n = 0; n < obs.neighbourhoods; ++n) {
    const double known = spec.childrens_services.in_need_share *
                         obs.resident_count(t, n, children, support);
    double* at = &obs.children_services[(t * obs.neighbourhoods + n) * S];
    at[0] = known + at[1] + at[2];
  }
}

}  // namespace

record::ReplicateObservations simulate_replicate(const spec::ScenarioSpec& spec,
                                                 const record::RunMetadata& meta, int replicate,
                                                 core::Executor executor) {
  if (meta.policies.size() != spec.policies.size() || meta.services.size() != spec.services.size()) {
    throw std::invalid_argument("simulate_replicate: the metadata is not this scenario's (make_metadata(spec))");
  }
  record::ReplicateObservations obs(meta);
  model::Engine engine(spec, static_cast<std::uint64_t>(replicate), executor);
  const model::CostModel costs(spec);
  choose_stories(engine.world(), obs);
  record_stories(engine.world(), 0, obs);
  record_children(engine.childrens_services(), 0, obs);
  for (std::size_t t = 1; t < obs.times; ++t) {
    if (interrupt_signal() != 0) throw_if_interrupted(fmt::format("replicate {}", replicate + 1));
    const model::StepFlows flows = engine.step();
    record_stocks(flows.stocks_before, t - 1, obs);  // counted as the step began: the end of step t - 1
    record_in_need(spec, t - 1, obs);
    record_flows(flows, t, obs);
    record_children(engine.childrens_services(), t, obs);
    for (std::size_t n = 0; n < obs.neighbourhoods; ++n) {
      obs.child_crisis_entries[t * obs.neighbourhoods + n] = flows.child_crisis_entries[n];
      obs.care_starts[t * obs.neighbourhoods + n] = engine.childrens_services().care_started()[n];
    }
    record_cost(costs, meta, t, obs);
    record_stories(engine.world(), t, obs);
  }
  record_stocks(engine.stocks(), obs.times - 1, obs);
  record_in_need(spec, obs.times - 1, obs);
  return obs;
}

RunSummary run_scenario(const spec::ScenarioSpec& spec, const std::filesystem::path& output,
                        core::Executor executor, const Progress& progress, int record_residents, bool uncertainty) {
  record::RunMetadata meta = make_metadata(spec);
  meta.stories = record_residents;
  std::optional<ParameterDraws> draws;
  if (uncertainty) {
    if (spec.uncertainty.empty()) {
      throw std::runtime_error(fmt::format("--uncertainty: scenario '{}' has no uncertain parameters (its uncertainty: "
                                           "list is empty)", spec.name));
    }
    draws = draw_parameters(spec);  // checks every replicate's scenario before the first run
    meta.parameter_names = draws->names;
    meta.parameter_values = draws->values;
  }
  record::Hdf5Sink sink(output, meta);
  RunSummary summary(meta);
  for (int r = 0; r < spec.replicates; ++r) {
    const auto obs = draws ? simulate_replicate(scenario_for_replicate(spec, *draws, r), meta, r, executor)
                           : simulate_replicate(spec, meta, r, executor);
    summary.add(obs);
    sink.write_replicate(r, obs);
    if (progress) progress(r + 1, spec.replicates);
  }
  sink.commit();
  return summary;
}

}  // namespace cdsim::run
