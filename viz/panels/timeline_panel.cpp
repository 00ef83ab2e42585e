#include "viz/panels/timeline_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "viz/panels/fonts.hpp"

namespace cdsim::viz {
namespace {

constexpr double kSpeeds[] = {1, 2, 4, 8, 13, 26, 52};  // weeks per second; 13 = a quarter, 52 = a year

std::string speed_label(double s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%g weeks/s", s);
  return buf;
}

}  // namespace

void TimelinePanel::draw(ViewState& vs, ImVec2 size) {
  const record::Results& r = *vs.a;
  PlaybackClock& clock = vs.clock;
  const float line = ImGui::GetTextLineHeight();

  if (ImGui::Button(clock.playing() ? "Pause" : "\xE2\x96\xB6 Play", ImVec2(line * 5, 0))) clock.toggle();
  ImGui::SameLine();
  if (ImGui::Button("<")) clock.step(-1);
  ImGui::SameLine();
  if (ImGui::Button(">")) clock.step(1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(line * 7.5f);
  if (ImGui::BeginCombo("##speed", speed_label(clock.speed()).c_str())) {
    for (double s : kSpeeds) {
      if (ImGui::Selectable(speed_label(s).c_str(), s == clock.speed())) clock.set_speed(s);
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  const int week = clock.week();
  const std::string date = r.date_at(week).long_text();
  ImGui::PushFont(Fonts::large);
  const float date_y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(date_y - (ImGui::GetTextLineHeight() - line) / 2);
  ImGui::TextUnformatted(date.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::SetCursorPosY(date_y);
  const double years = r.time_days.back() / 365.25;
  ImGui::TextDisabled("week %d of %d  (%.0f year%s from %s)", week, clock.length() - 1, years,
                      std::lround(years) == 1 ? "" : "s", r.start.long_text().c_str());

  // The track: a slider whose text is the date, policies marked above it.
  ImGui::SetNextItemWidth(size.x);
  int w = week;
  // The slider's format string is the date itself (dates hold no '%'), so the track reads as a date.
  if (ImGui::SliderInt("##week", &w, 0, clock.length() - 1, date.c_str())) {
    clock.pause();
    clock.seek(w);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 lo = ImGui::GetItemRectMin();
  const ImVec2 hi = ImGui::GetItemRectMax();
  const float grab = ImGui::GetStyle().GrabMinSize;
  const double span = std::max(1, r.time_days.back());
  const auto x_of = [&](double day) {
    return lo.x + grab / 2 + static_cast<float>(day / span) * (hi.x - lo.x - grab);
  };
  const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // Year ticks under the track so scrubbing lands on a known date.
  const int day0 = r.start.to_days();
  for (int y = r.start.year; y <= r.date_at(r.times() - 1).year; ++y) {
    const double day = record::Date{y, 1, 1}.to_days() - day0;
    if (day < 0 || day > span) continue;
    const float x = x_of(day);
    dl->AddLine(ImVec2(x, hi.y), ImVec2(x, hi.y + line * 0.4f), muted, 1.5f);
    dl->AddText(ImVec2(x + 2, hi.y), muted, std::to_string(y).c_str());
  }
  const ImU32 marker = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  for (const auto& p : r.scenario.policies) {
    const float x0 = x_of(std::clamp<double>(p.start_day, 0, span));
    const float x1 = x_of(std::clamp<double>(p.end_day.value_or(static_cast<int>(span)), 0, span));
    dl->AddRectFilled(ImVec2(x0, lo.y - line * 0.35f), ImVec2(std::max(x1, x0 + 2), lo.y - line * 0.1f), marker);
    dl->AddText(ImVec2(x0 + 2, lo.y - line * 1.4f), muted, p.label.c_str());
  }
}

}  // namespace cdsim::viz
