#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <stdexcept>

#include "sim/report/writers.hpp"

namespace cdsim::report {
namespace {

// A4 in points, with 20 mm side margins.
constexpr double kPageWidth = 595.276, kPageHeight = 841.89;
constexpr double kLeft = 57, kRight = kPageWidth - 57, kTop = 54, kBottom = kPageHeight - 62;
constexpr double kWidth = kRight - kLeft;
constexpr double kPad = 3;  // inside table cells
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.12, 0.12, 0.14}, kGrey{0.33, 0.33, 0.36}, kRule{0.84, 0.84, 0.86}, kShade{0.945, 0.945, 0.957};

using LayoutPtr = std::shared_ptr<PangoLayout>;

LayoutPtr layout(cairo_t* cr, const std::string& text, double size, double width, bool bold = false) {
  LayoutPtr l(pango_cairo_create_layout(cr), g_object_unref);
  PangoFontDescription* font = pango_font_description_from_string(kFont);
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(l.get(), font);
  pango_font_description_free(font);
  pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(l.get(), text.c_str(), -1);
  return l;
}

double height_of(const LayoutPtr& l) {
  int w = 0, h = 0;
  pango_layout_get_size(l.get(), &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void show(cairo_t* cr, const LayoutPtr& l, double x, double y, const Rgb& c = kInk) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l.get());
}

/// Something placed on a page as a unit: a heading, a paragraph, a table row, a chart.
struct Piece {
  double height = 0;
  double space_before = 0;
  bool keep_with_next = false;
  std::function<void(cairo_t*, double y)> draw;
  std::shared_ptr<Piece> repeat;  ///< a table's header, drawn again above rows that start a page
  std::string outline;            ///< a heading: an entry in the PDF's outline
};

struct Placed {
  const Piece* piece;
  double y;
};

class PdfLayout {
 public:
  explicit PdfLayout(cairo_t* cr) : cr_(cr) {}

  void text(const std::string& s, double size, double space_before, const Rgb& colour = kInk, bool bold = false,
            double indent = 0, bool keep = false) {
    auto l = layout(cr_, s, size, kWidth - indent, bold);
    Piece p;
    p.height = height_of(l);
    p.space_before = space_before;
    p.keep_with_next = keep;
    p.draw = [l, colour, indent](cairo_t* cr, double y) { show(cr, l, kLeft + indent, y, colour); };
    add(std::move(p));
  }

  void heading(const std::string& s) {
    auto l = layout(cr_, s, 13, kWidth, true);
    Piece p;
    p.height = height_of(l) + 5;
    p.space_before = 16;
    p.keep_with_next = true;
    p.outline = s;
    p.draw = [l](cairo_t* cr, double y) {
      show(cr, l, kLeft, y);
      const double under = y + height_of(l) + 2;
      cairo_set_source_rgb(cr, kRule.r, kRule.g, kRule.b);
      cairo_set_line_width(cr, 0.6);
      cairo_move_to(cr, kLeft, under);
      cairo_line_to(cr, kRight, under);
      cairo_stroke(cr);
    };
    add(std::move(p));
  }

  void bullets(const Bullets& b) {
    for (const auto& item : b.items) {
      auto dot = layout(cr_, "\xE2\x80\xA2", 9.5, 10);
      auto l = layout(cr_, item, 9.5, kWidth - 14);
      Piece p;
      p.height = height_of(l);
      p.space_before = 4;
      p.draw = [dot, l](cairo_t* cr, double y) {
        show(cr, dot, kLeft + 2, y);
        show(cr, l, kLeft + 14, y);
      };
      add(std::move(p));
    }
  }

