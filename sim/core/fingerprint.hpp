// FNV-1a, 64 bits, over the inputs of a long job: tells a journal's job apart from another (a changed
// sweep or calibration file is refused rather than mixed in); not a defence against forgery.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace cdsim::core {

class Fingerprint {
 public:
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) hash_ = (hash_ ^ p[i]) * 0x100000001b3ull;
  }
  void add(const std::string& s) {
    add(s.data(), s.size());
    add("\0", 1);
  }
  template <class T>
  void add_value(const T& v) {
    add(&v, sizeof v);
  }
  [[nodiscard]] std::string hex() const { return fmt::format("{:016x}", hash_); }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};

}  // namespace cdsim::core
