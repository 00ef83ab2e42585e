// Data flow: the week's child crisis entries -> [children's services] -> plans and care, per neighbourhood.
// Children's social care at the scale it counts: child-protection plans and looked-after children as
// expected stocks per neighbourhood, fed by the children who enter crisis each week (counted in the
// residents' pass) and drained at the rate their mean lengths imply (ageing out included). Kept as
// expectations beside the residents rather than as a resident column, so the residents' rule and its
// fast path are unchanged; a parent's crisis, a closed children's centre or youth club reach these
// stocks through the children's own hazards of crisis.
#pragma once

#include <cstdint>
#include <vector>

#include "models/resident/hazards.hpp"
#include "models/world.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

class ChildrensServices {
 public:
  /// Starts each neighbourhood's stocks where its children in crisis at step 0 would hold them:
  /// entries per week equal to those children's weekly chance of leaving crisis (inflow = outflow),
  /// times each share and mean length. Zero when the mechanism is off.
  ChildrensServices(const spec::ScenarioSpec& spec, const World& world, const HazardTable& hazards,
                    const std::vector<int>& decile_of_neighbourhood);

  /// One week: every stock loses 1/weeks of itself and gains its share of the week's entries
  /// (`crisis_entries`, children entering crisis per neighbourhood).
  void week(const std::vector<std::int32_t>& crisis_entries);

  [[nodiscard]] const std::vector<double>& protection() const { return protection_; }    ///< per neighbourhood
  [[nodiscard]] const std::vector<double>& looked_after() const { return looked_after_; }  ///< per neighbourhood
  [[nodiscard]] const std::vector<double>& protection_started() const { return protection_started_; }  ///< this week
  [[nodiscard]] const std::vector<double>& care_started() const { return care_started_; }              ///< this week

 private:
  bool on_ = false;
  spec::ChildrensServicesSpec spec_;
  std::vector<double> protection_, looked_after_, protection_started_, care_started_;
};

}  // namespace cdsim::model
