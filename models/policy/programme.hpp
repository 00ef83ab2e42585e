// Shared by the policies that work with individual residents (place-based teams, social prescribing):
// finding eligible residents in the target neighbourhoods and enrolling them in a programme whose
// effect the resident rule applies (World::programmes, Residents::programme columns).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "models/policy/policy.hpp"

namespace cdsim::model {

class Programme {
 public:
  /// Registers `effect` in world.programmes and lists the residents of the target neighbourhoods
  /// (those alive now; children born later are never eligible within a scenario's horizon).
  Programme(const PolicySetting& s, World& world, const ProgrammeEffect& effect, std::uint8_t contact_weeks);

  /// Whether resident i may be enrolled (the programme adds: alive, not already in a programme).
  using Eligible = std::function<bool(const Residents&, std::uint32_t)>;

  /// Draws up to `wanted` eligible residents at random (at most 1,000 draws each and
  /// four per candidate) and calls `admit` for
  /// each with a second uniform; `admit` returns true to enrol. Returns the residents found.
  std::int64_t find(World& world, std::int64_t wanted, std::uint64_t step, const core::RandomStreams& rng,
                    const Eligible& eligible, const std::function<bool(double)>& admit);

  /// This programme's entry in world.programmes.
  [[nodiscard]] std::uint8_t id() const { return id_; }

  /// Residents enrolled in the last contact_weeks weeks (a team's open cases).
  std::int64_t in_contact(std::uint64_t step);

 private:
  std::uint64_t policy_;
  std::uint8_t id_;
  std::uint8_t weeks_;
  std::uint8_t contact_weeks_;
  std::vector<std::uint32_t> candidates_;
  std::deque<std::uint64_t> contact_ends_;  ///< step each open contact ends, ascending
};

}  // namespace cdsim::model
