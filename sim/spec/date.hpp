// A calendar date as scenarios write it (ISO 8601, YYYY-MM-DD), used for the start of a run and the
// start and end of policies. Results store time as "days since <start>" (CF convention).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cdsim::spec {

struct Date {
  int year = 2025;
  int month = 1;
  int day = 1;

  /// Parses YYYY-MM-DD; nullopt when malformed or not a real date (2025-02-30).
  static std::optional<Date> parse(std::string_view text);
  /// Days from the civil epoch 1970-01-01 (negative before it).
  [[nodiscard]] long days_since_epoch() const;
  /// The date `days` after 1970-01-01.
  [[nodiscard]] static Date from_days(long days);
  [[nodiscard]] std::string iso() const;

  friend bool operator==(const Date&, const Date&) = default;
};

}  // namespace cdsim::spec
