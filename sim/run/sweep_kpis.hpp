// Data flow: one replicate's observations -> [sweep KPIs] -> a row of the sweep's results.
// The borough-wide measures a sweep keeps per point and replicate (spec::kSweepKpiNames), and the
// optional weekly series (spec::kSweepSeriesNames).
#pragma once

#include <string>
#include <vector>

#include "sim/record/observation.hpp"

namespace cdsim::run {

/// The named KPIs of one replicate, in the order of `names` (each from spec::kSweepKpiNames).
std::vector<double> sweep_kpis(const record::RunMetadata& meta, const record::ReplicateObservations& obs,
                               const std::vector<std::string>& names);

/// The weekly series of one replicate, [series][time] flattened, series in kSweepSeriesNames order.
std::vector<double> sweep_series(const record::RunMetadata& meta, const record::ReplicateObservations& obs);

}  // namespace cdsim::run
