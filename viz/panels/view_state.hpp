// Data flow: loaded Results + user choices -> [ViewState] -> every panel. What panels share; each
// panel keeps its own UI state and caches.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "viz/replay/playback.hpp"
#include "sim/record/results.hpp"

namespace cdsim::viz {

struct ViewState {
  std::shared_ptr<const record::Results> a;  ///< the file being replayed
  std::shared_ptr<const record::Results> b;  ///< the comparison file (second argument or a "what if" run), may be null
  /// Bumped whenever `a` or `b` changes, so panels know to rebuild their caches.
  int generation = 0;
  PlaybackClock clock;
  int selected = -1;            ///< neighbourhood shown in the charts; -1 = the whole borough
  std::string metric = "crisis";
  bool show_difference = false;  ///< compare mode: one map of b - a instead of two side by side
  bool dark = true;             ///< charts pick colours that read on the current theme

  [[nodiscard]] bool comparing() const { return a && b; }
  void set_files(std::shared_ptr<const record::Results> first, std::shared_ptr<const record::Results> second) {
    a = std::move(first);
    b = std::move(second);
    ++generation;
    if (a) clock.set_length(a->times());
    if (!a || selected >= a->neighbourhood_count()) selected = -1;
  }
};

/// Short label for file A or B: "A: baseline"; the file name instead when both runs share a scenario
/// name (a "what if" run keeps its scenario's name).
[[nodiscard]] inline std::string file_label(const ViewState& vs, char letter) {
  const record::Results& r = letter == 'A' ? *vs.a : *vs.b;
  const bool same = vs.a && vs.b && vs.a->scenario_name == vs.b->scenario_name;
  return std::string(1, letter) + ": " + (same ? r.path.stem().string() : r.scenario_name);
}

}  // namespace cdsim::viz
