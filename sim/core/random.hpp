// Data flow: used by every phase that draws randomness (population synthesis, resident steps).
// Counter-based random streams (Random123 Philox4x64-10): a draw is a pure function of
// (seed, replicate, entity, step, stream), so results do not depend on thread count, thread
// scheduling or rank layout, and replicate r of two scenarios sees the same numbers (common
// random numbers, which make policy-minus-baseline differences the policy and not noise).
#pragma once

#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include <array>
#include <cstdint>

namespace cdsim::core {

/// Independent purposes that draw for the same entity in the same step. Append only: renumbering
/// changes every result.
enum class Stream : std::uint64_t {
  initial_population = 1,  ///< age, sex and initial state at step 0
  resident_step = 2,       ///< a resident's weekly transition, death and birth draws
  newborn = 3,             ///< sex of a child born in the step (entity = mother)
};

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replicate) : key_{{seed, replicate}} {}

  /// Four independent uniforms in (0, 1) for (entity, step, stream). Calling again with the same
  /// arguments gives the same four numbers.
  [[nodiscard]] std::array<double, 4> uniforms(std::uint64_t entity, std::uint64_t step,
                                               Stream stream) const {
    const r123::Philox4x64::ctr_type counter{{entity, step, static_cast<std::uint64_t>(stream), 0}};
    const auto bits = r123::Philox4x64{}(counter, key_);
    // u01fixedpt maps 64 random bits to the midpoint of one of 2^53 equal cells: never 0 or 1, so
    // comparisons `u < p` are unbiased at p = 0 and p = 1.
    return {r123::u01fixedpt<double>(bits[0]), r123::u01fixedpt<double>(bits[1]),
            r123::u01fixedpt<double>(bits[2]), r123::u01fixedpt<double>(bits[3])};
  }

 private:
  r123::Philox4x64::key_type key_;
};

}  // namespace cdsim::core
