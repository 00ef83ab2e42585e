#include "models/resident/ties_at_start.hpp"

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

}  // namespace

void TiesAtStart::build(const Network& network, const std::vector<State>& states) {
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
}

void TiesAtStart::add_row(std::size_t i, const Network& network, const std::vector<State>& states) {
  living_.resize(i + 1, 0);
  independent_.resize(i + 1, 0);
  household_crisis_.resize(i + 1, 0);
  listened_to_late_.resize(i + 1, false);
  const Counts c{living_[i], independent_[i], household_crisis_[i]};
  const auto ties = network.ties(i);
  for (std::size_t k = 0; k < ties.size(); ++k) {
    const bool household = k < network.household_ties(i);
    c.add(states[ties[k]], household, +1);
    late_listeners_.emplace(ties[k], static_cast<Listener>(i << 1 | (household ? 1 : 0)));
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
  const std::size_t mutual_rows = network.mutual_rows();
  const auto update = [=](std::size_t j, bool household, const StateChange& change) {
    const Counts c{living[j], independent[j], household_crisis[j]};
    c.add(change.from, household, -1);
    c.add(change.to, household, +1);
  };
  executor.reduce<NoTally>(living_.size(), [&](std::size_t begin, std::size_t end, NoTally&) {
    for (const StateChange& change : changes) {
      // Mutual rows: the changer's ties are the residents that list it.
      if (change.resident < mutual_rows) {
        const std::span<const std::uint32_t> ties = network.ties(change.resident);
        const std::size_t household = network.household_ties(change.resident);
        for (std::size_t k = 0; k < ties.size(); ++k) {
          if (ties[k] >= begin && ties[k] < end) update(ties[k], k < household, change);
        }
      }
      if (!listened_to_late_[change.resident]) continue;  // most residents: no hash lookup
      const auto [first, last] = late_listeners_.equal_range(change.resident);
      for (auto it = first; it != last; ++it) {
        const std::size_t j = it->second >> 1;
        if (j >= begin && j < end) update(j, (it->second & 1) != 0, change);
      }
    }
  });
}

}  // namespace cdsim::model
