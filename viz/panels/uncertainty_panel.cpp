#include "viz/panels/uncertainty_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "viz/panels/fonts.hpp"
#include "viz/panels/number_format.hpp"

namespace cdsim::viz {
namespace {

// The key-number cards' colour-blind-safe pair: blue for good news, orange for bad.
const ImVec4 kBlue(0.34f, 0.71f, 0.91f, 1.0f);
const ImVec4 kOrange(0.90f, 0.50f, 0.10f, 1.0f);

/// "+0.92", "−0.80": the sign is the direction, so it is always shown.
std::string signed_correlation(double v) {
  std::string out = format_fixed(v, 2);
  if (v >= 0.005) out.insert(out.begin(), '+');
  return out;
}

/// Text at `at`, in `font` (nullptr: the current one); returns its width.
float put_text(ImDrawList* dl, ImFont* font, ImVec2 at, ImU32 colour, const std::string& text) {
  if (font) ImGui::PushFont(font);
  dl->AddText(at, colour, text.c_str());
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  if (font) ImGui::PopFont();
  return w;
}

}  // namespace

void UncertaintyPanel::draw(const ViewState& vs, ImVec2 size) {
  if (generation_ != vs.generation) {
    generation_ = vs.generation;
    view_ = payback_view(*vs.a, *vs.b);
  }
  if (!view_.message.empty()) {
    ImGui::TextWrapped("%s", view_.message.c_str());
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);

  // The chance of payback, large enough for the back of the room: blue when (nearly) every draw pays
  // back, orange when (nearly) none does, as the key-number cards colour a settled sign.
  const double p = view_.probability_npv_positive;
  const ImU32 big = p >= 0.95 ? ImGui::GetColorU32(kBlue) : p <= 0.05 ? ImGui::GetColorU32(kOrange) : text;
  ImFont* huge = Fonts::huge ? Fonts::huge : Fonts::large;
  const float huge_h = huge ? huge->FontSize : line * 3;
  const float x = origin.x + put_text(dl, huge, origin, big, view_.npv_positive) + line * 0.8f;
  const float y = origin.y + huge_h / 2 - line * 1.65f;
  put_text(dl, nullptr, ImVec2(x, y), text, "of " + std::to_string(view_.draws) + " draws pay back (B's NPV against A above zero)");
  put_text(dl, nullptr, ImVec2(x, y + line * 1.1f), muted, view_.ratio_above_one + " with a benefit-cost ratio above 1");
  put_text(dl, nullptr, ImVec2(x, y + line * 2.2f), muted,
           "NPV " + view_.npv_mean + " (" + view_.npv_low + " to " + view_.npv_high + ")");

  const float top = origin.y + huge_h + line * 0.5f;
  draw_tornado(ImVec2(origin.x, top), ImVec2(size.x, origin.y + size.y - top));
  ImGui::Dummy(size);
}

void UncertaintyPanel::draw_tornado(ImVec2 origin, ImVec2 size) const {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled),
              grid = ImGui::GetColorU32(ImGuiCol_Border, 0.8f);
  const ImVec2 end(origin.x + size.x, origin.y + size.y);
  dl->PushClipRect(origin, end, true);
  if (view_.drivers.empty()) {
    put_text(dl, nullptr, origin, muted, "What drives it: none shown, " + view_.drivers_note);
    dl->PopClipRect();
    return;
  }
  put_text(dl, nullptr, origin, muted,
           "Drivers of the NPV (PRCC) and where B pays back:");
  // A row: the key, then its bar about zero (right: the NPV rises with the value) with the break-even on
  // the side the bar leaves empty.
  const float row_h = line * 1.2f, first = origin.y + line * 1.4f, footer = line * 1.3f;
  const auto fit = static_cast<std::size_t>(std::max(1.0f, std::floor((end.y - first - footer) / row_h)));
  const std::size_t shown = std::min(fit, view_.drivers.size());
  float key_w = 0;
  for (std::size_t k = 0; k < shown; ++k) key_w = std::max(key_w, ImGui::CalcTextSize(view_.drivers[k].parameter.c_str()).x);
  key_w = std::min(key_w + line * 0.8f, size.x * 0.5f);
  const float value_w = ImGui::CalcTextSize("+0.00").x + line * 0.3f;
  const float centre = origin.x + key_w + (size.x - key_w) / 2, half = (size.x - key_w) / 2 - value_w;
  dl->AddLine(ImVec2(centre, first), ImVec2(centre, first + row_h * static_cast<float>(shown)), grid, 1.5f);
  bool any_extrapolated = false;
  for (std::size_t k = 0; k < shown; ++k) {
    const TornadoBar& bar = view_.drivers[k];
    const float y = first + row_h * static_cast<float>(k);
    dl->PushClipRect(ImVec2(origin.x, y), ImVec2(origin.x + key_w - line * 0.4f, y + row_h), true);
    put_text(dl, nullptr, ImVec2(origin.x, y), text, bar.parameter);
    dl->PopClipRect();
    const float bh = line * 0.9f, by = y + (line - bh) / 2;
    const float tip = centre + static_cast<float>(bar.prcc) * half;
    const bool right = bar.prcc >= 0;
    dl->AddRectFilled(ImVec2(std::min(centre, tip), by), ImVec2(std::max(centre, tip), by + bh),
                      ImGui::GetColorU32(right ? kBlue : kOrange));
    const std::string value = signed_correlation(bar.prcc);
    const float vw = ImGui::CalcTextSize(value.c_str()).x;
    dl->AddText(ImVec2(right ? tip + line * 0.3f : tip - line * 0.3f - vw, y), text, value.c_str());
    std::string even = bar.break_even.empty() ? "no break-even" : bar.break_even;
    if (bar.extrapolated) even += "*";
    any_extrapolated = any_extrapolated || bar.extrapolated;
    const float ew = ImGui::CalcTextSize(even.c_str()).x;
    dl->AddText(ImVec2(right ? centre - line * 0.4f - ew : centre + line * 0.4f, y), muted, even.c_str());
    if (ImGui::IsMouseHoveringRect(ImVec2(origin.x, y), ImVec2(end.x, y + row_h))) {
      const std::string where = bar.break_even.empty()
                                    ? "the straight-line fit gives it no slope: no break-even"
                                    : "pays back if " + bar.break_even + ", the others at their means" +
                                          (bar.extrapolated ? " (extrapolated: outside the values drawn)" : "");
      ImGui::SetTooltip("%s\npartial rank correlation %s: the NPV %s with it\n%s", bar.parameter.c_str(), value.c_str(),
                        right ? "rises" : "falls", where.c_str());
    }
  }
  std::string note = "right: the NPV rises with it";
  if (any_extrapolated) note = "* extrapolated (outside the draws);  " + note;
  if (shown < view_.drivers.size()) note += ";  " + std::to_string(view_.drivers.size() - shown) + " more: cdsim compare";
  put_text(dl, nullptr, ImVec2(origin.x, first + row_h * static_cast<float>(shown) + line * 0.2f), muted, note);
  dl->PopClipRect();
}

}  // namespace cdsim::viz
