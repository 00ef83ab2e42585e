// Data flow: Results -> [series] -> per-replicate series summarised as mean + 5-95% band, and
// per-neighbourhood map values. What the charts and the map draw, computed without any GL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/record/results.hpp"

namespace cdsim::viz {

/// Values over replicates at each x, summarised: what a chart draws as a line and a band.
struct Band {
  std::vector<double> mean;
  std::vector<double> lo;  ///< 5th percentile over replicates
  std::vector<double> hi;  ///< 95th percentile
};

/// A series on a date axis: x in days since the file's start.
struct Series {
  std::string label;
  std::vector<double> x_days;
  Band band;
};

/// [replicate][i] -> Band. Percentiles interpolate linearly between order statistics (numpy's default).
[[nodiscard]] Band summarise(const std::vector<std::vector<double>>& per_replicate);
/// The q-quantile (0..1) of `values` (copied and sorted).
[[nodiscard]] double quantile(std::vector<double> values, double q);

/// Residents in `state` at each time entry; `neighbourhood` -1 means the whole borough.
[[nodiscard]] Series residents_in_state(const record::Results& r, int state, int neighbourhood);

/// Calendar months covered by the flows: a flow at time[t] counts in the month of date(t), like
/// xarray's resample. Time entry 0 (the initial state) holds no flows and is left out.
struct MonthAxis {
  std::vector<double> x_days;            ///< first day of each month, days since start
  std::vector<std::vector<int>> times;   ///< time entries in each month
};
[[nodiscard]] MonthAxis month_axis(const record::Results& r);

/// Monthly series are rates: the mean weekly flow in each calendar month x (365.25 / 12 / 7) weeks.
/// Entries into `crisis` from any other state per month (borough: transitions carry no place).
[[nodiscard]] Series crisis_entries_per_month(const record::Results& r);
/// Requests for support per month with sequel `outcome` (an index into Results::request_outcomes).
[[nodiscard]] Series requests_per_month(const record::Results& r, int outcome);
/// Care-home residents aged 65+, and those waiting for a place, at each time entry (the file must have them).
[[nodiscard]] Series care_home_residents(const record::Results& r);
[[nodiscard]] Series care_home_waiting(const record::Results& r);
/// Permanent care-home admissions per month (the file must have them).
[[nodiscard]] Series care_home_admissions_per_month(const record::Results& r);
/// Pounds spent per month by one agency ("council", "nhs").
[[nodiscard]] Series cost_per_month(const record::Results& r, const std::string& agency);
/// A neighbourhood variable of the file (Results::extra, e.g. `looked_after`) at each time entry, for
/// the borough (`neighbourhood` -1) or one neighbourhood; nullopt when the file has no such variable.
[[nodiscard]] std::optional<Series> variable_series(const record::Results& r, const std::string& name,
                                                    int neighbourhood);
/// The same for a flow (e.g. `police_incidents`), per calendar month.
[[nodiscard]] std::optional<Series> variable_per_month(const record::Results& r, const std::string& name,
                                                       int neighbourhood);
/// Cumulative public spending (costs and policy spend) of `b` minus `a`, paired replicate by replicate
/// (common random numbers), over the
/// time entries both files share. Negative = `b` saves money.
[[nodiscard]] Series cumulative_cost_difference(const record::Results& a, const record::Results& b);

/// One way of colouring the map.
struct MapMetric {
  enum class Kind { state_share, cost_per_head, variable_per_1000 };
  std::string id;     ///< for --metric: "crisis", "support", "cost", or a variable name
  std::string label;  ///< "Crisis rate"
  std::string unit;   ///< "% of residents"
  Kind kind = Kind::state_share;
  int index = 0;      ///< state index, or index into record::Results::extra
};

/// The metrics this file supports, built from what it contains (a new neighbourhood variable such as
/// `waiting` appears here without viewer changes).
[[nodiscard]] std::vector<MapMetric> map_metrics(const record::Results& r);
/// Mean over replicates of the metric in each neighbourhood at time entry t.
[[nodiscard]] std::vector<double> map_values(const record::Results& r, const MapMetric& m, int t);
/// The same metric over every neighbourhood and time, for a colour scale that stays fixed while playing.
struct Range {
  double lo = 0;
  double hi = 1;
};
[[nodiscard]] Range map_range(const record::Results& r, const MapMetric& m);

}  // namespace cdsim::viz
