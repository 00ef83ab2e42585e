#include "sim/record/dates.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace cdsim::record {
namespace {

constexpr std::array<const char*, 12> kMonthNames{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

int Date::to_days() const {
  namespace ch = std::chrono;
  const ch::sys_days d{ch::year{year} / ch::month{static_cast<unsigned>(month)} / ch::day{static_cast<unsigned>(day)}};
  return static_cast<int>(d.time_since_epoch().count());
}

Date Date::from_days(int days) {
  namespace ch = std::chrono;
  const ch::year_month_day ymd{ch::sys_days{ch::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date d;
  if (!parse_int(text.substr(0, 4), d.year) || !parse_int(text.substr(5, 2), d.month) ||
      !parse_int(text.substr(8, 2), d.day)) {
    return std::nullopt;
  }
  namespace ch = std::chrono;
  const ch::year_month_day ymd{ch::year{d.year}, ch::month{static_cast<unsigned>(d.month)},
                              ch::day{static_cast<unsigned>(d.day)}};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::long_text() const {
  return std::to_string(day) + " " + kMonthNames[static_cast<std::size_t>(month - 1)] + " " + std::to_string(year);
}

std::string Date::month_text() const {
  return std::string(kMonthNames[static_cast<std::size_t>(month - 1)]) + " " + std::to_string(year);
}

std::optional<Date> parse_days_since(std::string_view units) {
  constexpr std::string_view kPrefix = "days since ";
  if (units.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  units.remove_prefix(kPrefix.size());
  // CF allows a time of day after the date; cdsim writes none, other tools may.
  return Date::parse(units.substr(0, 10));
}

}  // namespace cdsim::record
