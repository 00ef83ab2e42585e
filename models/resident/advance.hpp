// Data flow: engine -> [resident step rule] over a block of residents.
// The narrow, parallel-safe rule of one week for one resident: it reads its own row, the states of
// its ties as they were when the week began (a snapshot), and a read-only context; it writes only
// its own slots. Its read and write sets are the column views below. Anything that needs other
// residents' slots or shared places (births, service places, asset places) is returned in the tally
// for the serial phases.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/place/network.hpp"
#include "models/resident/age.hpp"
#include "models/resident/hazards.hpp"
#include "models/resident/state.hpp"
#include "models/resident/ties_at_start.hpp"
#include "models/world.hpp"
#include "sim/core/random.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// Columns the rule only reads.
struct ResidentInputs {
  const std::uint8_t* female;
  const std::uint16_t* neighbourhood;
  const TiesAtStart& ties_at_start;  ///< what each resident's ties were doing when the week began
  const Network& network;
  const std::uint8_t* programme;  ///< which World::programmes entry, while programme_weeks > 0
};

/// Columns the rule reads and writes (each resident's own slot only).
struct ResidentOutputs {
  State* state;
  std::uint16_t* weeks_in_state;
  std::uint16_t* age_weeks;
  std::uint16_t* engaged_weeks;
  std::uint8_t* service;
  ServiceStatus* service_status;
  std::uint8_t* reablement_weeks;
  std::uint8_t* acute_weeks;
  std::uint8_t* programme_weeks;
  CareHome* care_home;
};

/// The scenario's numbers the rule uses, as plain values: the rule copies them into locals so the
/// compiler need not reload them after every byte it stores (a uint8_t store may alias anything).
struct RuleParameters {
  bool ageing, network, capacity, assets, reablement, acute;
  bool carers;  ///< with network: only carers help, and caring strains them (TiesAtStart counts carers)
  bool place_effects;  ///< a policy closes preventive facilities (World::place_effect)
  bool programmes;     ///< a policy enrols residents in programmes (World::programmes)
  std::uint16_t max_age_weeks;
  double acute_onset, acute_multiplier;
  std::uint8_t acute_weeks;
  int isolation_threshold, informal_max_ties;
  double isolation_onset, isolation_mortality, household_crisis;
  double carer_strain;  ///< on a carer's onset while one it cares for is in support
  int weeks_to_connect, connection_ties;
  double asset_join, asset_leave;
  double reablement_hazard;  ///< extra weekly recovery hazard during reablement
  double reablement_share;
  std::uint8_t reablement_weeks;
  double ask_working_age, ask_older, ask_universal;  ///< spec::RequestSpec
  bool care_homes;
  double care_home_mortality;  ///< spec::CareHomeSpec::mortality_multiplier

  explicit RuleParameters(const spec::ScenarioSpec& spec);
};

/// Per-service numbers and the informal-support multipliers, tabulated once per run.
struct RuleTables {
  std::vector<double> request_below;  ///< cumulative request shares, services in list order
  std::vector<double> service_multiplier;  ///< [status][service]: 1 with no request, else waiting or served
  std::vector<double> informal_multiplier;  ///< [independent ties], capped at informal_max_ties
  std::vector<double> care_home_request;    ///< [age in years]: weekly chance of asking for a care-home place

  explicit RuleTables(const spec::ScenarioSpec& spec);

  /// The multiplier on escalation to crisis of a resident in support with this status at `service`.
  [[nodiscard]] double service_factor(ServiceStatus status, std::uint8_t service) const {
    return service_multiplier[static_cast<std::size_t>(status) * request_below.size() + service];
  }
};

/// Read-only context shared by every resident in the step.
struct StepContext {
  const RuleParameters& params;
  const RuleTables& tables;
  const HazardTable& hazards;
  const core::RandomStreams& rng;
  const std::vector<int>& decile_of_neighbourhood;
  const double* place_effect;            ///< World::place_effect, when params.place_effects
  const ProgrammeEffect* programmes;     ///< World::programmes, when params.programmes
  std::uint64_t step;  ///< index of the step being taken (1 for the first)
};

