// Data flow: scenario YAML -> [diagnostics] while validating.
// Every problem found in a scenario, collected so the user sees all of them at once, each naming the
// file, line and column (1-based) and the key path ("population.neighbourhoods[3].share").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cdsim::spec {

struct Diagnostic {
  std::string file;      ///< as the user named it; "--set" for command-line overrides
  int line = 0;          ///< 1-based; 0 when unknown (whole file, or a missing key's parent)
  int column = 0;        ///< 1-based; 0 when unknown
  std::string key_path;  ///< dotted path with [i] for list items; empty for the whole file
  std::string message;

  /// "FILE:LINE:COLUMN: KEY: MESSAGE", leaving out the parts that are unknown.
  [[nodiscard]] std::string format() const;
};

/// Thrown when a scenario is invalid; what() is every diagnostic formatted, one per line.
class SpecError : public std::runtime_error {
 public:
  explicit SpecError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace cdsim::spec

namespace cdsim::spec::detail {

/// The known key closest to `key`, when close enough to be the one meant ("" otherwise): the "did you
/// mean" of every cdsim input (scenario keys, policy types, a calibration's measures). Short keys get a
/// tighter limit so that "z" is not "corrected" to "x".
std::string closest_key(std::string_view key, const std::vector<std::string_view>& known);

}  // namespace cdsim::spec::detail
