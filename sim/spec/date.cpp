#include "sim/spec/date.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace cdsim::spec {

std::optional<Date> Date::parse(std::string_view text) {
  // Exactly YYYY-MM-DD: a looser parser would accept "2025-4-1" and users would never notice typos.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t len) -> std::optional<int> {
    int value = 0;
    const char* first = text.data() + from;
    const char* last = first + len;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last) return std::nullopt;
    return value;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month(unsigned(*m)),
                                        std::chrono::day(unsigned(*d))};
  if (!ymd.ok() || *y < 1900 || *y > 2200) return std::nullopt;
  return Date{*y, *m, *d};
}

long Date::days_since_epoch() const {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month(unsigned(month)),
                                        std::chrono::day(unsigned(day))};
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

Date Date::from_days(long days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

}  // namespace cdsim::spec
