#include "sim/spec/diagnostics.hpp"

#include <fmt/format.h>

namespace cdsim::spec {

namespace {

std::string join_formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.format();
  }
  return out;
}

}  // namespace

std::string Diagnostic::format() const {
  // The "FILE:LINE:COL: " prefix is what editors and terminals turn into a jump-to-location link.
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  if (!out.empty()) out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  return out + message;
}

SpecError::SpecError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_formatted(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace cdsim::spec
