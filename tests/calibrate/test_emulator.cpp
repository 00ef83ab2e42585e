// The Gaussian-process emulator against functions whose values are known.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "sim/calibrate/emulator.hpp"
#include "sim/run/sweep_design.hpp"

using cdsim::calibrate::Emulator;

namespace {

double smooth(const std::vector<double>& x) { return std::sin(3 * x[0]) + x[1] * x[1]; }

}  // namespace

TEST_CASE("the emulator predicts a smooth function within its stated uncertainty", "[calibrate]") {
  const auto train = cdsim::run::latin_hypercube_design(30, 2, 11);
  std::vector<double> y;
  for (const auto& x : train) y.push_back(smooth(x));
  const Emulator e(train, y);
  const auto test = cdsim::run::latin_hypercube_design(200, 2, 12);
  int within = 0;
  double abs_error = 0;
  for (const auto& x : test) {
    const auto p = e.predict(x);
    const double err = std::abs(p.mean - smooth(x));
    abs_error += err / 200;
    if (err <= 3 * std::sqrt(p.variance) + 1e-9) ++within;
  }
  CHECK(abs_error < 0.02);  // the function spans about 2
  CHECK(within >= 190);
  // At a training point the prediction is the output itself (almost no nugget for a noiseless output).
  CHECK(e.predict(train[3]).mean == Approx(y[3]).margin(1e-3));
  CHECK(e.noise_variance() < 1e-4);
  CHECK(e.loo_within_3sd() >= 0.9);
}

TEST_CASE("the emulator's nugget estimates a noisy simulator's chance variation", "[calibrate]") {
  const auto train = cdsim::run::latin_hypercube_design(80, 1, 3);
  std::mt19937_64 engine(5);
  std::normal_distribution<double> noise(0, 0.1);
  std::vector<double> y;
  for (const auto& x : train) y.push_back(2 * x[0] + noise(engine));
  const Emulator e(train, y);
  CHECK(e.noise_variance() > 0.01 / 2);
  CHECK(e.noise_variance() < 0.01 * 2);
  // The mean is the expectation, not the noisy run: near 2x.
  CHECK(e.predict({0.5}).mean == Approx(1.0).margin(0.06));
}

TEST_CASE("the emulator's fit is deterministic", "[calibrate]") {
  const auto train = cdsim::run::latin_hypercube_design(25, 3, 7);
  std::vector<double> y;
  for (const auto& x : train) y.push_back(x[0] * x[1] + std::exp(x[2]));
  const Emulator a(train, y), b(train, y);
  const auto pa = a.predict({0.3, 0.6, 0.9}), pb = b.predict({0.3, 0.6, 0.9});
  CHECK(pa.mean == pb.mean);
  CHECK(pa.variance == pb.variance);
  CHECK_THROWS(Emulator({{0.1, 0.2, 0.3}}, {1.0}));  // fewer runs than parameters + 3
}
