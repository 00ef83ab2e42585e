#include "models/resident/ties_at_start.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace cdsim::model {
namespace {

/// How a resident holds one of its ties, as the counts see it: bit 0 a household member; bits 1-2 the
/// caring flags the tie's own row has for the resident (kRowCares: the tie cares for the resident, so
/// it counts among its carers; kCaresForRow: the resident cares for the tie).
using TieKind = std::size_t;
constexpr TieKind kTieKinds = 8;
TieKind kind_of(bool household, std::uint8_t caring) { return TieKind{household} | TieKind{caring} << 1; }

/// What a tie of `kind` moving from `from` to `to` adds to a resident's counts, as one 64-bit word: each
/// field's change at its byte offset, summed mod 2^64. A tie counted afresh moves from dead. Each
/// field's final count is a true count, within its width, so adding the word (add_to) is exactly
/// adding the fields: one add per tie, without a branch on the caring flags (which vary at random
/// from tie to tie) and without byte stores the compiler must assume alias everything, which took
/// twice as long in TiesAtStart::apply (a tenth of a one-thread run).
std::uint64_t tie_delta(State from, State to, TieKind kind) {
  static_assert(std::endian::native == std::endian::little, "a field's place in the word is its byte offset");
  const auto at = [](std::size_t offset, int delta) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << (8 * offset);  // mod 2^64
  };
  const auto moved = [&](State s) { return int{to == s} - int{from == s}; };
  const int living = int{to != State::dead} - int{from != State::dead};
  const auto caring = static_cast<std::uint8_t>(kind >> 1);
  return at(offsetof(TieCounts, living), living) + at(offsetof(TieCounts, independent), moved(State::independent)) +
         ((kind & 1) != 0 ? at(offsetof(TieCounts, household_crisis), moved(State::crisis)) : 0) +
         ((caring & TiesAtStart::kRowCares) != 0 ? at(offsetof(TieCounts, carers_independent), moved(State::independent)) : 0) +
         ((caring & TiesAtStart::kCaresForRow) != 0 ? at(offsetof(TieCounts, caring_for_support), moved(State::support)) : 0);
}

void add_to(TieCounts& counts, std::uint64_t delta) {
  static_assert(std::is_trivially_copyable_v<TieCounts>);
  counts = std::bit_cast<TieCounts>(std::bit_cast<std::uint64_t>(counts) + delta);
}

}  // namespace

void TiesAtStart::build(const Network& network, const std::vector<State>& states, const core::Executor& executor,
                        const CaringDraws* caring) {
  // In parallel over residents, each pass writing only its own residents' counts and flags, except
  // the last, whose few writes to others' are atomic: the same counts and flags on any thread count.
  struct Checks {
    bool too_many_ties = false, not_mutual = false;
    void merge(const Checks& other) {
      too_many_ties |= other.too_many_ties;
      not_mutual |= other.not_mutual;
    }
  };
  const std::size_t n = network.residents();
  counts_.assign(n, TieCounts{});
  late_listeners_.clear();
  listened_to_late_.assign(n, false);
  carers_ = caring != nullptr;
  tie_caring_.assign(carers_ ? network.tie_count() : 0, 0);
  TieCounts* const counts = counts_.data();
  std::uint8_t* const flags = tie_caring_.data();

  Checks checks = executor.reduce<Checks>(n, [&](std::size_t begin, std::size_t end, Checks& c) {
    for (std::size_t i = begin; i < end; ++i) {
      const auto ties = network.ties(i);
      // The counts are 16 bits (household members 8, as Network caps them).
      if (ties.size() > std::numeric_limits<std::uint16_t>::max()) {
        c.too_many_ties = true;
        continue;
      }
      // With carers, carer i cares for the first of its ties (household members first) it is willing
      // to, up to its capacity: its own decisions, from draws keyed by the pair.
      int cared = 0;
      for (std::size_t k = 0; k < ties.size(); ++k) {
        const bool cares = carers_ && cared < caring->capacity && caring->willing(static_cast<std::uint32_t>(i), ties[k]);
        if (cares) {
          ++cared;
          flags[network.first_tie(i) + k] |= kRowCares;
        }
        add_to(counts[i], tie_delta(State::dead, states[ties[k]],
                                    kind_of(k < network.household_ties(i), cares ? kCaresForRow : 0)));
      }
    }
  });
  if (checks.too_many_ties) throw std::length_error("a resident has more than 65,535 ties");
  if (!carers_) return;
  // Each one cared for learns it: the flag in its row and its count of independent carers. Another
  // carer of the same resident may be on another thread, so these writes are atomic (few: a carer
  // cares for at most `capacity` ties); a row's own flags are read atomically for the same reason.
  checks = executor.reduce<Checks>(n, [&](std::size_t begin, std::size_t end, Checks& c) {
    for (std::size_t j = begin; j < end; ++j) {
      const auto ties = network.ties(j);
      for (std::size_t k = 0; k < ties.size(); ++k) {
        if ((std::atomic_ref(flags[network.first_tie(j) + k]).load(std::memory_order_relaxed) & kRowCares) == 0) continue;
        const std::uint32_t cared_for = ties[k];
        // The network is mutual here, and rows have no repeats: the row of the one cared for lists j once.
        const auto back = network.ties(cared_for);
        const auto at = static_cast<std::size_t>(std::find(back.begin(), back.end(), j) - back.begin());
        if (at == back.size()) {
          c.not_mutual = true;
          continue;
        }
        std::atomic_ref(flags[network.first_tie(cared_for) + at]).fetch_or(kCaresForRow, std::memory_order_relaxed);
        if (states[j] == State::independent)
          std::atomic_ref(counts[cared_for].carers_independent).fetch_add(1, std::memory_order_relaxed);
      }
    }
  });
  if (checks.not_mutual) throw std::logic_error("carers need a mutual network: a row lists one that does not list it");
}

