// Multi-agency place-based teams. Staffed (and paid) in full from the start, their caseload builds up
// over the ramp. They look for adults at risk, and contact first surfaces hidden need (onset rises:
// the year-1 rise in use seen in ageUK_PICP and integrated_care_pilots); deeper conversations connect
// people to community assets, lower escalation and raise recovery, which pays back later: the team
// learns its patch, so those effects grow from nothing to full over its maturity (IAU_lag).
#include <algorithm>
#include <cmath>

#include "models/policy/programme.hpp"
#include "models/resident/age.hpp"

namespace cdsim::model {

namespace {

/// Adults who are not in crisis and are in support, aged 75 or over, or in an acute episode.
bool at_risk(const Residents& r, std::uint32_t i) {
  const int age = age_years_of(r.age_weeks[i]);
  return age >= 18 && r.state[i] != State::crisis &&
         (r.state[i] == State::support || age >= 75 || r.acute_weeks[i] > 0);
}

ProgrammeEffect effect_of(const spec::PlaceTeamSpec& p) {
  const int weeks = std::max(p.effect_weeks, p.case_weeks);
  return {ProgrammeEffect::Kind::place_team, static_cast<std::uint8_t>(weeks), static_cast<std::uint8_t>(weeks - p.case_weeks), p.surfacing_multiplier,
          p.escalation_multiplier, p.recovery_multiplier, p.asset_referral};
}

class PlaceTeam final : public Policy {
 public:
  PlaceTeam(const PolicySetting& s, const spec::PlaceTeamSpec& p, World& world)
      : window_(s.window),
        programme_(s, world, effect_of(p), static_cast<std::uint8_t>(p.case_weeks)),
        workers_(p.fte * static_cast<double>(s.targets.size())),
        caseload_(p.caseload),
        ramp_weeks_(p.ramp_weeks),
        maturity_weeks_(p.maturity_years * kWeeksPerYear),
        weekly_cost_(workers_ * p.cost_per_fte / kWeeksPerYear),
        full_(effect_of(p)) {}

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams& rng) override {
    if (!window_.in_force(step)) return {0, programme_.in_contact(step)};
    const double weeks_in = static_cast<double>(step - window_.first + 1);
    const double ramp = ramp_weeks_ == 0 ? 1.0 : std::min(1.0, weeks_in / ramp_weeks_);
    const double maturity = maturity_weeks_ <= 0 ? 1.0 : std::min(1.0, weeks_in / maturity_weeks_);
    ProgrammeEffect& now = world.programmes[programme_.id()];
    now.escalation = 1 + (full_.escalation - 1) * maturity;
    now.recovery = 1 + (full_.recovery - 1) * maturity;
    const auto capacity = std::llround(workers_ * caseload_ * ramp);
    programme_.find(world, capacity - programme_.in_contact(step), step, rng, at_risk, [](double) { return true; });
    return {weekly_cost_, programme_.in_contact(step)};
  }

 private:
  PolicyWindow window_;
  Programme programme_;
  double workers_;
  int caseload_, ramp_weeks_;
  double maturity_weeks_, weekly_cost_;
  ProgrammeEffect full_;  ///< the effect of a mature team
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::PlaceTeamSpec& p, World& world) {
  return std::make_unique<PlaceTeam>(s, p, world);
}

}  // namespace cdsim::model
