// Data flow: world -> [engine] -> flows and counts the runner records.
// One replicate of the community model. Engine::step() is the table of contents of a week: each
// phase is a named function with its read and write sets in its signature.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/resident/advance.hpp"
#include "models/resident/hazards.hpp"
#include "models/world.hpp"
#include "sim/core/executor.hpp"
#include "sim/core/random.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// What happened during one step.
struct StepFlows {
  std::array<std::array<std::int64_t, 4>, kLivingStates> moves{};  ///< [from][to], to 3 = dead
  std::int64_t births = 0;
};

class Engine {
 public:
  /// Builds replicate `replicate` of the scenario. The spec must outlive the engine.
  Engine(const spec::ScenarioSpec& spec, std::uint64_t replicate, core::Executor executor);

  /// Takes one weekly step.
  StepFlows step();

  /// Living residents by [neighbourhood][age group][state], written to out (size N * 3 * 3).
  void count_residents(std::int32_t* out) const;

  [[nodiscard]] const World& world() const { return world_; }
  [[nodiscard]] std::uint64_t steps_taken() const { return step_; }

 private:
  StepTally advance_residents(std::uint64_t step);                 // parallel; the resident rule
  void add_newborns(std::vector<std::uint32_t> mothers, std::uint64_t step);  // serial; appends rows

  const spec::ScenarioSpec& spec_;
  core::Executor executor_;
  core::RandomStreams rng_;
  HazardTable hazards_;
  World world_;
  std::vector<int> decile_of_neighbourhood_;
  std::uint64_t step_ = 0;
};

}  // namespace cdsim::model
