#include "models/place/population.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "models/place/social.hpp"
#include "models/resident/hazards.hpp"
#include "sim/core/random.hpp"

namespace cdsim::model {
namespace {

using Shares = StateShares;

/// For each covariate cell (age in years x decile), the mix of states among survivors of a cohort
/// followed week by week from birth (independent) through the base chain with its deaths: the age
/// profile of need that the base hazards sustain. Starting from it, rather than from each cell's
/// stationary distribution, keeps old-age need from being overstated (the stationary mix ignores that
/// residents in need die sooner) and so avoids a transient in the first years.
std::vector<Shares> cohort_profiles(const spec::ScenarioSpec& spec) {
  const HazardTable table(spec);
  std::vector<Shares> out(static_cast<std::size_t>(HazardTable::kAges * HazardTable::kDeciles));
  const int weeks_per_year = static_cast<int>(std::lround(kWeeksPerYear));
  for (int decile = 1; decile <= HazardTable::kDeciles; ++decile) {
    Shares p{1, 0, 0};
    for (int age = 0; age < HazardTable::kAges; ++age) {
      Shares sum{};
      for (int week = 0; week < weeks_per_year; ++week) {
        Shares next{};
        for (int s = 0; s < kLivingStates; ++s) {
          const ExitRow& row = table.exits(static_cast<State>(s), age, decile);
          next[s] += p[s] * (1 - row.cumulative[2]);
          next[static_cast<int>(row.destination[0])] += p[s] * row.cumulative[0];
          next[static_cast<int>(row.destination[1])] += p[s] * (row.cumulative[1] - row.cumulative[0]);
        }
        const double alive = next[0] + next[1] + next[2];
        if (alive > 0)
          for (double& x : next) x /= alive;  // survivors only
        p = next;
        for (int s = 0; s < kLivingStates; ++s) sum[s] += p[s] / weeks_per_year;
      }
      out[static_cast<std::size_t>(age * HazardTable::kDeciles + decile - 1)] = sum;
    }
  }
  return out;
}

/// Community assets start full of residents engaged for a while: at the rates of the defaults they
/// are oversubscribed, and an empty start would spend years filling up.
void fill_asset_places(const spec::ScenarioSpec& spec, const std::vector<std::int64_t>& sizes,
                       const std::vector<std::size_t>& first_of_neighbourhood, const core::RandomStreams& rng,
                       World& world) {
  auto& r = world.residents;
  for (std::size_t n = 0; n < sizes.size(); ++n) {
    auto& hood = world.neighbourhoods[n];
    const double assets = std::round(static_cast<double>(sizes[n]) / 10'000.0 * spec.assets.per_10k_residents);
    hood.asset_places = static_cast<std::int32_t>(assets) * spec.assets.places_per_asset;
    std::int64_t eligible = 0;
    for (std::size_t i = first_of_neighbourhood[n]; i < first_of_neighbourhood[n + 1]; ++i)
      eligible += r.state[i] != State::crisis;
    if (eligible == 0) continue;
    const double chance = std::min(1.0, static_cast<double>(hood.asset_places) / static_cast<double>(eligible));
    for (std::size_t i = first_of_neighbourhood[n]; i < first_of_neighbourhood[n + 1] && hood.engaged < hood.asset_places; ++i) {
      if (r.state[i] == State::crisis) continue;
      const auto u = rng.uniforms(i, 0, core::Stream::initial_places);
      if (u[0] >= chance) continue;
      r.engaged_weeks[i] = static_cast<std::uint16_t>(1 + u[1] * 104);  // up to two years in
      ++hood.engaged;
    }
  }
}

/// Services start full: places go to residents in support chosen at random; the queue starts empty
/// and forms from the requests of residents entering support.
void fill_service_places(const spec::ScenarioSpec& spec, const core::RandomStreams& rng, World& world) {
  auto& r = world.residents;
  std::int64_t in_support = 0;
  for (std::size_t i = 0; i < r.size(); ++i) in_support += r.state[i] == State::support;
  for (std::size_t k = 0; k < spec.services.size(); ++k) {
    Service service;
    service.request_share = spec.services[k].request_share;
    service.places = std::llround(static_cast<double>(spec.population.size) / 10'000.0 * spec.services[k].capacity_per_10k);
    world.services.push_back(service);
  }
  if (in_support == 0 || spec.services.empty()) return;
  // Each resident in support holds at most one place; services are offered in list order.
  std::vector<double> chance;
  for (const auto& s : world.services) chance.push_back(static_cast<double>(s.places) / static_cast<double>(in_support));
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.state[i] != State::support) continue;
    double u = rng.uniforms(i, 1, core::Stream::initial_places)[0];
    for (std::size_t k = 0; k < world.services.size(); ++k) {
      auto& s = world.services[k];
      if (u < chance[k] && s.served < s.places) {
        r.service[i] = static_cast<std::uint8_t>(k);
        r.service_status[i] = ServiceStatus::served;
        ++s.served;
        break;
      }
      u -= chance[k];
    }
  }
}

/// Care homes start with the borough's stock: of residents aged 65+, initial_share_65plus live in one,
/// initial_share_85plus of those aged 85+. They are drawn from residents in need (a care-home resident
/// is never independent) without a service place or an asset place (the home replaces both), while
/// beds last; the queue starts empty.
void fill_care_homes(const spec::ScenarioSpec& spec, const core::RandomStreams& rng, World& world) {
  auto& r = world.residents;
  const auto& c = spec.care_homes;
  world.care_homes.beds = std::llround(static_cast<double>(spec.population.size) / 10'000.0 * c.beds_per_10k);
  // [0] aged 65-84, [1] aged 85+.
  std::array<std::int64_t, 2> older{}, eligible{};
  const auto group_of = [](int age) { return static_cast<std::size_t>(age >= 85); };
  const auto can_enter = [&r](std::size_t i) {
    return r.state[i] != State::independent && r.service_status[i] == ServiceStatus::none && r.engaged_weeks[i] == 0;
  };
  for (std::size_t i = 0; i < r.size(); ++i) {
    const int age = age_years_of(r.age_weeks[i]);
    if (age < 65) continue;
    ++older[group_of(age)];
    eligible[group_of(age)] += can_enter(i);
  }
  const double stock = c.initial_share_65plus * static_cast<double>(older[0] + older[1]);
  const std::array<double, 2> target{stock * (1 - c.initial_share_85plus), stock * c.initial_share_85plus};
  std::array<double, 2> chance{};
  for (std::size_t g = 0; g < 2; ++g)
    chance[g] = eligible[g] > 0 ? std::min(1.0, target[g] / static_cast<double>(eligible[g])) : 0.0;
  for (std::size_t i = 0; i < r.size() && world.care_homes.residents < world.care_homes.beds; ++i) {
    const int age = age_years_of(r.age_weeks[i]);
    if (age < 65 || !can_enter(i)) continue;
    if (rng.uniforms(i, 0, core::Stream::care_home)[0] >= chance[group_of(age)]) continue;
    r.care_home[i] = CareHome::resident;
    ++world.care_homes.residents;
  }
}

}  // namespace

std::vector<std::int64_t> neighbourhood_sizes(const spec::PopulationSpec& population) {
  const auto& hoods = population.neighbourhoods;
  std::vector<std::int64_t> sizes(hoods.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < hoods.size(); ++i) {
    const double exact = static_cast<double>(population.size) * hoods[i].share;
    sizes[i] = static_cast<std::int64_t>(std::floor(exact));
    assigned += sizes[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  // Largest remainder first; ties by index so the result never depends on sort stability.
  std::sort(remainders.begin(), remainders.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (std::size_t k = 0; assigned < population.size; ++k, ++assigned) {
    ++sizes[remainders[k % remainders.size()].second];
  }
  return sizes;
}

World build_world(const spec::ScenarioSpec& spec, std::uint64_t replicate, const std::vector<StateShares>& settled,
                  const core::Executor& executor) {
  const core::RandomStreams rng(spec.seed, replicate);
  World world;
  for (const auto& n : spec.population.neighbourhoods) world.neighbourhoods.push_back({n.deprivation_decile, 0, 0});

  const auto size = static_cast<std::size_t>(spec.population.size);
  // Room for the births of the whole horizon (about 1.2% a year) so appending never reallocates.
  world.residents.reserve(size + size * static_cast<std::size_t>(std::ceil(spec.years * 0.02)) + 1024);

  // Ages and sexes first; residents are numbered neighbourhood by neighbourhood.
  std::array<double, spec::kAgeBandCount> band_cumulative{};
  std::partial_sum(spec.population.age_shares.begin(), spec.population.age_shares.end(),
                   band_cumulative.begin());
  const auto sizes = neighbourhood_sizes(spec.population);
  std::size_t id = 0;
  for (std::size_t n = 0; n < sizes.size(); ++n) {
    // A neighbourhood's own pyramid when the scenario gives one (`cdsim borough` does, from ONS
    // estimates), else the borough's: the same draws, so scenarios without it build the same residents.
    std::array<double, spec::kAgeBandCount> own_cumulative{};
    const auto& own_shares = spec.population.neighbourhoods[n].age_shares;
    if (own_shares) std::partial_sum(own_shares->begin(), own_shares->end(), own_cumulative.begin());
    const auto& cumulative = own_shares ? own_cumulative : band_cumulative;
    for (std::int64_t k = 0; k < sizes[n]; ++k, ++id) {
      const auto u = rng.uniforms(id, 0, core::Stream::initial_age);
      const double u_sex = rng.uniforms(id, 0, core::Stream::initial_state)[0];
      const auto band = static_cast<int>(
          std::upper_bound(cumulative.begin(), cumulative.end() - 1, u[0] * cumulative.back()) -
          cumulative.begin());
      // The open top band 90+ spreads over 90-99.
      const double band_years = band == spec::kAgeBandCount - 1 ? 10.0 : spec::kAgeBandWidth;
      const double age = band * spec::kAgeBandWidth + u[1] * band_years;
      const auto age_weeks = static_cast<std::uint16_t>(age * kWeeksPerYear);
      world.residents.add(age_weeks, u_sex < spec.population.female_share, static_cast<std::uint16_t>(n),
                          State::independent);
    }
  }

  // Initial states. Each resident's chance of state s is proportional to a_s * pi_s(cell), where
  // pi is the cohort profile of the resident's cell and a_s are fitted (iterative proportional
  // fitting) so the borough-wide expected shares equal `initial`. Without covariates every cell is
  // alike and the chances are exactly `initial`. With `initial: equilibrium` the chances are the
  // profiles themselves: the shares are then whatever the hazards sustain.
  const int kCells = HazardTable::kAges * HazardTable::kDeciles;
  std::vector<double> cell_count(static_cast<std::size_t>(kCells), 0.0);
  auto cell_of = [&](std::size_t i) {
    const int decile = world.neighbourhoods[world.residents.neighbourhood[i]].deprivation_decile;
    return age_years_of(world.residents.age_weeks[i]) * HazardTable::kDeciles + decile - 1;
  };
  for (std::size_t i = 0; i < size; ++i) cell_count[static_cast<std::size_t>(cell_of(i))] += 1;

  std::vector<Shares> chance(static_cast<std::size_t>(kCells), spec.initial);
  if (!settled.empty()) {
    chance = settled;
  } else if (spec.initial_equilibrium) {
    chance = cohort_profiles(spec);
  } else if (spec.mechanisms.covariates) {
    const std::vector<Shares> pi = cohort_profiles(spec);
    Shares a{1, 1, 1};
    for (int iteration = 0; iteration < 200; ++iteration) {
      Shares expected{};
      for (int c = 0; c < kCells; ++c) {
        const auto& p = pi[static_cast<std::size_t>(c)];
        const double norm = a[0] * p[0] + a[1] * p[1] + a[2] * p[2];
        if (norm <= 0) continue;
        for (int s = 0; s < kLivingStates; ++s)
          expected[static_cast<std::size_t>(s)] += cell_count[static_cast<std::size_t>(c)] * a[static_cast<std::size_t>(s)] * p[static_cast<std::size_t>(s)] / norm;
      }
      for (int s = 0; s < kLivingStates; ++s) {
        const auto k = static_cast<std::size_t>(s);
        if (expected[k] > 0) a[k] *= spec.initial[k] * static_cast<double>(size) / expected[k];
      }
    }
    for (int c = 0; c < kCells; ++c) {
      const auto& p = pi[static_cast<std::size_t>(c)];
      const double norm = a[0] * p[0] + a[1] * p[1] + a[2] * p[2];
      if (norm > 0) {
        for (int s = 0; s < kLivingStates; ++s)
          chance[static_cast<std::size_t>(c)][static_cast<std::size_t>(s)] = a[static_cast<std::size_t>(s)] * p[static_cast<std::size_t>(s)] / norm;
      }
    }
  }
  for (std::size_t i = 0; i < size; ++i) {
    const auto& p = chance[static_cast<std::size_t>(cell_of(i))];
    const double u = rng.uniforms(i, 0, core::Stream::initial_state)[1];
    world.residents.state[i] = u < p[0] ? State::independent : u < p[0] + p[1] ? State::support : State::crisis;
  }

  std::vector<std::size_t> first_of_neighbourhood{0};
  for (const auto n : sizes) first_of_neighbourhood.push_back(first_of_neighbourhood.back() + static_cast<std::size_t>(n));
  if (spec.mechanisms.network) {
    world.network = build_network(world.residents, first_of_neighbourhood, spec, rng, executor);
  } else {
    for (std::size_t i = 0; i < size; ++i) world.network.add_row({}, {});
  }
  if (spec.mechanisms.assets) fill_asset_places(spec, sizes, first_of_neighbourhood, rng, world);
  if (spec.mechanisms.capacity) fill_service_places(spec, rng, world);
  if (spec.mechanisms.care_homes) fill_care_homes(spec, rng, world);
  return world;
}

}  // namespace cdsim::model
