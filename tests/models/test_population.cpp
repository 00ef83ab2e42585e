#include <catch2/catch.hpp>

#include <cmath>

#include "models/place/population.hpp"
#include "sim/spec/defaults.hpp"

using namespace cdsim;

TEST_CASE("models: neighbourhood sizes follow shares and sum to the population", "[models]") {
  spec::PopulationSpec p;
  p.size = 1001;
  p.neighbourhoods = spec::synthetic_neighbourhoods(7);
  const auto sizes = model::neighbourhood_sizes(p);
  long total = 0;
  for (auto n : sizes) {
    total += n;
    CHECK((n == 143 || n == 144));
  }
  CHECK(total == 1001);
}

TEST_CASE("models: the synthetic borough has the age structure and initial shares asked for", "[models]") {
  spec::ScenarioSpec s = spec::default_scenario();
  s.population.size = 100'000;
  const model::World w = model::build_world(s, 0);
  const auto& r = w.residents;
  REQUIRE(r.size() == 100'000);

  std::array<double, spec::kAgeBandCount> bands{};
  std::array<double, 3> states{};
  double old_in_need = 0, old = 0, young_in_need = 0, young = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const int age = model::age_years_of(r.age_weeks[i]);
    bands[std::min(age / 5, spec::kAgeBandCount - 1)] += 1;
    states[static_cast<int>(r.state[i])] += 1;
    const bool need = r.state[i] != model::State::independent;
    if (age >= 80) { old += 1; old_in_need += need; }
    if (age >= 18 && age < 40) { young += 1; young_in_need += need; }
  }
  for (int b = 0; b < spec::kAgeBandCount; ++b) {
    const double share = s.population.age_shares[b];
    // Binomial standard error of a share from 100,000 draws.
    CHECK(std::abs(bands[b] / 1e5 - share) < 4 * std::sqrt(share * (1 - share) / 1e5));
  }
  for (int k = 0; k < 3; ++k) {
    const double share = s.initial[k];
    CHECK(std::abs(states[k] / 1e5 - share) < 4 * std::sqrt(share * (1 - share) / 1e5));
  }
  // Covariates make need start where risk is: far more common at 80+ than at 18-39.
  CHECK(old_in_need / old > 2 * young_in_need / young);
}

TEST_CASE("models: without covariates every resident starts with the same chances", "[models]") {
  spec::ScenarioSpec s = spec::default_scenario();
  s.population.size = 50'000;
  s.mechanisms.covariates = false;
  const model::World w = model::build_world(s, 3);
  double old_in_need = 0, old = 0, young_in_need = 0, young = 0;
  for (std::size_t i = 0; i < w.residents.size(); ++i) {
    const int age = model::age_years_of(w.residents.age_weeks[i]);
    const bool need = w.residents.state[i] != model::State::independent;
    if (age >= 65) { old += 1; old_in_need += need; }
    if (age < 65) { young += 1; young_in_need += need; }
  }
  const double a = old_in_need / old, b = young_in_need / young;
  CHECK(std::abs(a - b) < 4 * std::sqrt(0.25 * 0.75 * (1 / old + 1 / young)));
}
