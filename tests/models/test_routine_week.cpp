// The routine week against the full rule, and the vector kernels against the one-at-a-time one, on
// residents whose columns are drawn at random over every value the rule branches on: states with the
// dead among them, ages across the age groups and at the oldest, episodes, reablement, services,
// programmes, engagement up to saturation, neighbours from different neighbourhoods, and uniforms
// crowded near the thresholds.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "models/place/population.hpp"
#include "models/resident/advance_block.hpp"
#include "models/resident/routine_simd.hpp"
#include "models/resident/sure_stay.hpp"
#include "sim/core/simd_target.hpp"
#include "sim/spec/defaults.hpp"

using namespace cdsim;
using namespace cdsim::model;

namespace {

spec::ScenarioSpec small_scenario() {
  spec::ScenarioSpec s = spec::default_scenario();  // every mechanism on
  s.population.size = 6000;
  return s;
}

/// A small world, its residents' columns then scrambled.
struct Fixture {
  spec::ScenarioSpec spec = small_scenario();
  World world;
  TiesAtStart ties;
  HazardTable hazards;
  RuleParameters params;
  RuleTables tables;
  RoutineChoices choices;
  core::RandomStreams rng{7, 0};
  std::vector<int> deciles;
  std::vector<double> place_effect;
  std::vector<ProgrammeEffect> programmes{ProgrammeEffect{}};

  Fixture()
      : world(build_world(spec, 0)),
        hazards(spec),
        params(spec),
        tables(spec),
        choices(params) {
    for (const auto& n : world.neighbourhoods) deciles.push_back(n.deprivation_decile);
    // Closures' harm and programmes on, so the screen's every branch is taken.
    params.place_effects = params.programmes = true;
    std::mt19937_64 draw(11);
    std::uniform_real_distribution<double> harm(0.8, 1.6);
    place_effect.assign(world.neighbourhoods.size() * kEffectAges, 1.0);
    for (double& f : place_effect)
      if (draw() % 3 == 0) f = harm(draw);
    scramble(draw);
    // Counted from the scrambled states, so carers' help and strain (mechanisms.carers) vary too.
    const CaringDraws caring{spec.network.help_chance, spec.network.carer_capacity, rng};
    ties.build(world.network, world.residents.state, core::Executor{}, params.carers ? &caring : nullptr);
  }

  void scramble(std::mt19937_64& draw) {
    auto& r = world.residents;
    const auto services = static_cast<unsigned>(spec.services.size());
    const auto hoods = static_cast<unsigned>(world.neighbourhoods.size());
    const auto pick = [&](unsigned n) { return static_cast<unsigned>(draw() % n); };
    for (std::size_t i = 0; i < r.size(); ++i) {
      r.state[i] = static_cast<State>(pick(10) == 0 ? 3 : pick(3));
      r.age_weeks[i] = pick(20) == 0 ? params.max_age_weeks : static_cast<std::uint16_t>(pick(params.max_age_weeks));
      if (pick(50) == 0) r.neighbourhood[i] = static_cast<std::uint16_t>(pick(hoods));
      r.weeks_in_state[i] = pick(30) == 0 ? UINT16_MAX : static_cast<std::uint16_t>(pick(600));
      r.engaged_weeks[i] = pick(2) ? 0 : pick(10) == 0 ? UINT16_MAX : static_cast<std::uint16_t>(pick(80));
      r.acute_weeks[i] = pick(3) == 0 ? static_cast<std::uint8_t>(pick(13)) : 0;
      r.reablement_weeks[i] = pick(4) == 0 ? static_cast<std::uint8_t>(pick(7)) : 0;
      r.service_status[i] = static_cast<ServiceStatus>(pick(3));
      r.service[i] = static_cast<std::uint8_t>(pick(services));
      r.programme_weeks[i] = pick(40) == 0 ? 3 : 0;
      r.programme[i] = 0;
    }
  }

