#include "viz/panels/chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "viz/panels/fonts.hpp"
#include "viz/panels/number_format.hpp"

namespace cdsim::viz {
namespace {

std::string axis_label(double v, AxisFormat f) { return f == AxisFormat::pounds ? format_pounds(v) : format_count(v); }

/// A step of 1, 2 or 5 x 10^k giving about `target` intervals over `span`.
double nice_step(double span, int target) {
  const double raw = span / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

ImU32 with_alpha(ImU32 c, float alpha) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.w = alpha;
  return ImGui::ColorConvertFloat4ToU32(v);
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 colour, float thickness, float dash) {
  bool on = true;
  float left = dash;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    ImVec2 a = pts[i - 1];
    const ImVec2 b = pts[i];
    float len = std::hypot(b.x - a.x, b.y - a.y);
    while (len > 0) {
      const float take = std::min(left, len);
      const float f = take / len;
      const ImVec2 m(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
      if (on) dl->AddLine(a, m, colour, thickness);
      a = m;
      len -= take;
      left -= take;
      if (left <= 0) {
        on = !on;
        left = on ? dash : dash * 0.6f;
      }
    }
  }
}

struct Frame {
  ImVec2 min, max;  // plot area in pixels
  double x0, x1, y0, y1;
  double y_step;  // between the value axis's grid lines
  [[nodiscard]] float px(double x) const { return min.x + static_cast<float>((x - x0) / (x1 - x0)) * (max.x - min.x); }
  [[nodiscard]] float py(double y) const { return max.y - static_cast<float>((y - y0) / (y1 - y0)) * (max.y - min.y); }
};

void draw_date_axis(ImDrawList* dl, const Frame& f, const record::Date& start, ImU32 grid, ImU32 text) {
  const int day0 = start.to_days();
  const record::Date first = record::Date::from_days(day0 + static_cast<int>(f.x0));
  const record::Date last = record::Date::from_days(day0 + static_cast<int>(f.x1));
  const double years = (f.x1 - f.x0) / 365.25;
  // Years when there are several; quarters for a short run, so the axis always has dates on it.
  const int months_per_tick = years > 2.5 ? 12 : years > 1.2 ? 6 : 3;
  const float line = ImGui::GetTextLineHeight();
  float last_label_end = -1e9f;
  for (int y = first.year; y <= last.year + 1; ++y) {
    for (int m = 1; m <= 12; m += months_per_tick) {
      const double x = record::Date{y, m, 1}.to_days() - day0;
      if (x < f.x0 || x > f.x1) continue;
      const float px = f.px(x);
      dl->AddLine(ImVec2(px, f.min.y), ImVec2(px, f.max.y), grid);
      const std::string label = months_per_tick == 12 ? std::to_string(y) : record::Date{y, m, 1}.month_text();
      const float w = ImGui::CalcTextSize(label.c_str()).x;
      const float lx = std::clamp(px - w / 2, f.min.x, f.max.x - w);
      if (lx > last_label_end + line * 0.5f) {
        dl->AddText(ImVec2(lx, f.max.y + line * 0.25f), text, label.c_str());
        last_label_end = lx + w;
      }
    }
  }
}

std::size_t nearest_index(const std::vector<double>& xs, double x) {
  const auto it = std::lower_bound(xs.begin(), xs.end(), x);
  if (it == xs.end()) return xs.size() - 1;
  if (it == xs.begin()) return 0;
  return (x - *(it - 1) < *it - x) ? static_cast<std::size_t>(it - xs.begin() - 1) : static_cast<std::size_t>(it - xs.begin());
}

/// The theme's colours and the text size, read once a frame; thicknesses scale with the font.
struct Look {
  ImU32 text, muted, grid;
  float line;  ///< text line height, pixels
  float zoom;  ///< line / 16
};

Look look_now() {
  const float line = ImGui::GetTextLineHeight();
  return {ImGui::GetColorU32(ImGuiCol_Text), ImGui::GetColorU32(ImGuiCol_TextDisabled),
          ImGui::GetColorU32(ImGuiCol_Border, 0.6f), line, line / 16.0f};
}

/// Title, subtitle and legend in the first two lines.
void draw_title_and_legend(ImDrawList* dl, const ChartSpec& spec, const std::vector<ChartLine>& lines, ImVec2 origin,
                           ImVec2 size, const Look& k) {
  const float line = k.line;
  ImGui::PushFont(Fonts::bold);
  dl->AddText(origin, k.text, spec.title.c_str());
  const float title_w = ImGui::CalcTextSize(spec.title.c_str()).x;
  ImGui::PopFont();
  dl->AddText(ImVec2(origin.x + title_w + line * 0.6f, origin.y), k.muted, spec.subtitle.c_str());
  float lx = origin.x;
  const float ly = origin.y + line * 1.35f;
  for (const auto& l : lines) {
    const float y = ly + line * 0.5f;
    if (l.dashed) dashed_polyline(dl, {ImVec2(lx, y), ImVec2(lx + line * 1.4f, y)}, l.colour, 3 * k.zoom, line * 0.35f);
    else dl->AddLine(ImVec2(lx, y), ImVec2(lx + line * 1.4f, y), l.colour, 3 * k.zoom);
    dl->AddText(ImVec2(lx + line * 1.7f, ly), k.text, l.label.c_str());
    lx += line * 2.6f + ImGui::CalcTextSize(l.label.c_str()).x;
  }
  if (!lines.empty() && !lines.front().series->band.lo.empty()) {
    const char* note = "shaded: 90% of replicates";
    const float note_x = origin.x + size.x - ImGui::CalcTextSize(note).x;
    if (note_x >= lx) dl->AddText(ImVec2(note_x, ly), k.muted, note);
  }
}

/// Ranges over every line and band, the values rounded out to whole steps of the value axis, and
/// the plot area left of the axis labels and below the legend; nullopt when the box is too small.
std::optional<Frame> plot_frame(const std::vector<ChartLine>& lines, AxisFormat format, ImVec2 origin, ImVec2 size,
                                const Look& k) {
  Frame f{};
  f.x0 = std::numeric_limits<double>::max();
  f.x1 = std::numeric_limits<double>::lowest();
  f.y0 = 0;
  f.y1 = 0;
  for (const auto& l : lines) {
    const auto& s = *l.series;
    if (s.x_days.empty()) continue;
    f.x0 = std::min(f.x0, s.x_days.front());
    f.x1 = std::max(f.x1, s.x_days.back());
    for (std::size_t i = 0; i < s.x_days.size(); ++i) {
      f.y0 = std::min({f.y0, s.band.lo[i], s.band.mean[i]});
      f.y1 = std::max({f.y1, s.band.hi[i], s.band.mean[i]});
    }
  }
  if (f.x1 <= f.x0) {
    f.x0 = 0;
    f.x1 = 1;
  }
  if (f.y1 <= f.y0) f.y1 = f.y0 + 1;
  f.y_step = nice_step(f.y1 - f.y0, 4);
  f.y0 = std::floor(f.y0 / f.y_step) * f.y_step;
  f.y1 = std::ceil(f.y1 / f.y_step) * f.y_step;

  float label_w = 0;
  for (double v = f.y0; v <= f.y1 + f.y_step * 0.5; v += f.y_step) {
    label_w = std::max(label_w, ImGui::CalcTextSize(axis_label(v, format).c_str()).x);
  }
  f.min = ImVec2(origin.x + label_w + ImGui::GetStyle().ItemSpacing.x, origin.y + k.line * 3.0f);
  f.max = ImVec2(origin.x + size.x - k.line * 0.5f, origin.y + size.y - k.line * 1.5f);
  if (f.max.x - f.min.x < 20 || f.max.y - f.min.y < 20) return std::nullopt;
  return f;
}

void draw_value_axis(ImDrawList* dl, const Frame& f, AxisFormat format, const Look& k) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  for (double v = f.y0; v <= f.y1 + f.y_step * 0.5; v += f.y_step) {
    const float y = f.py(v);
    dl->AddLine(ImVec2(f.min.x, y), ImVec2(f.max.x, y), std::fabs(v) < f.y_step * 1e-6 ? k.muted : k.grid);
    const std::string label = axis_label(v, format);
    dl->AddText(ImVec2(f.min.x - spacing - ImGui::CalcTextSize(label.c_str()).x, y - k.line * 0.5f), k.muted,
                label.c_str());
  }
}

void draw_markers(ImDrawList* dl, const Frame& f, const std::vector<record::PolicyMarker>& markers, const Look& k) {
  for (const auto& m : markers) {
    for (const auto& [day, tag] : {std::pair{std::optional<double>(m.start_day), " starts"},
                                   std::pair{m.end_day ? std::optional<double>(*m.end_day) : std::nullopt, " ends"}}) {
      if (!day || *day < f.x0 || *day > f.x1) continue;
      const float x = f.px(*day);
      dashed_polyline(dl, {ImVec2(x, f.min.y), ImVec2(x, f.max.y)}, k.muted, 1.5f * k.zoom, k.line * 0.3f);
      dl->AddText(ImVec2(x + 3, f.min.y), k.muted, (m.label + tag).c_str());
    }
  }
}

/// Bands first so every line stays on top. Anti-aliased fill would leave seams between quads.
void draw_bands(ImDrawList* dl, const Frame& f, const std::vector<ChartLine>& lines) {
  const ImDrawListFlags flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (const auto& l : lines) {
    const auto& s = *l.series;
    const ImU32 fill = with_alpha(l.colour, l.dashed ? 0.14f : 0.22f);
    for (std::size_t i = 1; i < s.x_days.size(); ++i) {
      const ImVec2 quad[4] = {ImVec2(f.px(s.x_days[i - 1]), f.py(s.band.lo[i - 1])), ImVec2(f.px(s.x_days[i]), f.py(s.band.lo[i])),
                              ImVec2(f.px(s.x_days[i]), f.py(s.band.hi[i])), ImVec2(f.px(s.x_days[i - 1]), f.py(s.band.hi[i - 1]))};
      dl->AddConvexPolyFilled(quad, 4, fill);
    }
  }
  dl->Flags = flags;
}

void draw_means(ImDrawList* dl, const Frame& f, const std::vector<ChartLine>& lines, const Look& k) {
  for (const auto& l : lines) {
    const auto& s = *l.series;
    std::vector<ImVec2> pts;
    pts.reserve(s.x_days.size());
    for (std::size_t i = 0; i < s.x_days.size(); ++i) pts.emplace_back(f.px(s.x_days[i]), f.py(s.band.mean[i]));
    if (l.dashed) dashed_polyline(dl, pts, l.colour, 2.5f * k.zoom, k.line * 0.5f);
    else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), l.colour, 0, 2.5f * k.zoom);
  }
}

