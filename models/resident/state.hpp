// Data flow: the resident's state, read and written by the engine's resident phases.
// The closed set of states and the transitions between them:
//
//   from \ to      independent   support        crisis        dead
//   independent    -             onset          acute crisis  death
//   support        recovery      -              escalation    death
//   crisis         recovery      step-down      -             death
//
// All exits from a state compete within a week: with exit hazards h_j the resident leaves with
// probability 1 - exp(-sum h_j) and goes to j with probability h_j / sum h_j.
#pragma once

#include <cstdint>

namespace cdsim::model {

enum class State : std::uint8_t { independent = 0, support = 1, crisis = 2, dead = 3 };

inline constexpr int kLivingStates = 3;

/// Age groups of the results file: 0-17, 18-64, 65+.
inline constexpr int kAgeGroups = 3;
/// Written as a sum of comparisons, not a chain of branches: ages differ at random from one resident
/// to the next, so a branch would be mispredicted often.
inline constexpr int age_group_of(int age_years) { return int{age_years >= 18} + int{age_years >= 65}; }

}  // namespace cdsim::model
