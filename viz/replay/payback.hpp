// Data flow: two results files -> compare (sim/compare) -> [payback] -> what the viewer's "Payback" tab
// draws: the chance that the policy (B) pays back against its baseline (A) and the tornado of what drives
// its net present value, in `cdsim compare`'s own numbers and words.
#pragma once

#include <string>
#include <vector>

#include "sim/record/results.hpp"

namespace cdsim::viz {

/// One driver of the NPV: a bar of the tornado.
struct TornadoBar {
  std::string parameter;  ///< the scenario key, as --set takes it
  double prcc = 0;        ///< partial rank correlation with the NPV, -1 to 1
  std::string break_even;    ///< "at least 0.207" as compare words it; "" when the fit gives no slope
  bool extrapolated = false;  ///< the break-even lies outside the values drawn
};

struct PaybackView {
  /// Set when there is nothing to draw: the one line the tab shows instead (files that drew no
  /// parameters, or a pair compare refuses, in its own words).
  std::string message;
  int draws = 0;       ///< replicates, each its own draw
  int parameters = 0;  ///< uncertain keys of the pair
  double probability_npv_positive = 0;
  std::string npv_positive;     ///< "42%", as compare's table prints it
  std::string ratio_above_one;  ///< "40%", or "-" when the policy spends nothing net
  std::string npv_mean, npv_low, npv_high;  ///< compare's net present value, "-£1.2m"
  std::vector<TornadoBar> drivers;  ///< by |PRCC|, largest first
  std::string drivers_note;         ///< why there are no drivers, when there are none
};

/// compare(a, b), B the policy and A its baseline, as the tab shows it. Never throws: a pair compare
/// refuses gives its reason in `message`.
[[nodiscard]] PaybackView payback_view(const record::Results& a, const record::Results& b);

/// The line shown when the files drew no parameters.
inline constexpr const char* kNoDrawsMessage =
    "These runs drew no parameters: run both with `cdsim run --uncertainty` to see the chance of payback.";

}  // namespace cdsim::viz
