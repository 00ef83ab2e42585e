#include "models/engine.hpp"

#include <algorithm>
#include <cmath>

#include "models/place/population.hpp"
#include "models/settled_states.hpp"

namespace cdsim::model {
namespace {

/// Chance that a newborn is a girl: about 105 boys are born for every 100 girls.
constexpr double kNewbornFemaleShare = 100.0 / 205.0;

void add_into(std::vector<std::int32_t>& total, const std::vector<std::int32_t>& part) {
  if (total.empty()) total.assign(part.size(), 0);
  for (std::size_t k = 0; k < part.size(); ++k) total[k] += part[k];
}

template <class T>
void append(std::vector<T>& total, const std::vector<T>& part) {
  total.insert(total.end(), part.begin(), part.end());
}

}  // namespace

RuleParameters::RuleParameters(const spec::ScenarioSpec& spec)
    : ageing(spec.mechanisms.ageing),
      network(spec.mechanisms.network),
      capacity(spec.mechanisms.capacity && !spec.services.empty()),
      assets(spec.mechanisms.assets),
      reablement(spec.mechanisms.reablement && spec.reablement.weeks > 0),
      acute(spec.mechanisms.acute),
      carers(spec.mechanisms.network && spec.mechanisms.carers),
      place_effects(std::any_of(spec.policies.begin(), spec.policies.end(),
                                [](const spec::PolicySpec& p) {
                                  return std::holds_alternative<spec::ServiceClosureSpec>(p.parameters);
                                })),
      programmes(std::any_of(spec.policies.begin(), spec.policies.end(),
                             [](const spec::PolicySpec& p) {
                               return std::holds_alternative<spec::PlaceTeamSpec>(p.parameters) ||
                                      std::holds_alternative<spec::SocialPrescribingSpec>(p.parameters);
                             })),
      max_age_weeks(static_cast<std::uint16_t>(spec::kMaxAgeYears * kWeeksPerYear)),
      acute_onset(spec.acute.onset_weekly),
      acute_multiplier(spec.acute.multiplier),
      acute_weeks(static_cast<std::uint8_t>(std::min(spec.acute.weeks, 255))),
      isolation_threshold(spec.network.isolation_threshold),
      informal_max_ties(spec.network.informal_support_max_ties),
      isolation_onset(spec.network.isolation_onset_multiplier),
      isolation_mortality(spec.network.isolation_mortality_multiplier),
      household_crisis(spec.network.household_crisis_multiplier),
      carer_strain(spec.network.carer_strain_multiplier),
      weeks_to_connect(spec.assets.weeks_to_connect),
      connection_ties(spec.assets.connection_ties),
      asset_join(spec.assets.join_weekly),
      asset_leave(spec.assets.leave_weekly),
      // Constant hazard h over `weeks` weeks recovers a `success` share: 1 - exp(-h weeks) = success.
      reablement_hazard(spec.reablement.weeks > 0 ? -std::log1p(-spec.reablement.success) / spec.reablement.weeks
                                                  : 0.0),
      reablement_share(spec.reablement.share),
      reablement_weeks(static_cast<std::uint8_t>(std::min(spec.reablement.weeks, 255))),
      ask_working_age(spec.requests.ask_working_age),
      ask_older(spec.requests.ask_older),
      ask_universal(spec.requests.universal),
      care_homes(spec.mechanisms.care_homes),
      care_home_mortality(spec.care_homes.mortality_multiplier) {}

RuleTables::RuleTables(const spec::ScenarioSpec& spec) {
  double below = 0;
  for (const auto& service : spec.services) {
    below += service.request_share;
    request_below.push_back(below);
  }
  // In ServiceStatus order: none, waiting, served.
  service_multiplier.assign(spec.services.size(), 1.0);
  for (const auto& service : spec.services) service_multiplier.push_back(service.waiting_multiplier);
  for (const auto& service : spec.services) service_multiplier.push_back(service.served_multiplier);
  for (int k = 0; k <= spec.network.informal_support_max_ties; ++k)
    informal_multiplier.push_back(std::exp(spec.network.informal_support_per_tie * k));
  // A weekly hazard rising exponentially with age from 65, as a chance.
  care_home_request.assign(spec::kMaxAgeYears + 1, 0.0);
  if (spec.mechanisms.care_homes) {
    const auto& c = spec.care_homes;
    for (int age = 65; age <= spec::kMaxAgeYears; ++age)
      care_home_request[static_cast<std::size_t>(age)] =
          -std::expm1(-c.admission_weekly_at_65 * std::exp(c.admission_per_year_of_age * (age - 65)));
  }
}

void StepTally::merge(const StepTally& other) {
  for (int f = 0; f < kLivingStates; ++f)
    for (int t = 0; t < 4; ++t) moves[f][t] += other.moves[f][t];
  for (std::size_t a = 0; a < requests.size(); ++a)
    for (std::size_t o = 0; o < requests[a].size(); ++o) requests[a][o] += other.requests[a][o];
  append(mothers, other.mothers);
  append(service_requests, other.service_requests);
  append(service_releases, other.service_releases);
  append(asset_seekers, other.asset_seekers);
  append(asset_leavers, other.asset_leavers);
  append(changes, other.changes);
  append(care_home_requests, other.care_home_requests);
  care_home_deaths += other.care_home_deaths;
  add_into(isolated, other.isolated);
  add_into(informal_support, other.informal_support);
  add_into(child_crisis_entries, other.child_crisis_entries);
  before.merge(other.before);
}

void Stocks::merge(const Stocks& other) {
  add_into(residents, other.residents);
  add_into(waiting, other.waiting);
  add_into(served, other.served);
  add_into(engaged, other.engaged);
  for (int b = 0; b < kCareHomeBands; ++b) care_home_residents[b] += other.care_home_residents[b];
  care_home_waiting += other.care_home_waiting;
}

Engine::Engine(const spec::ScenarioSpec& spec, std::uint64_t replicate, core::Executor executor)
    : spec_(spec),
      executor_(executor),
      rng_(spec.seed, replicate),
      hazards_(spec),
      rule_parameters_(spec),
      rule_tables_(spec),
      routine_choices_(rule_parameters_),
      world_(build_world(spec, replicate, shared_settled_states(spec, replicate, executor), executor)),
      policies_(make_policies(spec, world_, rng_)) {
  for (const auto& n : world_.neighbourhoods) decile_of_neighbourhood_.push_back(n.deprivation_decile);
  childrens_services_.emplace(spec, world_, hazards_, decile_of_neighbourhood_);
  trending_ = spec.mechanisms.trend && (spec.trend.working_age_onset != 0 || spec.trend.older_onset != 0);
  const CaringDraws caring{spec.network.help_chance, spec.network.carer_capacity, rng_};
  if (spec.mechanisms.network)
    ties_at_start_.build(world_.network, world_.residents.state, executor_, rule_parameters_.carers ? &caring : nullptr);
}

StepFlows Engine::step() {
  ++step_;
  follow_trend(step_);
  const std::vector<PolicyWeek> policy_weeks = apply_policies(step_);
  residents_at_start_ = world_.residents.size();
  StepTally tally = advance_residents(step_);
  // Only now do the week's changes reach the tie counts: every resident read its ties as the week began,
  // whichever thread or order processed them.
  ties_at_start_.apply(world_.network, tally.changes, executor_);
  add_newborns(std::move(tally.mothers), step_);
  settle_services(std::move(tally.service_requests), std::move(tally.service_releases), step_);
  settle_assets(std::move(tally.asset_seekers), tally.asset_leavers);
  const auto admissions = settle_care_homes(std::move(tally.care_home_requests), tally.care_home_deaths, step_);
  childrens_services_->week(tally.child_crisis_entries);

  StepFlows flows;
  flows.moves = tally.moves;
  flows.requests = tally.requests;
  flows.births = static_cast<std::int64_t>(world_.residents.size() - residents_at_start_);
  flows.isolated = std::move(tally.isolated);
  flows.informal_support = std::move(tally.informal_support);
  flows.stocks_before = std::move(tally.before);
  flows.care_home_admissions = admissions;
  flows.child_crisis_entries = std::move(tally.child_crisis_entries);
  for (const PolicyWeek& w : policy_weeks) {
    flows.policy_spend.push_back(w.spend);
    flows.policy_reach.push_back(w.reach);
  }
  return flows;
}

void Engine::follow_trend(std::uint64_t step) {
  // Week by week, so the onset of need grows smoothly rather than in yearly jumps; only the rows the
  // trend moves are recomputed (a serial phase: rebuilding the whole table was 1-2% of a run).
  if (trending_) hazards_.follow_trend(spec_, static_cast<double>(step - 1) / kWeeksPerYear);
}

std::vector<PolicyWeek> Engine::apply_policies(std::uint64_t step) {
  std::vector<PolicyWeek> weeks;
  if (policies_.empty()) return weeks;
  // Closures multiply their harm into a fresh table each week.
  std::fill(world_.place_effect.begin(), world_.place_effect.end(), 1.0);
  for (auto& policy : policies_) weeks.push_back(policy->week(world_, step, rng_));
  // Thresholds change request shares: the rule asks services in list order by cumulative share.
  double below = 0;
  for (std::size_t k = 0; k < world_.services.size(); ++k) {
    below += world_.services[k].request_share;
    rule_tables_.request_below[k] = below;
  }
  return weeks;
}

StepTally Engine::advance_residents(std::uint64_t step) {
  auto& r = world_.residents;
  const StepContext ctx{rule_parameters_,        rule_tables_,
                        hazards_,                rng_,
                        decile_of_neighbourhood_, world_.place_effect.data(),
                        world_.programmes.data(), step};
  const ResidentInputs in{r.female.data(), r.neighbourhood.data(), ties_at_start_, world_.network,
                          r.programme.data()};
  const ResidentOutputs out{r.state.data(),   r.weeks_in_state.data(), r.age_weeks.data(),
                            r.engaged_weeks.data(), r.service.data(),  r.service_status.data(),
                            r.reablement_weeks.data(), r.acute_weeks.data(), r.programme_weeks.data(),
                            r.care_home.data()};
  const std::size_t hoods = world_.neighbourhoods.size();
  const SureStay sure(ctx, routine_choices_);  // this week's hazards and closures' harm
  StepTally tally = executor_.reduce<StepTally>(r.size(), [&](std::size_t begin, std::size_t end, StepTally& t) {
    t.isolated.assign(hoods, 0);
    t.informal_support.assign(hoods, 0);
    t.child_crisis_entries.assign(hoods, 0);
    t.before.size_for(hoods, spec_.services.size());
    // The serial executor is the reference: the full rule for every resident, nothing else.
    if (executor_.kind == core::ExecutorKind::serial) {
      advance_residents_reference(begin, end, ctx, in, out, t);
    } else {
      model::advance_residents(begin, end, ctx, routine_choices_, sure, in, out, t);
    }
  });
  return tally;
}

void Engine::add_newborns(std::vector<std::uint32_t> mothers, std::uint64_t step) {
  // Resident order, whatever order the threads finished in: newborns get the same indices, and so
  // the same random streams, on every executor.
  std::sort(mothers.begin(), mothers.end());
  auto& r = world_.residents;
  std::vector<std::uint32_t> family;
  const CaringDraws caring{spec_.network.help_chance, spec_.network.carer_capacity, rng_};
  for (const std::uint32_t mother : mothers) {
    const double u = rng_.uniforms(mother, step, core::Stream::newborn)[0];
    r.add(0, u < kNewbornFemaleShare, r.neighbourhood[mother], State::independent);
    // The child's household is its mother's; its own row lists them (existing rows stay as built).
    family.clear();
    if (spec_.mechanisms.network) {
      family.push_back(mother);
      const auto ties = world_.network.ties(mother);
      family.insert(family.end(), ties.begin(), ties.begin() + world_.network.household_ties(mother));
    }
    world_.network.add_row(family, {});
    if (spec_.mechanisms.network)
      ties_at_start_.add_row(r.size() - 1, world_.network, r.state, rule_parameters_.carers ? &caring : nullptr);
  }
}

void Engine::settle_services(std::vector<ServiceRequest> requests, std::vector<ServiceRelease> releases,
                             std::uint64_t step) {
  if (!spec_.mechanisms.capacity) return;
  auto& r = world_.residents;
  for (const ServiceRelease& release : releases) {
    if (release.status == ServiceStatus::served) --world_.services[release.service].served;
    // A waiting release leaves a stale queue entry, skipped when it reaches the front.
  }
  // New requests join the back of the queue in resident order (deterministic, not thread order).
  std::sort(requests.begin(), requests.end());
  const auto since = static_cast<std::uint16_t>(step);
  for (const ServiceRequest& request : requests) {
    r.service[request.resident] = request.service;
    r.service_status[request.resident] = ServiceStatus::waiting;
    r.service_since[request.resident] = since;
    world_.services[request.service].queue.push_back({request.resident, since});
  }
  // First come, first served while places are free.
  for (std::size_t k = 0; k < world_.services.size(); ++k) {
    Service& service = world_.services[k];
    while (service.served < service.places && !service.queue.empty()) {
      const QueueEntry entry = service.queue.front();
      service.queue.pop_front();
      const std::uint32_t i = entry.resident;
      const bool still_waiting = r.service_status[i] == ServiceStatus::waiting && r.service[i] == k &&
                                 r.service_since[i] == entry.since;
      if (!still_waiting) continue;
      r.service_status[i] = ServiceStatus::served;
      ++service.served;
    }
  }
}

std::array<std::int64_t, kCareHomeBands> Engine::settle_care_homes(std::vector<std::uint32_t> requests,
                                                                    std::int64_t deaths, std::uint64_t step) {
  std::array<std::int64_t, kCareHomeBands> admissions{};
  if (!spec_.mechanisms.care_homes) return admissions;
  auto& r = world_.residents;
  CareHomes& homes = world_.care_homes;
  homes.residents -= deaths;
  // New requests join the back of the queue in resident order (deterministic, not thread order).
  std::sort(requests.begin(), requests.end());
  const auto since = static_cast<std::uint16_t>(step);
  for (const std::uint32_t i : requests) {
    r.care_home[i] = CareHome::waiting;
    r.care_home_since[i] = since;
    homes.queue.push_back({i, since});
  }
  // First come, first served while beds are free, once the assessment is done. Entries are in request
  // order, so the first still being assessed holds everyone behind it too.
  const auto assessment = static_cast<std::uint64_t>(spec_.care_homes.assessment_weeks);
  while (homes.residents < homes.beds && !homes.queue.empty()) {
    const QueueEntry entry = homes.queue.front();
    if (entry.since + assessment > step) break;
    homes.queue.pop_front();
    const std::uint32_t i = entry.resident;
    if (r.care_home[i] != CareHome::waiting || r.care_home_since[i] != entry.since) continue;  // withdrawn
    r.care_home[i] = CareHome::resident;
    ++homes.residents;
    ++admissions[static_cast<std::size_t>(care_home_band_of(age_years_of(r.age_weeks[i])))];
    // The home meets the needs a community service or reablement met.
    if (r.service_status[i] == ServiceStatus::served) --world_.services[r.service[i]].served;
    r.service_status[i] = ServiceStatus::none;
    r.reablement_weeks[i] = 0;
  }
  return admissions;
}

void Engine::settle_assets(std::vector<std::uint32_t> seekers, const std::vector<std::uint32_t>& leavers) {
  if (!spec_.mechanisms.assets) return;
  auto& r = world_.residents;
  for (const std::uint32_t i : leavers) --world_.neighbourhoods[r.neighbourhood[i]].engaged;
  // Places go to seekers in resident order while the neighbourhood's assets have room.
  std::sort(seekers.begin(), seekers.end());
  for (const std::uint32_t i : seekers) {
    auto& hood = world_.neighbourhoods[r.neighbourhood[i]];
    if (hood.engaged >= hood.asset_places) continue;
    r.engaged_weeks[i] = 1;
    ++hood.engaged;
  }
}

Stocks Engine::stocks() const {
  const auto& r = world_.residents;
  const std::size_t hoods = world_.neighbourhoods.size(), services = spec_.services.size();
  return executor_.reduce<Stocks>(r.size(), [&](std::size_t begin, std::size_t end, Stocks& t) {
    t.size_for(hoods, services);
    for (std::size_t i = begin; i < end; ++i) {
      if (r.state[i] == State::dead) continue;
      count_resident(r.state[i], age_years_of(r.age_weeks[i]), r.neighbourhood[i], r.service[i], r.service_status[i],
                     r.engaged_weeks[i], r.care_home[i], t);
    }
  });
}

}  // namespace cdsim::model
