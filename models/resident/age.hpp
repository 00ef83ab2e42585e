// Data flow: read by every phase that needs a resident's age in years.
// Residents age one week per step; hazards are tabulated by whole years of age.
#pragma once

#include <cstdint>

namespace cdsim::model {

/// Weeks in a year (365.25 / 7).
inline constexpr double kWeeksPerYear = 365.25 / 7.0;

/// Whole years of age from age in weeks: floor(weeks / 52.1786), computed as a multiply and shift
/// (1256 / 65536 = 1 / 52.178) because it runs for every resident every step.
inline constexpr int age_years_of(std::uint32_t age_weeks) {
  return static_cast<int>((age_weeks * 1256u) >> 16);
}

}  // namespace cdsim::model
