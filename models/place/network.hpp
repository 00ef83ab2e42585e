// Data flow: spec -> [social network] -> the resident rule reads it.
// Who knows whom, stored compactly (CSR): each resident's ties are one contiguous run of target
// indices, household members first. Built once at step 0 with every tie mutual; a newborn's row (its
// mother and her household) is appended, and existing rows are not changed, so the structure stays flat.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cdsim::model {

class Network {
 public:
  /// Ties of resident i, household members first.
  [[nodiscard]] std::span<const std::uint32_t> ties(std::size_t i) const {
    return {targets_.data() + offsets_[i], targets_.data() + offsets_[i + 1]};
  }
  /// Where row i starts among all ties: tie k of row i is tie first_tie(i) + k of the network, for
  /// columns kept per tie.
  [[nodiscard]] std::size_t first_tie(std::size_t i) const { return offsets_[i]; }
  /// How many of ties(i) are household members.
  [[nodiscard]] std::uint8_t household_ties(std::size_t i) const { return household_[i]; }
  [[nodiscard]] std::size_t residents() const { return household_.size(); }
  [[nodiscard]] std::size_t tie_count() const { return targets_.size(); }
  /// Memory the rows take, in bytes.
  [[nodiscard]] std::size_t bytes() const {
    return offsets_.size() * sizeof(std::uint32_t) + targets_.size() * sizeof(std::uint32_t) + household_.size();
  }
  /// Rows 0 .. mutual_rows() - 1 are mutual: j lists i exactly when i lists j, and as a household
  /// member exactly when i lists j as one. Rows appended after mark_mutual() (newborns) are not.
  [[nodiscard]] std::size_t mutual_rows() const { return mutual_rows_; }
  /// The builder declares every row so far mutual.
  void mark_mutual() { mutual_rows_ = residents(); }

  /// Appends the next resident's row: its household members first, then other ties.
  void add_row(std::span<const std::uint32_t> household, std::span<const std::uint32_t> others);
  void reserve(std::size_t residents, std::size_t ties);

 private:
  std::vector<std::uint32_t> offsets_{0};  // 32 bits: a borough has far fewer than 4 billion ties
  std::vector<std::uint32_t> targets_;
  std::vector<std::uint8_t> household_;
  std::size_t mutual_rows_ = 0;
};

}  // namespace cdsim::model
