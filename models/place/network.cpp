#include "models/place/network.hpp"

#include <algorithm>

namespace cdsim::model {

void Network::add_row(std::span<const std::uint32_t> household, std::span<const std::uint32_t> others) {
  targets_.insert(targets_.end(), household.begin(), household.end());
  targets_.insert(targets_.end(), others.begin(), others.end());
  offsets_.push_back(static_cast<std::uint32_t>(targets_.size()));
  household_.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(household.size(), 255)));
}

void Network::reserve(std::size_t residents, std::size_t ties) {
  offsets_.reserve(residents + 1);
  targets_.reserve(ties);
  household_.reserve(residents);
}

}  // namespace cdsim::model
