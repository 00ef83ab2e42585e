#include "models/resident/ties_at_start.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace cdsim::model {
namespace {

/// Adds (sign +1) or removes (-1) a tie in state s from one resident's counts.
struct Counts {
  std::uint16_t& living;
  std::uint16_t& independent;
  std::uint8_t& household_crisis;

  void add(State s, bool household, int sign) const {
    living = static_cast<std::uint16_t>(living + sign * (s != State::dead));
    independent = static_cast<std::uint16_t>(independent + sign * (s == State::independent));
    household_crisis = static_cast<std::uint8_t>(household_crisis + sign * (household && s == State::crisis));
  }
};

/// How a count of ties in a state changes when one of them moves from `from` to `to`.
int moved(State from, State to, State s) { return int{to == s} - int{from == s}; }

}  // namespace

void TiesAtStart::build(const Network& network, const std::vector<State>& states, const CaringDraws* caring) {
  living_.clear();
  independent_.clear();
  household_crisis_.clear();
  late_listeners_.clear();
  listened_to_late_.assign(network.residents(), false);
  for (std::size_t i = 0; i < network.residents(); ++i) {
    living_.push_back(0);
    independent_.push_back(0);
    household_crisis_.push_back(0);
    const auto ties = network.ties(i);
    // The counts are 16 bits (household members 8, as Network caps them).
    if (ties.size() > std::numeric_limits<std::uint16_t>::max())
      throw std::length_error("a resident has more than 65,535 ties");
    const Counts c{living_[i], independent_[i], household_crisis_[i]};
    for (std::size_t k = 0; k < ties.size(); ++k) c.add(states[ties[k]], k < network.household_ties(i), +1);
  }

  carers_ = caring != nullptr;
  carers_independent_.clear();
  caring_for_support_.clear();
  tie_caring_.clear();
  if (!carers_) return;
  carers_independent_.assign(network.residents(), 0);
  caring_for_support_.assign(network.residents(), 0);
  tie_caring_.assign(network.tie_count(), 0);
  // Carer j cares for the first of its ties (household members first) it is willing to, up to its capacity.
  for (std::size_t j = 0; j < network.residents(); ++j) {
    const auto ties = network.ties(j);
    int cared = 0;
    for (std::size_t k = 0; k < ties.size() && cared < caring->capacity; ++k) {
      const std::uint32_t c = ties[k];
      if (!caring->willing(static_cast<std::uint32_t>(j), c)) continue;
      ++cared;
      tie_caring_[network.first_tie(j) + k] |= kRowCares;
      // The network is mutual here, and rows have no repeats: c's row lists j once.
      const auto back = network.ties(c);
      const auto at = static_cast<std::size_t>(std::find(back.begin(), back.end(), j) - back.begin());
      if (at == back.size()) throw std::logic_error("carers need a mutual network: a row lists one that does not list it");
      tie_caring_[network.first_tie(c) + at] |= kCaresForRow;
      carers_independent_[c] = static_cast<std::uint16_t>(carers_independent_[c] + (states[j] == State::independent));
      caring_for_support_[j] = static_cast<std::uint8_t>(caring_for_support_[j] + (states[c] == State::support));
    }
  }
}

void TiesAtStart::add_row(std::size_t i, const Network& network, const std::vector<State>& states,
                          const CaringDraws* caring) {
  living_.resize(i + 1, 0);
  independent_.resize(i + 1, 0);
  household_crisis_.resize(i + 1, 0);
  listened_to_late_.resize(i + 1, false);
  if (carers_) {
    carers_independent_.resize(i + 1, 0);
    caring_for_support_.resize(i + 1, 0);
    tie_caring_.resize(network.tie_count(), 0);
  }
  const Counts c{living_[i], independent_[i], household_crisis_[i]};
  const auto ties = network.ties(i);
  for (std::size_t k = 0; k < ties.size(); ++k) {
    const bool household = k < network.household_ties(i);
    c.add(states[ties[k]], household, +1);
    const bool cared_for = carers_ && caring != nullptr && caring->willing(ties[k], static_cast<std::uint32_t>(i));
    if (cared_for) {
      tie_caring_[network.first_tie(i) + k] = kCaresForRow;
      carers_independent_[i] = static_cast<std::uint16_t>(carers_independent_[i] + (states[ties[k]] == State::independent));
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
  // The columns and each row's household size in locals: every count is a byte or word store, which
  // may alias the vectors' own pointers, and the compiler would reload them for each tie.
  std::uint16_t* const living = living_.data();
  std::uint16_t* const independent = independent_.data();
  std::uint8_t* const household_crisis = household_crisis_.data();
  std::uint16_t* const carers_independent = carers_independent_.data();
  std::uint8_t* const caring_for_support = caring_for_support_.data();
  const std::uint8_t* const tie_caring = tie_caring_.data();
  const bool carers = carers_;
  const std::size_t mutual_rows = network.mutual_rows();
  // j counts the changer among its ties; `caring` is the flag of the changer's row: kRowCares when the
  // changer cares for j, kCaresForRow when j cares for the changer.
  const auto update = [=](std::size_t j, bool household, std::uint8_t caring, const StateChange& change) {
    const Counts c{living[j], independent[j], household_crisis[j]};
    c.add(change.from, household, -1);
    c.add(change.to, household, +1);
    if (caring & kRowCares)
      carers_independent[j] =
          static_cast<std::uint16_t>(carers_independent[j] + moved(change.from, change.to, State::independent));
    if (caring & kCaresForRow)
      caring_for_support[j] =
          static_cast<std::uint8_t>(caring_for_support[j] + moved(change.from, change.to, State::support));
  };
  executor.reduce<NoTally>(living_.size(), [&](std::size_t begin, std::size_t end, NoTally&) {
    for (const StateChange& change : changes) {
      // Mutual rows: the changer's ties are the residents that list it.
      if (change.resident < mutual_rows) {
        const std::span<const std::uint32_t> ties = network.ties(change.resident);
        const std::size_t household = network.household_ties(change.resident);
        const std::uint8_t* const flags = carers ? tie_caring + network.first_tie(change.resident) : nullptr;
        for (std::size_t k = 0; k < ties.size(); ++k) {
          if (ties[k] >= begin && ties[k] < end) update(ties[k], k < household, carers ? flags[k] : 0, change);
        }
      }
      if (!listened_to_late_[change.resident]) continue;  // most residents: no hash lookup
      const auto [first, last] = late_listeners_.equal_range(change.resident);
      for (auto it = first; it != last; ++it) {
        const std::size_t j = it->second >> 2;
        // A newborn's carer changing: to the newborn, the changer is a tie that cares for it.
        if (j >= begin && j < end) update(j, (it->second & 1) != 0, (it->second & 2) != 0 ? kRowCares : 0, change);
      }
    }
  });
}

}  // namespace cdsim::model
