#include "sim/borough/csv_table.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <memory>
#include <string_view>

#include "sim/borough/problems.hpp"

namespace cdsim::borough {
namespace {

// The biggest public file a user would give: England's LSOA estimates are ~30 MB.
constexpr std::size_t kMaxBytes = 512u << 20;

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

/// Line breaks in `text`: "\r\n", "\n" and a lone "\r" each count once.
int line_breaks(std::string_view text) {
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    n += text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
  return n;
}

/// What libcsv's callbacks fill: the records and the line each starts on. With CSV_REPALL_NL, libcsv
/// reports every line break outside quotes (a record's end, or a blank line) to `record`, so lines
/// can be counted as a spreadsheet numbers its rows, blank ones included.
struct Collector {
  std::vector<std::vector<std::string>> records;
  std::vector<int> first_line;
  std::vector<std::string> current;
  int line = 1, current_line = 1;
  bool after_cr = false;  ///< the last break seen was "\r": a "\n" right after it ends the same line
  static void field(void* data, std::size_t size, void* self) {
    auto* c = static_cast<Collector*>(self);
    const std::string_view text(data ? static_cast<const char*>(data) : "", data ? size : 0);
    if (c->current.empty()) c->current_line = c->line;
    c->line += line_breaks(text);  // inside a quoted field
    c->after_cr = false;
    c->current.emplace_back(text);
  }
  static void record(int end, void* self) {
    auto* c = static_cast<Collector*>(self);
    if (end == '\r' || (end == '\n' && !c->after_cr)) ++c->line;
    c->after_cr = end == '\r';
    if (c->current.empty()) return;  // a blank line, not a record
    c->records.push_back(std::move(c->current));
    c->first_line.push_back(c->current_line);
    c->current.clear();
  }
};

[[noreturn]] void fail(const std::string& label, const std::string& why) { throw BoroughError({label + ": " + why}); }

}  // namespace

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<std::size_t> CsvTable::column(const std::string& name) const {
  const std::string want = lower(trim(name));
  for (std::size_t i = 0; i < header.size(); ++i)
    if (lower(header[i]) == want) return i;
  return std::nullopt;
}

std::optional<std::size_t> pick_column(const CsvTable& table, const std::string& named,
                                       const std::vector<Recognise>& recognise, const std::string& what,
                                       const std::string& option, bool required) {
  const auto headers = [&] {
    std::string out;
    for (const auto& h : table.header) out += (out.empty() ? "'" : ", '") + h + "'";
    return out;
  };
  if (!named.empty()) {
    if (const auto at = table.column(named)) return at;
    fail(table.label, fmt::format("has no column '{}' ({} {}); its columns are {}", named, option, named, headers()));
  }
  for (const auto& accepts : recognise) {
    for (std::size_t i = 0; i < table.header.size(); ++i)
      if (accepts(lower(table.header[i]))) return i;
  }
  if (!required) return std::nullopt;
  fail(table.label, fmt::format("has no column of {} that cdsim recognises; its columns are {}. Name the column "
                                "with {} \"COLUMN NAME\"",
                                what, headers(), option));
}

std::string CsvTable::where(std::size_t row) const { return fmt::format("{}: row {}", label, row_number.at(row)); }

std::optional<long long> parse_count(const std::string& raw) {
  const std::string text = trim(raw);
  std::string digits;
  // Thousands separators only in their places: "1,234" and "12,345,678", never "1,23".
  const auto comma = text.find(',');
  if (comma != std::string::npos) {
    if (comma == 0 || comma > 3) return std::nullopt;
    for (std::size_t i = comma; i < text.size(); i += 4) {
      if (text[i] != ',' || i + 4 > text.size()) return std::nullopt;
    }
    for (char c : text)
      if (c != ',') digits += c;
  } else {
    digits = text;
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long long value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

CsvTable read_csv(const std::filesystem::path& path) {
  CsvTable table;
  table.label = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(table.label, "no such file");
  if (std::filesystem::is_directory(path, ec)) fail(table.label, "is a folder, not a CSV file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(table.label, fmt::format("cannot be read: {}", std::strerror(errno)));
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes) fail(table.label, fmt::format("is larger than {} MiB", kMaxBytes >> 20));
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (text.find('\0') != std::string::npos) {
    fail(table.label, "is not a text file (it holds NUL bytes: a spreadsheet saved as .xlsx, or UTF-16 text?); "
                      "save it as CSV UTF-8");
  }

  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) fail(table.label, "out of memory");
  const std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, csv_free);
  Collector c;
  const std::size_t used = csv_parse(&parser, text.data(), text.size(), Collector::field, Collector::record, &c);
  if (used != text.size() || csv_fini(&parser, Collector::field, Collector::record, &c) != 0) {
    // Strict mode stops at a quote inside an unquoted field or a quote never closed.
    std::size_t at = std::min(used, text.size());
    if (used == text.size()) {
      // Failed at the end: a quote never closed. Point at the line where it opened.
      bool quoted = false;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '"') continue;
        if (!quoted) at = i;
        quoted = !quoted;
      }
    }
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    fail(table.label, fmt::format("line {}: not valid CSV ({}): a quote inside an unquoted field, or a quoted "
                                  "field that is never closed",
                                  line, csv_strerror(csv_error(&parser))));
  }
  // Blank lines are not records; a row of empty fields (",,,") at the end is what spreadsheets leave.
  std::vector<std::pair<std::vector<std::string>, int>> records;
  for (std::size_t k = 0; k < c.records.size(); ++k) {
    auto& r = c.records[k];
    const bool blank = std::all_of(r.begin(), r.end(), [](const std::string& f) { return trim(f).empty(); });
    if (!blank) records.emplace_back(std::move(r), c.first_line[k]);
  }
  if (records.empty()) fail(table.label, "is empty; expected a header row and one row per area");
  // Title and note lines above the header, as a published spreadsheet saved as CSV has them: a row with
  // a single non-empty cell cannot be the header of any file cdsim reads (each needs a code column and
  // at least one more), so such rows before the first wider one are skipped.
  const auto filled = [](const std::vector<std::string>& r) {
    return std::count_if(r.begin(), r.end(), [](const std::string& f) { return !trim(f).empty(); });
  };
  std::size_t header_at = 0;
  while (header_at + 1 < records.size() && filled(records[header_at].first) == 1) ++header_at;
  for (auto& h : records[header_at].first) table.header.push_back(trim(h));
  Problems problems;
  for (std::size_t i = header_at + 1; i < records.size(); ++i) {
    auto& [fields, row] = records[i];
    if (fields.size() != table.header.size()) {
      problems.add(fmt::format("{}: row {}: has {} fields, the header has {}", table.label, row, fields.size(),
                               table.header.size()));
      continue;
    }
    for (auto& f : fields) f = trim(f);
    table.rows.push_back(std::move(fields));
    table.row_number.push_back(row);
  }
  problems.throw_if_any();
  if (table.rows.empty()) fail(table.label, "has a header but no rows of data");
  return table;
}

}  // namespace cdsim::borough
