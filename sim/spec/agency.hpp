// Data flow: scenario YAML -> [agencies] -> cost categories, policy funding, comparisons by agency.
// Who pays for a cost or a policy. A cost borne by one agency may be saved by another (the "wrong
// pocket"): naming each category's agency lets `cdsim compare` set savings beside spend by agency.
#pragma once

#include <array>
#include <cstddef>

namespace cdsim::spec {

/// The agencies, in results order (the `agency` dimension). Names are stable: results files, compare's
/// JSON keys (`cost_saved_<agency>`, ...) and scripts use them. Housing is not modelled yet.
enum class Agency { council_adult_care, council_children, council_other, nhs, police };
inline constexpr std::size_t kAgencyCount = 5;
inline constexpr std::array<const char*, kAgencyCount> kAgencyNames = {
    "council_adult_care", "council_children", "council_other", "nhs", "police"};

/// One share per agency (indexed like kAgencyNames), summing to 1: who pays for a policy.
using AgencyShares = std::array<double, kAgencyCount>;

[[nodiscard]] inline AgencyShares only(Agency a) {
  AgencyShares shares{};
  shares[static_cast<std::size_t>(a)] = 1.0;
  return shares;
}

}  // namespace cdsim::spec
