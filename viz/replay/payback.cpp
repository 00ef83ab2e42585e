#include "viz/replay/payback.hpp"

#include <stdexcept>

#include "sim/compare/compare.hpp"

namespace cdsim::viz {

PaybackView payback_view(const record::Results& a, const record::Results& b) {
  PaybackView out;
  if (a.parameter_names.empty() && b.parameter_names.empty()) {
    out.message = kNoDrawsMessage;
    return out;
  }
  compare::Comparison c;
  try {
    c = compare::compare(a, b);
  } catch (const std::exception& e) {  // not a pair, or only one drew: compare says which and why
    out.message = e.what();
    return out;
  }
  const compare::UncertaintyAnalysis& u = *c.uncertainty;
  out.draws = u.draws;
  out.parameters = static_cast<int>(u.parameters.size());
  out.probability_npv_positive = u.probability_npv_positive;
  out.npv_positive = compare::format_probability(u.probability_npv_positive);
  out.ratio_above_one = u.probability_ratio_above_one ? compare::format_probability(*u.probability_ratio_above_one) : "-";
  for (const compare::Measure& m : c.measures) {
    if (m.name != "npv") continue;
    out.npv_mean = compare::format_value(m, m.value.mean);
    out.npv_low = compare::format_value(m, m.value.low);
    out.npv_high = compare::format_value(m, m.value.high);
  }
  for (const compare::Driver& d : u.drivers) {
    TornadoBar bar{d.parameter, d.prcc, "", false};
    if (d.break_even) {
      bar.break_even = compare::format_break_even(*d.break_even);
      bar.extrapolated = !d.break_even->within_draws;
    }
    out.drivers.push_back(std::move(bar));
  }
  out.drivers_note = u.drivers_note;
  return out;
}

}  // namespace cdsim::viz
