// Data flow: numbers from the replay layer -> [number_format] -> short labels for axes, tooltips and cards.
#pragma once

#include <string>

namespace cdsim::viz {

/// "1,234", "12.3k", "1.2m": counts as a room reads them.
[[nodiscard]] std::string format_count(double v);
/// "£12k", "£1.2m", "£3.4bn"; negative as "−£1.2m".
[[nodiscard]] std::string format_pounds(double v);
/// Fixed decimals: format_fixed(3.14159, 1) = "3.1".
[[nodiscard]] std::string format_fixed(double v, int decimals);

}  // namespace cdsim::viz
