#include "viz/panels/whatif_panel.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace cdsim::viz {

namespace fs = std::filesystem;

WhatIfPanel::WhatIfPanel(fs::path cdsim) : cdsim_(std::move(cdsim)) {}

WhatIfPanel::~WhatIfPanel() {
  run_.cancel();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void WhatIfPanel::start(const record::Results& r) {
  if (dir_.empty()) {
    std::string pattern = (fs::temp_directory_path() / "cdsim-view-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return;
    dir_ = pattern;
  }
  // The recorded scenario is fully resolved, so this run differs from A only by the --set values.
  const fs::path scenario = dir_ / "scenario.yaml";
  std::ofstream(scenario) << r.scenario_yaml;
  output_ = dir_ / ("whatif-" + std::to_string(++runs_) + ".h5");
  std::vector<std::string> args{"run", scenario.string(), "-o", output_.string(), "--replicates",
                                std::to_string(replicates_)};
  const auto& levers = r.scenario.levers;
  for (std::size_t i = 0; i < levers.size(); ++i) {
    if (values_[i] == levers[i].initial()) continue;
    args.push_back("--set");
    args.push_back(levers[i].key + "=" + levers[i].override_value(values_[i]));
  }
  command_ = "cdsim";
  for (std::size_t i = 0; i < args.size(); ++i) command_ += " " + (i == 1 ? std::string("SCENARIO") : i == 3 ? "OUT.h5" : args[i]);
  run_.start(cdsim_, args, dir_ / "run.log");
}

std::optional<fs::path> WhatIfPanel::draw(const ViewState& vs) {
  const record::Results& r = *vs.a;
  const auto& levers = r.scenario.levers;
  if (scenario_yaml_ != r.scenario_yaml || values_.size() != levers.size()) {
    scenario_yaml_ = r.scenario_yaml;
    values_.clear();
    for (const auto& l : levers) values_.push_back(l.initial());
  }
  if (levers.empty()) {
    ImGui::TextWrapped("No levers: %s", r.scenario.warning.empty() ? "the recorded scenario has none the viewer knows"
                                                                    : r.scenario.warning.c_str());
    return std::nullopt;
  }
  const bool busy = running();
  ImGui::TextWrapped("Change the scenario of A and run it again (%s). The result opens as B.", r.scenario_name.c_str());

  const float line = ImGui::GetTextLineHeight();
  const float label_w = line * 11;
  const float reserve = line * 4.6f;  // the Run row and status below the sliders
  // Transparent so slider frames show on the light theme, where child windows are white cards.
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
  ImGui::BeginChild("levers", ImVec2(0, std::max(line * 3, ImGui::GetContentRegionAvail().y - reserve)));
  const ImGuiStyle& style = ImGui::GetStyle();
  const float reset_w = ImGui::CalcTextSize("reset").x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  for (std::size_t i = 0; i < levers.size(); ++i) {
    const record::Lever& l = levers[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TextUnformatted(l.label.c_str());
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(std::max(line * 6, ImGui::GetContentRegionAvail().x - reset_w));
    float v = static_cast<float>(values_[i]);
    bool changed = false;
    switch (l.kind) {
      case record::LeverKind::percent_change: changed = ImGui::SliderFloat("##v", &v, float(l.min), float(l.max), "%+.0f%%"); break;
      case record::LeverKind::count:
      case record::LeverKind::year: {
        int iv = static_cast<int>(std::lround(v));
        changed = ImGui::SliderInt("##v", &iv, int(l.min), int(l.max));
        v = static_cast<float>(iv);
        break;
      }
      case record::LeverKind::number: changed = ImGui::SliderFloat("##v", &v, float(l.min), float(l.max), "%.3g"); break;
    }
    if (changed) values_[i] = v;
    ImGui::SameLine();
    if (ImGui::SmallButton("reset")) values_[i] = l.initial();
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();

  ImGui::BeginDisabled(busy);
  ImGui::SetNextItemWidth(line * 6);
  ImGui::SliderInt("replicates", &replicates_, 1, 20);
  ImGui::SameLine();
  if (ImGui::Button("Run what if")) start(r);
  ImGui::EndDisabled();
  if (busy) {
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) run_.cancel();
  }

  std::optional<fs::path> finished;
  const ChildRun::State before = run_.state();
  const ChildRun::State now = run_.poll();
  switch (now) {
    case ChildRun::State::idle: ImGui::TextDisabled("Replicate r of both runs shares random numbers, so B - A is the change."); break;
    case ChildRun::State::running: ImGui::Text("Running... %.0f s", run_.elapsed_seconds()); break;
    case ChildRun::State::succeeded:
      ImGui::TextDisabled("Done in %.0f s: shown as B.", run_.elapsed_seconds());
      if (before == ChildRun::State::running) finished = output_;
      break;
    case ChildRun::State::failed:
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.55f, 0.2f, 1.0f));
      ImGui::TextWrapped("The run failed: %s", run_.error().c_str());
      ImGui::PopStyleColor();
      break;
  }
  if (!command_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", command_.c_str());
    ImGui::PopStyleColor();
  }
  return finished;
}

}  // namespace cdsim::viz
