// Text set into HTML or SVG: the five characters markup gives a meaning to, as entities. One function
// for both writers (the page and the charts' text alternatives), so they cannot disagree.
#pragma once

#include <string>

namespace cdsim::report {

inline std::string escape_markup(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace cdsim::report
