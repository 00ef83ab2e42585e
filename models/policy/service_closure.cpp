// Closing a preventive facility (children's centre, youth club, library, day centre). Its places go at
// once; the harm builds up over the lag (Sure Start and youth-club effects grow over years), falls on
// the facility's age group, and concentrates in deprived neighbourhoods (none in the least deprived
// three tenths: surestart_hosp_age11_2019). If the facility reopens the harm fades over the same lag.
#include <algorithm>
#include <cmath>

#include "models/policy/policy.hpp"
#include "models/resident/age.hpp"

namespace cdsim::model {

namespace {

/// Share of the full effect in IMD decile d: all of it in decile 1, falling linearly, none from 8 on.
double deprivation_gradient(int decile) { return std::clamp((8.0 - decile) / 7.0, 0.0, 1.0); }

class ServiceClosure final : public Policy {
 public:
  ServiceClosure(const PolicySetting& s, const spec::ServiceClosureSpec& p, World& world)
      : window_(s.window),
        targets_(s.targets),
        places_lost_share_(p.places_lost_share),
        effect_(p.effect),
        lag_weeks_(p.lag_years * kWeeksPerYear),
        weekly_saving_(p.annual_saving / kWeeksPerYear),
        ages_(p.ages()) {
    if (world.place_effect.empty()) {
      world.place_effect.assign(world.neighbourhoods.size() * static_cast<std::size_t>(kEffectAges), 1.0);
    }
    for (int n : targets_) open_places_.push_back(world.neighbourhoods[n].asset_places);
  }

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams&) override {
    PolicyWeek out;
    const bool closed = window_.in_force(step);
    // Places: closed ones come off the neighbourhood's pool (other policies may add to it meanwhile).
    // Residents already engaged drift away at the usual rate; nobody new joins until there is room.
    if (closed != applied_) {
      for (std::size_t k = 0; k < targets_.size(); ++k) {
        const auto lost = static_cast<std::int32_t>(std::lround(open_places_[k] * places_lost_share_));
        world.neighbourhoods[targets_[k]].asset_places += closed ? -lost : lost;
      }
      applied_ = closed;
    }
    if (closed) {
      out.spend = -weekly_saving_;
      for (std::size_t k = 0; k < targets_.size(); ++k)
        out.reach += std::lround(open_places_[k] * places_lost_share_);
    }
    const double level = harm_level(step);
    if (level <= 0 || effect_ <= 0) return out;
    for (int n : targets_) {
      const double factor = 1 + effect_ * level * deprivation_gradient(world.neighbourhoods[n].deprivation_decile);
      double* row = world.place_effect.data() + static_cast<std::size_t>(n) * kEffectAges;
      for (int age = ages_[0]; age <= std::min(ages_[1], kEffectAges - 1); ++age) row[age] *= factor;
    }
    return out;
  }

 private:
  /// Share of the full harm at `step`: a linear ramp over the lag while closed, fading after reopening.
  [[nodiscard]] double harm_level(std::uint64_t step) const {
    if (step < window_.first) return 0;
    const double since_close = static_cast<double>(step - window_.first);
    auto ramp = [&](double weeks) { return lag_weeks_ <= 0 ? 1.0 : std::min(1.0, weeks / lag_weeks_); };
    if (window_.in_force(step)) return ramp(since_close);
    const double at_reopening = ramp(static_cast<double>(window_.end - window_.first));
    const double since_open = static_cast<double>(step - window_.end);
    return lag_weeks_ <= 0 ? 0.0 : at_reopening * std::max(0.0, 1 - since_open / lag_weeks_);
  }

  PolicyWindow window_;
  std::vector<int> targets_;
  double places_lost_share_, effect_, lag_weeks_, weekly_saving_;
  std::array<int, 2> ages_;
  std::vector<std::int32_t> open_places_;  ///< each target's asset places before the closure
  bool applied_ = false;
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::ServiceClosureSpec& p,
                                             World& world) {
  return std::make_unique<ServiceClosure>(s, p, world);
}

}  // namespace cdsim::model
