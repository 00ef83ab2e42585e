#include "viz/panels/number_format.hpp"

#include <cmath>
#include <cstdio>

namespace cdsim::viz {
namespace {

const char* const kMinus = "\xE2\x88\x92";  // U+2212: a true minus sign is wider and clearer than '-'

std::string scaled(double v, const char* prefix) {
  const double a = std::fabs(v);
  char buf[48];
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%s%.2fbn", prefix, a / 1e9);
  else if (a >= 1e8) std::snprintf(buf, sizeof buf, "%s%.0fm", prefix, a / 1e6);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%s%.1fm", prefix, a / 1e6);
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%s%.0fk", prefix, a / 1e3);
  else if (a >= 1e3) std::snprintf(buf, sizeof buf, "%s%.1fk", prefix, a / 1e3);
  else if (a >= 10 || a == 0) std::snprintf(buf, sizeof buf, "%s%.0f", prefix, a);
  else std::snprintf(buf, sizeof buf, "%s%.1f", prefix, a);
  return (v < 0 && std::round(a * 10) != 0 ? kMinus : "") + std::string(buf);
}

}  // namespace

std::string format_count(double v) { return scaled(v, ""); }

std::string format_pounds(double v) { return scaled(v, "\xC2\xA3"); }

std::string format_fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
  const bool negative = v < 0 && std::fabs(v) * std::pow(10.0, decimals) >= 0.5;
  return (negative ? kMinus : "") + std::string(buf);
}

}  // namespace cdsim::viz
