#include <fmt/format.h>

#include <cctype>

#include "sim/report/escape_markup.hpp"
#include "sim/report/writers.hpp"

namespace cdsim::report {
namespace {

/// Charts are drawn on a 480-point-wide canvas (the PDF's text width) and scale with the page.
constexpr double kChartWidth = 480;


std::string slug(const std::string& s) {
  std::string out;
  for (char ch : s) out += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch))) : '-';
  return out;
}

constexpr const char* kStyle = R"css(
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1f1f24; max-width: 52rem; margin: 2rem auto;
       padding: 0 1.2rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.subtitle { color: #55555c; margin-top: 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d6d6db; padding-bottom: 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; margin: 0.6rem 0 1rem; }
caption { caption-side: bottom; text-align: left; color: #55555c; font-size: 0.8rem; padding-top: 0.3rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.45rem; border-bottom: 1px solid #e4e4e8; }
th { background: #f1f1f4; }
#key-numbers td:not(:first-child) { font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 1.4rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #3c3c44; }
.in-words { font-size: 0.8rem; color: #55555c; }
.colophon { margin-top: 2.5rem; font-size: 0.75rem; color: #6b6b72; }
@page { size: A4; margin: 18mm; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
)css";

void write_table(std::string& out, const Table& t) {
  out += t.id.empty() ? "<table>\n" : fmt::format("<table id=\"{}\">\n", escape_markup(t.id));
  if (!t.caption.empty()) out += "<caption>" + escape_markup(t.caption) + "</caption>\n";
  out += "<thead><tr>";
  for (const auto& h : t.header) out += "<th scope=\"col\">" + escape_markup(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      std::string attributes;
      for (const auto& [name, value] : cell.data) attributes += fmt::format(" data-{}=\"{}\"", name, escape_markup(value));
      const char* tag = c == 0 ? "th scope=\"row\"" : "td";
      out += fmt::format("<{}{}>{}</{}>", tag, attributes, escape_markup(cell.text), c == 0 ? "th" : "td");
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string write_html(const Document& d) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"cdsim report\">\n";
  out += "<title>" + escape_markup(d.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";
  out += "<h1>" + escape_markup(d.title) + "</h1>\n<p class=\"subtitle\">" + escape_markup(d.subtitle) + "</p>\n";
  int figure = 0;
  for (const Section& s : d.sections) {
    out += fmt::format("<section id=\"section-{}\">\n<h2>{}</h2>\n", slug(s.heading), escape_markup(s.heading));
    for (const Block& b : s.blocks) {
      if (const auto* p = std::get_if<Paragraph>(&b)) out += "<p>" + escape_markup(p->text) + "</p>\n";
      if (const auto* l = std::get_if<Bullets>(&b)) {
        out += "<ul>\n";
        for (const auto& item : l->items) out += "<li>" + escape_markup(item) + "</li>\n";
        out += "</ul>\n";
      }
      if (const auto* t = std::get_if<Table>(&b)) write_table(out, *t);
      if (const auto* f = std::get_if<Figure>(&b)) {
        ++figure;
        const std::string prefix = fmt::format("fig{}-", figure);
        out += fmt::format("<figure id=\"figure-{}\">\n", figure);
        out += chart_svg(f->chart, kChartWidth, kChartWidth * f->aspect, prefix, f->text);
        out += fmt::format("\n<figcaption><strong>Figure {}.</strong> {}<br><span class=\"in-words\">In words: {}</span>"
                           "</figcaption>\n</figure>\n",
                           figure, escape_markup(f->caption), escape_markup(f->text));
      }
    }
    out += "</section>\n";
  }
  out += "<p class=\"colophon\">" + escape_markup(d.colophon) + "</p>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace cdsim::report
