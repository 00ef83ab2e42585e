// Data flow: spec -> [runner: engine per replicate -> observations -> sink] -> results file.
// The runner owns recording: it asks the engine for flows and counts at every step, turns state
// counts into costs, and hands each finished replicate to the sink.
#pragma once

#include <filesystem>
#include <functional>

#include "sim/core/executor.hpp"
#include "sim/record/observation.hpp"
#include "sim/run/summary.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::run {

/// The run's coordinates and provenance, from the spec.
record::RunMetadata make_metadata(const spec::ScenarioSpec& spec);

/// Simulates one replicate and returns every observation of it. Deterministic in (spec, replicate):
/// the executor and its thread count never change the result.
record::ReplicateObservations simulate_replicate(const spec::ScenarioSpec& spec,
                                                 const record::RunMetadata& meta, int replicate,
                                                 core::Executor executor);

/// Called after each replicate with (replicates done, replicates in all).
using Progress = std::function<void(int, int)>;

/// Runs every replicate and writes the results file at `output` (via a temporary file, renamed when
/// complete), following `record_residents` sampled residents week by week (at most the population).
/// With `uncertainty`, each replicate runs its own draw of the scenario's uncertain keys
/// (run/uncertainty.hpp), recorded as `parameter(replicate, parameter_name)`. Returns the headline
/// figures over replicates.
RunSummary run_scenario(const spec::ScenarioSpec& spec, const std::filesystem::path& output,
                        core::Executor executor, const Progress& progress = {}, int record_residents = 0,
                        bool uncertainty = false);

}  // namespace cdsim::run
