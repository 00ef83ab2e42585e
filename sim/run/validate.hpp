// Data flow: spec -> [runner, no file] -> observations -> [validation report].
// `cdsim validate`: runs a scenario (by default the baseline) and sets each stylised fact of
// evidence.md section 4 beside the model's value, its 90% interval over replicates, and a verdict.
// docs/validation.md is this command's output.
#pragma once

#include <string>
#include <vector>

#include "sim/core/executor.hpp"
#include "sim/run/summary.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::run {

struct ValidationRow {
  std::string fact;     ///< which stylised fact (evidence.md section 4 number and name)
  std::string measure;  ///< what the model's number is
  double low = 0, high = 0;  ///< the band the fact sets
  std::string unit;     ///< "%", "x" or "" for how to print the band and value
  std::string source;   ///< evidence.md row names
  Interval model;       ///< the model's value over replicates
  std::string note;     ///< why a fact is not met, or how it is measured; empty when it passes plainly
  bool modelled = true;

  [[nodiscard]] bool passes() const { return modelled && model.mean >= low && model.mean <= high; }
};

std::vector<ValidationRow> validate_scenario(const spec::ScenarioSpec& spec, core::Executor executor);

/// The policy facts (9-12): each policy against the scenario without policies, paired replicate by
/// replicate, on a copy of the borough of at most 100,000 residents, 6 replicates and 8 years.
std::vector<ValidationRow> validate_policies(const spec::ScenarioSpec& spec, core::Executor executor);

/// The rows as a Markdown table with a short preamble naming the scenario and run.
std::string format_validation(const spec::ScenarioSpec& spec, const std::vector<ValidationRow>& rows);

}  // namespace cdsim::run
