// Data flow: spec -> [hazard table] -> the resident step rule.
// Weekly exit probabilities for every (state, age in years, deprivation decile), precomputed once
// per run so the per-resident rule is a table lookup and a few comparisons, not a call to exp().
#pragma once

#include <array>
#include <vector>

#include "models/resident/state.hpp"
#include "sim/spec/scenario_spec.hpp"

namespace cdsim::model {

/// The exits from one state for one covariate cell, as cumulative probabilities for a single
/// uniform u: u < cumulative[0] goes to destination[0], else u < cumulative[1] to destination[1],
/// else u < cumulative[2] dies, else the resident stays. Slot 0 is independent->support,
/// support->independent, crisis->support; slot 1 is the move to crisis from independent and support. cumulative[2] = 1 - exp(-H) with H the sum
/// of the exit hazards, and each destination's slice is proportional to its hazard (competing risks).
struct ExitRow {
  std::array<double, 3> cumulative{};
  std::array<double, 3> hazard{};  ///< the weekly hazards behind the cuts, for residents whose
                                   ///< network, services or episodes modify them
  std::array<State, 3> destination{};

  friend bool operator==(const ExitRow&, const ExitRow&) = default;
};

class HazardTable {
 public:
  static constexpr int kAges = spec::kMaxAgeYears + 1;
  static constexpr int kDeciles = 10;

  /// The table `years` after the start: the secular trend (spec.trend) has grown the onset of need
  /// by then; without it every year's table is the same.
  explicit HazardTable(const spec::ScenarioSpec& spec, double years = 0);

  /// Makes this table (built for `spec`) HazardTable(spec, years), recomputing only the rows the trend
  /// moves (independent, aged kTrendFromAge and over): a third of the table, in place, every week of a
  /// trending run.
  void follow_trend(const spec::ScenarioSpec& spec, double years);
  /// The youngest age whose onset of need trends.
  static constexpr int kTrendFromAge = 18;

  [[nodiscard]] const ExitRow& exits(State s, int age_years, int decile) const {
    return rows_[index(static_cast<int>(s), age_years, decile)];
  }
  /// Weekly probability that a woman of this age gives birth (0 when births are off).
  [[nodiscard]] double birth_probability(int age_years) const { return birth_[age_years]; }

  /// The rows, for code that reads many at once (the vector screen, routine_simd.cpp, gathers hazards from them).
  [[nodiscard]] const ExitRow* rows() const { return rows_.data(); }
  [[nodiscard]] const double* birth_probabilities() const { return birth_.data(); }
  /// Where the row for (state s, age, decile) is in rows(). Decile outermost: residents are stored
  /// neighbourhood by neighbourhood, and a neighbourhood has one decile, so a block of residents reads
  /// 3 x 111 rows (19 KB, L1-sized) rather than rows strided across the whole 186 KB table.
  static int index(int s, int age, int decile) { return ((decile - 1) * kLivingStates + s) * kAges + age; }

  /// Weekly hazard of transition k (kTransitionNames order) with covariates and, `years` after the
  /// start, the trend applied.
  [[nodiscard]] static double transition_hazard(const spec::ScenarioSpec& spec, int k, int age_years,
                                                int decile, double years = 0);
  /// Weekly mortality hazard in living state s (0 when mortality is off).
  [[nodiscard]] static double death_hazard(const spec::ScenarioSpec& spec, int s, int age_years);

 private:
  [[nodiscard]] static ExitRow row_of(const spec::ScenarioSpec& spec, int s, int age, int decile, double years);

  std::vector<ExitRow> rows_;
  std::array<double, kAges> birth_{};
};

/// Converts an annual probability to the constant weekly hazard that gives it: -ln(1 - p) / 52.18.
double weekly_hazard_from_annual_probability(double p);

}  // namespace cdsim::model
