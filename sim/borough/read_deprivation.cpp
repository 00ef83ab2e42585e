// English Indices of Deprivation (IoD2019 / IoD2025, file 1 or file 7) -> IMD decile by LSOA code.
#include <fmt/format.h>

#include "sim/borough/csv_table.hpp"
#include "sim/borough/problems.hpp"
#include "sim/borough/public_data.hpp"

namespace cdsim::borough {
namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

const std::vector<Recognise> kCodeHeaders = {
    [](const std::string& h) { return has(h, "lsoa") && (has(h, "code") || has(h, "cd")); },
    [](const std::string& h) { return h == "area code" || h == "code" || h == "geography code"; },
    [](const std::string& h) { return has(h, "code") && !has(h, "local authority") && !has(h, "lad"); },
};
// "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"; file 7 also has
// a decile per domain (income, employment, ...), which must not be taken for the IMD's.
const std::vector<Recognise> kDecileHeaders = {
    [](const std::string& h) { return has(h, "index of multiple deprivation") && has(h, "decile"); },
    [](const std::string& h) { return has(h, "imd") && has(h, "decile"); },
};

}  // namespace

DeprivationFile read_deprivation(const std::filesystem::path& path, const Columns& columns) {
  const CsvTable table = read_csv(path);
  DeprivationFile out;
  out.label = table.label;
  const std::size_t code =
      *pick_column(table, columns.deprivation_code, kCodeHeaders, "LSOA codes", "--deprivation-code-column");
  const std::size_t decile =
      *pick_column(table, columns.decile, kDecileHeaders, "IMD deciles", "--decile-column");
  out.code_column = table.header[code];
  out.decile_column = table.header[decile];
  Problems problems;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string& c = row[code];
    if (c.empty()) {
      problems.add(fmt::format("{}: column '{}' is empty", table.where(r), out.code_column));
      continue;
    }
    const auto d = parse_count(row[decile]);
    if (!d || *d < 1 || *d > 10) {
      problems.add(fmt::format("{} ({}): column '{}': expected a decile from 1 (most deprived) to 10, got '{}'",
                               table.where(r), c, out.decile_column, row[decile]));
      continue;
    }
    const auto [at, fresh] = out.by_code.emplace(c, Deprivation{static_cast<int>(*d), table.row_number[r]});
    if (!fresh) problems.add(fmt::format("{}: code {} is listed twice (first at row {})", table.where(r), c, at->second.row));
  }
  problems.throw_if_any();
  return out;
}

}  // namespace cdsim::borough
