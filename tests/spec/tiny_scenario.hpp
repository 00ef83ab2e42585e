// The smallest valid scenario, as text, shared by the spec tests: they swap a line of it or append
// to it, and check diagnostics by the line and column they point at, so its lines are part of what
// they test (name 1, start 2, years 3, population 4-6, initial 7, transitions 8-14).
#pragma once

#include <catch2/catch.hpp>
#include <string>

namespace cdsim::test {

/// 2,000 residents in 4 generated neighbourhoods over one year; every other key is a default.
inline const std::string kTinyScenario = R"(name: tiny
start: 2025-04-01
years: 1
population:
  size: 2000
  neighbourhoods: 4
initial: {independent: 0.75, support: 0.22, crisis: 0.03}
transitions:
  independent_to_support: 0.0011
  independent_to_crisis: 0.0004
  support_to_independent: 0.0080
  support_to_crisis: 0.0030
  crisis_to_support: 0.0600
  crisis_to_independent: 0.0300
)";

/// `text` with its first `from` replaced by `to`; the test fails when `from` is not in it.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

inline std::string tiny_with(const std::string& from, const std::string& to) {
  return replaced(kTinyScenario, from, to);
}

}  // namespace cdsim::test