  void table(const Table& t) {
    std::vector<double> weights = t.column_weights;
    weights.resize(t.header.size(), 1.0);
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> x{kLeft};
    for (double w : weights) x.push_back(x.back() + kWidth * w / total);
    constexpr double size = 7.5;
    auto row_piece = [&](const std::vector<std::string>& cells, bool header, double space_before) {
      std::vector<LayoutPtr> layouts;
      double h = 0;
      for (std::size_t c = 0; c < cells.size() && c + 1 < x.size(); ++c) {
        layouts.push_back(layout(cr_, cells[c], size, x[c + 1] - x[c] - 2 * kPad, header || c == 0));
        h = std::max(h, height_of(layouts.back()));
      }
      auto p = std::make_shared<Piece>();
      p->height = h + 2 * kPad;
      p->space_before = space_before;
      p->draw = [layouts, x, header, height = p->height](cairo_t* cr, double y) {
        if (header) {
          cairo_set_source_rgb(cr, kShade.r, kShade.g, kShade.b);
          cairo_rectangle(cr, kLeft, y, kWidth, height);
          cairo_fill(cr);
        }
        for (std::size_t c = 0; c < layouts.size(); ++c) show(cr, layouts[c], x[c] + kPad, y + kPad);
        cairo_set_source_rgb(cr, kRule.r, kRule.g, kRule.b);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, kLeft, y + height);
        cairo_line_to(cr, kRight, y + height);
        cairo_stroke(cr);
      };
      return p;
    };
    auto header = row_piece(t.header, true, 6);
    header->keep_with_next = true;
    Piece first = *header;
    add(std::move(first));
    header->space_before = 0;
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (const auto& c : row) cells.push_back(c.text);
      auto p = row_piece(cells, false, 0);
      p->repeat = header;
      add(std::move(*p));
    }
    if (!t.caption.empty()) text(t.caption, 7.5, 3, kGrey);
  }

  void figure(const Figure& f, int number) {
    const double h = kWidth * f.aspect;
    Piece p;
    p.height = h;
    p.space_before = 10;
    p.keep_with_next = true;
    p.draw = [chart = f.chart, h](cairo_t* cr, double y) {
      cairo_save(cr);
      cairo_translate(cr, kLeft, y);
      draw_chart(cr, chart, kWidth, h);
      cairo_restore(cr);
    };
    add(std::move(p));
    text(fmt::format("Figure {}. {}", number, f.caption), 8, 4, kInk, false, 0, true);
    text("In words: " + f.text, 7.5, 2, kGrey);
  }

  void add(Piece p) { pieces_.push_back(std::make_shared<Piece>(std::move(p))); }

  /// Places every piece on pages: a piece that does not fit starts a new page, and a piece marked
  /// keep_with_next moves with the one after it (a heading with its first paragraph, a chart with its caption).
  std::vector<std::vector<Placed>> paginate() const {
    std::vector<std::vector<Placed>> pages(1);
    double y = kTop;
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
      const Piece& p = *pieces_[k];
      double needed = p.space_before + p.height;
      for (std::size_t j = k; j + 1 < pieces_.size() && pieces_[j]->keep_with_next && needed < kBottom - kTop; ++j)
        needed += pieces_[j + 1]->space_before + pieces_[j + 1]->height;
      if (y + needed > kBottom && y > kTop) {
        pages.emplace_back();
        y = kTop;
        if (p.repeat) {
          pages.back().push_back({p.repeat.get(), y});
          y += p.repeat->height;
        }
      } else if (y > kTop) {
        y += p.space_before;
      }
      pages.back().push_back({&p, y});
      y += p.height;
    }
    return pages;
  }

 private:
  cairo_t* cr_;
  std::vector<std::shared_ptr<Piece>> pieces_;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string write_pdf(const Document& d, const std::string& creation_date) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, d.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cdsim report");
  if (!creation_date.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, creation_date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, creation_date.c_str());
  }
  cairo_t* cr = cairo_create(surface);
  {
    PdfLayout book(cr);
    book.text(d.title, 20, 0, kInk, true);
    book.text(d.subtitle, 9.5, 4, kGrey);
    int figure = 0;
    for (const Section& s : d.sections) {
      book.heading(s.heading);
      for (const Block& b : s.blocks) {
        if (const auto* p = std::get_if<Paragraph>(&b)) book.text(p->text, 9.5, 4);
        if (const auto* l = std::get_if<Bullets>(&b)) book.bullets(*l);
        if (const auto* t = std::get_if<Table>(&b)) book.table(*t);
        if (const auto* f = std::get_if<Figure>(&b)) book.figure(*f, ++figure);
      }
    }
    book.text(d.colophon, 7, 18, kGrey);

    const auto pages = book.paginate();
    auto footer_left = layout(cr, d.title, 7.5, kWidth * 0.7);
    pango_layout_set_ellipsize(footer_left.get(), PANGO_ELLIPSIZE_END);
    for (std::size_t n = 0; n < pages.size(); ++n) {
      for (const Placed& placed : pages[n]) {
        placed.piece->draw(cr, placed.y);
        if (!placed.piece->outline.empty()) {
          const std::string link = fmt::format("page={} pos=[{} {}]", n + 1, kLeft, placed.y);
          cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, placed.piece->outline.c_str(), link.c_str(),
                                        CAIRO_PDF_OUTLINE_FLAG_OPEN);
        }
      }
      const double footer_y = kPageHeight - 40;
      cairo_set_source_rgb(cr, kRule.r, kRule.g, kRule.b);
      cairo_set_line_width(cr, 0.5);
      cairo_move_to(cr, kLeft, footer_y - 4);
      cairo_line_to(cr, kRight, footer_y - 4);
      cairo_stroke(cr);
      show(cr, footer_left, kLeft, footer_y, kGrey);
      auto number = layout(cr, fmt::format("Page {} of {}", n + 1, pages.size()), 7.5, 100);
      pango_layout_set_alignment(number.get(), PANGO_ALIGN_RIGHT);
      show(cr, number, kRight - 100, footer_y, kGrey);
      cairo_show_page(cr);
    }
  }
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS || surface_status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("writing the PDF: ") +
                             cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : surface_status));
  }
  return pdf;
}

}  // namespace cdsim::report
