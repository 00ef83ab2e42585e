// Data flow: results file `time` (CF "days since YYYY-MM-DD") -> [dates] -> axis labels and the
// timeline. Calendar arithmetic only; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cdsim::record {

/// A calendar date (proleptic Gregorian).
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31

  /// Days since 1970-01-01 (negative before).
  [[nodiscard]] int to_days() const;
  [[nodiscard]] static Date from_days(int days);
  /// Parses "YYYY-MM-DD"; nullopt when the text is not a valid date.
  [[nodiscard]] static std::optional<Date> parse(std::string_view text);
  /// "2025-04-01"
  [[nodiscard]] std::string iso() const;
  /// "1 Apr 2025": what a workshop audience reads.
  [[nodiscard]] std::string long_text() const;
  /// "Apr 2025"
  [[nodiscard]] std::string month_text() const;

  friend bool operator==(const Date&, const Date&) = default;
};

/// The epoch of CF units "days since YYYY-MM-DD[ hh:mm:ss]"; nullopt for any other units.
[[nodiscard]] std::optional<Date> parse_days_since(std::string_view units);

}  // namespace cdsim::record
