// The defaults at a small size, one replicate: what the model tests start from and change one thing in.
#pragma once

#include <cstdint>

#include "sim/core/executor.hpp"
#include "sim/spec/defaults.hpp"

namespace cdsim::test {

inline const core::Executor kTwoThreads{core::ExecutorKind::openmp, 2};

inline spec::ScenarioSpec small_default(std::int64_t size = 20'000, double years = 2) {
  spec::ScenarioSpec s = spec::default_scenario();
  s.population.size = size;
  s.replicates = 1;
  s.years = years;
  // The mechanism tests compare runs that differ in one thing from one start; a burn-in would settle
  // each run's start under its own mechanisms (tests/models/test_settled_states.cpp tests it).
  s.burn_in_years = 0;
  return s;
}

}  // namespace cdsim::test
