#include "viz/app/viewer.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/panels/fonts.hpp"

namespace cdsim::viz {
namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

/// Places the next window at a fixed rectangle: the layout is the viewer's, not the user's, so a
/// facilitator can never lose a panel during a workshop.
bool begin_panel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  return ImGui::Begin(name, nullptr, kPanelFlags | extra);
}

void shortcut_help() {
  ImGui::TextDisabled("(keys)");
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(
      "Space            play / pause\n"
      "Left / Right     one week back / on (Shift: four weeks)\n"
      "Home / End       first / last week\n"
      "1 .. 9           map metric\n"
      "D                compare: side by side / change B - A\n"
      "Esc              whole borough (clear the selected neighbourhood)\n"
      "T                light / dark theme\n"
      "Ctrl + / Ctrl -  larger / smaller text (Ctrl 0: default)");
  ImGui::EndTooltip();
}

}  // namespace

Viewer::Viewer(ViewerOptions options) : options_(std::move(options)), whatif_(options_.cdsim) {
  vs_.metric = options_.metric;
  vs_.show_difference = options_.difference;
  if (options_.chart) charts_.select(*options_.chart);
  loader_a_.start(options_.first);
  if (!options_.second.empty()) loader_b_.start(options_.second);
}

bool Viewer::animating() const {
  return vs_.clock.playing() || loader_a_.busy() || loader_b_.busy() || whatif_.running();
}

void Viewer::wait_for_files() {
  loader_a_.wait();
  loader_b_.wait();
  poll_loaders();
}

std::vector<std::string> Viewer::metric_ids() const {
  std::vector<std::string> out;
  if (vs_.a) {
    for (const auto& m : map_metrics(*vs_.a)) out.push_back(m.id);
  }
  return out;
}

bool Viewer::has_metric(const std::string& id) const {
  const auto ids = metric_ids();
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void Viewer::poll_loaders() {
  if (auto out = loader_a_.take()) {
    if (out->results) {
      vs_.set_files(out->results, vs_.b);
    } else {
      errors_.push_back(out->error);
      std::fprintf(stderr, "cdsim-view: %s\n", out->error.c_str());
    }
  }
  if (auto out = loader_b_.take()) {
    if (out->results) {
      compare_error_.clear();
      vs_.set_files(vs_.a, out->results);
    } else {
      compare_error_ = out->error;
      if (!week_applied_) errors_.push_back(out->error);  // a command-line file, not one typed later
      std::fprintf(stderr, "cdsim-view: %s\n", out->error.c_str());
    }
  }
  if (vs_.a && !week_applied_ && !loader_b_.busy()) {
    week_applied_ = true;
    vs_.clock.seek(options_.week >= 0 ? options_.week : vs_.a->times() + options_.week);
  }
}

void Viewer::handle_keys(Window& window) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  const auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) window.set_zoom(window.zoom() + 0.25f);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) window.set_zoom(window.zoom() - 0.25f);
    if (pressed(GLFW_KEY_0)) window.set_zoom(1.5f);
    return;
  }
  if (pressed(GLFW_KEY_T)) {
    window.set_theme(window.theme() == Theme::dark ? Theme::light : Theme::dark);
    vs_.dark = window.theme() == Theme::dark;
  }
  if (!vs_.a) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) vs_.clock.toggle();
  const int step = io.KeyShift ? 4 : 1;
  if (pressed(GLFW_KEY_RIGHT)) vs_.clock.step(step);
  if (pressed(GLFW_KEY_LEFT)) vs_.clock.step(-step);
  if (pressed(GLFW_KEY_HOME)) vs_.clock.step(-vs_.clock.length());
  if (pressed(GLFW_KEY_END)) vs_.clock.step(vs_.clock.length());
  if (pressed(GLFW_KEY_ESCAPE)) vs_.selected = -1;
  if (pressed(GLFW_KEY_D)) vs_.show_difference = !vs_.show_difference;
  const auto metrics = map_metrics(*vs_.a);
  for (int k = 0; k < 9 && k < static_cast<int>(metrics.size()); ++k) {
    if (pressed(GLFW_KEY_1 + k)) vs_.metric = metrics[k].id;
  }
}

