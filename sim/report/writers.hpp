// Data flow: Document -> [html_writer, pdf_writer] -> the bytes of board.html or board.pdf.
// HTML is one self-contained file (styles and SVG charts inline, nothing fetched); the PDF is A4 with
// page numbers, laid out with pango and drawn with cairo, the charts drawn by the same code as the SVGs.
#pragma once

#include <string>

#include "sim/report/document.hpp"

namespace cdsim::report {

[[nodiscard]] std::string write_html(const Document& document);

/// `creation_date` "YYYY-MM-DDThh:mm:ss" for the PDF's metadata; empty: cairo's (now).
[[nodiscard]] std::string write_pdf(const Document& document, const std::string& creation_date = "");

}  // namespace cdsim::report
