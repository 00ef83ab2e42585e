#include "sim/borough/problems.hpp"

#include <fmt/format.h>

namespace cdsim::borough {
namespace {

std::string join(const std::vector<std::string>& problems) {
  std::string out = problems.size() == 1 ? "cannot build the borough scenario:"
                                         : fmt::format("cannot build the borough scenario ({} problems):",
                                                       problems.size());
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

}  // namespace

BoroughError::BoroughError(const std::vector<std::string>& problems)
    : std::runtime_error(join(problems)), problems_(problems) {}

void Problems::add(std::string problem) {
  if (lines_.size() < kLimit)
    lines_.push_back(std::move(problem));
  else
    ++more_;
}

void Problems::throw_if_any() const {
  if (lines_.empty()) return;
  std::vector<std::string> all = lines_;
  if (more_ > 0) all.push_back(fmt::format("... and {} more like these", more_));
  throw BoroughError(all);
}

}  // namespace cdsim::borough
