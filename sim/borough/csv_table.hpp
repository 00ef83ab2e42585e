// Data flow: a CSV file -> [csv_table] -> header and rows of text, with their row numbers.
// Read with libcsv (RFC 4180: quoted fields, commas and line breaks inside quotes, "" for a quote), so
// the published files' quoted names ("Wigan 001A") and thousands separators ("1,234") read right.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cdsim::borough {

struct CsvTable {
  std::string label;                           ///< the file as the user named it
  std::vector<std::string> header;             ///< trimmed column names
  std::vector<std::vector<std::string>> rows;  ///< every row has header.size() fields
  std::vector<int> row_number;                 ///< per row, the file's line it starts on (1 = first): the
                                               ///< spreadsheet's row number unless a cell spans lines

  /// Index of the column named exactly `name` (case-insensitive, trimmed), if any.
  [[nodiscard]] std::optional<std::size_t> column(const std::string& name) const;
  /// "FILE: row N" for messages.
  [[nodiscard]] std::string where(std::size_t row) const;
};

/// Reads `path`. Throws BoroughError naming the file when it is missing, not text, not CSV (an
/// unterminated quote), empty, or has a row with a different number of fields than the header.
/// A UTF-8 byte-order mark (Excel writes one) is skipped, and so are title and note rows above the
/// header (rows with a single non-empty cell), as ONS and MHCLG spreadsheets saved as CSV have them.
CsvTable read_csv(const std::filesystem::path& path);

/// Parses a count as the published files write it: "1234" or "1,234"; nullopt when it is not a
/// whole number >= 0.
std::optional<long long> parse_count(const std::string& text);

/// Lower case, for matching column names.
std::string lower(std::string text);

/// Recognises a published header from its lower-cased name.
using Recognise = std::function<bool(const std::string& lowered)>;

/// The column the user `named` (it must exist), else the first header any of `recognise` accepts, in
/// order of preference. nullopt when nothing is recognised and `required` is false; otherwise throws
/// BoroughError saying `what` was looked for, listing the headers and naming `option`.
std::optional<std::size_t> pick_column(const CsvTable& table, const std::string& named,
                                       const std::vector<Recognise>& recognise, const std::string& what,
                                       const std::string& option, bool required = true);

}  // namespace cdsim::borough
