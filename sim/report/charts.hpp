// Data flow: series and map values (viz/replay) -> [charts] -> vector drawings with cairo and pango:
// the same code draws each chart into the PDF page and into an SVG for the HTML.
#pragma once

#include <array>
#include <string>
#include <variant>
#include <vector>

#include "sim/record/dates.hpp"
#include "viz/replay/map_shapes.hpp"
#include "viz/replay/series.hpp"

using cairo_t = struct _cairo;

namespace cdsim::report {

struct Colour {
  double r = 0, g = 0, b = 0;  ///< 0..1
};

/// Okabe-Ito colours (distinct under every common colour-vision deficiency), as the viewer's light
/// theme uses them: the baseline in grey, policies in turn.
Colour file_colour(int index);

enum class Unit { count, pounds };

struct Line {
  std::string label;
  Colour colour;
  std::vector<double> x_days;  ///< days since `start`
  viz::Band band;              ///< mean line, 5th-95th percentile band
};

/// Lines over a date axis, each with its band; the x axis is labelled with years.
struct LineChart {
  std::string y_label;
  Unit unit = Unit::count;
  record::Date start;
  std::vector<Line> lines;
  bool zero_line = false;
};

/// One map of the borough coloured by a value per neighbourhood (diverging, blue for values below
/// zero, as the viewer's difference map): outlines where the file has them, else hexagonal tiles at
/// the layout positions.
struct MapPanel {
  std::string title;
  std::vector<double> values;  ///< per neighbourhood
};

struct MapChart {
  std::vector<std::string> names;          ///< per neighbourhood
  std::vector<std::array<double, 2>> tile; ///< layout x, y per neighbourhood (tiles)
  viz::MapShapes shapes;                   ///< empty: draw tiles
  std::vector<MapPanel> panels;            ///< side by side, one colour scale
  std::string legend_low, legend_high;     ///< what blue and orange mean
  Unit unit = Unit::count;
};

using Chart = std::variant<LineChart, MapChart>;

/// Draws `chart` into the rectangle (0, 0)-(width, height), in points, on `cr`.
void draw_chart(cairo_t* cr, const Chart& chart, double width, double height);

/// The chart as an SVG element for inline use in HTML: no XML declaration or namespace URLs, every id
/// prefixed with `id_prefix` (so several charts in one page keep their own glyphs and clips), a
/// viewBox and width 100%, and `title` as its accessible name.
std::string chart_svg(const Chart& chart, double width, double height, const std::string& id_prefix,
                      const std::string& title);

/// Short labels for axes and tiles, as the viewer prints them ("1.2k", "£3.4m").
std::string axis_label(double value, Unit unit);

}  // namespace cdsim::report
