#include "models/settled_states.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>

#include "models/engine.hpp"

namespace cdsim::model {
namespace {

/// The pilot's own random streams: its weeks must not reuse the recorded run's draws resident by resident.
constexpr std::uint64_t kPilotSeedMix = 0x9E3779B97F4A7C15ull;
/// Resident-weeks a cell needs before its own mix is used (about 20 residents over the year).
constexpr double kEnoughResidentWeeks = 1000;

/// The scenario the pilot runs: everything that shapes it, and nothing else (so equal pilots have equal
/// scenarios, which is what shared_settled_states() compares).
spec::ScenarioSpec pilot_scenario(const spec::ScenarioSpec& spec, std::int64_t most_residents) {
  spec::ScenarioSpec pilot = spec;
  pilot.seed = spec.seed ^ kPilotSeedMix;
  pilot.years = spec.burn_in_years;
  pilot.population.size = std::min(spec.population.size, most_residents);
  pilot.burn_in_years = 0;
  pilot.policies.clear();
  pilot.mechanisms.trend = false;
  // A run's bookkeeping, which no engine reads.
  pilot.name.clear();
  pilot.replicates = 1;
  pilot.uncertainty.clear();
  pilot.posterior.clear();
  return pilot;
}

std::vector<StateShares> run_pilot(const spec::ScenarioSpec& pilot, std::uint64_t replicate, core::Executor executor) {
  const int weeks = pilot.step_count();  // the burn-in's weeks
  Engine engine(pilot, replicate, executor);

  // Resident-weeks by cell and state over the pilot's last year (or all of it, when shorter), counted
  // in whole numbers per thread and summed, so any thread count gives the same counts.
  constexpr int kDeciles = 10, kAges = spec::kMaxAgeYears + 1;
  struct CellWeeks {
    std::vector<std::array<std::int64_t, kLivingStates>> by_cell =
        std::vector<std::array<std::int64_t, kLivingStates>>(static_cast<std::size_t>(kStateCells));
    void merge(const CellWeeks& other) {
      for (std::size_t c = 0; c < by_cell.size(); ++c)
        for (std::size_t s = 0; s < by_cell[c].size(); ++s) by_cell[c][s] += other.by_cell[c][s];
    }
  };
  CellWeeks weeks_in_cell;
  const int counted_from = std::max(1, weeks - static_cast<int>(kWeeksPerYear) + 1);
  for (int week = 1; week <= weeks; ++week) {
    (void)engine.step();
    if (week < counted_from) continue;
    const World& w = engine.world();
    const Residents& r = w.residents;
    weeks_in_cell.merge(executor.reduce<CellWeeks>(r.size(), [&](std::size_t begin, std::size_t end, CellWeeks& t) {
      for (std::size_t i = begin; i < end; ++i) {
        if (r.state[i] == State::dead) continue;
        const int cell = age_years_of(r.age_weeks[i]) * kDeciles + w.neighbourhoods[r.neighbourhood[i]].deprivation_decile - 1;
        t.by_cell[static_cast<std::size_t>(cell)][static_cast<std::size_t>(r.state[i])] += 1;
      }
    }));
  }
  std::vector<StateShares> count(static_cast<std::size_t>(kStateCells), StateShares{});
  for (std::size_t c = 0; c < count.size(); ++c)
    for (std::size_t s = 0; s < count[c].size(); ++s)
      count[c][s] = static_cast<double>(weeks_in_cell.by_cell[c][s]);

  auto total = [](const StateShares& c) { return c[0] + c[1] + c[2]; };
  std::vector<StateShares> out(count.size(), StateShares{1, 0, 0});
  for (int age = 0; age < kAges; ++age) {
    for (int decile = 1; decile <= kDeciles; ++decile) {
      // Widen over ages within the decile, then over every decile, until the cell has enough.
      StateShares pooled{};
      for (int width = 0; width < kAges && total(pooled) < kEnoughResidentWeeks; ++width) {
        pooled = {};
        for (int a = std::max(0, age - width); a <= std::min(kAges - 1, age + width); ++a) {
          for (int d = 1; d <= kDeciles; ++d) {
            if (width < 10 && d != decile) continue;  // other deciles only once ten ages either side are not enough
            const auto& c = count[static_cast<std::size_t>(a * kDeciles + d - 1)];
            for (int s = 0; s < kLivingStates; ++s) pooled[static_cast<std::size_t>(s)] += c[static_cast<std::size_t>(s)];
          }
        }
      }
      const double n = total(pooled);
      auto& shares = out[static_cast<std::size_t>(age * kDeciles + decile - 1)];
      if (n > 0)
        for (int s = 0; s < kLivingStates; ++s) shares[static_cast<std::size_t>(s)] = pooled[static_cast<std::size_t>(s)] / n;
    }
  }
  return out;
}

struct RememberedPilot {
  spec::ScenarioSpec scenario;
  std::uint64_t replicate;
  std::vector<StateShares> shares;
};

std::mutex remembered_mutex;
std::deque<RememberedPilot> remembered;  // newest last
std::atomic<std::int64_t> pilots_run_here{0};

}  // namespace

std::vector<StateShares> settled_states(const spec::ScenarioSpec& spec, std::uint64_t replicate,
                                        core::Executor executor, std::int64_t most_residents) {
  if (spec.burn_in_steps() <= 0) return {};
  return run_pilot(pilot_scenario(spec, most_residents), replicate, executor);
}

std::vector<StateShares> shared_settled_states(const spec::ScenarioSpec& spec, std::uint64_t replicate,
                                               core::Executor executor) {
  if (spec.burn_in_steps() <= 0) return {};
  spec::ScenarioSpec pilot = pilot_scenario(spec, kMostPilotResidents);
  const auto same = [&](const RememberedPilot& p) { return p.replicate == replicate && p.scenario == pilot; };
  {
    const std::lock_guard lock(remembered_mutex);
    const auto found = std::find_if(remembered.begin(), remembered.end(), same);
    if (found != remembered.end()) return found->shares;
  }
  // Run outside the lock; two threads asking for the same pilot at once both run it, to the same shares.
  std::vector<StateShares> shares = run_pilot(pilot, replicate, executor);
  ++pilots_run_here;
  const std::lock_guard lock(remembered_mutex);
  if (std::find_if(remembered.begin(), remembered.end(), same) == remembered.end()) {
    if (remembered.size() == kRememberedPilots) remembered.pop_front();
    remembered.push_back({std::move(pilot), replicate, shares});
  }
  return shares;
}

std::int64_t pilots_run() { return pilots_run_here.load(); }

void forget_pilots() {
  const std::lock_guard lock(remembered_mutex);
  remembered.clear();
}

}  // namespace cdsim::model
