#include "viz/panels/map_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numbers>

#include "viz/panels/colour_scale.hpp"
#include "viz/panels/fonts.hpp"
#include "viz/panels/number_format.hpp"

namespace cdsim::viz {
namespace {

constexpr float kSqrt3 = 1.7320508f;

/// The diff-scale bound over every week, so colours mean the same while playing.
double max_abs_difference(const record::Results& a, const record::Results& b, const MapMetric& ma, const MapMetric& mb) {
  double m = 0;
  const int times = std::min(a.times(), b.times());
  for (int t = 0; t < times; ++t) {
    const auto va = map_values(a, ma, t);
    const auto vb = map_values(b, mb, t);
    for (std::size_t n = 0; n < va.size(); ++n) m = std::max(m, std::fabs(vb[n] - va[n]));
  }
  return m > 0 ? m : 1.0;
}

/// The name centred in its tile: on one line, else two, at full then 80% size; left out when none fits.
void draw_label(ImDrawList* dl, const std::string& name, ImVec2 centre, float max_width, ImU32 colour) {
  ImFont* font = ImGui::GetFont();
  const auto size_of = [&](float px, const std::string& text) { return font->CalcTextSizeA(px, FLT_MAX, 0.0f, text.c_str()); };
  const auto space = name.find(' ', name.size() / 3);
  const std::string first = space == std::string::npos ? name : name.substr(0, space);
  const std::string second = space == std::string::npos ? "" : name.substr(space + 1);
  for (const float scale : {1.0f, 0.8f}) {
    const float px = ImGui::GetFontSize() * scale;
    const ImVec2 one = size_of(px, name);
    if (one.x <= max_width) {
      dl->AddText(font, px, ImVec2(centre.x - one.x / 2, centre.y - one.y / 2), colour, name.c_str());
      return;
    }
    if (second.empty()) continue;
    const ImVec2 a = size_of(px, first);
    const ImVec2 b = size_of(px, second);
    if (std::max(a.x, b.x) > max_width) continue;
    dl->AddText(font, px, ImVec2(centre.x - a.x / 2, centre.y - a.y), colour, first.c_str());
    dl->AddText(font, px, ImVec2(centre.x - b.x / 2, centre.y), colour, second.c_str());
    return;
  }
}

}  // namespace

const MapMetric* find_metric(const std::vector<MapMetric>& metrics, const std::string& id) {
  const auto it = std::find_if(metrics.begin(), metrics.end(), [&](const MapMetric& m) { return m.id == id; });
  return it == metrics.end() ? nullptr : &*it;
}

std::string format_metric(const MapMetric& m, double v) {
  switch (m.kind) {
    case MapMetric::Kind::state_share: return format_fixed(v, 1) + "%";
    case MapMetric::Kind::cost_per_head: return format_pounds(v);
    case MapMetric::Kind::variable_per_1000: return format_fixed(v, 1);
  }
  return format_fixed(v, 2);
}

const MapPanel::Layout& MapPanel::layout_of(int slot, const record::Results& r) {
  Layout& l = layouts_[slot];
  if (l.results == &r) return l;
  l = Layout{&r, {}, ImVec2(std::numeric_limits<float>::max(), std::numeric_limits<float>::max()),
             ImVec2(std::numeric_limits<float>::lowest(), std::numeric_limits<float>::lowest()), 1.0f, {}};
  for (const auto& n : r.neighbourhoods) {
    const ImVec2 c(static_cast<float>(n.x), static_cast<float>(n.y));
    l.centre.push_back(c);
    l.lo = ImVec2(std::min(l.lo.x, c.x), std::min(l.lo.y, c.y));
    l.hi = ImVec2(std::max(l.hi.x, c.x), std::max(l.hi.y, c.y));
  }
  // Tile size from the closest pair: O(n^2) once per file, fine for thousands of neighbourhoods.
  float best = std::numeric_limits<float>::max();
  for (std::size_t i = 0; i < l.centre.size(); ++i) {
    for (std::size_t j = i + 1; j < l.centre.size(); ++j) {
      const float d = std::hypot(l.centre[i].x - l.centre[j].x, l.centre[i].y - l.centre[j].y);
      if (d > 0) best = std::min(best, d);
    }
  }
  if (best < std::numeric_limits<float>::max()) l.spacing = best;
  l.shapes = make_map_shapes(r);
  if (!l.shapes.shapes.empty()) {
    l.lo = ImVec2(l.shapes.lo[0], l.shapes.lo[1]);
    l.hi = ImVec2(l.shapes.hi[0], l.shapes.hi[1]);
  }
  return l;
}

const MapPanel::Geometry& MapPanel::geometry_of(int slot, const record::Results& r, ImVec2 origin, ImVec2 size) {
  Geometry& g = geometry_[slot];
  if (g.results == &r && g.origin.x == origin.x && g.origin.y == origin.y && g.size.x == size.x && g.size.y == size.y) {
    return g;
  }
  const Layout& l = layout_of(slot, r);
  g = Geometry{origin, size, &r, {}, 0, {}, {}, {}, {}, {}, 1};
  if (!l.shapes.shapes.empty()) {
    // Real outlines: fit their extent with a small margin; north up.
    const float span_x = std::max(l.hi.x - l.lo.x, 1e-6f), span_y = std::max(l.hi.y - l.lo.y, 1e-6f);
    g.scale = std::min(size.x / span_x, size.y / span_y) * 0.96f;
    g.mid = ImVec2(origin.x + size.x / 2, origin.y + size.y / 2);
    g.lmid = ImVec2((l.lo.x + l.hi.x) / 2, (l.lo.y + l.hi.y) / 2);
    const auto px = [&](const MapPoint& p) { return ImVec2(g.mid.x + (p[0] - g.lmid.x) * g.scale, g.mid.y - (p[1] - g.lmid.y) * g.scale); };
    for (const MapShape& shape : l.shapes.shapes) {
      std::vector<ImVec2> tris;
      for (const auto& p : shape.triangles) tris.push_back(px(p));
      g.triangles.push_back(std::move(tris));
      std::vector<std::vector<ImVec2>> rings;
      for (const auto& ring : shape.rings) {
        std::vector<ImVec2> pixels;
        for (const auto& p : ring) pixels.push_back(px(p));
        if (pixels.size() > 1) pixels.pop_back();  // AddPolyline closes it
        rings.push_back(std::move(pixels));
      }
      g.rings.push_back(std::move(rings));
      g.centre.push_back(px(shape.label));
      const float w = (shape.hi[0] - shape.lo[0]) * g.scale, h = (shape.hi[1] - shape.lo[1]) * g.scale;
      g.label_width.push_back(h > ImGui::GetTextLineHeight() * 1.6f ? w * 0.8f : 0.0f);
    }
    return g;
  }
  // Pointy-top hexagons: width sqrt(3) R equals the spacing, so a triangular layout tiles exactly.
  const float span_x = (l.hi.x - l.lo.x) + l.spacing;
  const float span_y = (l.hi.y - l.lo.y) + 2 * l.spacing / kSqrt3;
  const float scale = std::min(size.x / span_x, size.y / span_y);
  g.radius = l.spacing * scale / kSqrt3 * 0.95f;
  const ImVec2 mid(origin.x + size.x / 2, origin.y + size.y / 2);
  const ImVec2 lmid((l.lo.x + l.hi.x) / 2, (l.lo.y + l.hi.y) / 2);
  for (const auto& c : l.centre) {
    g.centre.emplace_back(mid.x + (c.x - lmid.x) * scale, mid.y - (c.y - lmid.y) * scale);  // north up
  }
  return g;
}

void MapPanel::refresh_ranges(const ViewState& vs) {
  if (ranges_generation_ == vs.generation && ranges_metric_ == vs.metric) return;
  if (ranges_generation_ != vs.generation) {
    // A new file may reuse a freed one's address: drop geometry keyed by pointer.
    for (auto& l : layouts_) l = Layout{};
    for (auto& g : geometry_) g = Geometry{};
  }
  ranges_generation_ = vs.generation;
  ranges_metric_ = vs.metric;
  shared_scale_ = Scale{};
  difference_scale_ = Scale{-1, 1, true};
  const auto ma_list = map_metrics(*vs.a);
  const MapMetric* ma = find_metric(ma_list, vs.metric);
  if (!ma) return;
  const Range ra = map_range(*vs.a, *ma);
  shared_scale_ = {ra.lo, ra.hi, false};
  if (!vs.b) return;
  const auto mb_list = map_metrics(*vs.b);
  if (const MapMetric* mb = find_metric(mb_list, vs.metric)) {
    const Range rb = map_range(*vs.b, *mb);
    shared_scale_ = {std::min(ra.lo, rb.lo), std::max(ra.hi, rb.hi), false};
    if (vs.a->neighbourhood_count() == vs.b->neighbourhood_count()) {
      const double m = max_abs_difference(*vs.a, *vs.b, *ma, *mb);
      difference_scale_ = {-m, m, true};
    }
  }
}

int MapPanel::draw_map(int slot, const ViewState& vs, const record::Results& r, const std::vector<double>& values,
                       const Scale& scale, const std::string& title, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  if (!title.empty()) {
    ImGui::PushFont(Fonts::bold);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 canvas(size.x, std::max(size.y - (origin.y - top.y), line));
  ImGui::InvisibleButton(title.empty() ? "##map0" : title.c_str(), canvas);
  const bool hovered = ImGui::IsItemHovered();
  const Geometry& g = geometry_of(slot, r, origin, canvas);

  const Layout& l = layout_of(slot, r);
  if (!l.shapes.shapes.empty()) return draw_outlines(vs, r, l, g, values, scale, hovered);

  int under_mouse = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered) {
    float best = g.radius;
    for (std::size_t n = 0; n < g.centre.size(); ++n) {
      const float d = std::hypot(mouse.x - g.centre[n].x, mouse.y - g.centre[n].y);
      if (d < best) {
        best = d;
        under_mouse = static_cast<int>(n);
      }
    }
  }
  ImVec2 hex[6];
  ImVec2 unit[6];
  for (int k = 0; k < 6; ++k) {
    const float a = std::numbers::pi_v<float> / 3.0f * static_cast<float>(k) + std::numbers::pi_v<float> / 6.0f;
    unit[k] = ImVec2(std::cos(a), std::sin(a));
  }
  const bool labels = g.radius > line * 1.2f;
  const ImU32 outline = ImGui::GetColorU32(ImGuiCol_Text);
  for (std::size_t n = 0; n < g.centre.size(); ++n) {
    const double t = (values[n] - scale.lo) / (scale.hi - scale.lo);
    const ImU32 fill = scale.diverging ? diverging_colour(2 * t - 1) : sequential_colour(t);
    for (int k = 0; k < 6; ++k) hex[k] = ImVec2(g.centre[n].x + unit[k].x * g.radius, g.centre[n].y + unit[k].y * g.radius);
    dl->AddConvexPolyFilled(hex, 6, fill);
    const bool selected = static_cast<int>(n) == vs.selected;
    if (selected || static_cast<int>(n) == under_mouse) {
      dl->AddPolyline(hex, 6, outline, ImDrawFlags_Closed, selected ? line * 0.22f : line * 0.1f);
    }
    if (labels) draw_label(dl, r.neighbourhoods[n].name, g.centre[n], g.radius * 1.65f, text_colour_on(fill));
  }
  return under_mouse;
}

int MapPanel::draw_outlines(const ViewState& vs, const record::Results& r, const Layout& l, const Geometry& g,
                            const std::vector<double>& values, const Scale& scale, bool hovered) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  int under_mouse = -1;
  if (hovered) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    under_mouse = shape_at(l.shapes, {g.lmid.x + (mouse.x - g.mid.x) / g.scale, g.lmid.y - (mouse.y - g.mid.y) / g.scale});
  }
  const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
  const ImU32 border = IM_COL32(40, 40, 40, 150);
  const ImU32 outline = ImGui::GetColorU32(ImGuiCol_Text);
  // Largest first: an area inside another's hole is drawn over it.
  for (const int n : l.shapes.draw_order) {
    const auto k = static_cast<std::size_t>(n);
    const double t = (values[k] - scale.lo) / (scale.hi - scale.lo);
    const ImU32 fill = scale.diverging ? diverging_colour(2 * t - 1) : sequential_colour(t);
    const auto& tris = g.triangles[k];
    dl->PrimReserve(static_cast<int>(tris.size()), static_cast<int>(tris.size()));
    for (const ImVec2& p : tris) dl->PrimVtx(p, uv, fill);
    for (const auto& ring : g.rings[k]) dl->AddPolyline(ring.data(), static_cast<int>(ring.size()), border, ImDrawFlags_Closed, 1.0f);
  }
  for (const int n : {vs.selected, under_mouse}) {
    if (n < 0 || n >= static_cast<int>(g.rings.size())) continue;
    for (const auto& ring : g.rings[static_cast<std::size_t>(n)]) {
      dl->AddPolyline(ring.data(), static_cast<int>(ring.size()), outline, ImDrawFlags_Closed,
                      n == vs.selected ? line * 0.22f : line * 0.1f);
    }
  }
  for (std::size_t n = 0; n < g.centre.size(); ++n) {
    if (g.label_width[n] <= 0) continue;
    const double t = (values[n] - scale.lo) / (scale.hi - scale.lo);
    const ImU32 fill = scale.diverging ? diverging_colour(2 * t - 1) : sequential_colour(t);
    draw_label(dl, r.neighbourhoods[n].name, g.centre[n], g.label_width[n], text_colour_on(fill));
  }
  return under_mouse;
}

