#include <catch2/catch.hpp>

#include <cmath>

#include "sim/core/random.hpp"

using cdsim::core::RandomStreams;
using cdsim::core::Stream;

TEST_CASE("core: a draw is a pure function of (seed, replicate, entity, step, stream)", "[core]") {
  const RandomStreams a(42, 3), b(42, 3);
  CHECK(a.uniforms(17, 5, Stream::resident_step) == b.uniforms(17, 5, Stream::resident_step));
  // Any change of key or counter changes the numbers.
  CHECK(a.uniforms(17, 5, Stream::resident_step) != a.uniforms(18, 5, Stream::resident_step));
  CHECK(a.uniforms(17, 5, Stream::resident_step) != a.uniforms(17, 6, Stream::resident_step));
  CHECK(a.uniforms(17, 5, Stream::resident_step) != a.uniforms(17, 5, Stream::newborn));
  CHECK(a.uniforms(17, 5, Stream::resident_step) != RandomStreams(42, 4).uniforms(17, 5, Stream::resident_step));
  CHECK(a.uniforms(17, 5, Stream::resident_step) != RandomStreams(43, 3).uniforms(17, 5, Stream::resident_step));
}

TEST_CASE("core: uniforms lie in (0, 1) with mean 1/2 and variance 1/12, each of the four alike", "[core]") {
  const RandomStreams rng(7, 0);
  const int n = 200'000;
  double sum = 0, sum2 = 0;
  double lowest = 1, highest = 0;
  for (int i = 0; i < n; ++i) {
    for (double u : rng.uniforms(static_cast<std::uint64_t>(i), 1, Stream::resident_step)) {
      sum += u;
      sum2 += u * u;
      lowest = std::min(lowest, u);
      highest = std::max(highest, u);
    }
  }
  const double m = sum / (4.0 * n);
  const double var = sum2 / (4.0 * n) - m * m;
  CHECK(lowest > 0.0);
  CHECK(highest < 1.0);
  // Standard error of the mean of 800,000 uniforms is 0.000323; allow 4 of them.
  CHECK(std::abs(m - 0.5) < 4 * std::sqrt(1.0 / 12 / (4.0 * n)));
  CHECK(std::abs(var - 1.0 / 12) < 0.001);
}