  StepContext context() const {
    return {params, tables, hazards, rng, deciles, place_effect.data(), programmes.data(), 3};
  }
  ResidentInputs inputs() const {
    const auto& r = world.residents;
    return {r.female.data(), r.neighbourhood.data(), ties, world.network, r.programme.data()};
  }
};

ResidentOutputs outputs_of(Residents& r) {
  return {r.state.data(),         r.weeks_in_state.data(), r.age_weeks.data(),  r.engaged_weeks.data(),
          r.service.data(),       r.service_status.data(), r.reablement_weeks.data(), r.acute_weeks.data(),
          r.programme_weeks.data(),       r.care_home.data()};
}

StepTally empty_tally(const Fixture& f) {
  StepTally t;
  t.isolated.assign(f.world.neighbourhoods.size(), 0);
  t.child_crisis_entries.assign(f.world.neighbourhoods.size(), 0);
  t.informal_support.assign(f.world.neighbourhoods.size(), 0);
  t.before.size_for(f.world.neighbourhoods.size(), f.spec.services.size());
  return t;
}

/// Uniforms for a block, one in `small_one_in` small, so exits, births, onsets and asset moves all
/// happen. One in 4 puts some lane of nearly every vector below the sure-stay bounds (the exact test);
/// one in 200 leaves most vectors' every lane above them (SureStay skips it), as in a run.
BlockUniforms uniforms(std::mt19937_64& draw, unsigned small_one_in) {
  BlockUniforms u{};
  std::uniform_real_distribution<double> any(0x1p-33, 1.0), small(0x1p-33, 0.02);
  for (auto& column : u.column)
    for (double& x : column) x = draw() % small_one_in == 0 ? small(draw) : any(draw);
  return u;
}

/// The counts two ways of stepping the same residents must agree on.
void check_same_counts(const StepTally& a, const StepTally& b) {
  CHECK(a.isolated == b.isolated);
  CHECK(a.informal_support == b.informal_support);
  CHECK(a.child_crisis_entries == b.child_crisis_entries);
  CHECK(a.before.residents == b.before.residents);
  CHECK(a.before.waiting == b.before.waiting);
  CHECK(a.before.served == b.before.served);
  CHECK(a.before.engaged == b.before.engaged);
}

bool same_columns(const Residents& a, const Residents& b) {
  return a.state == b.state && a.weeks_in_state == b.weeks_in_state && a.age_weeks == b.age_weeks &&
         a.engaged_weeks == b.engaged_weeks && a.service == b.service && a.service_status == b.service_status &&
         a.reablement_weeks == b.reablement_weeks && a.acute_weeks == b.acute_weeks &&
         a.programme_weeks == b.programme_weeks;
}

}  // namespace

TEST_CASE("routine week: a routine resident's week is the full rule's, and the others are all noted",
          "[routine]") {
  const unsigned small_one_in = GENERATE(4u, 200u);
  INFO("one uniform in " << small_one_in << " small");
  Fixture f;
  const StepContext ctx = f.context();
  const SureStay sure(ctx, f.choices);
  const ResidentInputs in = f.inputs();
  std::mt19937_64 draw(5);
  std::size_t routine = 0, noted = 0, dead = 0;
  for (std::size_t first = 0; first < f.world.residents.size(); first += kBlock) {
    const std::size_t count = std::min(kBlock, f.world.residents.size() - first);
    const BlockUniforms u = uniforms(draw, small_one_in);
    Residents fast = f.world.residents, full = f.world.residents;
    StepTally fast_tally = empty_tally(f);
    RoutineCounts counts(fast_tally);
    std::array<std::uint32_t, kBlock> others{};
    const std::size_t n_others =
        routine_block_scalar(first, count, u, f.params, ctx, f.choices, sure, in, outputs_of(fast), counts,
                             others.data());
    // The full rule for the routine residents only, on the other copy.
    StepTally full_tally = empty_tally(f);
    std::size_t next_other = 0;
    for (std::size_t k = 0; k < count; ++k) {
      if (full.state[first + k] == State::dead) {
        ++dead;
        continue;
      }
      if (next_other < n_others && others[next_other] == k) {
        ++next_other;
        ++noted;
        continue;
      }
      ++routine;
      advance_resident(first + k, u.of(k), f.params, ctx, in, outputs_of(full), full_tally);
    }
    REQUIRE(next_other == n_others);  // noted in resident order, and only the living
    // Only noted residents are left as they were on the fast copy: put them through the full rule
    // there too, so both copies have had the whole block.
    for (std::size_t k = 0; k < n_others; ++k) {
      StepTally scratch = empty_tally(f);
      advance_resident(first + others[k], u.of(others[k]), f.params, ctx, in, outputs_of(fast), scratch);
      advance_resident(first + others[k], u.of(others[k]), f.params, ctx, in, outputs_of(full), scratch);
    }
    CHECK(same_columns(fast, full));
    for (int s = 0; s < kLivingStates; ++s) fast_tally.moves[s][s] += counts.stays[static_cast<std::size_t>(s)];
    // Nothing happened to the routine ones under the full rule either: only stays and counts.
    CHECK(full_tally.mothers.empty());
    CHECK(full_tally.changes.empty());
    CHECK(full_tally.service_requests.empty());
    CHECK(full_tally.asset_seekers.empty());
    CHECK(full_tally.asset_leavers.empty());
    CHECK(full_tally.moves == fast_tally.moves);
    check_same_counts(full_tally, fast_tally);
  }
  // Both paths were exercised in earnest.
  CHECK(routine > 1000);
  CHECK(noted > (small_one_in == 4 ? 1000 : 100));
  CHECK(dead > 100);
}