void MapPanel::draw_legend(const Scale& scale, const std::string& lo, const std::string& hi, const std::string& caption,
                           float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  ImGui::TextUnformatted(lo.c_str());
  ImGui::SameLine();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float bar_w = std::min(width * 0.35f, line * 14);
  constexpr int kSteps = 48;
  for (int i = 0; i < kSteps; ++i) {
    const double t = (i + 0.5) / kSteps;
    const ImU32 c = scale.diverging ? diverging_colour(2 * t - 1) : sequential_colour(t);
    dl->AddRectFilled(ImVec2(p.x + bar_w * i / kSteps, p.y + line * 0.1f),
                      ImVec2(p.x + bar_w * (i + 1) / kSteps + 1, p.y + line * 0.9f), c);
  }
  ImGui::Dummy(ImVec2(bar_w, line));
  ImGui::SameLine();
  ImGui::TextUnformatted(hi.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", caption.c_str());
}

void MapPanel::draw_tooltip(const ViewState& vs, int n) const {
  std::vector<const record::Results*> files{vs.a.get()};
  if (vs.comparing() && n < vs.b->neighbourhood_count()) files.push_back(vs.b.get());
  const auto& nb = vs.a->neighbourhoods[n];
  ImGui::BeginTooltip();
  ImGui::PushFont(Fonts::bold);
  ImGui::TextUnformatted(nb.name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  if (!nb.code.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", nb.code.c_str());
  }
  ImGui::TextDisabled("deprivation decile %d (1 = most deprived)", nb.deprivation_decile);

  // Mean over replicates at the current week, one column per file.
  struct Column {
    std::vector<double> by_state;
    double alive = 0;
    std::vector<std::string> other;  // non-state metrics, formatted
  };
  std::vector<Column> columns;
  std::vector<std::string> other_labels;
  for (const record::Results* r : files) {
    Column c;
    const int t = std::min(vs.clock.week(), r->times() - 1);
    c.by_state.assign(r->states.size(), 0.0);
    for (int rep = 0; rep < r->replicates; ++rep) {
      for (int s = 0; s < r->state_count(); ++s) c.by_state[s] += r->resident_count(rep, t, n, s) / double(r->replicates);
    }
    for (double v : c.by_state) c.alive += v;
    other_labels.clear();
    for (const auto& m : map_metrics(*r)) {
      if (m.kind == MapMetric::Kind::state_share) continue;
      other_labels.push_back(m.label + " (" + m.unit + ")");
      c.other.push_back(format_metric(m, map_values(*r, m, t)[n]));
    }
    columns.push_back(std::move(c));
  }
  if (ImGui::BeginTable("numbers", 1 + static_cast<int>(columns.size()), ImGuiTableFlags_SizingFixedFit)) {
    if (columns.size() > 1) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(1);
      ImGui::TextDisabled("%s", file_label(vs, 'A').c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextDisabled("%s", file_label(vs, 'B').c_str());
    }
    const auto row = [&](const std::string& label, const auto& cell) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(label.c_str());
      for (std::size_t i = 0; i < columns.size(); ++i) {
        ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
        ImGui::TextUnformatted(cell(columns[i]).c_str());
      }
    };
    row("residents", [](const Column& c) { return format_count(c.alive); });
    for (int s = 0; s < vs.a->state_count(); ++s) {
      row(vs.a->states[s], [s](const Column& c) {
        const double v = s < static_cast<int>(c.by_state.size()) ? c.by_state[s] : 0.0;
        return format_count(v) + "  (" + format_fixed(c.alive > 0 ? 100 * v / c.alive : 0, 1) + "%)";
      });
    }
    for (std::size_t k = 0; k < other_labels.size(); ++k) {
      row(other_labels[k], [k](const Column& c) { return k < c.other.size() ? c.other[k] : std::string("-"); });
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("click to chart this neighbourhood");
  ImGui::EndTooltip();
}

void MapPanel::draw(ViewState& vs, ImVec2 size) {
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const auto metrics = map_metrics(*vs.a);
  if (!find_metric(metrics, vs.metric) && !metrics.empty()) vs.metric = metrics.front().id;
  const MapMetric* metric = find_metric(metrics, vs.metric);
  if (!metric) {
    ImGui::TextUnformatted("This file has nothing to map.");
    return;
  }
  ImGui::PushFont(Fonts::bold);
  ImGui::Text("%s by neighbourhood, %s", metric->label.c_str(), vs.a->date_at(vs.clock.week()).long_text().c_str());
  ImGui::PopFont();
  // Controls: metric, and in compare mode how to show the two files.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (ImGui::BeginCombo("##metric", metric->label.c_str())) {
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const std::string item = std::to_string(i + 1) + "  " + metrics[i].label;
      if (ImGui::Selectable(item.c_str(), metrics[i].id == vs.metric)) vs.metric = metrics[i].id;
    }
    ImGui::EndCombo();
  }
  const bool can_diff = vs.comparing() && vs.a->neighbourhood_count() == vs.b->neighbourhood_count();
  if (vs.comparing()) {
    ImGui::SameLine();
    if (ImGui::RadioButton("Side by side", !vs.show_difference)) vs.show_difference = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("Change B \xE2\x88\x92 A", vs.show_difference && can_diff) && can_diff) vs.show_difference = true;
  }
  refresh_ranges(vs);
  metric = find_metric(metrics, vs.metric);

  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float used = ImGui::GetCursorScreenPos().y - start.y;
  const ImVec2 area(size.x, size.y - used - line * 1.6f);
  const int t = vs.clock.week();
  int hovered = -1;

  if (vs.comparing() && vs.show_difference && can_diff) {
    const auto mb_list = map_metrics(*vs.b);
    const MapMetric* mb = find_metric(mb_list, vs.metric);
    auto va = map_values(*vs.a, *metric, t);
    const auto vb = mb ? map_values(*vs.b, *mb, std::min(t, vs.b->times() - 1)) : va;
    for (std::size_t n = 0; n < va.size(); ++n) va[n] = vb[n] - va[n];
    hovered = draw_map(0, vs, *vs.a, va, difference_scale_, "Change: " + file_label(vs, 'B') + " minus " + file_label(vs, 'A'), area);
    draw_legend(difference_scale_, format_metric(*metric, difference_scale_.lo), format_metric(*metric, difference_scale_.hi).insert(0, 1, '+'),
                // A difference of shares is in percentage points, not per cent.
                (metric->unit == "% of residents" ? std::string("percentage points") : metric->unit) +
                    "; blue: lower in B",
                size.x);
  } else if (vs.comparing()) {
    const ImVec2 half((area.x - ImGui::GetStyle().ItemSpacing.x) / 2, area.y);
    ImGui::BeginGroup();
    hovered = draw_map(0, vs, *vs.a, map_values(*vs.a, *metric, t), shared_scale_, file_label(vs, 'A'), half);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const auto mb_list = map_metrics(*vs.b);
    if (const MapMetric* mb = find_metric(mb_list, vs.metric)) {
      const int hb = draw_map(1, vs, *vs.b, map_values(*vs.b, *mb, std::min(t, vs.b->times() - 1)), shared_scale_,
                              file_label(vs, 'B'), half);
      if (hb >= 0) hovered = hb;
    } else {
      ImGui::TextWrapped("%s has no %s", file_label(vs, 'B').c_str(), metric->label.c_str());
    }
    ImGui::EndGroup();
    draw_legend(shared_scale_, format_metric(*metric, shared_scale_.lo), format_metric(*metric, shared_scale_.hi), metric->unit, size.x);
  } else {
    hovered = draw_map(0, vs, *vs.a, map_values(*vs.a, *metric, t), shared_scale_, "", area);
    draw_legend(shared_scale_, format_metric(*metric, shared_scale_.lo), format_metric(*metric, shared_scale_.hi), metric->unit, size.x);
  }
  if (hovered >= 0) {
    draw_tooltip(vs, hovered);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) vs.selected = (vs.selected == hovered) ? -1 : hovered;
  }
}

}  // namespace cdsim::viz
