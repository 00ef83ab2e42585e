#include "viz/panels/kpi_panel.hpp"

#include <algorithm>
#include <string>

#include "viz/panels/fonts.hpp"
#include "viz/panels/number_format.hpp"

namespace cdsim::viz {
namespace {

std::string format_kpi(double v, KpiUnit unit) { return unit == KpiUnit::pounds ? format_pounds(v) : format_count(v); }

/// Tighter than a window's: five cards must fit beside the charts on a 720-line projector.
ImVec2 card_padding() {
  const float f = ImGui::GetFontSize();
  return ImVec2(f * 0.5f, f * 0.3f);
}

}  // namespace

void KpiPanel::draw_card(const Kpi& k, bool compare, ImVec2 size, int index) const {
  ImGui::PushID(index);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, card_padding());
  ImGui::BeginChild("card", size, true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  ImGui::TextDisabled("%s", k.label.c_str());
  const Interval& v = compare ? k.benefit : k.a;
  // Blue for a clear benefit, orange for a clear harm (a colour-blind-safe pair); plain text when the
  // 90% interval straddles zero, since then the sign is not settled.
  ImVec4 colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  if (compare && v.lo > 0) colour = ImVec4(0.34f, 0.71f, 0.91f, 1.0f);
  if (compare && v.hi < 0) colour = ImVec4(0.90f, 0.50f, 0.10f, 1.0f);
  ImGui::PushFont(Fonts::large);
  ImGui::TextColored(colour, "%s", format_kpi(v.mean, k.unit).c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s to %s", format_kpi(v.lo, k.unit).c_str(), format_kpi(v.hi, k.unit).c_str());
  if (compare) ImGui::TextDisabled("A %s, B %s", format_kpi(k.a.mean, k.unit).c_str(), format_kpi(k.b.mean, k.unit).c_str());
  ImGui::PopStyleVar();
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopID();
}

void KpiPanel::draw(const ViewState& vs, ImVec2 size) {
  if (generation_ != vs.generation) {
    generation_ = vs.generation;
    kpis_ = vs.comparing() ? compare_kpis(*vs.a, *vs.b) : horizon_kpis(*vs.a);
  }
  const bool compare = vs.comparing();
  const record::Results& a = *vs.a;
  const int years = static_cast<int>(a.time_days.back() / 365.25 + 0.5);
  if (compare) {
    ImGui::TextDisabled("B vs A, %d year%s: mean and 90%% range of %d pairs; positive is better", years,
                        years == 1 ? "" : "s", std::min(a.replicates, vs.b->replicates));
  } else {
    ImGui::TextDisabled("Totals over %d year%s: mean and 90%% range of %d replicates", years, years == 1 ? "" : "s",
                        a.replicates);
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float spacing = style.ItemSpacing.x;
  const float line = ImGui::GetTextLineHeight();
  const float large = Fonts::large ? Fonts::large->FontSize : ImGui::GetFontSize() * 1.6f;
  const int columns = std::max(1, static_cast<int>((size.x + spacing) / (ImGui::GetFontSize() * 11)));
  const float card_w = (size.x - spacing * (columns - 1)) / columns;
  const ImVec2 card(card_w, card_padding().y * 2 + line * (compare ? 3 : 2) + large + 2);
  for (std::size_t i = 0; i < kpis_.size(); ++i) {
    if (i % columns != 0) ImGui::SameLine();
    draw_card(kpis_[i], compare, card, static_cast<int>(i));
  }
}

}  // namespace cdsim::viz
