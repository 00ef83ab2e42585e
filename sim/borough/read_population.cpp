// ONS mid-year population estimates by single year of age -> areas with residents per 5-year band.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sim/borough/csv_table.hpp"
#include "sim/borough/problems.hpp"
#include "sim/borough/public_data.hpp"

namespace cdsim::borough {
namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

/// A column's age, when its header is one: "0", "90+", "Age 5", "Aged 90+", "F0", "M90", "Females 3".
/// sex is 'F', 'M' or 0 (both sexes).
struct AgeColumn {
  std::size_t column;
  int age;
  char sex;
  bool open;  ///< "90+"
};
std::optional<AgeColumn> age_of(const std::string& header, std::size_t column) {
  std::string h = header;
  char sex = 0;
  for (const auto& [prefix, s] : std::initializer_list<std::pair<const char*, char>>{
           {"Females ", 'F'}, {"Males ", 'M'}, {"Female ", 'F'}, {"Male ", 'M'}, {"F", 'F'}, {"M", 'M'}}) {
    if (h.rfind(prefix, 0) == 0) {
      sex = s;
      h.erase(0, std::string(prefix).size());
      break;
    }
  }
  for (const char* prefix : {"Aged ", "Age ", "aged ", "age "}) {
    if (h.rfind(prefix, 0) == 0) {
      h.erase(0, std::string(prefix).size());
      break;
    }
  }
  const bool open = !h.empty() && h.back() == '+';
  if (open) h.pop_back();
  if (h.empty() || h.size() > 3 || !std::all_of(h.begin(), h.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return AgeColumn{column, std::stoi(h), sex, open};
}

const std::vector<Recognise> kCodeHeaders = {
    [](const std::string& h) { return has(h, "lsoa") && (has(h, "code") || has(h, "cd")); },
    [](const std::string& h) { return h == "area code" || h == "area codes" || h == "code" || h == "geography code"; },
    [](const std::string& h) { return (has(h, "ward") || has(h, "msoa")) && has(h, "code"); },
    [](const std::string& h) {
      return has(h, "code") && !has(h, "lad") && !has(h, "local authority") && !has(h, "district") &&
             !has(h, "region") && !has(h, "country");
    },
};
const std::vector<Recognise> kNameHeaders = {
    [](const std::string& h) { return has(h, "lsoa") && (has(h, "name") || has(h, "nm")); },
    [](const std::string& h) { return h == "area name" || h == "area names" || h == "name" || h == "geography"; },
    [](const std::string& h) { return (has(h, "ward") || has(h, "msoa")) && has(h, "name"); },
    [](const std::string& h) {
      return has(h, "name") && !has(h, "lad") && !has(h, "local authority") && !has(h, "district") &&
             !has(h, "region") && !has(h, "country");
    },
};
const std::vector<Recognise> kTotalHeaders = {
    [](const std::string& h) { return h == "total" || h == "all ages" || h == "all persons" || h == "all people"; },
};

/// The columns of single years of age: every age from 0 to the top (open-ended, ONS: 90 = 90+) once
/// for each sex the file has.
struct Ages {
  std::vector<AgeColumn> columns;
  int top = 0;
  bool female = false;  ///< the file has female columns (F0 ... F90), so it gives female residents
};

/// Only the rows of the borough, when the file covers more (England's estimates, filtered by district).
struct RowFilter {
  std::optional<std::size_t> column;
  std::string value;
};

/// The --group-by column of this file and its names' column, when it has one.
struct GroupColumns {
  std::optional<std::size_t> code, name;
};

/// Where each thing is in the table: found once from the header, then read from every row.
struct Layout {
  std::size_t code = 0, name = 0;
  std::optional<std::size_t> total;
  Ages ages;
  RowFilter filter;
  GroupColumns group;
};

Ages age_columns(const CsvTable& table, const Layout& layout) {
  Ages out;
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    if (i == layout.code || i == layout.name || (layout.total && i == *layout.total)) continue;
    if (const auto a = age_of(table.header[i], i)) out.columns.push_back(*a);
  }
  const auto& ages = out.columns;
  if (ages.empty()) {
    throw BoroughError({fmt::format("{}: has no columns of single years of age (like '0', '1', ..., '90+', or "
                                    "'F0' ... 'M90'); download the estimates by single year of age",
                                    table.label)});
  }
  std::set<char> sexes;
  int top = 0;
  for (const auto& a : ages) sexes.insert(a.sex), top = std::max(top, a.age);
  if (sexes.count(0) && sexes.size() > 1) {
    throw BoroughError({fmt::format("{}: mixes age columns by sex (F0, M0) with columns for both sexes (0); "
                                    "give one or the other",
                                    table.label)});
  }
  for (char sex : sexes) {
    for (int age = 0; age <= top; ++age) {
      const auto n = std::count_if(ages.begin(), ages.end(), [&](const AgeColumn& a) { return a.sex == sex && a.age == age; });
      const std::string label = sex ? fmt::format("{}{}", sex, age) : fmt::format("{}", age);
      if (n == 0) throw BoroughError({fmt::format("{}: has no column for age {} ('{}')", table.label, age, label)});
      if (n > 1) throw BoroughError({fmt::format("{}: has more than one column for age {} ('{}')", table.label, age, label)});
    }
  }
  if (top < 90) {
    throw BoroughError({fmt::format("{}: ages stop at {}; cdsim needs single years up to 90+ (its oldest band is 90+)",
                                    table.label, top)});
  }
  out.top = top;
  out.female = sexes.count('F') > 0;
  return out;
}

RowFilter row_filter(const CsvTable& table, const Columns& columns) {
  RowFilter out;
  if (columns.filter.empty()) return out;
  const auto eq = columns.filter.find('=');
  if (eq == std::string::npos) {
    throw BoroughError({fmt::format("--filter '{}': expected COLUMN=VALUE, like \"LAD 2021 Name=Wigan\"", columns.filter)});
  }
  out.column = table.column(columns.filter.substr(0, eq));
  out.value = columns.filter.substr(eq + 1);
  if (!out.column) {
    throw BoroughError({fmt::format("{}: has no column '{}' to filter on (--filter)", table.label, columns.filter.substr(0, eq))});
  }
  return out;
}

GroupColumns group_columns(const CsvTable& table, const Columns& columns) {
  GroupColumns out;
  if (columns.group_by.empty() || std::filesystem::is_regular_file(columns.group_by)) return out;
  out.code = table.column(columns.group_by);
  if (!out.code) {
    throw BoroughError({fmt::format("{}: --group-by '{}' is neither a column of this file nor a lookup file",
                                    table.label, columns.group_by)});
  }
  // "Ward 2023 Code" pairs with "Ward 2023 Name", "WD23CD" with "WD23NM".
  std::string paired = table.header[*out.code];
  for (const auto& [from, to] : {std::pair{"Code", "Name"}, {"code", "name"}, {"CD", "NM"}}) {
    if (const auto at = paired.rfind(from); at != std::string::npos) {
      out.name = table.column(paired.replace(at, std::string(from).size(), to));
      break;
    }
  }
  return out;
}

/// Row r's residents by band (and female residents) from its age columns, checked against its total
/// when the file has one. False after recording a problem.
bool count_residents(const CsvTable& table, std::size_t r, const Layout& layout, Area& a, Problems& problems) {
  const auto& row = table.rows[r];
  bool ok = true;
  long long female = 0;
  for (const auto& col : layout.ages.columns) {
    const auto n = parse_count(row[col.column]);
    if (!n) {
      problems.add(fmt::format("{} ({}): column '{}': expected a count of residents (a whole number >= 0), got '{}'",
                               table.where(r), a.code, table.header[col.column], row[col.column]));
      ok = false;
      continue;
    }
    const int band = std::min(col.age / spec::kAgeBandWidth, spec::kAgeBandCount - 1);
    a.by_band[static_cast<std::size_t>(band)] += *n;
    a.total += *n;
    if (col.sex == 'F') female += *n;
  }
  if (!ok) return false;
  if (layout.ages.female) a.female = female;
  if (const auto& total = layout.total) {
    const auto n = parse_count(row[*total]);
    if (!n) {
      problems.add(fmt::format("{} ({}): column '{}': expected a count of residents, got '{}'", table.where(r), a.code,
                               table.header[*total], row[*total]));
      return false;
    }
    if (*n != a.total) {
      problems.add(fmt::format("{} ({}): column '{}' says {} residents but the ages add up to {}", table.where(r),
                               a.code, table.header[*total], *n, a.total));
      return false;
    }
  }
  return true;
}

/// The borough's rows as areas, in file order; a row with a problem is recorded and left out.
std::vector<Area> read_areas(const CsvTable& table, const Layout& layout, Problems& problems) {
  std::vector<Area> areas;
  std::map<std::string, int> first_row;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (layout.filter.column && row[*layout.filter.column] != layout.filter.value) continue;
    Area a;
    a.code = row[layout.code];
    a.name = row[layout.name].empty() ? a.code : row[layout.name];
    a.row = table.row_number[r];
    if (a.code.empty()) {
      problems.add(fmt::format("{}: column '{}' is empty: every area needs its code", table.where(r),
                               table.header[layout.code]));
      continue;
    }
    if (const auto [at, fresh] = first_row.emplace(a.code, a.row); !fresh) {
      problems.add(fmt::format("{}: area code {} is listed twice (first at row {})", table.where(r), a.code, at->second));
      continue;
    }
    if (!count_residents(table, r, layout, a, problems)) continue;
    if (const auto& group = layout.group.code) {
      a.group_code = row[*group];
      a.group_name = layout.group.name ? row[*layout.group.name] : a.group_code;
      if (a.group_code.empty()) {
        problems.add(fmt::format("{} ({}): column '{}' (--group-by) is empty", table.where(r), a.code,
                                 table.header[*group]));
        continue;
      }
    }
    areas.push_back(std::move(a));
  }
  return areas;
}

}  // namespace

PopulationFile read_population(const std::filesystem::path& path, const Columns& columns) {
  const CsvTable table = read_csv(path);
  PopulationFile out;
  out.label = table.label;
  Layout layout;
  layout.code = *pick_column(table, columns.code, kCodeHeaders, "area codes", "--code-column");
  layout.name = *pick_column(table, columns.name, kNameHeaders, "area names", "--name-column");
  layout.total = pick_column(table, columns.total, kTotalHeaders, "totals", "--total-column", false);
  out.code_column = table.header[layout.code];
  out.name_column = table.header[layout.name];
  layout.ages = age_columns(table, layout);
  out.top_age = layout.ages.top;
  layout.filter = row_filter(table, columns);
  layout.group = group_columns(table, columns);

  Problems problems;
  out.areas = read_areas(table, layout, problems);
  problems.throw_if_any();
  if (out.areas.empty()) {
    const RowFilter& filter = layout.filter;
    throw BoroughError({filter.column ? fmt::format("{}: no row has '{}' in column '{}' (--filter)", table.label,
                                                    filter.value, table.header[*filter.column])
                                      : fmt::format("{}: has no areas", table.label)});
  }
  return out;
}

}  // namespace cdsim::borough