/// A resident who entered support and asks for service `service`.
struct ServiceRequest {
  std::uint32_t resident;
  std::uint8_t service;
  friend auto operator<=>(const ServiceRequest&, const ServiceRequest&) = default;
};

/// A resident who left support while waiting for or holding a service place.
struct ServiceRelease {
  std::uint32_t resident;
  std::uint8_t service;
  ServiceStatus status;
};

/// Stocks per neighbourhood: living residents by age group and state, waiting lists, service users and
/// asset engagement; and the borough's care-home residents and waiting list.
struct Stocks {
  std::vector<std::int32_t> residents;  ///< [neighbourhood][age group][state]
  std::vector<std::int32_t> waiting;    ///< [service][neighbourhood]
  std::vector<std::int32_t> served;     ///< [service][neighbourhood]
  std::vector<std::int32_t> engaged;    ///< [neighbourhood]
  std::array<std::int32_t, kCareHomeBands> care_home_residents{};  ///< [care_home_band_of(age)]
  std::int32_t care_home_waiting = 0;   ///< waiting for an assessment or a bed

  void size_for(std::size_t neighbourhoods, std::size_t services) {
    residents.assign(neighbourhoods * kAgeGroups * kLivingStates, 0);
    waiting.assign(services * neighbourhoods, 0);
    served.assign(services * neighbourhoods, 0);
    engaged.assign(neighbourhoods, 0);
    care_home_residents = {};
    care_home_waiting = 0;
  }
  void merge(const Stocks& other);
};

/// Counts a living resident in state s, aged `age_years`, into `stocks`.
inline void count_resident(State s, int age_years, std::uint16_t home, std::uint8_t service,
                           ServiceStatus status, std::uint16_t engaged_weeks, CareHome care_home, Stocks& stocks) {
  const std::size_t n = home, hoods = stocks.engaged.size();
  ++stocks.residents[(n * kAgeGroups + static_cast<std::size_t>(age_group_of(age_years))) * kLivingStates +
                     static_cast<std::size_t>(s)];
  if (status == ServiceStatus::waiting) ++stocks.waiting[service * hoods + n];
  if (status == ServiceStatus::served) ++stocks.served[service * hoods + n];
  stocks.engaged[n] += engaged_weeks > 0;
  if (care_home == CareHome::resident) ++stocks.care_home_residents[static_cast<std::size_t>(care_home_band_of(age_years))];
  if (care_home == CareHome::waiting) ++stocks.care_home_waiting;
}

/// Requests for support by age group and sequel (spec::kRequestOutcomeNames order); children none.
using RequestCounts = std::array<std::array<std::int64_t, spec::kRequestOutcomeCount>, kAgeGroups>;

/// What a block of residents did in the step. Merging adds counts and appends lists; the engine
/// sorts the lists, so the merged result is the same whatever the split into blocks.
struct StepTally {
  std::array<std::array<std::int64_t, 4>, kLivingStates> moves{};  ///< [from][to], to 3 = dead
  RequestCounts requests{};
  std::vector<std::uint32_t> mothers;           ///< residents who gave birth
  std::vector<ServiceRequest> service_requests;
  std::vector<ServiceRelease> service_releases;
  std::vector<std::uint32_t> asset_seekers;     ///< residents looking for a place in a community asset
  std::vector<std::uint32_t> asset_leavers;     ///< residents who gave up their place
  std::vector<StateChange> changes;             ///< residents whose state changed (with the network on)
  std::vector<std::uint32_t> care_home_requests;  ///< residents in crisis asking for a care-home place
  std::int64_t care_home_deaths = 0;            ///< care-home residents who died (their beds are free)
  std::vector<std::int32_t> isolated;           ///< per neighbourhood, isolated living residents
  std::vector<std::int32_t> informal_support;   ///< per neighbourhood, residents in support helped by a tie (TieSummary::helpers)
  std::vector<std::int32_t> child_crisis_entries;  ///< per neighbourhood, residents aged 0-17 entering crisis
  Stocks before;  ///< stocks as the step began, counted as each resident is first read