TEST_CASE("routine week: the chosen SIMD target's kernel gives the one-at-a-time kernel's results", "[simd]") {
  // The target CDSIM_SIMD_TARGET forces (tests/CMakeLists.txt runs this once per target), else this
  // processor's best.
  const core::SimdTarget target = core::chosen_simd_target();
  INFO("target " << core::name_of(target));
  RoutineBlock* const kernel = routine_block_for(target);
  REQUIRE(kernel != nullptr);
  const unsigned small_one_in = GENERATE(4u, 200u);
  INFO("one uniform in " << small_one_in << " small");
  Fixture f;
  const StepContext ctx = f.context();
  const SureStay sure(ctx, f.choices);
  const ResidentInputs in = f.inputs();
  std::mt19937_64 draw(9);
  Residents one = f.world.residents, vector = f.world.residents;
  StepTally one_tally = empty_tally(f), vector_tally = empty_tally(f);
  RoutineCounts one_counts(one_tally), vector_counts(vector_tally);
  // Blocks of every length up to kBlock, so short tails and every lane position are covered.
  std::size_t first = 0, length = 1;
  while (first < f.world.residents.size()) {
    const std::size_t count = std::min({length, kBlock, f.world.residents.size() - first});
    const BlockUniforms u = uniforms(draw, small_one_in);
    std::array<std::uint32_t, kBlock> one_others{}, vector_others{};
    const std::size_t n_one = routine_block_scalar(first, count, u, f.params, ctx, f.choices, sure, in,
                                                   outputs_of(one), one_counts, one_others.data());
    const std::size_t n_vector = kernel(first, count, u, f.params, ctx, f.choices, sure, in, outputs_of(vector),
                                        vector_counts, vector_others.data());
    REQUIRE(n_one == n_vector);
    CHECK(std::equal(one_others.begin(), one_others.begin() + static_cast<std::ptrdiff_t>(n_one),
                     vector_others.begin()));
    first += count;
    length = length % kBlock + 1;
  }
  CHECK(same_columns(one, vector));
  CHECK(one_counts.stays == vector_counts.stays);
  check_same_counts(one_tally, vector_tally);
}

TEST_CASE("sure stay: uniforms just above the week's bounds pass the exact test for every resident", "[routine]") {
  Fixture f;
  const StepContext ctx = f.context();
  const SureStay sure(ctx, f.choices);
  SureStay never = sure;  // no uniform is above infinity: the exact test for everyone
  never.exit_above.fill(std::numeric_limits<double>::infinity());
  never.birth_at_or_above = 2.0;
  const ResidentInputs in = f.inputs();
  Residents r = f.world.residents;
  const ResidentOutputs out = outputs_of(r);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.state[i] == State::dead) continue;
    const int age = age_years_of(r.age_weeks[i]);
    const int kind = SureStay::kind_of(r.state[i], r.reablement_weeks[i] > 0);
    const double exit_above = sure.exit_above[static_cast<std::size_t>(kind * SureStay::kAges + age)];
    // The smallest uniforms the bounds let through; the others above any threshold.
    const std::array<double, 4> u{std::nextafter(exit_above, 1.0), sure.birth_at_or_above, 0.999, 0.999};
    REQUIRE(sure.stays(kind, age, r.female[i] != 0, u));
    const Screen fast = screen(i, u, f.params, ctx, f.choices, sure, in, out);
    const Screen exact = screen(i, u, f.params, ctx, f.choices, never, in, out);
    REQUIRE(fast.routine == exact.routine);
    ++checked;
  }
  CHECK(checked > 4000);
}

TEST_CASE("sure stay: the bounds leave most of a default run's residents out of the exact test", "[routine]") {
  // Not a timing: if a change loosened the bounds so far that nearly every vector took the exact
  // test, results would not change and only the benchmark would notice. The default scenario's
  // weekly exits are well under 1% below 65.
  spec::ScenarioSpec s = spec::default_scenario();
  s.population.size = 2000;
  const World world = build_world(s, 0);
  const HazardTable hazards(s);
  const RuleParameters params(s);
  const RuleTables tables(s);
  const RoutineChoices choices(params);
  const core::RandomStreams rng{7, 0};
  std::vector<int> deciles;
  for (const auto& n : world.neighbourhoods) deciles.push_back(n.deprivation_decile);
  const StepContext ctx{params, tables, hazards, rng, deciles, nullptr, nullptr, 1};
  const SureStay sure(ctx, choices);
  // The largest bound under 65 of each kind: independent, support, crisis, support in reablement.
  std::array<double, SureStay::kKinds> under_65{};
  for (int kind = 0; kind < SureStay::kKinds; ++kind)
    for (int age = 0; age < 65; ++age)
      under_65[static_cast<std::size_t>(kind)] = std::max(
          under_65[static_cast<std::size_t>(kind)], sure.exit_above[static_cast<std::size_t>(kind * SureStay::kAges + age)]);
  INFO("under 65: independent " << under_65[0] << ", support " << under_65[1] << ", crisis " << under_65[2]
                                << ", in reablement " << under_65[3] << "; births " << sure.birth_at_or_above);
  CHECK(under_65[0] < 0.01);
  CHECK(under_65[1] < 0.1);
  CHECK(sure.birth_at_or_above < 0.01);
  for (double bound : sure.exit_above) CHECK(bound > 0);
}
