// Data flow: engine -> [resident step rule] over a block of residents.
// The narrow, parallel-safe rule of one week for one resident: it reads the resident's row and a
// read-only context and writes only that resident's own slots. Its read and write sets are the
// two column views below.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/resident/age.hpp"
#include "models/resident/hazards.hpp"
#include "models/resident/state.hpp"
#include "sim/core/random.hpp"

namespace cdsim::model {

/// Columns the rule only reads.
struct ResidentInputs {
  const std::uint8_t* female;
  const std::uint16_t* neighbourhood;
};

/// Columns the rule reads and writes (each resident's own slot only).
struct ResidentOutputs {
  State* state;
  std::uint16_t* weeks_in_state;
  std::uint16_t* age_weeks;
};

/// Read-only context shared by every resident in the step.
struct StepContext {
  const HazardTable& hazards;
  const core::RandomStreams& rng;
  const std::vector<int>& decile_of_neighbourhood;
  std::uint64_t step;  ///< index of the step being taken (1 for the first)
  bool ageing;
  std::uint16_t max_age_weeks;
};

/// What a block of residents did in the step. Merging adds counts and appends mothers; the engine
/// sorts mothers, so the merged result is the same whatever the split into blocks.
struct StepTally {
  std::array<std::array<std::int64_t, 4>, kLivingStates> moves{};  ///< [from][to], to 3 = dead
  std::vector<std::uint32_t> mothers;  ///< residents who gave birth this step

  void merge(const StepTally& other) {
    for (int f = 0; f < kLivingStates; ++f)
      for (int t = 0; t < 4; ++t) moves[f][t] += other.moves[f][t];
    mothers.insert(mothers.end(), other.mothers.begin(), other.mothers.end());
  }
};

/// Advances residents [begin, end) by one week: competing-risk exit (transition or death), births,
/// time in state and ageing.
inline void advance_residents(std::size_t begin, std::size_t end, const StepContext& ctx,
                              ResidentInputs in, ResidentOutputs out, StepTally& tally) {
  for (std::size_t i = begin; i < end; ++i) {
    const State from = out.state[i];
    if (from == State::dead) continue;
    const int age = age_years_of(out.age_weeks[i]);
    const int decile = ctx.decile_of_neighbourhood[in.neighbourhood[i]];
    const auto u = ctx.rng.uniforms(i, ctx.step, core::Stream::resident_step);

    const ExitRow& row = ctx.hazards.exits(from, age, decile);
    State to = from;
    if (u[0] < row.cumulative[2]) {
      to = u[0] < row.cumulative[0]   ? row.destination[0]
           : u[0] < row.cumulative[1] ? row.destination[1]
                                      : State::dead;
    }
    ++tally.moves[static_cast<int>(from)][static_cast<int>(to)];

    // A birth is a separate event from the exit: a mother who dies in the week still gave birth.
    if (in.female[i] && u[1] < ctx.hazards.birth_probability(age)) {
      tally.mothers.push_back(static_cast<std::uint32_t>(i));
    }

    if (to != from) {
      out.state[i] = to;
      out.weeks_in_state[i] = 0;
    } else if (out.weeks_in_state[i] < UINT16_MAX) {
      ++out.weeks_in_state[i];
    }
    if (ctx.ageing && out.age_weeks[i] < ctx.max_age_weeks) ++out.age_weeks[i];
  }
}

}  // namespace cdsim::model
