// Data flow: results files -> [compare] -> the table a strategy lead reads (`cdsim compare`).
// A policy scenario against its baseline in people and pounds. Replicate r of both shares its random
// streams (common random numbers), so each measure is a per-replicate paired difference and its 90%
// interval is over replicates. Money is discounted at the Green Book's 3.5% a year (discount_rate_STPR).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/compare/interval.hpp"
#include "sim/compare/uncertainty_analysis.hpp"
#include "sim/record/results.hpp"

namespace cdsim::compare {

/// Per-replicate totals over the horizon, and the weekly series the money measures need.
struct ReplicateTotals {
  std::vector<double> crisis_entries;      ///< [replicate] moves into crisis
  std::vector<double> crisis_weeks;        ///< [replicate] resident-weeks in crisis
  std::vector<double> support_weeks;       ///< [replicate] resident-weeks in support
  std::vector<std::vector<double>> cost;   ///< [agency][replicate] pounds, agencies as in `agencies`
  std::vector<double> policy_spend;        ///< [replicate] pounds
  std::vector<std::vector<double>> spend_by_agency;  ///< [agency][replicate] pounds, by who pays each policy
  std::vector<std::vector<double>> weekly_cost;   ///< [replicate][time] all agencies
  std::vector<std::vector<double>> weekly_spend;  ///< [replicate][time]
  std::vector<std::vector<double>> crisis_weeks_by_neighbourhood;  ///< [neighbourhood][replicate]
  std::vector<std::string> agencies;
};
ReplicateTotals totals_of(const record::Results& results);

/// One measure of the comparison: the mean and 90% interval over replicates of (policy - baseline),
/// or of a figure of the policy run alone.
struct Measure {
  std::string name;   ///< machine name, e.g. "crisis_entries_avoided"
  std::string label;  ///< for people
  std::string unit;   ///< "residents", "resident-weeks", "pounds", "ratio", "year"
  Interval value;
  bool defined = true;  ///< false when it has no value (a benefit-cost ratio without spend)
};

/// One agency's side of a policy: what it saves in its own costs, what it pays for the policies, and
/// the difference. A policy one agency pays for and another saves from is the "wrong pocket".
struct AgencyBalance {
  std::string agency;  ///< spec::kAgencyNames word (files of format 1: "council" or "nhs")
  Interval cost_saved, policy_spend, net_saving;
};

/// `cdsim compare --break-even KEY`: the value of one scenario key at which the policy's mean NPV over
/// replicates changes sign, found by re-running the pair as their files record them (sim/run/break_even).
struct BisectedBreakEven {
  std::string parameter;   ///< the key, as --set takes it
  std::string range_from;  ///< where the range searched came from: "values drawn", "distribution", "given"
  double range_low = 0, range_high = 0;
  double npv_at_range_low = 0, npv_at_range_high = 0;  ///< mean NPV, pounds
  double low = 0, high = 0;  ///< the last bracket: the mean NPV changes sign between them
  double value = 0;          ///< the zero of the straight line through the bracket's ends
  bool at_least = true;      ///< pays back (NPV > 0) above the value; false: below it
  double tolerance = 0;      ///< the bracket is at most this wide
  int replicates = 0;        ///< per run
  int steps = 0;             ///< bisection steps after the range's ends
  int runs = 0;              ///< scenario runs in all
};

struct Comparison {
  std::string baseline_name, policy_name, policy_file;
  int replicates = 0;
  double years = 0;
  double discount_rate = 0;
  std::vector<Measure> measures;
  std::vector<AgencyBalance> by_agency;  ///< every agency that bears a cost or pays for a policy
  /// Paying back: the first year whose end sees the discounted net saving at or above zero for good.
  int payback_replicates = 0;  ///< replicates that pay back within the horizon
  std::vector<std::string> neighbourhoods;
  std::vector<Interval> crisis_weeks_avoided_by_neighbourhood;
  /// When both runs drew their parameters (--uncertainty): the chance of paying back, the drivers of
  /// the NPV and their break-even values. The intervals above then cover parameters and chance together.
  std::optional<UncertaintyAnalysis> uncertainty;
  /// With --break-even KEY.
  std::optional<BisectedBreakEven> bisection;
};

/// Green Book discount rate, real, years 0-30 (discount_rate_STPR).
inline constexpr double kDiscountRate = 0.035;

/// Throws std::runtime_error (naming both files and what differs) unless the two files are runs of the
/// same borough: same seed, start, time axis, replicates, neighbourhoods and, replicate by replicate,
/// the same residents at time 0; and, when they drew parameters (--uncertainty), both did, with the
/// same value of every key they share in every replicate.
void check_comparable(const record::Results& baseline, const record::Results& policy);

Comparison compare(const record::Results& baseline, const record::Results& policy, double discount_rate = kDiscountRate);

/// A measure's value as compare's table shows it ("£1.2m", "1,234", "0.85", "3.0"): the report prints
/// the same text, so a board paper and `cdsim compare` never disagree.
std::string format_value(const Measure& m, double value);

/// Pounds as compare's table shows them: "£1.2m", "-£340k", "£2.05bn".
std::string format_money(double pounds);
/// A probability as compare's table shows it: "42%".
std::string format_probability(double p);
/// Where a driver pays back, as compare's table words it: "at least 0.207", "at most -3.98".
std::string format_break_even(const BreakEven& e);

enum class CompareFormat { table, csv, json };
std::string format_comparisons(const std::vector<Comparison>& comparisons, CompareFormat format,
                               bool by_neighbourhood);

}  // namespace cdsim::compare
