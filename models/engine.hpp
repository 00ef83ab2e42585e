// Data flow: world -> [engine] -> flows and counts the runner records.
// One replicate of the community model. Engine::step() is the table of contents of a week: each
// phase is a named function with its read and write sets in its signature.
#pragma once

#include <array>
#include <optional>
#include <cstdint>
#include <vector>

#include "models/children/childrens_services.hpp"
#include "models/policy/policy.hpp"
#include "models/resident/advance.hpp"
#include "models/resident/advance_block.hpp"
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
  RequestCounts requests{};  ///< requests for support made in the week
  std::vector<std::int32_t> isolated;          ///< per neighbourhood, isolated residents in the week
  std::vector<std::int32_t> informal_support;  ///< per neighbourhood, residents in support helped by a tie
  Stocks stocks_before;  ///< the stocks when the step began (the end of the previous step), counted in the
                         ///< residents' own pass so recording needs no extra pass over the columns
  std::vector<std::int32_t> child_crisis_entries;  ///< per neighbourhood, residents aged 0-17 entering crisis
  std::vector<double> policy_spend;        ///< per policy, pounds (negative: saved)
  std::vector<std::int64_t> policy_reach;  ///< per policy, see PolicyWeek
  std::array<std::int64_t, kCareHomeBands> care_home_admissions{};  ///< permanent admissions by age band
};

class Engine {
 public:
  /// Builds replicate `replicate` of the scenario. The spec must outlive the engine.
  Engine(const spec::ScenarioSpec& spec, std::uint64_t replicate, core::Executor executor);

  /// Takes one weekly step.
  StepFlows step();

  /// Living residents, waiting lists, service users and asset engagement now (a pass over every
  /// resident: each step's flows already carry the stocks it began with).
  [[nodiscard]] Stocks stocks() const;

  [[nodiscard]] const World& world() const { return world_; }
  /// Children's services' plans and care as they stand (after the last step, or at step 0).
  [[nodiscard]] const ChildrensServices& childrens_services() const { return *childrens_services_; }

 private:
  // The phases of a week, in order.
  void follow_trend(std::uint64_t step);                       // serial; moves hazards_ when need trends
  std::vector<PolicyWeek> apply_policies(std::uint64_t step);  // serial; writes world runtime state
  StepTally advance_residents(std::uint64_t step);             // parallel; the resident rule
  void add_newborns(std::vector<std::uint32_t> mothers, std::uint64_t step);  // appends residents and rows
  void settle_services(std::vector<ServiceRequest> requests, std::vector<ServiceRelease> releases,
                       std::uint64_t step);                    // service places and queues
  void settle_assets(std::vector<std::uint32_t> seekers, const std::vector<std::uint32_t>& leavers);
  std::array<std::int64_t, kCareHomeBands> settle_care_homes(std::vector<std::uint32_t> requests, std::int64_t deaths,
                                                             std::uint64_t step);  // beds and their queue

  const spec::ScenarioSpec& spec_;
  core::Executor executor_;
  core::RandomStreams rng_;
  HazardTable hazards_;
  RuleParameters rule_parameters_;
  RuleTables rule_tables_;
  RoutineChoices routine_choices_;
  World world_;
  std::vector<std::unique_ptr<Policy>> policies_;
  std::vector<int> decile_of_neighbourhood_;
  std::optional<ChildrensServices> childrens_services_;  // built once the world and deciles are
  bool trending_ = false;  // the trend mechanism is on with a non-zero rate
  TiesAtStart ties_at_start_;  // derived from states and network; kept up to date by the engine
  std::size_t residents_at_start_ = 0;
  std::uint64_t step_ = 0;
};

}  // namespace cdsim::model
