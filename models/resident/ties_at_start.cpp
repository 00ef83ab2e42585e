#include "models/resident/ties_at_start.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <type_traits>
#include <atomic>
#include <limits>
#include <stdexcept>

namespace cdsim::model {
namespace {

/// Adds (sign +1) or removes (-1) a tie in state s from one resident's counts.
void add(TieCounts& c, State s, bool household, int sign) {
  c.living = static_cast<std::uint16_t>(c.living + sign * (s != State::dead));
  c.independent = static_cast<std::uint16_t>(c.independent + sign * (s == State::independent));
  c.household_crisis = static_cast<std::uint8_t>(c.household_crisis + sign * (household && s == State::crisis));
}

/// How a count of ties in a state changes when one of them moves from `from` to `to`.
int moved(State from, State to, State s) { return int{to == s} - int{from == s}; }
/// How the count of living ties changes.
int moved_alive(State from, State to) { return int{to != State::dead} - int{from != State::dead}; }

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
      for (std::size_t k = 0; k < ties.size(); ++k) add(counts[i], states[ties[k]], k < network.household_ties(i), +1);
      if (!carers_) continue;
      // Carer i cares for the first of its ties (household members first) it is willing to, up to its
      // capacity: its own decisions, from draws keyed by the pair.
      int cared = 0;
      for (std::size_t k = 0; k < ties.size() && cared < caring->capacity; ++k) {
        if (!caring->willing(static_cast<std::uint32_t>(i), ties[k])) continue;
        ++cared;
        flags[network.first_tie(i) + k] |= kRowCares;
        counts[i].caring_for_support =
            static_cast<std::uint8_t>(counts[i].caring_for_support + (states[ties[k]] == State::support));
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
  TieCounts& c = counts_[i];
  const auto ties = network.ties(i);
  for (std::size_t k = 0; k < ties.size(); ++k) {
    const bool household = k < network.household_ties(i);
    add(c, states[ties[k]], household, +1);
    const bool cared_for = carers_ && caring != nullptr && caring->willing(ties[k], static_cast<std::uint32_t>(i));
    if (cared_for) {
      tie_caring_[network.first_tie(i) + k] = kCaresForRow;
      c.carers_independent = static_cast<std::uint16_t>(c.carers_independent + (states[ties[k]] == State::independent));
    }
    late_listeners_.emplace(ties[k], static_cast<Listener>(i) << 2 | (cared_for ? 2 : 0) | (household ? 1 : 0));
    listened_to_late_[ties[k]] = true;
  }
}

void TiesAtStart::apply(const Network& network, std::span<const StateChange> changes,
                        const core::Executor& executor) {
  struct NoTally {
    void merge(const NoTally&) {}
  };
  // A tie's update is one 64-bit add to its counts' word: the change's delta for each field, shifted to
  // the field's place, summed. Each field's final count is a true count, within its width, so the
  // word's sum (mod 2^64) is exactly the fields' own sums. One add per tie, without branches on the
  // caring flags (which vary at random from tie to tie) and without byte stores the compiler must
  // assume alias everything: that took twice as long (a tenth of a one-thread run).
  static_assert(std::endian::native == std::endian::little, "a field's place in the word is its byte offset");
  static_assert(std::is_trivially_copyable_v<TieCounts>);
  const auto at = [](std::size_t offset, int delta) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(delta)) << (8 * offset);  // mod 2^64
  };
  // The deltas of one change, by the tie's kind: bit 0 a household member, bits 1-2 its caring flags.
  const auto deltas_of = [&](const StateChange& change) {
    const int living = moved_alive(change.from, change.to), independent = moved(change.from, change.to, State::independent),
              crisis = moved(change.from, change.to, State::crisis), support = moved(change.from, change.to, State::support);
    const std::uint64_t plain = at(offsetof(TieCounts, living), living) + at(offsetof(TieCounts, independent), independent);
    std::array<std::uint64_t, 8> d{};
    for (std::uint8_t kind = 0; kind < d.size(); ++kind) {
      const std::uint8_t caring = static_cast<std::uint8_t>(kind >> 1);
      d[kind] = plain + ((kind & 1) != 0 ? at(offsetof(TieCounts, household_crisis), crisis) : 0) +
                ((caring & kRowCares) != 0 ? at(offsetof(TieCounts, carers_independent), independent) : 0) +
                ((caring & kCaresForRow) != 0 ? at(offsetof(TieCounts, caring_for_support), support) : 0);
    }
    return d;
  };
  const auto add_to = [](TieCounts& counts, std::uint64_t delta) {
    counts = std::bit_cast<TieCounts>(std::bit_cast<std::uint64_t>(counts) + delta);
  };
  TieCounts* const counts = counts_.data();
  const std::uint8_t* const tie_caring = tie_caring_.data();
  const bool carers = carers_;
  const std::size_t mutual_rows = network.mutual_rows();
  executor.reduce<NoTally>(counts_.size(), [&](std::size_t begin, std::size_t end, NoTally&) {
    for (const StateChange& change : changes) {
      const std::array<std::uint64_t, 8> delta = deltas_of(change);
      // Mutual rows: the changer's ties are the residents that list it. A tie's caring flags are those
      // of the changer's row: kRowCares when the changer cares for it, kCaresForRow when it cares for
      // the changer.
      if (change.resident < mutual_rows) {
        const std::span<const std::uint32_t> ties = network.ties(change.resident);
        const std::size_t household = network.household_ties(change.resident);
        const std::uint8_t* const flags = carers ? tie_caring + network.first_tie(change.resident) : nullptr;
        for (std::size_t k = 0; k < ties.size(); ++k) {
          const std::size_t kind = std::size_t{k < household} | (carers ? std::size_t{flags[k]} << 1 : 0);
          if (ties[k] >= begin && ties[k] < end) add_to(counts[ties[k]], delta[kind]);
        }
      }
      if (!listened_to_late_[change.resident]) continue;  // most residents: no hash lookup
      const auto [first, last] = late_listeners_.equal_range(change.resident);
      for (auto it = first; it != last; ++it) {
        const std::size_t j = it->second >> 2;
        // A newborn's carer changing: to the newborn, the changer is a tie that cares for it.
        const std::size_t kind = (it->second & 1) | ((it->second & 2) != 0 ? std::size_t{kRowCares} << 1 : 0);
        if (j >= begin && j < end) add_to(counts[j], delta[kind]);
      }
    }
  });
}

}  // namespace cdsim::model
