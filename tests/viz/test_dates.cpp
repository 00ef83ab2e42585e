#include <catch2/catch.hpp>

#include "sim/record/dates.hpp"

using namespace cdsim;


TEST_CASE("viz: dates round-trip through days and read CF units", "[viz][dates]") {
  const record::Date d{2025, 4, 1};
  CHECK(record::Date::from_days(d.to_days()) == d);
  CHECK(record::Date::from_days(d.to_days() + 7 * 30).long_text() == "28 Oct 2025");
  CHECK(record::Date::from_days(d.to_days() + 365).iso() == "2026-04-01");
  CHECK(record::Date{2024, 2, 29}.month_text() == "Feb 2024");
  CHECK(record::Date::parse("2025-04-01") == d);
  CHECK_FALSE(record::Date::parse("2025-02-30"));
  CHECK_FALSE(record::Date::parse("01/04/2025"));
  CHECK(record::parse_days_since("days since 2025-04-01") == d);
  CHECK(record::parse_days_since("days since 2025-04-01 00:00:00") == d);
  CHECK_FALSE(record::parse_days_since("days"));
  CHECK_FALSE(record::parse_days_since("hours since 2025-04-01"));
}
