// Sweep designs and sensitivity indices against exact answers: Saltelli's block structure, Latin
// hypercube strata, Morris steps on the grid; Sobol indices of the Ishigami function (known in closed
// form) and Morris effects of functions whose elementary effects are known exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <set>

#include "sim/run/sensitivity.hpp"
#include "sim/run/sweep_design.hpp"

using namespace cdsim;

namespace {

/// Ishigami with a = 7, b = 0.1 on [-pi, pi]^3, from unit coordinates.
double ishigami(const std::vector<double>& u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST_CASE("sweep: Saltelli's design has n(2d+2) rows, AB_i is A with column i from B", "[sweep]") {
  const std::size_t n = 16, d = 3;
  const auto rows = run::saltelli_design(n, d);
  REQUIRE(rows.size() == n * (2 * d + 2));
  std::size_t wrong = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const auto& a = rows[j * 8];
    const auto& b = rows[j * 8 + 7];
    for (std::size_t i = 0; i < d; ++i) {
      const auto& ab = rows[j * 8 + 1 + i];
      const auto& ba = rows[j * 8 + 1 + d + i];
      for (std::size_t k = 0; k < d; ++k) {
        wrong += ab[k] != (k == i ? b[k] : a[k]);
        wrong += ba[k] != (k == i ? a[k] : b[k]);
      }
    }
    for (std::size_t k = 0; k < d; ++k) wrong += !(a[k] > 0 && a[k] < 1 && b[k] > 0 && b[k] < 1);
  }
  CHECK(wrong == 0);
}

TEST_CASE("sweep: a Latin hypercube puts one point in each stratum of every column", "[sweep]") {
  const std::size_t n = 50, d = 4;
  const auto rows = run::latin_hypercube_design(n, d, 9);
  REQUIRE(rows.size() == n);
  for (std::size_t k = 0; k < d; ++k) {
    std::set<std::size_t> strata;
    for (const auto& r : rows) strata.insert(static_cast<std::size_t>(r[k] * n));
    CHECK(strata.size() == n);
  }
  CHECK(run::latin_hypercube_design(n, d, 9) == rows);  // the seed fixes the design
  CHECK(run::latin_hypercube_design(n, d, 10) != rows);
}

TEST_CASE("sweep: Morris trajectories change one parameter at a time by delta, on the grid", "[sweep]") {
  const std::size_t r = 20, d = 5;
  const int levels = 4;
  const double delta = run::morris_delta(levels);
  const auto rows = run::morris_design(r, d, levels, 3);
  REQUIRE(rows.size() == r * (d + 1));
  std::size_t bad = 0;
  for (std::size_t t = 0; t < r; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t k = 1; k <= d; ++k) {
      const auto& a = rows[t * (d + 1) + k - 1];
      const auto& b = rows[t * (d + 1) + k];
      std::size_t changed = 0;
      for (std::size_t i = 0; i < d; ++i) {
        if (a[i] != b[i]) {
          ++changed;
          moved.insert(i);
          bad += std::abs(std::abs(b[i] - a[i]) - delta) > 1e-12;
        }
        const double level = b[i] * (levels - 1);
        bad += b[i] < 0 || b[i] > 1 || std::abs(level - std::round(level)) > 1e-12;
      }
      bad += changed != 1;
    }
    bad += moved.size() != d;  // every parameter moves once per trajectory
  }
  CHECK(bad == 0);
}

