#include "sim/report/evidence.hpp"

#include <algorithm>
#include <cctype>

namespace cdsim::report {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> cells_of(std::string_view line) {
  std::vector<std::string> out;
  line = line.substr(1);  // the leading '|'
  for (std::size_t bar = line.find('|'); bar != std::string_view::npos; bar = line.find('|')) {
    out.push_back(trim(line.substr(0, bar)));
    line = line.substr(bar + 1);
  }
  return out;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    out.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

/// Grades are bracketed capitals: "[ASSUMPTION]", "[ASSUMPTION: not an evidence row]", "[MAN]/[EVAL]",
/// "[OS/regulator]" (OS).
std::vector<std::string> grades_in(std::string_view source) {
  std::vector<std::string> out;
  for (std::size_t open = source.find('['); open != std::string_view::npos; open = source.find('[', open + 1)) {
    std::size_t end = open + 1;
    while (end < source.size() && (std::isupper(static_cast<unsigned char>(source[end])) || source[end] == '-' ||
                                   (source[end] == '/' && end + 1 < source.size() && std::isupper(static_cast<unsigned char>(source[end + 1])))))
      ++end;
    if (end - open < 3) continue;
    std::string grade(source.substr(open + 1, end - open - 1));
    if (std::find(out.begin(), out.end(), grade) == out.end()) out.push_back(grade);
  }
  return out;
}

}  // namespace

std::string plain_text(std::string_view md) {
  std::string out;
  for (std::size_t k = 0; k < md.size(); ++k) {
    const char ch = md[k];
    if (ch == '`') continue;
    if (ch == '*' && k + 1 < md.size() && md[k + 1] == '*') {
      ++k;
      continue;
    }
    // [text](target) -> text
    if (ch == ']' && k + 1 < md.size() && md[k + 1] == '(') {
      const std::size_t close = md.find(')', k);
      const std::size_t open = out.rfind('[');
      if (close != std::string_view::npos && open != std::string::npos) {
        out.erase(open, 1);
        k = close;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

std::vector<ParameterDoc> parameter_docs(std::string_view md) {
  std::vector<ParameterDoc> out;
  std::string policy_type;  // set under "### `type`" in the Policies section
  int source_column = -1, meaning_column = -1;
  for (const std::string& line : lines_of(md)) {
    if (line.rfind("## ", 0) == 0) policy_type.clear();
    if (line.rfind("### `", 0) == 0) {
      const std::size_t end = line.find('`', 5);
      policy_type = line.substr(5, end == std::string::npos ? std::string::npos : end - 5);
    }
    if (line.empty() || line[0] != '|') continue;
    const std::vector<std::string> cells = cells_of(line);
    if (cells.empty()) continue;
    if (cells[0] == "Name" || cells[0] == "Key") {  // a table's header names its columns
      source_column = meaning_column = -1;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c] == "Source") source_column = static_cast<int>(c);
        if (cells[c] == "Meaning") meaning_column = static_cast<int>(c);
      }
      continue;
    }
    if (cells[0].size() < 3 || cells[0].front() != '`') continue;
    // "`fertility.min_age`, `fertility.max_age`": one row for several keys.
    std::string keys = cells[0];
    for (std::size_t at = 0; (at = keys.find('`', at)) != std::string::npos;) {
      const std::size_t end = keys.find('`', at + 1);
      if (end == std::string::npos) break;
      ParameterDoc doc;
      doc.key = (policy_type.empty() ? "" : policy_type + ".") + keys.substr(at + 1, end - at - 1);
      if (meaning_column >= 0 && static_cast<std::size_t>(meaning_column) < cells.size())
        doc.meaning = plain_text(cells[static_cast<std::size_t>(meaning_column)]);
      if (source_column >= 0 && static_cast<std::size_t>(source_column) < cells.size()) {
        doc.source = plain_text(cells[static_cast<std::size_t>(source_column)]);
        doc.grades = grades_in(cells[static_cast<std::size_t>(source_column)]);
      }
      out.push_back(std::move(doc));
      at = end + 1;
    }
  }
  return out;
}

std::optional<ParameterDoc> find_parameter(const std::vector<ParameterDoc>& docs, std::string_view key) {
  for (const auto& d : docs)
    if (d.key == key) return d;
  return std::nullopt;
}

std::vector<std::string> caveats(std::string_view guide) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& line : lines_of(guide)) {
    if (line.rfind("#", 0) == 0) {
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      inside = lower.find("read it honestly") != std::string::npos;
      continue;
    }
    if (!inside) continue;
    if (line.rfind("- ", 0) == 0) out.push_back(plain_text(trim(line.substr(2))));
    else if (!out.empty() && !trim(line).empty()) {
      out.back() += ' ';  // (not " " + text: GCC 12's -Wrestrict misfires on that, bug 105329)
      out.back() += plain_text(trim(line));
    }
  }
  return out;
}

}  // namespace cdsim::report
