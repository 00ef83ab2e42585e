// Data flow: the loaded scenario's levers -> [WhatIfPanel] -> `cdsim run --set ...` as a child process
// -> a new results file the viewer loads as the comparison. The viewer never links the engine.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "viz/app/child_run.hpp"
#include "viz/panels/view_state.hpp"

namespace cdsim::viz {

class WhatIfPanel {
 public:
  /// `cdsim`: the executable to run (next to cdsim-view, or --cdsim).
  explicit WhatIfPanel(std::filesystem::path cdsim);
  WhatIfPanel(const WhatIfPanel&) = delete;
  WhatIfPanel& operator=(const WhatIfPanel&) = delete;
  /// Stops a run still going and removes the temporary scenario and results.
  ~WhatIfPanel();

  /// Returns the results file of a run that has just finished, to load as the comparison.
  std::optional<std::filesystem::path> draw(const ViewState& vs);
  [[nodiscard]] bool running() const { return run_.state() == ChildRun::State::running; }

 private:
  void start(const record::Results& r);

  std::filesystem::path cdsim_;
  std::filesystem::path dir_;   // temporary, created on the first run
  std::string scenario_yaml_;   // the scenario the sliders belong to
  std::vector<double> values_;  // one per lever, in slider units
  int replicates_ = 3;
  int runs_ = 0;
  std::filesystem::path output_;
  std::string command_;
  ChildRun run_;
};

}  // namespace cdsim::viz
