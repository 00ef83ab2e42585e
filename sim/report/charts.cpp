#include "sim/report/escape_markup.hpp"
#include "sim/report/charts.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "viz/panels/number_format.hpp"

namespace cdsim::report {
namespace {

constexpr double kSqrt3 = 1.7320508075688772;
constexpr const char* kFont = "DejaVu Sans";
const Colour kInk{0.12, 0.12, 0.14}, kGrid{0.86, 0.86, 0.88}, kMuted{0.35, 0.35, 0.38};

void set_colour(cairo_t* cr, const Colour& c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

LayoutPtr layout_of(cairo_t* cr, const std::string& text, double size, bool bold) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescription* font = pango_font_description_from_string(kFont);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  pango_layout_set_text(layout.get(), text.c_str(), -1);
  return layout;
}

double text_width(cairo_t* cr, const std::string& text, double size, bool bold = false) {
  int w = 0, h = 0;
  pango_layout_get_size(layout_of(cr, text, size, bold).get(), &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

/// Draws `text` with its anchor at (x, y): `ax` 0 left, 0.5 centre, 1 right; `ay` likewise top to bottom.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double size, double ax, double ay,
               const Colour& colour = kInk, bool bold = false) {
  const LayoutPtr layout = layout_of(cr, text, size, bold);
  int w = 0, h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  set_colour(cr, colour);
  cairo_move_to(cr, x - ax * w / PANGO_SCALE, y - ay * h / PANGO_SCALE);
  pango_cairo_show_layout(cr, layout.get());
}

/// About `target` round steps (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double& lo, double& hi, int target) {
  if (!(hi > lo)) {
    const double pad = std::max(1.0, std::fabs(lo) * 0.1);
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  std::vector<double> ticks;
  for (double v = lo; v <= hi + step * 1e-9; v += step) ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

struct DateTick {
  double day;
  std::string label;
};

/// Year starts for long horizons, quarter starts for short ones.
std::vector<DateTick> date_ticks(const record::Date& start, double first, double last) {
  std::vector<DateTick> out;
  const int origin = start.to_days();
  const double years = (last - first) / 365.25;
  const int every = years > 12 ? 2 : 1;
  const int first_year = record::Date::from_days(origin + static_cast<int>(first)).year;
  const int last_year = record::Date::from_days(origin + static_cast<int>(last)).year;
  for (int y = first_year; y <= last_year + 1; ++y) {
    for (int m = 1; m <= 12; m += years <= 3 ? 3 : 12) {
      if (years > 3 && (y - first_year) % every != 0) continue;
      const double day = record::Date{y, m, 1}.to_days() - origin;
      if (day < first || day > last) continue;
      out.push_back({day, years <= 3 ? record::Date{y, m, 1}.month_text() : std::to_string(y)});
    }
  }
  return out;
}

void draw_line_chart(cairo_t* cr, const LineChart& c, double width, double height) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, first = lo, last = -lo;
  for (const Line& l : c.lines) {
    for (std::size_t i = 0; i < l.x_days.size(); ++i) {
      lo = std::min({lo, l.band.lo[i], l.band.mean[i]});
      hi = std::max({hi, l.band.hi[i], l.band.mean[i]});
      first = std::min(first, l.x_days[i]);
      last = std::max(last, l.x_days[i]);
    }
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1, first = 0, last = 1;
  if (c.zero_line) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  if (!(last > first)) last = first + 1;
  const std::vector<double> ticks = nice_ticks(lo, hi, 5);

  // The y axis's meaning, then the legend in rows from the left, then the plot.
  const double font = 8, bottom = height - 18;
  double widest = 0;
  for (double t : ticks) widest = std::max(widest, text_width(cr, axis_label(t, c.unit), font));
  const double left = widest + 10, right = width - 8;
  draw_text(cr, c.y_label, 0, 2, font, 0, 0, kMuted);
  double x = left, row = 16;
  for (const Line& l : c.lines) {
    const double item = 16 + text_width(cr, l.label, font) + 14;
    if (x + item > right && x > left) x = left, row += 12;
    set_colour(cr, l.colour);
    cairo_new_path(cr);
    cairo_set_line_width(cr, 2.5);
    cairo_move_to(cr, x, row + 5);
    cairo_line_to(cr, x + 12, row + 5);
    cairo_stroke(cr);
    draw_text(cr, l.label, x + 16, row + 5, font, 0, 0.5);
    x += item;
  }
  const double top = row + 20;

  auto px = [&](double day) { return left + (day - first) / (last - first) * (right - left); };
  auto py = [&](double v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); };
  cairo_set_line_width(cr, 0.5);
  for (double t : ticks) {
    set_colour(cr, t == 0 && c.zero_line ? kMuted : kGrid);
    cairo_move_to(cr, left, py(t));
    cairo_line_to(cr, right, py(t));
    cairo_stroke(cr);
    draw_text(cr, axis_label(t, c.unit), left - 4, py(t), font, 1, 0.5, kMuted);
  }
  for (const DateTick& t : date_ticks(c.start, first, last)) {
    set_colour(cr, kGrid);
    cairo_move_to(cr, px(t.day), top);
    cairo_line_to(cr, px(t.day), bottom);
    cairo_stroke(cr);
    draw_text(cr, t.label, px(t.day), bottom + 3, font, 0.5, 0, kMuted);
  }
  cairo_save(cr);
  cairo_rectangle(cr, left, top - 1, right - left, bottom - top + 2);
  cairo_clip(cr);
  for (const Line& l : c.lines) {
    if (l.x_days.empty()) continue;
    cairo_new_path(cr);
    for (std::size_t i = 0; i < l.x_days.size(); ++i) cairo_line_to(cr, px(l.x_days[i]), py(l.band.hi[i]));
    for (std::size_t i = l.x_days.size(); i-- > 0;) cairo_line_to(cr, px(l.x_days[i]), py(l.band.lo[i]));
    cairo_close_path(cr);
    set_colour(cr, l.colour, 0.18);
    cairo_fill(cr);
  }
  for (const Line& l : c.lines) {
    cairo_new_path(cr);
    for (std::size_t i = 0; i < l.x_days.size(); ++i) cairo_line_to(cr, px(l.x_days[i]), py(l.band.mean[i]));
    set_colour(cr, l.colour);
    cairo_set_line_width(cr, 1.6);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  set_colour(cr, kMuted);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, left, top);
  cairo_line_to(cr, left, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);
}

// Blue -> grey -> orange, the viewer's difference scale (viz/panels/colour_scale.cpp, after ColorBrewer
// PuOr/RdBu, avoiding red-green).
constexpr Colour kDiverging[] = {{0.129, 0.400, 0.675}, {0.404, 0.663, 0.812}, {0.694, 0.800, 0.870}, {0.800, 0.800, 0.800},
                                 {0.992, 0.784, 0.580}, {0.957, 0.549, 0.251}, {0.800, 0.341, 0.090}};

/// t in [-1, 1]: below zero blue, above orange.
Colour diverging(double t) {
  constexpr std::size_t n = std::size(kDiverging);
  const double s = std::clamp(std::isfinite(t) ? (t + 1) / 2 : 0.5, 0.0, 1.0) * (n - 1);
  const auto i = std::min(static_cast<std::size_t>(s), n - 2);
  const double f = s - static_cast<double>(i);
  const Colour &a = kDiverging[i], &b = kDiverging[i + 1];
  return {a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f};
}

Colour text_on(const Colour& c) {
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b > 0.5 ? kInk : Colour{0.98, 0.98, 0.98};
}

void draw_map_panel(cairo_t* cr, const MapChart& c, const MapPanel& p, double x0, double y0, double w, double h,
                    double scale_max) {
  draw_text(cr, p.title, x0 + w / 2, y0, 9, 0.5, 0, kInk, true);
  const double top = y0 + 16;
  h -= 16;
  const std::size_t n = c.names.size();
  auto fill_of = [&](std::size_t k) { return diverging(p.values[k] / scale_max); };
  if (!c.shapes.shapes.empty()) {
    const auto& s = c.shapes;
    const double span_x = std::max(1e-9, static_cast<double>(s.hi[0] - s.lo[0]));
    const double span_y = std::max(1e-9, static_cast<double>(s.hi[1] - s.lo[1]));
    const double scale = std::min(w / span_x, h / span_y) * 0.96;
    const double mx = x0 + w / 2, my = top + h / 2, lx = (s.lo[0] + s.hi[0]) / 2.0, ly = (s.lo[1] + s.hi[1]) / 2.0;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int k : s.draw_order) {
      const viz::MapShape& shape = s.shapes[static_cast<std::size_t>(k)];
      cairo_new_path(cr);
      for (const auto& ring : shape.rings) {
        for (const auto& pt : ring) cairo_line_to(cr, mx + (pt[0] - lx) * scale, my - (pt[1] - ly) * scale);
        cairo_close_path(cr);
      }
      set_colour(cr, fill_of(static_cast<std::size_t>(k)));
      cairo_fill_preserve(cr);
      set_colour(cr, {1, 1, 1});
      cairo_set_line_width(cr, 0.5);
      cairo_stroke(cr);
    }
    return;
  }
  // Hexagonal tiles: pointy-top, width sqrt(3) R equal to the spacing, so a triangular layout tiles.
  double spacing = std::numeric_limits<double>::infinity();
  double lo_x = spacing, lo_y = spacing, hi_x = -spacing, hi_y = -spacing;
  for (std::size_t a = 0; a < n; ++a) {
    lo_x = std::min(lo_x, c.tile[a][0]), hi_x = std::max(hi_x, c.tile[a][0]);
    lo_y = std::min(lo_y, c.tile[a][1]), hi_y = std::max(hi_y, c.tile[a][1]);
    for (std::size_t b = a + 1; b < n; ++b) {
      const double d = std::hypot(c.tile[a][0] - c.tile[b][0], c.tile[a][1] - c.tile[b][1]);
      if (d > 1e-9) spacing = std::min(spacing, d);
    }
  }
  if (!std::isfinite(spacing)) spacing = 1;
  const double span_x = hi_x - lo_x + spacing, span_y = hi_y - lo_y + 2 * spacing / kSqrt3;
  const double scale = std::min(w / span_x, h / span_y);
  const double radius = spacing * scale / kSqrt3 * 0.95;
  const double mx = x0 + w / 2, my = top + h / 2, lx = (lo_x + hi_x) / 2, ly = (lo_y + hi_y) / 2;
  for (std::size_t k = 0; k < n; ++k) {
    const double cx = mx + (c.tile[k][0] - lx) * scale, cy = my - (c.tile[k][1] - ly) * scale;
    cairo_new_path(cr);  // drawing text leaves a current point, which a line_to would join
    for (int v = 0; v < 6; ++v) {
      const double angle = M_PI / 6 + v * M_PI / 3;
      cairo_line_to(cr, cx + radius * std::cos(angle), cy + radius * std::sin(angle));
    }
    cairo_close_path(cr);
    const Colour fill = fill_of(k);
    set_colour(cr, fill);
    cairo_fill(cr);
    // The value in the tile when it fits; the name too on large tiles. The figure's text lists all.
    const double font = std::clamp(radius * 0.28, 5.0, 8.0);
    const std::string value = axis_label(p.values[k], c.unit);
    if (text_width(cr, value, font) < radius * 1.5) {
      const bool named = radius > 28 && text_width(cr, c.names[k], font * 0.85) < radius * 1.6;
      if (named) draw_text(cr, c.names[k], cx, cy - 1, font * 0.85, 0.5, 1, text_on(fill));
      draw_text(cr, value, cx, named ? cy + 1 : cy, font, 0.5, named ? 0 : 0.5, text_on(fill), true);
    }
  }
}

void draw_map_chart(cairo_t* cr, const MapChart& c, double width, double height) {
  double scale_max = 0;
  for (const MapPanel& p : c.panels)
    for (double v : p.values) scale_max = std::max(scale_max, std::fabs(v));
  if (!(scale_max > 0)) scale_max = 1;
  // Up to three maps a row.
  const double legend = 34, gap = 12;
  const std::size_t count = std::max<std::size_t>(1, c.panels.size());
  const std::size_t columns = std::min<std::size_t>(count, 3), rows = (count + columns - 1) / columns;
  const double w = (width - gap * static_cast<double>(columns - 1)) / static_cast<double>(columns);
  const double h = (height - legend - gap * static_cast<double>(rows - 1)) / static_cast<double>(rows);
  for (std::size_t k = 0; k < c.panels.size(); ++k) {
    draw_map_panel(cr, c, c.panels[k], static_cast<double>(k % columns) * (w + gap),
                   static_cast<double>(k / columns) * (h + gap), w, h, scale_max);
  }
  // Legend: the scale from -max (blue) through 0 to +max (orange).
  const double bar_w = std::min(220.0, width * 0.6), x0 = (width - bar_w) / 2, y0 = height - legend + 6;
  cairo_pattern_t* gradient = cairo_pattern_create_linear(x0, 0, x0 + bar_w, 0);
  for (std::size_t i = 0; i < std::size(kDiverging); ++i) {
    const Colour& s = kDiverging[i];
    cairo_pattern_add_color_stop_rgb(gradient, static_cast<double>(i) / (std::size(kDiverging) - 1), s.r, s.g, s.b);
  }
  cairo_rectangle(cr, x0, y0, bar_w, 8);
  cairo_set_source(cr, gradient);
  cairo_fill(cr);
  cairo_pattern_destroy(gradient);
  draw_text(cr, axis_label(-scale_max, c.unit), x0, y0 + 10, 7, 0, 0, kMuted);
  draw_text(cr, "0", x0 + bar_w / 2, y0 + 10, 7, 0.5, 0, kMuted);
  draw_text(cr, axis_label(scale_max, c.unit), x0 + bar_w, y0 + 10, 7, 1, 0, kMuted);
  draw_text(cr, c.legend_low, x0 - 6, y0 + 4, 7, 1, 0.5, kMuted);
  draw_text(cr, c.legend_high, x0 + bar_w + 6, y0 + 4, 7, 0, 0.5, kMuted);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}


}  // namespace

Colour file_colour(int index) {
  static constexpr Colour kColours[] = {{0.35, 0.35, 0.38},  {0.0, 0.447, 0.698}, {0.835, 0.369, 0.0},
                                        {0.0, 0.620, 0.451}, {0.800, 0.475, 0.655}, {0.337, 0.706, 0.914},
                                        {0.902, 0.624, 0.0}};
  if (index <= 0) return kColours[0];
  return kColours[1 + static_cast<std::size_t>(index - 1) % (std::size(kColours) - 1)];
}

std::string axis_label(double value, Unit unit) {
  return unit == Unit::pounds ? viz::format_pounds(value) : viz::format_count(value);
}

void draw_chart(cairo_t* cr, const Chart& chart, double width, double height) {
  cairo_save(cr);
  if (const auto* line = std::get_if<LineChart>(&chart)) draw_line_chart(cr, *line, width, height);
  if (const auto* map = std::get_if<MapChart>(&chart)) draw_map_chart(cr, *map, width, height);
  cairo_restore(cr);
}

std::string chart_svg(const Chart& chart, double width, double height, const std::string& id_prefix,
                      const std::string& title) {
  std::string svg;
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(append, &svg, width, height);
  cairo_t* cr = cairo_create(surface);
  draw_chart(cr, chart, width, height);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("drawing a chart: ") + cairo_status_to_string(status));

  // Several charts share one HTML page, so ids (glyphs, clips, patterns) must be unique to each.
  replace_all(svg, "id=\"", "id=\"" + id_prefix);
  replace_all(svg, "href=\"#", "href=\"#" + id_prefix);
  replace_all(svg, "url(#", "url(#" + id_prefix);
  // Our own root element: HTML needs no XML declaration or namespace URLs (the parser knows svg and
  // xlink), and the chart scales with the page.
  const std::size_t root = svg.find("<svg");
  const std::size_t root_end = svg.find('>', root);
  if (root == std::string::npos || root_end == std::string::npos) throw std::runtime_error("cairo wrote no SVG element");
  char box[96];
  std::snprintf(box, sizeof box, "0 0 %g %g", width, height);
  svg.replace(0, root_end + 1,
              "<svg viewBox=\"" + std::string(box) + "\" width=\"100%\" role=\"img\" aria-labelledby=\"" + id_prefix +
                  "title\"><title id=\"" + id_prefix + "title\">" + escape_markup(title) + "</title>");
  while (!svg.empty() && (svg.back() == '\n' || svg.back() == ' ')) svg.pop_back();
  return svg;
}

}  // namespace cdsim::report
