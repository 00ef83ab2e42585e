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
  return s;
}

}  // namespace cdsim::test
