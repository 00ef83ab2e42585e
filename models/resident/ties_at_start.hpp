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

/// One resident's tie counts, packed in one 8-byte word: a tie's update in TiesAtStart::apply touches
/// one cache line rather than five columns', and the vector screen (routine_simd.cpp) loads a
/// resident's counts as one 64-bit lane and takes the fields out by shifts.
struct TieCounts {
  std::uint16_t living = 0;
  std::uint16_t independent = 0;
  std::uint16_t carers_independent = 0;  ///< its carers who are independent (with carers)
  std::uint8_t household_crisis = 0;     ///< household members in crisis
  std::uint8_t caring_for_support = 0;   ///< those it cares for who are in support (with carers)
};
static_assert(sizeof(TieCounts) == 8, "a resident's counts are one 64-bit lane");

/// A resident whose state changed during the week.
struct StateChange {
  std::uint32_t resident;
  State from, to;
};

class TiesAtStart {
 public:
  /// Counts every row's ties from `states` (at step 0, when every row is mutual); with `caring`, also
  /// draws who cares for whom and counts carers.
  void build(const Network& network, const std::vector<State>& states, const core::Executor& executor,
             const CaringDraws* caring = nullptr);

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
    const TieCounts& c = counts_[i];
    if (!carers_) return {c.living, c.independent, c.household_crisis > 0, c.independent, false};
    return {c.living, c.independent, c.household_crisis > 0, c.carers_independent, c.caring_for_support > 0};
  }

  /// Every resident's counts, for code that reads many residents at once (the vector screen).
  [[nodiscard]] const TieCounts* counts() const { return counts_.data(); }
  /// Whether carers are counted: TieSummary::helpers is then carers_independent, else independent.
  [[nodiscard]] bool carers() const { return carers_; }

  /// Bytes per resident the counts take, and per tie the caring flags take (listeners add 16 bytes
  /// per tie of a newborn's row).
  static constexpr std::size_t kBytesPerResident = sizeof(TieCounts);
  static constexpr std::size_t kCaringBytesPerTie = 1;

  /// The caring flags of a tie in a row: the tie cares for the row's resident, the row's resident
  /// cares for the tie.
  static constexpr std::uint8_t kCaresForRow = 1, kRowCares = 2;

 private:
  /// A resident counting another among its ties: index << 3 | how it holds the tie (ties_at_start.cpp's
  /// TieKind: household member, and whether the tie cares for it).
  using Listener = std::uint64_t;

  std::vector<TieCounts> counts_;  // [resident]
  bool carers_ = false;
  // [tie], as Network::first_tie numbers them: kCaresForRow | kRowCares
  std::vector<std::uint8_t> tie_caring_;
  // Listed resident -> appended rows listing it. Few: about three per birth.
  std::unordered_multimap<std::uint32_t, Listener> late_listeners_;
  std::vector<bool> listened_to_late_;  // [resident]: has an entry in late_listeners_
};

}  // namespace cdsim::model
