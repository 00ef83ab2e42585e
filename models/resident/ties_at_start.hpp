// Data flow: engine -> [what each resident's ties were doing when the week began] -> the resident rule.
// The rule needs, per resident, how many ties are alive, how many are independent, and whether a
// household member is in crisis. Reading every tie's state every week is a random read per tie
// (about ten per resident); instead the counts are kept per resident and updated from the few
// residents who changed state. The network built at step 0 is mutual (j lists i exactly when i lists
// j, household members as household members), so a changer's own row names the residents whose
// counts change. Rows appended later (newborns, who list their family but whom nobody lists) are
// registered as listeners of the residents they list.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "models/place/network.hpp"
#include "models/resident/state.hpp"
#include "sim/core/executor.hpp"

namespace cdsim::model {

/// What a resident's ties were doing when the week began.
struct TieSummary {
  int living = 0;
  int independent = 0;
  bool household_crisis = false;
};

/// A resident whose state changed during the week.
struct StateChange {
  std::uint32_t resident;
  State from, to;
};

class TiesAtStart {
 public:
  /// Counts every row's ties from `states` (at step 0, when every row is mutual).
  void build(const Network& network, const std::vector<State>& states);

  /// Counts the ties of row i, just appended to the network, and registers it as a listener of
  /// the residents it lists.
  void add_row(std::size_t i, const Network& network, const std::vector<State>& states);

  /// Applies the week's state changes once the resident pass is over. The counts are sums, so the
  /// order of changes does not matter; each thread updates the residents in its own index range.
  void apply(const Network& network, std::span<const StateChange> changes, const core::Executor& executor);

  [[nodiscard]] TieSummary summary(std::size_t i) const {
    return {living_[i], independent_[i], household_crisis_[i] > 0};
  }

  /// The counts as columns, for code that reads many residents at once (the vector screen, routine_simd.cpp).
  [[nodiscard]] const std::uint16_t* living() const { return living_.data(); }
  [[nodiscard]] const std::uint16_t* independent() const { return independent_.data(); }
  [[nodiscard]] const std::uint8_t* household_crisis() const { return household_crisis_.data(); }

  /// Bytes per resident the counts take (listeners add 8 bytes per tie of a newborn's row).
  static constexpr std::size_t kBytesPerResident = 2 + 2 + 1;

 private:
  /// A resident counting another among its ties: index << 1 | 1 when as a household member.
  using Listener = std::uint32_t;

  // [resident]
  std::vector<std::uint16_t> living_, independent_;
  std::vector<std::uint8_t> household_crisis_;  // household members in crisis
  // Listed resident -> appended rows listing it. Few: about three per birth.
  std::unordered_multimap<std::uint32_t, Listener> late_listeners_;
  std::vector<bool> listened_to_late_;  // [resident]: has an entry in late_listeners_
};

}  // namespace cdsim::model