void Viewer::draw_header(Window& window, float height) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  if (!begin_panel("header", ImVec2(0, 0), ImVec2(display.x, height))) {
    ImGui::End();
    return;
  }
  ImGui::PushFont(Fonts::bold);
  ImGui::TextUnformatted("cdsim");
  ImGui::PopFont();
  ImGui::SameLine();
  if (vs_.a) {
    ImGui::TextUnformatted(file_label(vs_, 'A').c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\n%d replicates, seed %llu, written by cdsim %s", vs_.a->path.c_str(), vs_.a->replicates,
                        static_cast<unsigned long long>(vs_.a->seed), vs_.a->cdsim_version.c_str());
    }
  }
  if (vs_.b) {
    ImGui::SameLine();
    ImGui::Text("  %s", file_label(vs_, 'B').c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%d replicates", vs_.b->path.c_str(), vs_.b->replicates);
    ImGui::SameLine();
    if (ImGui::SmallButton("close B")) vs_.set_files(vs_.a, nullptr);
  }
  if (loader_a_.busy() || loader_b_.busy()) {
    ImGui::SameLine();
    ImGui::TextDisabled("  loading...");
  }

  // Right-hand side: open a comparison file, theme, text size, key help.
  const float line = ImGui::GetTextLineHeight();
  const float right = line * 30;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX() + line, display.x - right));
  ImGui::SetNextItemWidth(line * 11);
  const bool enter = ImGui::InputTextWithHint("##compare", "compare with FILE.h5", compare_path_, sizeof compare_path_,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || enter) && compare_path_[0] != '\0' && !loader_b_.busy()) loader_b_.start(compare_path_);
  ImGui::SameLine();
  if (ImGui::Button(window.theme() == Theme::dark ? "Light" : "Dark")) {
    window.set_theme(window.theme() == Theme::dark ? Theme::light : Theme::dark);
    vs_.dark = window.theme() == Theme::dark;
  }
  ImGui::SameLine();
  if (ImGui::Button("A-")) window.set_zoom(window.zoom() - 0.25f);
  ImGui::SameLine();
  if (ImGui::Button("A+")) window.set_zoom(window.zoom() + 0.25f);
  ImGui::SameLine();
  shortcut_help();
  if (!compare_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.55f, 0.2f, 1.0f));
    ImGui::TextUnformatted(compare_error_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

void Viewer::draw_waiting(float top) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  begin_panel("waiting", ImVec2(0, top), ImVec2(display.x, display.y - top));
  ImGui::PushFont(Fonts::large);
  if (loader_a_.busy()) {
    ImGui::Text("Loading %s ...", options_.first.c_str());
  } else {
    ImGui::TextUnformatted("Cannot show this file");
    ImGui::PopFont();
    for (const auto& e : errors_) ImGui::TextWrapped("%s", e.c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("Make a results file with `cdsim run SCENARIO.yaml -o FILE.h5`, then `cdsim-view FILE.h5`.");
    ImGui::PushFont(Fonts::large);
  }
  ImGui::PopFont();
  ImGui::End();
}

void Viewer::frame(Window& window, double dt) {
  poll_loaders();
  handle_keys(window);
  vs_.clock.advance(dt);

  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 pad = ImGui::GetStyle().WindowPadding;
  const float header_h = line * (compare_error_.empty() ? 1.0f : 2.0f) + pad.y * 2 + 4;
  draw_header(window, header_h);
  if (!vs_.a) {
    draw_waiting(header_h);
    return;
  }

  const float timeline_h = line * 3.4f + pad.y * 2;
  const float middle_h = display.y - header_h - timeline_h;
  const float map_w = std::floor(display.x * 0.49f);
  const float right_w = display.x - map_w;
  const float charts_share = !vs_.comparing() ? 0.5f : charts_.wants_room() ? 0.6f : 0.46f;
  const float charts_h = std::floor(middle_h * charts_share);
  const auto inner = [&](ImVec2 size) { return ImVec2(size.x - pad.x * 2, size.y - pad.y * 2); };

  if (begin_panel("map", ImVec2(0, header_h), ImVec2(map_w, middle_h))) map_.draw(vs_, inner(ImVec2(map_w, middle_h)));
  ImGui::End();
  if (begin_panel("charts", ImVec2(map_w, header_h), ImVec2(right_w, charts_h))) charts_.draw(vs_, inner(ImVec2(right_w, charts_h)));
  ImGui::End();

  const ImVec2 side_size(right_w, middle_h - charts_h);
  if (begin_panel("side", ImVec2(map_w, header_h + charts_h), side_size) && ImGui::BeginTabBar("side tabs")) {
    const auto flag = [&](SidePanel p) { return options_.panel == p ? ImGuiTabItemFlags_SetSelected : 0; };
    if (ImGui::BeginTabItem(vs_.comparing() ? "Key numbers: B vs A" : "Key numbers", nullptr, flag(SidePanel::kpis))) {
      kpis_.draw(vs_, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y));
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("What if", nullptr, flag(SidePanel::whatif))) {
      if (const auto finished = whatif_.draw(vs_)) loader_b_.start(*finished);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Resident stories", nullptr, flag(SidePanel::stories))) {
      story_.draw(vs_, ImGui::GetContentRegionAvail());
      ImGui::EndTabItem();
    }
    options_.panel.reset();
    ImGui::EndTabBar();
  }
  ImGui::End();

  if (begin_panel("timeline", ImVec2(0, header_h + middle_h), ImVec2(display.x, timeline_h))) {
    timeline_.draw(vs_, inner(ImVec2(display.x, timeline_h)));
  }
  ImGui::End();
}

}  // namespace cdsim::viz
