// Data flow: public files -> [problems] while `cdsim borough` reads them.
// Every problem found in the population, deprivation, boundary and lookup files, collected so the user
// sees all of them at once (up to a limit), each naming the file and the row or feature.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace cdsim::borough {

/// Thrown when the files cannot make a scenario; what() is a heading and one problem per line.
class BoroughError : public std::runtime_error {
 public:
  explicit BoroughError(const std::vector<std::string>& problems);
  /// The problems themselves, without the heading (for callers that read a CSV for another purpose).
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Problems so far. Past kLimit more of the same only hide the first, so they are counted, not listed.
class Problems {
 public:
  static constexpr std::size_t kLimit = 25;
  void add(std::string problem);
  [[nodiscard]] bool empty() const { return lines_.empty(); }
  /// Throws BoroughError when there are any.
  void throw_if_any() const;

 private:
  std::vector<std::string> lines_;
  std::size_t more_ = 0;
};

}  // namespace cdsim::borough
