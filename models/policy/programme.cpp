#include "models/policy/programme.hpp"

#include <algorithm>
#include <stdexcept>

namespace cdsim::model {

Programme::Programme(const PolicySetting& s, World& world, const ProgrammeEffect& effect, std::uint8_t contact_weeks)
    : policy_(s.index), weeks_(effect.weeks), contact_weeks_(contact_weeks) {
  if (world.programmes.size() >= 255) {
    throw std::runtime_error("at most 255 place_based_team and social_prescribing policies in one scenario");
  }
  id_ = static_cast<std::uint8_t>(world.programmes.size());
  world.programmes.push_back(effect);
  std::vector<bool> targeted(world.neighbourhoods.size(), false);
  for (int n : s.targets) targeted[n] = true;
  const auto& r = world.residents;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (targeted[r.neighbourhood[i]] && r.state[i] != State::dead) candidates_.push_back(static_cast<std::uint32_t>(i));
  }
}

std::int64_t Programme::find(World& world, std::int64_t wanted, std::uint64_t step, const core::RandomStreams& rng,
                             const Eligible& eligible, const std::function<bool(double)>& admit) {
  if (wanted <= 0 || candidates_.empty()) return 0;
  auto& r = world.residents;
  std::int64_t found = 0;
  // Enough draws to find rare residents (1 in 50 adults is in an acute episode), but never more than
  // four per candidate: a dry pool then costs no more than a scan, and misses an eligible resident
  // with probability e^-4.
  const std::int64_t draws = std::min<std::int64_t>(1000 * wanted, 4 * static_cast<std::int64_t>(candidates_.size()));
  for (std::int64_t d = 0; d < draws && found < wanted; ++d) {
    const auto u = rng.uniforms(core::policy_entity(policy_, static_cast<std::uint64_t>(d)), step, core::Stream::policy);
    const std::uint32_t i = candidates_[static_cast<std::size_t>(u[0] * static_cast<double>(candidates_.size()))];
    if (r.state[i] == State::dead || r.programme_weeks[i] > 0 || !eligible(r, i)) continue;
    ++found;
    if (!admit(u[1])) continue;
    r.programme[i] = id_;
    r.programme_weeks[i] = weeks_;
    contact_ends_.push_back(step + contact_weeks_);
  }
  return found;
}

std::int64_t Programme::in_contact(std::uint64_t step) {
  while (!contact_ends_.empty() && contact_ends_.front() <= step) contact_ends_.pop_front();
  return static_cast<std::int64_t>(contact_ends_.size());
}

}  // namespace cdsim::model