/// The mouse's week: a line through the plot and each line's mean and band there.
void draw_hover(ImDrawList* dl, const ChartSpec& spec, const std::vector<ChartLine>& lines, const Frame& f,
                ImVec2 mouse, double mouse_day, const Look& k) {
  dl->AddLine(ImVec2(mouse.x, f.min.y), ImVec2(mouse.x, f.max.y), k.muted);
  ImGui::BeginTooltip();
  const auto& xs = lines.front().series->x_days;
  ImGui::TextUnformatted(record::Date::from_days(spec.start.to_days() + static_cast<int>(xs[nearest_index(xs, mouse_day)])).long_text().c_str());
  for (const auto& l : lines) {
    const auto& s = *l.series;
    const std::size_t i = nearest_index(s.x_days, mouse_day);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(l.colour), "%s: %s  (%s to %s)", l.label.c_str(),
                       axis_label(s.band.mean[i], spec.format).c_str(), axis_label(s.band.lo[i], spec.format).c_str(),
                       axis_label(s.band.hi[i], spec.format).c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace

std::optional<double> draw_chart(const ChartSpec& spec, const std::vector<ChartLine>& lines, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(spec.id, size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  const Look k = look_now();

  draw_title_and_legend(dl, spec, lines, origin, size, k);
  const std::optional<Frame> frame = plot_frame(lines, spec.format, origin, size, k);
  if (!frame) return std::nullopt;
  const Frame& f = *frame;

  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);
  draw_value_axis(dl, f, spec.format, k);
  draw_date_axis(dl, f, spec.start, k.grid, k.muted);
  draw_markers(dl, f, spec.markers, k);
  draw_bands(dl, f, lines);
  draw_means(dl, f, lines, k);
  if (spec.cursor_days >= f.x0 && spec.cursor_days <= f.x1) {
    const float x = f.px(spec.cursor_days);
    dl->AddLine(ImVec2(x, f.min.y), ImVec2(x, f.max.y), k.text, 2.0f * k.zoom);
  }
  dl->PopClipRect();

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool in_plot = mouse.x >= f.min.x && mouse.x <= f.max.x && mouse.y >= origin.y && mouse.y <= f.max.y;
  const double mouse_day = f.x0 + (mouse.x - f.min.x) / (f.max.x - f.min.x) * (f.x1 - f.x0);
  if (hovered && in_plot && !lines.empty()) draw_hover(dl, spec, lines, f, mouse, mouse_day, k);
  if (clicked && in_plot) return mouse_day;
  return std::nullopt;
}

}  // namespace cdsim::viz
