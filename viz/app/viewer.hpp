// Data flow: files -> ResultsLoader threads -> ViewState -> [Viewer: layout + keys] -> panels -> Window.
// The viewer owns the panels and lays them out for a projector; panels own their own UI state.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "viz/app/results_loader.hpp"
#include "viz/app/window.hpp"
#include "viz/panels/charts_panel.hpp"
#include "viz/panels/kpi_panel.hpp"
#include "viz/panels/map_panel.hpp"
#include "viz/panels/story_panel.hpp"
#include "viz/panels/timeline_panel.hpp"
#include "viz/panels/view_state.hpp"
#include "viz/panels/whatif_panel.hpp"

namespace cdsim::viz {

enum class SidePanel { kpis, whatif, stories };

struct ViewerOptions {
  std::filesystem::path first;
  std::filesystem::path second;  ///< empty: no comparison
  std::filesystem::path cdsim;   ///< the executable "what if" runs
  std::string metric = "crisis";
  bool difference = false;       ///< compare mode opens on the B - A map
  int week = 0;                  ///< negative counts from the end
  std::optional<ChartsPanel::Tab> chart;
  std::optional<SidePanel> panel;
};

class Viewer {
 public:
  /// Starts loading the files in the background.
  explicit Viewer(ViewerOptions options);

  /// Builds one frame's UI; `dt`: seconds since the previous frame.
  void frame(Window& window, double dt);
  /// Something is changing on its own (playing, loading, a run): keep drawing without waiting for input.
  [[nodiscard]] bool animating() const;
  /// Blocks until the files given on the command line are read (headless screenshots).
  void wait_for_files();
  /// Why the command-line files could not be shown, one message per file.
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }
  /// Metric ids the loaded first file supports (to report a bad --metric).
  [[nodiscard]] std::vector<std::string> metric_ids() const;
  [[nodiscard]] bool has_metric(const std::string& id) const;

 private:
  void poll_loaders();
  void handle_keys(Window& window);
  void draw_header(Window& window, float height);
  void draw_waiting(float top);

  ViewerOptions options_;
  ViewState vs_;
  ResultsLoader loader_a_;
  ResultsLoader loader_b_;
  std::vector<std::string> errors_;
  std::string compare_error_;
  bool week_applied_ = false;
  char compare_path_[512] = {};

  MapPanel map_;
  TimelinePanel timeline_;
  ChartsPanel charts_;
  KpiPanel kpis_;
  StoryPanel story_;
  WhatIfPanel whatif_;
};

}  // namespace cdsim::viz
