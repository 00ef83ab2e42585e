// Data flow: engine -> [what each resident's ties were doing when the week began] -> the resident rule.
// The rule needs, per resident, how many ties are alive, how many are independent, and whether a
// household member is in crisis. Reading every tie's state every week is a random read per tie
// (about ten per resident); instead the counts are kept per resident and updated from the few
// residents who changed state. The network built at step 0 is mutual (j lists i exactly when i lists
// j, household members as household members), so a changer's own row names the residents whose
// counts change. Rows appended later (newborns, who list their family but whom nobody lists) are
// registered as listeners of the residents they list.
//
// With carers (mechanisms.carers) not every tie helps: a resident cares for the first few of its ties
// (household members first) that it is willing to care for, at most its capacity, drawn once per pair
// at step 0. The counts then also hold, per resident, its independent carers (who help it while it is
// in support) and how many of those it cares for are in support (who strain it). Whether a tie cares,
// either way, is a flag per tie of the changer's own row, so the same pass over that row updates them.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "models/place/network.hpp"
#include "models/resident/state.hpp"
#include "sim/core/executor.hpp"
#include "sim/core/random.hpp"

namespace cdsim::model {

/// What a resident's ties were doing when the week began.
struct TieSummary {
  int living = 0;
  int independent = 0;
  bool household_crisis = false;
  int helpers = 0;  ///< independent ties who help it in support: its independent carers, or with no
                    ///< carers mechanism every independent tie
  bool caring = false;  ///< it cares for someone in support (with the carers mechanism)
};

/// Who cares for whom (mechanisms.carers). A pair's draw is keyed by the pair (entity the carer, step
/// the one cared for), so it is the same on every executor and thread count.
struct CaringDraws {
  double help_chance;  ///< chance a tie is willing to care
  int capacity;        ///< a carer cares for at most this many of its ties
  const core::RandomStreams& rng;

  [[nodiscard]] bool willing(std::uint32_t carer, std::uint32_t cared_for) const {
    return rng.uniforms(carer, cared_for, core::Stream::caring)[0] < help_chance;
  }
};

/// A resident whose state changed during the week.
struct StateChange {
  std::uint32_t resident;
  State from, to;
};

class TiesAtStart {
 public:
  /// Counts every row's ties from `states` (at step 0, when every row is mutual); with `caring`, also
  /// draws who cares for whom and counts carers.
  void build(const Network& network, const std::vector<State>& states, const CaringDraws* caring = nullptr);

  /// Counts the ties of row i, just appended to the network (a newborn's), and registers it as a
  /// listener of the residents it lists. With carers, each family member it lists is willing to care
  /// for it by the same chance as any tie, outside the capacity and strain of a carer: a parent's care
  /// of a child is ordinary parenting, not the unpaid care of the census, and the parent's own row,
  /// drawn at step 0, does not list the child.
  void add_row(std::size_t i, const Network& network, const std::vector<State>& states,
               const CaringDraws* caring = nullptr);

  /// Applies the week's state changes once the resident pass is over. The counts are sums, so the
  /// order of changes does not matter; each thread updates the residents in its own index range.
  void apply(const Network& network, std::span<const StateChange> changes, const core::Executor& executor);

  [[nodiscard]] TieSummary summary(std::size_t i) const {
    if (!carers_) return {living_[i], independent_[i], household_crisis_[i] > 0, independent_[i], false};
    return {living_[i], independent_[i], household_crisis_[i] > 0, carers_independent_[i], caring_for_support_[i] > 0};
  }

  /// The counts as columns, for code that reads many residents at once (the vector screen, routine_simd.cpp).
  [[nodiscard]] const std::uint16_t* living() const { return living_.data(); }
  [[nodiscard]] const std::uint16_t* independent() const { return independent_.data(); }
  [[nodiscard]] const std::uint8_t* household_crisis() const { return household_crisis_.data(); }
  /// TieSummary::helpers as a column.
  [[nodiscard]] const std::uint16_t* helpers() const {
    return carers_ ? carers_independent_.data() : independent_.data();
  }
  /// How many of those each resident cares for are in support; with carers only.
  [[nodiscard]] const std::uint8_t* caring_for_support() const { return caring_for_support_.data(); }

  /// Bytes per resident the counts take, with carers (the default; 5 without), and per tie the
  /// caring flags take (listeners add 16 bytes per tie of a newborn's row).
  static constexpr std::size_t kBytesPerResident = 2 + 2 + 1 + 2 + 1;
  static constexpr std::size_t kCaringBytesPerTie = 1;

  /// The caring flags of a tie in a row: the tie cares for the row's resident, the row's resident
  /// cares for the tie.
  static constexpr std::uint8_t kCaresForRow = 1, kRowCares = 2;

 private:
  /// A resident counting another among its ties: index << 2, | 2 when the one it lists cares for it,
  /// | 1 when listed as a household member.
  using Listener = std::uint64_t;

  // [resident]
  std::vector<std::uint16_t> living_, independent_;
  std::vector<std::uint8_t> household_crisis_;  // household members in crisis
  bool carers_ = false;
  std::vector<std::uint16_t> carers_independent_;  // its carers who are independent
  std::vector<std::uint8_t> caring_for_support_;   // those it cares for who are in support
  // [tie], as Network::first_tie numbers them: kCaresForRow | kRowCares
  std::vector<std::uint8_t> tie_caring_;
  // Listed resident -> appended rows listing it. Few: about three per birth.
  std::unordered_multimap<std::uint32_t, Listener> late_listeners_;
  std::vector<bool> listened_to_late_;  // [resident]: has an entry in late_listeners_
};

}  // namespace cdsim::model
