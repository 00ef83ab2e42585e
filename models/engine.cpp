#include "models/engine.hpp"

#include <algorithm>

#include "models/place/population.hpp"

namespace cdsim::model {
namespace {

/// Chance that a newborn is a girl: about 105 boys are born for every 100 girls.
constexpr double kNewbornFemaleShare = 100.0 / 205.0;

struct ResidentCounts {
  std::vector<std::int32_t> counts;
  void merge(const ResidentCounts& other) {
    if (counts.empty()) counts.assign(other.counts.size(), 0);
    for (std::size_t k = 0; k < other.counts.size(); ++k) counts[k] += other.counts[k];
  }
};

}  // namespace

Engine::Engine(const spec::ScenarioSpec& spec, std::uint64_t replicate, core::Executor executor)
    : spec_(spec),
      executor_(executor),
      rng_(spec.seed, replicate),
      hazards_(spec),
      world_(build_world(spec, replicate)) {
  for (const auto& n : world_.neighbourhoods) decile_of_neighbourhood_.push_back(n.deprivation_decile);
}

StepFlows Engine::step() {
  ++step_;
  StepTally tally = advance_residents(step_);
  StepFlows flows;
  flows.moves = tally.moves;
  flows.births = static_cast<std::int64_t>(tally.mothers.size());
  add_newborns(std::move(tally.mothers), step_);
  return flows;
}

StepTally Engine::advance_residents(std::uint64_t step) {
  auto& r = world_.residents;
  const StepContext ctx{hazards_,
                        rng_,
                        decile_of_neighbourhood_,
                        step,
                        spec_.mechanisms.ageing,
                        static_cast<std::uint16_t>(spec::kMaxAgeYears * kWeeksPerYear)};
  const ResidentInputs in{r.female.data(), r.neighbourhood.data()};
  const ResidentOutputs out{r.state.data(), r.weeks_in_state.data(), r.age_weeks.data()};
  return executor_.reduce<StepTally>(r.size(), [&](std::size_t begin, std::size_t end, StepTally& tally) {
    model::advance_residents(begin, end, ctx, in, out, tally);
  });
}

void Engine::add_newborns(std::vector<std::uint32_t> mothers, std::uint64_t step) {
  // Resident order, whatever order the threads finished in: newborns get the same indices, and so
  // the same random streams, on every executor.
  std::sort(mothers.begin(), mothers.end());
  auto& r = world_.residents;
  for (const std::uint32_t mother : mothers) {
    const double u = rng_.uniforms(mother, step, core::Stream::newborn)[0];
    r.add(0, u < kNewbornFemaleShare, r.neighbourhood[mother], State::independent);
  }
}

void Engine::count_residents(std::int32_t* out) const {
  const auto& r = world_.residents;
  const std::size_t cells = world_.neighbourhoods.size() * kAgeGroups * kLivingStates;
  const auto total = executor_.reduce<ResidentCounts>(
      r.size(), [&](std::size_t begin, std::size_t end, ResidentCounts& tally) {
        tally.counts.assign(cells, 0);
        for (std::size_t i = begin; i < end; ++i) {
          const State s = r.state[i];
          if (s == State::dead) continue;
          const std::size_t cell =
              (static_cast<std::size_t>(r.neighbourhood[i]) * kAgeGroups +
               static_cast<std::size_t>(age_group_of(age_years_of(r.age_weeks[i])))) * kLivingStates +
              static_cast<std::size_t>(s);
          ++tally.counts[cell];
        }
      });
  std::copy(total.counts.begin(), total.counts.end(), out);
}

}  // namespace cdsim::model