TEST_CASE("sweep: values map from design coordinates as ranges, levels and quantiles", "[sweep]") {
  spec::ParameterDistribution range;
  range.low = 2, range.high = 4;
  CHECK(run::value_at(range, 0.25) == 2.5);
  range.integer = true;
  CHECK(run::value_at(range, 0.3) == 3);
  spec::ParameterDistribution values;
  values.kind = spec::ParameterDistribution::Kind::values;
  values.values = {1, 5, 9};
  CHECK(run::value_at(values, 0.0) == 1);
  CHECK(run::value_at(values, 0.5) == 5);
  CHECK(run::value_at(values, 1.0) == 9);
  spec::ParameterDistribution normal;
  normal.kind = spec::ParameterDistribution::Kind::normal;
  normal.mean = 3, normal.sd = 2;
  CHECK(run::value_at(normal, 0.5) == Approx(3));
  CHECK(run::value_at(normal, 0.975) == Approx(3 + 2 * 1.959964).epsilon(1e-6));
  CHECK(std::isfinite(run::value_at(normal, 0.0)));  // tails cut, never infinite
  spec::ParameterDistribution tri;
  tri.kind = spec::ParameterDistribution::Kind::triangular;
  tri.low = 0, tri.mode = 0, tri.high = 1;
  CHECK(run::value_at(tri, 0.75) == Approx(0.5));  // F(x) = 1 - (1 - x)^2
}

TEST_CASE("sweep: Sobol indices of the Ishigami function match the closed form", "[sweep][sensitivity]") {
  const std::size_t n = 4096, d = 3;
  std::vector<double> y;
  for (const auto& u : run::saltelli_design(n, d)) y.push_back(ishigami(u));
  const auto idx = run::sobol_indices(y, d, 200, 1);
  // a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
  const double pi4 = std::pow(std::numbers::pi, 4), v = 49.0 / 8 + 0.1 * pi4 / 5 + 0.01 * pi4 * pi4 / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + 0.1 * pi4 / 5, 2), v2 = 49.0 / 8, v13 = 0.01 * pi4 * pi4 * (1.0 / 18 - 1.0 / 50);
  const double s1[] = {v1 / v, v2 / v, 0}, st[] = {(v1 + v13) / v, v2 / v, v13 / v};
  for (std::size_t i = 0; i < d; ++i) {
    INFO("parameter " << i + 1 << ": S1 " << idx[i].first.value << " [" << idx[i].first.low << ", " << idx[i].first.high
                      << "] exact " << s1[i] << "; ST " << idx[i].total.value << " [" << idx[i].total.low << ", "
                      << idx[i].total.high << "] exact " << st[i]);
    CHECK(std::abs(idx[i].first.value - s1[i]) < 0.02);
    CHECK(std::abs(idx[i].total.value - st[i]) < 0.02);
    CHECK(idx[i].first.low <= s1[i] + 0.01);
    CHECK(idx[i].first.high >= s1[i] - 0.01);
    CHECK(idx[i].total.low <= st[i] + 0.01);
    CHECK(idx[i].total.high >= st[i] - 0.01);
  }
  CHECK(s1[0] == Approx(0.3139).epsilon(1e-3));  // the published values, as a check on the closed form
  CHECK(st[2] == Approx(0.2437).epsilon(1e-3));
}

TEST_CASE("sweep: Morris effects of a linear function are its slopes, with no spread", "[sweep][sensitivity]") {
  const std::size_t r = 10, d = 3;
  const auto unit = run::morris_design(r, d, 4, 2);
  std::vector<double> linear, product;
  for (const auto& u : unit) {
    linear.push_back(3 * u[0] - 2 * u[1]);
    product.push_back(u[0] * u[1]);
  }
  const auto m = run::morris_indices(unit, linear, d, 100, 1);
  CHECK(m[0].mu_star.value == Approx(3));
  CHECK(m[0].mu == Approx(3));
  CHECK(m[1].mu_star.value == Approx(2));
  CHECK(m[1].mu == Approx(-2));
  CHECK(m[2].mu_star.value == Approx(0).margin(1e-12));
  for (const auto& x : m) CHECK(x.sigma == Approx(0).margin(1e-9));
  CHECK(m[0].mu_star.low == Approx(3));
  // x1 x2: each effect depends on the other parameter, so the spread is not zero.
  const auto p = run::morris_indices(unit, product, d, 100, 1);
  CHECK(p[0].sigma > 0.05);
  CHECK(p[1].sigma > 0.05);
  CHECK(p[2].mu_star.value == Approx(0).margin(1e-12));
}
