// `cdsim-view FILE.h5 [FILE2.h5]`: replay results for a workshop, or with --screenshot render one
// frame headless to a PNG. Exit codes: 0 success, 1 a file it cannot show, 2 bad usage.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "sim/cli/option_checks.hpp"
#include "viz/app/viewer.hpp"
#include "viz/app/window.hpp"

namespace fs = std::filesystem;
using namespace cdsim::viz;

namespace {

struct Size {
  int width = 1600;
  int height = 900;
};

/// "1600x900" -> Size; nullopt when malformed or outside what a GL framebuffer reliably offers.
std::optional<Size> parse_size(const std::string& text) {
  Size s;
  char x = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &s.width, &x, &s.height, &extra) != 3 || (x != 'x' && x != 'X')) return std::nullopt;
  if (s.width < 320 || s.height < 240 || s.width > 8192 || s.height > 8192) return std::nullopt;
  return s;
}

/// cdsim sits next to cdsim-view in the build folder and in an install.
fs::path default_cdsim() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path("cdsim") : self.parent_path() / "cdsim";
}

int screenshot(Viewer& viewer, const ViewerOptions& options, const Size& size, const fs::path& out, Theme theme, float zoom) {
  viewer.wait_for_files();
  if (!viewer.errors().empty()) return 1;  // messages already on stderr
  if (!viewer.has_metric(options.metric)) {
    std::string known;
    for (const auto& id : viewer.metric_ids()) known += " " + id;
    std::cerr << "cdsim-view: --metric " << options.metric << " is not in " << options.first.string()
              << "; it has:" << known << " (add -change for B minus A)\n";
    return 2;
  }
  Window window("cdsim-view", size.width, size.height, false);
  window.set_theme(theme);
  window.set_zoom(zoom);
  // A few frames so ImGui settles its layout (tab bars, auto-sized items) before the one saved.
  constexpr int kFrames = 4;
  for (int i = 0; i < kFrames; ++i) {
    window.begin_frame(false, 0);
    viewer.frame(window, 0.0);
    window.render();
    if (i + 1 < kFrames) window.present();
  }
  window.save_png(out);
  std::printf("screenshot: %s (%dx%d)\n", out.c_str(), size.width, size.height);
  return 0;
}

int interactive(Viewer& viewer, const std::string& title, Theme theme, float zoom) {
  Window window(title, 1600, 900, true);
  window.set_theme(theme);
  window.set_zoom(zoom);
  auto last = std::chrono::steady_clock::now();
  while (!window.should_close()) {
    // Idle viewers sleep until input; playing, loading or a running "what if" keep frames coming.
    window.begin_frame(!viewer.animating(), 0.5);
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::min(std::chrono::duration<double>(now - last).count(), 0.1);
    last = now;
    viewer.frame(window, dt);
    window.render();
    window.present();
  }
  return viewer.errors().empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cdsim-view: replay cdsim results for a workshop, compare two scenarios, ask \"what if\""};
  ViewerOptions options;
  std::string screenshot_path, size_text = "1600x900", chart, panel, cdsim_path;
  bool light = false;
  float zoom = 1.5f;
  app.add_option("file", options.first, "Results file (FILE.h5 from cdsim run)")->required();
  app.add_option("compare", options.second, "A second results file to compare with the first");
  app.add_option("--screenshot", screenshot_path, "Render one frame headless to this PNG and exit");
  app.add_option("--week", options.week, "Week to show (0 = start date; negative counts from the end)")
      ->check(cdsim::cli::integer_in(-1'000'000, 1'000'000));
  app.add_option("--metric", options.metric,
                 "Map metric: crisis, support, cost, or a variable in the file; add -change for B minus A");
  app.add_option("--size", size_text, "Screenshot size WIDTHxHEIGHT")->default_str("1600x900");
  app.add_option("--chart", chart,
                 "Chart tab to open; compare only: net (cumulative cost B - A), uncertainty (chance B pays back and "
                 "what drives it, for files run with --uncertainty)")
      ->check(CLI::IsMember({"residents", "crisis", "requests", "care_homes", "cost", "net", "children", "police", "uncertainty"}));
  app.add_option("--panel", panel, "Side panel to open")->check(CLI::IsMember({"kpis", "whatif", "stories"}));
  app.add_flag("--light", light, "Light theme (dark is the default; T switches)");
  app.add_option("--zoom", zoom, "Text size (1.5 = default)")->check(cdsim::cli::number_in(0.75, 3.0));
  app.add_option("--cdsim", cdsim_path, "The cdsim executable for \"what if\" runs (default: next to cdsim-view)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const auto size = parse_size(size_text);
  if (!size) {
    std::cerr << "cdsim-view: --size " << size_text << ": expected WIDTHxHEIGHT, e.g. 1600x900 (320x240 to 8192x8192)\n";
    return 2;
  }
  constexpr std::string_view kChange = "-change";
  if (options.metric.size() > kChange.size() && options.metric.ends_with(kChange)) {
    options.metric.resize(options.metric.size() - kChange.size());
    options.difference = true;
  }
  const std::map<std::string, ChartsPanel::Tab> charts{{"residents", ChartsPanel::Tab::residents},
                                                       {"crisis", ChartsPanel::Tab::crisis_entries},
                                                       {"requests", ChartsPanel::Tab::requests},
                                                       {"care_homes", ChartsPanel::Tab::care_homes},
                                                       {"cost", ChartsPanel::Tab::cost},
                                                       {"net", ChartsPanel::Tab::net_cost},
                                                       {"children", ChartsPanel::Tab::children},
                                                       {"police", ChartsPanel::Tab::police},
                                                       {"uncertainty", ChartsPanel::Tab::uncertainty}};
  if (!chart.empty()) options.chart = charts.at(chart);
  const std::map<std::string, SidePanel> panels{{"kpis", SidePanel::kpis}, {"whatif", SidePanel::whatif}, {"stories", SidePanel::stories}};
  if (!panel.empty()) options.panel = panels.at(panel);
  options.cdsim = cdsim_path.empty() ? default_cdsim() : fs::path(cdsim_path);
  const Theme theme = light ? Theme::light : Theme::dark;

  try {
    Viewer viewer(options);
    if (!screenshot_path.empty()) return screenshot(viewer, options, *size, screenshot_path, theme, zoom);
    return interactive(viewer, "cdsim-view: " + options.first.filename().string(), theme, zoom);
  } catch (const std::exception& e) {
    std::cerr << "cdsim-view: " << e.what() << '\n';
    return 1;
  }
}
