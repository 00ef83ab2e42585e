// Data flow: metric values -> [colour_scale] -> tile colours and the legend. Colour-blind-safe
// scales that keep their order on a washed-out projector.
#pragma once

#include <imgui.h>

namespace cdsim::viz {

/// Sequential: cividis (dark blue -> yellow; monotonic lightness, readable with any colour vision).
/// `t` in [0, 1], clamped.
[[nodiscard]] ImU32 sequential_colour(double t);
/// Diverging for differences: blue (below zero) -> neutral grey -> orange (above). `t` in [-1, 1].
[[nodiscard]] ImU32 diverging_colour(double t);
/// Black or white, whichever reads better on `background`.
[[nodiscard]] ImU32 text_colour_on(ImU32 background);

}  // namespace cdsim::viz

namespace cdsim::viz {

/// Line colours from the Okabe-Ito palette (distinct under every common colour-vision deficiency);
/// lighter variants on the dark theme. `index` picks among the rest for names not listed.
[[nodiscard]] ImU32 series_colour(const char* name, int index, bool dark);

}  // namespace cdsim::viz
