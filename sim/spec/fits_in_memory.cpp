// Will it fit? A scenario too large for this machine is refused while it is checked, not part-way
// through building its residents.
#include "sim/spec/fits_in_memory.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace cdsim::spec::detail {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

/// Memory the machine can give a new process now, in bytes; 0 when unknown.
double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? static_cast<double>(pages) * static_cast<double>(page_size) : 0;
}

}  // namespace

void check_fits_in_memory(YamlReader& r, const YAML::Node& root, const ScenarioSpec& s) {
  const double available = available_memory_bytes();
  const auto needed = static_cast<double>(s.estimated_memory_bytes());
  if (available <= 0 || needed <= available) return;
  const YAML::Node population = *r.find(root, "", "population");
  r.error(*r.find(population, "population", "size"), "population.size",
          fmt::format("this scenario needs about {:.1f} GiB; this machine has {:.1f} GiB available", needed / kGiB,
                      available / kGiB));
}

}  // namespace cdsim::spec::detail
