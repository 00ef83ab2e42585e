// Data flow: defaults -> [bench] -> throughput as JSON on stdout.
// `cdsim bench`: times whole replicates of the baseline model (population build, weekly steps and
// the runner's recording; no file writing) and reports medians, never single timings.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace cdsim::run {

struct BenchOptions {
  std::int64_t residents = 322'000;
  int weeks = 522;   ///< ten years
  int threads = 0;   ///< 0: OpenMP's default; the bench also runs 1 thread for the ratio
  int repeats = 3;   ///< timings per thread count; the median is reported
};

nlohmann::json run_bench(const BenchOptions& options);

}  // namespace cdsim::run
