// Social prescribing. GPs refer adults when need peaks (during an acute episode); a share
// engages with a link worker, who connects them to community assets. Because referral happens at a
// peak, engagers improve a lot before-to-after even without any effect (regression to the mean,
// SP_controlled_hackney); the population effect is what the comparison with the baseline shows.
#include <cmath>

#include "models/policy/programme.hpp"
#include "models/resident/age.hpp"

namespace cdsim::model {

namespace {

bool referable(const Residents& r, std::uint32_t i) {
  return age_years_of(r.age_weeks[i]) >= 18 && r.state[i] != State::crisis && r.acute_weeks[i] > 0;
}

ProgrammeEffect effect_of(const spec::SocialPrescribingSpec& p) {
  return {ProgrammeEffect::Kind::social_prescribing, static_cast<std::uint8_t>(p.effect_weeks), 0, 1.0, p.escalation_multiplier, 1.0, p.asset_referral};
}

class SocialPrescribing final : public Policy {
 public:
  SocialPrescribing(const PolicySetting& s, const spec::SocialPrescribingSpec& p, World& world)
      : window_(s.window),
        programme_(s, world, effect_of(p), static_cast<std::uint8_t>(p.effect_weeks)),
        weekly_referrals_(p.link_workers * p.referrals_per_worker / kWeeksPerYear),
        uptake_(p.uptake),
        cost_per_referral_(p.cost_per_referral) {}

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams& rng) override {
    if (!window_.in_force(step)) return {0, programme_.in_contact(step)};
    // Whole referrals each week; the fractions carry over so the yearly total is right.
    due_ += weekly_referrals_;
    const auto wanted = static_cast<std::int64_t>(due_);
    due_ -= static_cast<double>(wanted);
    const std::int64_t referred =
        programme_.find(world, wanted, step, rng, referable, [&](double u) { return u < uptake_; });
    return {static_cast<double>(referred) * cost_per_referral_, programme_.in_contact(step)};
  }

 private:
  PolicyWindow window_;
  Programme programme_;
  double weekly_referrals_, uptake_, cost_per_referral_;
  double due_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::SocialPrescribingSpec& p,
                                                World& world) {
  return std::make_unique<SocialPrescribing>(s, p, world);
}

}  // namespace cdsim::model
