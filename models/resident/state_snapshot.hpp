// Data flow: engine -> [snapshot of every resident's state] -> the resident rule reads its ties.
// States as they were when the week began, two bits each: the whole borough's fits in a core's L2
// cache (80 KB for 322,000 residents), so reading a tie's state is a cache hit, not a memory trip.
#pragma once

#include <cstdint>
#include <vector>

#include "models/resident/state.hpp"

namespace cdsim::model {

class StateSnapshot {
 public:
  /// Replaces the snapshot with `states` (four values fit in two bits).
  void take(const std::vector<State>& states) {
    words_.assign((states.size() + 31) / 32, 0);
    for (std::size_t i = 0; i < states.size(); ++i) {
      words_[i / 32] |= static_cast<std::uint64_t>(states[i]) << (2 * (i % 32));
    }
  }
  [[nodiscard]] State operator[](std::size_t i) const {
    return static_cast<State>((words_[i / 32] >> (2 * (i % 32))) & 3u);
  }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace cdsim::model