void TiesAtStart::add_row(std::size_t i, const Network& network, const std::vector<State>& states,
                          const CaringDraws* caring) {
  counts_.resize(i + 1, TieCounts{});
  listened_to_late_.resize(i + 1, false);
  if (carers_) tie_caring_.resize(network.tie_count(), 0);
  const auto ties = network.ties(i);
  for (std::size_t k = 0; k < ties.size(); ++k) {
    const bool cared_for = carers_ && caring != nullptr && caring->willing(ties[k], static_cast<std::uint32_t>(i));
    if (cared_for) tie_caring_[network.first_tie(i) + k] = kCaresForRow;
    // To the newborn, a family member who cares for it is a tie whose row would say kRowCares.
    const TieKind kind = kind_of(k < network.household_ties(i), cared_for ? kRowCares : 0);
    add_to(counts_[i], tie_delta(State::dead, states[ties[k]], kind));
    late_listeners_.emplace(ties[k], static_cast<Listener>(i) << 3 | kind);
    listened_to_late_[ties[k]] = true;
  }
}

void TiesAtStart::apply(const Network& network, std::span<const StateChange> changes,
                        const core::Executor& executor) {
  struct NoTally {
    void merge(const NoTally&) {}
  };
  TieCounts* const counts = counts_.data();
  const std::uint8_t* const tie_caring = tie_caring_.data();
  const bool carers = carers_;
  const std::size_t mutual_rows = network.mutual_rows();
  executor.reduce<NoTally>(counts_.size(), [&](std::size_t begin, std::size_t end, NoTally&) {
    for (const StateChange& change : changes) {
      // The change's update for each kind of tie, made once: a tie's update is then one add (tie_delta).
      std::array<std::uint64_t, kTieKinds> delta;
      for (TieKind kind = 0; kind < kTieKinds; ++kind) delta[kind] = tie_delta(change.from, change.to, kind);
      // Mutual rows: the changer's ties are the residents that list it. A tie's caring flags are those
      // of the changer's row: kRowCares when the changer cares for it, kCaresForRow when it cares for
      // the changer.
      if (change.resident < mutual_rows) {
        const std::span<const std::uint32_t> ties = network.ties(change.resident);
        const std::size_t household = network.household_ties(change.resident);
        const std::uint8_t* const flags = carers ? tie_caring + network.first_tie(change.resident) : nullptr;
        for (std::size_t k = 0; k < ties.size(); ++k) {
          const TieKind kind = kind_of(k < household, carers ? flags[k] : 0);
          if (ties[k] >= begin && ties[k] < end) add_to(counts[ties[k]], delta[kind]);
        }
      }
      if (!listened_to_late_[change.resident]) continue;  // most residents: no hash lookup
      const auto [first, last] = late_listeners_.equal_range(change.resident);
      for (auto it = first; it != last; ++it) {
        const std::size_t j = it->second >> 3;
        if (j >= begin && j < end) add_to(counts[j], delta[it->second & (kTieKinds - 1)]);
      }
    }
  });
}

}  // namespace cdsim::model
