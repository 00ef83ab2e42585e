// Data flow: results files + compare's Comparisons (sim/compare) -> [board_paper] -> Document.
// What the paper says, in the order a board reads it: summary, key numbers, charts over time, the map
// of the change, the policies as scheduled, the assumptions with their evidence grades, the caveats.
#pragma once

#include <string>
#include <vector>

#include "sim/record/results.hpp"
#include "sim/report/document.hpp"
#include "sim/compare/compare.hpp"

namespace cdsim::report {

/// `comparisons[k]` is compare::compare(base, policies[k]): the paper prints those numbers, never its own.
[[nodiscard]] Document board_paper(const record::Results& base, const std::vector<record::Results>& policies,
                                   const std::vector<compare::Comparison>& comparisons, const std::string& title = "");

}  // namespace cdsim::report
