// Data flow: compare's numbers and the results files -> [board_paper] -> Document -> [html_writer,
// pdf_writer]. The paper as plain data: sections of paragraphs, lists, tables and figures, so the HTML
// and the PDF say the same things in the same order and tests can read it without parsing either.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <variant>
#include <vector>

#include "sim/report/charts.hpp"

namespace cdsim::report {

struct Paragraph {
  std::string text;  ///< plain text (UTF-8); writers escape it
};

struct Bullets {
  std::vector<std::string> items;
};

/// One table cell: the text a reader sees and, for numbers, the exact value behind it (written into
/// the HTML as data attributes so a script, or a test, can check it against `cdsim compare --format json`).
struct Cell {
  std::string text;
  /// Named exact values (written as data-NAME attributes): "measure" and "scenario" name the cell,
  /// "mean", "low", "high" hold the numbers.
  std::vector<std::pair<std::string, std::string>> data;
};

struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
  std::vector<double> column_weights;  ///< relative widths in the PDF; empty: equal
  std::string id;                      ///< HTML id, e.g. "key-numbers"
};

struct Figure {
  Chart chart;
  double aspect = 0.5;      ///< height / width
  std::string caption;      ///< what it shows
  std::string text;         ///< the chart in words: the text alternative
};

using Block = std::variant<Paragraph, Bullets, Table, Figure>;

struct Section {
  std::string heading;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::string subtitle;  ///< what was compared, the dates in words
  std::vector<Section> sections;
  std::string colophon;  ///< which cdsim made it, from which files
};

}  // namespace cdsim::report
