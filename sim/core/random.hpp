// Data flow: used by every phase that draws randomness (population synthesis, resident steps).
// Counter-based random streams (Random123 Philox2x64-10): a draw is a pure function of
// (seed, replicate, entity, step, stream), so results do not depend on thread count, thread
// scheduling or rank layout, and replicate r of two scenarios sees the same numbers (common
// random numbers, which make policy-minus-baseline differences the policy and not noise).
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace cdsim::core {

/// Independent purposes that draw for the same entity in the same step. Append only: renumbering
/// changes every result.
enum class Stream : std::uint64_t {
  initial_age = 1,    ///< age band and age within it, at step 0
  initial_state = 2,  ///< sex and initial state, at step 0
  resident_step = 3,  ///< a resident's weekly exit, birth, acute-onset and asset draws
  newborn = 4,        ///< sex of a child born in the step (entity = mother)
  household = 5,      ///< living alone or in a couple, and which household a child joins, at step 0
  network = 6,        ///< number and targets of a resident's ties at step 0 (step = draw index)
  state_entry = 7,    ///< on entering a state: service request, reablement offer
  initial_places = 8,  ///< who holds asset and service places at step 0
  policy = 9,          ///< a policy's draws (entity = policy_entity(policy, draw))
  care_home = 10,      ///< a resident's care-home request in a step; at step 0, who starts in a care home
  caring = 11,         ///< whether a tie cares for a resident (entity = carer, step = the one cared for)
  parameter_draw = 12,  ///< a replicate's draw of an uncertain parameter (entity = a hash of its key, step 0)
};

/// Limits that keep counters unique; validation keeps scenarios inside them.
inline constexpr std::uint64_t kMaxReplicates = std::uint64_t{1} << 24;
inline constexpr std::uint64_t kMaxSteps = std::uint64_t{1} << 32;

/// The entity of a policy's draw number `draw`: above every resident index (residents are 32-bit), so
/// policies never share a stream with residents, and adding a policy leaves residents' streams alone.
inline constexpr std::uint64_t policy_entity(std::uint64_t policy, std::uint64_t draw) {
  return (std::uint64_t{1} << 63) | (policy << 40) | draw;
}

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replicate)
      : key_{{seed}}, replicate_bits_(replicate << 40) {}

  /// Four independent uniforms in (0, 1) for (entity, step, stream), each from 32 random bits. The
  /// same arguments always give the same four numbers. One Philox2x64 call yields 128 bits; a
  /// resident's week needs four numbers, and the generator is most of the engine's time, so each bit
  /// is used once. 32 bits resolve probabilities down to 2.3e-10, far below any hazard in the model.
  [[gnu::always_inline]] [[nodiscard]] std::array<double, 4> uniforms(std::uint64_t entity, std::uint64_t step,
                                                                      Stream stream) const {
    const r123::Philox2x64::ctr_type counter{{entity, counter_word1(step, stream)}};
    const auto bits = r123::Philox2x64{}(counter, key_);
    // The midpoint of one of 2^32 equal cells: never 0 or 1, so `u < p` is unbiased at p = 0 and 1.
    auto unit = [](std::uint64_t word) { return (static_cast<double>(word & 0xffffffffu) + 0.5) * 0x1p-32; };
    return {unit(bits[0]), unit(bits[0] >> 32), unit(bits[1]), unit(bits[1] >> 32)};
  }

  /// columns[c][k] = uniforms(first_entity + k, step, stream)[c] for k < count, bit for bit; a
  /// vector of counters at a time, with the kernel of the SIMD target this process runs
  /// (random_block.cpp). For the engine's blocks of residents, where the generator is a large share
  /// of the time. In columns, one per purpose, because that is how the vector kernels load them.
  void uniforms_block(std::uint64_t first_entity, std::size_t count, std::uint64_t step, Stream stream,
                      const std::array<double*, 4>& columns) const;

  /// The Philox key and counter word 1 of every draw of (step, stream): what the vector kernel needs.
  [[nodiscard]] std::uint64_t philox_key() const { return key_[0]; }
  /// Counter word 1 packs replicate (24 bits), step (32 bits) and stream (8 bits).
  [[nodiscard]] std::uint64_t counter_word1(std::uint64_t step, Stream stream) const {
    return replicate_bits_ | (step << 8) | static_cast<std::uint64_t>(stream);
  }

 private:
  r123::Philox2x64::key_type key_;
  std::uint64_t replicate_bits_;
};

}  // namespace cdsim::core
