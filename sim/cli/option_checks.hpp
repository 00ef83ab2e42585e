// Command line: numeric options taken exactly as written. CLI11 2.1 converts integers with
// strtoull/strtoll in base 0, so "-1" became 18446744073709551615, an overflow became the largest
// value, "010" was octal 8 and "0x10" hex 16: different requests, silently the same run; and its Range
// lets "nan" through (every comparison with NaN is false). Every numeric option of cdsim and cdsim-view
// checks its text with these validators first (bad usage, exit 2, naming the option).
#pragma once

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>

namespace cdsim::cli {

/// The text as a T when it is decimal digits only (a leading '-' where `low` is negative), no leading zeros, no spaces,
/// and fits in T.
template <std::integral T>
std::optional<T> whole_number(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t digits_at = negative ? 1 : 0;
  const bool digits_only = text.size() > digits_at && text.find_first_not_of("0123456789", digits_at) == std::string_view::npos;
  const bool leading_zero = text.size() > digits_at + 1 && text[digits_at] == '0';
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits_only || leading_zero || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// A CLI11 check that the option's text is a whole_number in [low, high].
template <std::integral T>
CLI::Validator integer_in(T low, T high) {
  const std::string expected = "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const auto value = whole_number<T>(text);
        if (!value || *value < low || *value > high) return "'" + text + "' is not " + expected;
        return {};
      },
      std::to_string(low) + " to " + std::to_string(high));
}

/// A job array's slice "i/n": both whole numbers, 0 <= i < n.
struct Shard {
  int index = 0;
  int count = 1;
};
inline std::optional<Shard> shard_named(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto i = whole_number<int>(text.substr(0, slash));
  const auto n = whole_number<int>(text.substr(slash + 1));
  if (!i || !n || *n < 1 || *i < 0 || *i >= *n) return std::nullopt;
  return Shard{*i, *n};
}
inline CLI::Validator shard_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (shard_named(text)) return {};
        return "'" + text + "': expected i/n with 0 <= i < n, e.g. --shard 3/10 "
               "(in a SLURM job array: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)";
      },
      "i/n");
}

/// Accepts a finite decimal number in [low, high] ("nan", "inf" and trailing text are refused).
inline CLI::Validator number_in(double low, double high) {
  const std::string range = CLI::detail::to_string(low) + " to " + CLI::detail::to_string(high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
        if (!std::isfinite(value) || end != text.c_str() + text.size() || value < low || value > high) {
          return "'" + text + "' is not a number from " + range;
        }
        return {};
      },
      range);
}

}  // namespace cdsim::cli