  void merge(const StepTally& other);
};

/// 1 - exp(-x) < x for x > 0; with expm1 within an ulp, the computed chance of leaving is below
/// x times this (a margin of 2^-50, far above rounding).
inline constexpr double kAboveExitBound = 1 + 0x1p-50;

/// The week of resident i, who is alive, with the week's uniforms u (u[0] exit, u[1] birth, u[2]
/// acute onset, u[3] asset join or leave): competing-risk exit (transition or death) with the
/// hazards its ties, services, assets, reablement and acute episodes modify; births; time in state;
/// ageing; and the requests and releases of places the serial phases settle. This is the rule as
/// the model describes it, one resident at a time; the screen and routine week (routine_week.hpp)
/// are the fast path for the residents to whom nothing happens, and are held to this.
[[gnu::always_inline]] inline void advance_resident(std::size_t i, const std::array<double, 4>& u,
                                                    const RuleParameters& p, const StepContext& ctx,
                                                    const ResidentInputs& in, const ResidentOutputs& out,
                                                    StepTally& tally) {
  const RuleTables& tables = ctx.tables;
  const std::uint64_t step = ctx.step;
  const State from = out.state[i];
  const int age = age_years_of(out.age_weeks[i]);
  const std::uint16_t home = in.neighbourhood[i];
  const CareHome care_home = out.care_home[i];  // none whenever care homes are off
  const bool in_care_home = care_home == CareHome::resident;
  count_resident(from, age, home, out.service[i], out.service_status[i], out.engaged_weeks[i], care_home,
                 tally.before);

  // Modifiers of this week's hazards: m[0], m[1] multiply the row's two transitions, m[2] death.
  std::array<double, 3> m{1.0, 1.0, 1.0};
  double extra_recovery = 0;  // reablement, added to support_to_independent
  bool isolated = false;
  if (p.acute) {
    if (out.acute_weeks[i] == 0 && from != State::crisis && u[2] < p.acute_onset) {
      out.acute_weeks[i] = p.acute_weeks;
    }
    // Row slot 1 is the transition to crisis for both independent and support residents.
    if (out.acute_weeks[i] > 0 && from != State::crisis) m[1] *= p.acute_multiplier;
  }
  // Policies: the harm of closed preventive facilities (onset and crisis, never recovery), and the
  // programme a team or link worker enrolled the resident in.
  if (p.place_effects && from != State::crisis) {
    const double f = ctx.place_effect[static_cast<std::size_t>(home) * kEffectAges + static_cast<std::size_t>(age)];
    if (from == State::independent) m[0] *= f;
    m[1] *= f;
  }
  double asset_join = p.asset_join;
  if (p.programmes && out.programme_weeks[i] > 0) {
    const ProgrammeEffect& e = ctx.programmes[in.programme[i]];
    if (from == State::independent && out.programme_weeks[i] > e.contact_above) m[0] *= e.surfacing;
    if (from == State::support) {
      m[0] *= e.recovery;
      m[1] *= e.escalation;
    }
    asset_join = std::max(asset_join, e.asset_join);
    --out.programme_weeks[i];
  }
  if (p.network) {
    const TieSummary t = in.ties_at_start.summary(i);
    const bool connected = p.assets && out.engaged_weeks[i] > p.weeks_to_connect;
    const int ties = t.living + (connected ? p.connection_ties : 0);
    isolated = ties <= p.isolation_threshold;
    if (isolated) {
      if (from == State::independent) m[0] *= p.isolation_onset;
      m[2] *= p.isolation_mortality;
      ++tally.isolated[home];
    }
    if (t.household_crisis && from != State::crisis) {
      (from == State::independent ? m[0] : m[1]) *= p.household_crisis;
    }
    // A carer whose cared-for is in support may break down under the strain (t.caring only with carers).
    if (t.caring && from == State::independent) m[0] *= p.carer_strain;
    if (from == State::support) {
      // Help actually received: from independent carers within their capacity (every independent tie
      // without the carers mechanism).
      const int helpers = std::min(t.helpers, p.informal_max_ties);
      if (helpers > 0) {
        m[1] *= tables.informal_multiplier[static_cast<std::size_t>(helpers)];
        ++tally.informal_support[home];
      }
    }
  }
  if (from == State::support) {
    if (p.capacity && out.service_status[i] != ServiceStatus::none) {
      m[1] *= tables.service_factor(out.service_status[i], out.service[i]);
    }
    if (p.reablement && out.reablement_weeks[i] > 0) extra_recovery = p.reablement_hazard;
  }
  // A care-home resident's needs still come and go between support and crisis, but it never lives
  // independently at home again: no exit to independence, and its own (higher) mortality.
  if (in_care_home) {
    if (from == State::support) {
      m[0] = 0.0;
      extra_recovery = 0;
    } else if (from == State::crisis) {
      m[1] = 0.0;  // the crisis row's slot 1 is crisis_to_independent
    }
    m[2] *= p.care_home_mortality;
  }

  // Competing-risk exit. Unmodified residents use the tabulated probabilities; others recompute
  // them from the tabulated hazards.
  const ExitRow& row = ctx.hazards.exits(from, age, ctx.decile_of_neighbourhood[home]);
  std::array<double, 3> cut = row.cumulative;
  if (m[0] != 1.0 || m[1] != 1.0 || m[2] != 1.0 || extra_recovery > 0) {
    const double h0 = row.hazard[0] * m[0] + extra_recovery, h1 = row.hazard[1] * m[1], h2 = row.hazard[2] * m[2];
    const double total = h0 + h1 + h2;
    if (u[0] > total * kAboveExitBound) {
      // Stays: the chance of leaving, 1 - exp(-total), is below total, so u is above it too and
      // the exact cuts (an expm1 and two divisions, for most residents in vain) change nothing.
      cut = {0.0, 0.0, 0.0};
    } else {
      const double leave = total > 0 ? -std::expm1(-total) : 0.0;
      cut = {total > 0 ? leave * h0 / total : 0.0, total > 0 ? leave * (h0 + h1) / total : 0.0, leave};
      if (h2 == 0) cut[1] = leave;
    }
  }
  State to = from;
  if (u[0] < cut[2]) to = row.destination[u[0] < cut[0] ? 0 : u[0] < cut[1] ? 1 : 2];
  ++tally.moves[static_cast<int>(from)][static_cast<int>(to)];

  // A birth is a separate event from the exit: a mother who dies in the week still gave birth.
  if (in.female[i] && u[1] < ctx.hazards.birth_probability(age)) {
    tally.mothers.push_back(static_cast<std::uint32_t>(i));
  }

  // Care homes: a resident in crisis aged 65+ who stays in need may ask for a place (the serial phase
  // queues it); a death frees a bed or withdraws a request, and so does a waiting resident's recovery.
  if (p.care_homes) {
    if (care_home == CareHome::none && from == State::crisis && to != State::dead && to != State::independent &&
        age >= 65 && ctx.rng.uniforms(i, step, core::Stream::care_home)[0] < tables.care_home_request[static_cast<std::size_t>(age)]) {
      tally.care_home_requests.push_back(static_cast<std::uint32_t>(i));
    }
    if (in_care_home && to == State::dead) ++tally.care_home_deaths;
    if (care_home != CareHome::none && (to == State::dead || to == State::independent)) out.care_home[i] = CareHome::none;
  }

  if (to != from) {
    out.state[i] = to;
    if (p.network) tally.changes.push_back({static_cast<std::uint32_t>(i), from, to});
    // What children's services see (ChildrensServices): a child's crisis.
    if (to == State::crisis && age < 18) ++tally.child_crisis_entries[home];
    out.weeks_in_state[i] = 0;
    // Leaving support gives up any service place or request and ends reablement.
    if (from == State::support) {
      if (out.service_status[i] != ServiceStatus::none) {
        tally.service_releases.push_back({static_cast<std::uint32_t>(i), out.service[i], out.service_status[i]});
        out.service_status[i] = ServiceStatus::none;
      }
      out.reablement_weeks[i] = 0;
    }
    // A care-home resident's needs are the home's to meet: no request, service place or reablement.
    if (to == State::support && !in_care_home) {
      const auto entry = ctx.rng.uniforms(i, step, core::Stream::state_entry);
      bool placed = false, reabled = false;
      if (p.capacity) {
        // At most one request: services are asked in list order, each by its share of entrants.
        const auto& below = tables.request_below;
        for (std::size_t k = 0; k < below.size(); ++k) {
          if (entry[0] < below[k]) {
            tally.service_requests.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(k)});
            placed = true;
            break;
          }
        }
      }
      if (p.reablement && from == State::crisis && entry[1] < p.reablement_share) {
        out.reablement_weeks[i] = p.reablement_weeks;
        reabled = true;
      }
      // What the council sees (adult social care: adults only). A service place is always asked for;
      // otherwise a share by age ask, and reablement is the council's short-term support only for those
      // who asked (for the rest it stands for the NHS's intermediate care). entry[2] and entry[3] are
      // drawn with the others and used only here, so recording requests changes no other draw.
      if (age >= 18) {
        const bool asked = placed || entry[2] < (age >= 65 ? p.ask_older : p.ask_working_age);
        const int outcome = !asked ? -1 : placed ? 0 : reabled ? 1 : entry[3] < p.ask_universal ? 2 : 3;
        if (outcome >= 0) ++tally.requests[static_cast<std::size_t>(age_group_of(age))][static_cast<std::size_t>(outcome)];
      }
    }
  } else {
    if (out.weeks_in_state[i] < UINT16_MAX) ++out.weeks_in_state[i];
    if (out.reablement_weeks[i] > 0) --out.reablement_weeks[i];
  }
  if (out.acute_weeks[i] > 0) --out.acute_weeks[i];

  // Community assets: the engaged drift away or leave in crisis and death; others may seek a place.
  if (p.assets) {
    if (out.engaged_weeks[i] > 0) {
      if (to == State::crisis || to == State::dead || u[3] < p.asset_leave) {
        out.engaged_weeks[i] = 0;
        tally.asset_leavers.push_back(static_cast<std::uint32_t>(i));
      } else if (out.engaged_weeks[i] < UINT16_MAX) {
        ++out.engaged_weeks[i];
      }
    } else if (to != State::crisis && to != State::dead && !in_care_home && u[3] < asset_join) {
      tally.asset_seekers.push_back(static_cast<std::uint32_t>(i));
    }
  }
  if (p.ageing && out.age_weeks[i] < p.max_age_weeks) ++out.age_weeks[i];
}

/// Advances residents [begin, end) by one week, each through the full rule in resident order: the
/// reference the serial executor runs and the fast path (advance_residents in advance_block.hpp) is
/// tested against.
inline void advance_residents_reference(std::size_t begin, std::size_t end, const StepContext& ctx,
                                        const ResidentInputs& in, const ResidentOutputs& out,
                                        StepTally& tally) {
  const RuleParameters p = ctx.params;
  for (std::size_t i = begin; i < end; ++i) {
    if (out.state[i] == State::dead) continue;
    advance_resident(i, ctx.rng.uniforms(i, ctx.step, core::Stream::resident_step), p, ctx, in, out, tally);
  }
}

}  // namespace cdsim::model
