// A community investment fund (Wigan's £7.5-10m fund; cif_design). Grants of `grant_size` are awarded
// evenly over the award period, each to a group in a target neighbourhood chosen in proportion to its
// residents. A group opens after the lead time and adds places to its neighbourhood's community
// assets; its grant is paid on a reducing scale (3:2:1 over three years). Some groups fold while
// funded; of the rest, some find their own money and carry on when the grant ends, the others close.
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/policy/policy.hpp"
#include "models/resident/age.hpp"

namespace cdsim::model {

namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

struct Group {
  int neighbourhood = 0;
  std::uint64_t award = 0;         ///< step the grant is awarded (first payment)
  std::uint64_t open = 0;          ///< step the group starts running
  std::uint64_t funding_end = 0;   ///< first step without payment
  std::uint64_t close = kNever;    ///< first step the group no longer runs
};

class CommunityFund final : public Policy {
 public:
  CommunityFund(const PolicySetting& s, const spec::CommunityFundSpec& p, World& world)
      : targets_(s.targets),
        places_per_group_(p.places_per_group),
        grant_size_(p.grant_size),
        taper_years_(p.taper_years),
        added_(world.neighbourhoods.size(), 0) {
    // Target neighbourhoods weighted by their residents at the start.
    std::vector<double> cumulative;
    double total = 0;
    std::vector<std::int64_t> residents(world.neighbourhoods.size(), 0);
    for (std::size_t i = 0; i < world.residents.size(); ++i) ++residents[world.residents.neighbourhood[i]];
    for (int n : targets_) cumulative.push_back(total += static_cast<double>(residents[n]));

    const auto groups = static_cast<std::int64_t>(std::floor(p.budget / p.grant_size));
    const double award_weeks = p.award_years * kWeeksPerYear;
    const auto taper_weeks = static_cast<std::uint64_t>(std::llround(p.taper_years * kWeeksPerYear));
    for (std::int64_t g = 0; g < groups && total > 0; ++g) {
      Group group;
      group.award = s.window.first + static_cast<std::uint64_t>(std::floor(static_cast<double>(g) * award_weeks /
                                                                           static_cast<double>(groups)));
      if (!s.window.in_force(group.award)) break;  // the fund was stopped before this award
      // Drawn once, at build time (step 0), keyed by the policy and the group: the same fates whatever
      // else the scenario holds, and never a draw from a resident's stream.
      const auto u = s.rng.uniforms(core::policy_entity(s.index, static_cast<std::uint64_t>(g)), 0, core::Stream::policy);
      const auto pick = std::upper_bound(cumulative.begin(), cumulative.end(), u[0] * total) - cumulative.begin();
      group.neighbourhood = targets_[std::min<std::size_t>(static_cast<std::size_t>(pick), targets_.size() - 1)];
      group.open = group.award + static_cast<std::uint64_t>(p.lead_weeks);
      group.funding_end = std::min(group.award + taper_weeks, s.window.end);
      if (u[1] < p.failure_share) {
        // Folds at a uniformly random week while funded (at once if funding ends before it opens).
        const std::uint64_t span = group.funding_end > group.open ? group.funding_end - group.open : 0;
        group.close = group.open + static_cast<std::uint64_t>(u[2] * static_cast<double>(span));
      } else if (u[3] >= p.self_financing_share) {
        group.close = std::max(group.open, group.funding_end);
      }
      groups_.push_back(group);
    }
  }

  PolicyWeek week(World& world, std::uint64_t step, const core::RandomStreams&) override {
    PolicyWeek out;
    std::vector<std::int32_t> places(added_.size(), 0);
    for (const Group& g : groups_) {
      const bool running = step >= g.open && step < g.close;
      if (running) places[g.neighbourhood] += places_per_group_;
      // Paid while funded and not folded; year y of T gets (T - y) / (1 + ... + T) of the grant.
      if (step >= g.award && step < g.funding_end && step < std::max(g.close, g.open + 1)) {
        const auto year = static_cast<int>(static_cast<double>(step - g.award) / kWeeksPerYear);
        const double share = 2.0 * (taper_years_ - year) / (taper_years_ * (taper_years_ + 1.0));
        out.spend += grant_size_ * std::max(0.0, share) / kWeeksPerYear;
      }
    }
    for (std::size_t n = 0; n < places.size(); ++n) {
      world.neighbourhoods[n].asset_places += places[n] - added_[n];
      out.reach += places[n];
    }
    added_ = std::move(places);
    return out;
  }

 private:
  std::vector<int> targets_;
  std::int32_t places_per_group_;
  double grant_size_;
  int taper_years_;
  std::vector<Group> groups_;
  std::vector<std::int32_t> added_;  ///< places this fund has added to each neighbourhood now
};

}  // namespace

std::unique_ptr<Policy> make_policy(const PolicySetting& s, const spec::CommunityFundSpec& p, World& world) {
  return std::make_unique<CommunityFund>(s, p, world);
}

}  // namespace cdsim::model
