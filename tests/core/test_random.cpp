#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/random_block.hpp"
#include "sim/core/simd_target.hpp"

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

namespace {

// Whether fill(rng, first, count, step, stream, columns) writes exactly uniforms(first + k, step,
// stream)[c] to columns[c][k] for k < count, bit for bit, and nothing past columns[c][count - 1].
template <class Fill>
bool matches_scalar(const RandomStreams& rng, std::uint64_t first, std::size_t count, std::uint64_t step,
                    Stream stream, Fill fill) {
  std::array<std::vector<double>, 4> got, want;
  for (auto* columns : {&got, &want})
    for (auto& column : *columns) column.assign(count + 8, -1.0);
  fill(rng, first, count, step, stream,
       std::array<double*, 4>{got[0].data(), got[1].data(), got[2].data(), got[3].data()});
  for (std::size_t k = 0; k < count; ++k) {
    const std::array<double, 4> u = rng.uniforms(first + k, step, stream);
    for (std::size_t c = 0; c < 4; ++c) want[c][k] = u[c];
  }
  for (std::size_t c = 0; c < 4; ++c)
    if (std::memcmp(got[c].data(), want[c].data(), got[c].size() * sizeof(double)) != 0) return false;
  return true;
}

// Keys, counters and blocks at the edges of each field: every count up to past the engine's 64 (so
// either side of each target's vector width and of the kernels' four vectors side by side), unaligned
// first entities, entities near 2^32, policy entities (bit 63) and the wrap at 2^64, the largest
// replicate and step.
template <class Fill>
void check_against_scalar(Fill fill) {
  const std::uint64_t top = ~std::uint64_t{0};
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{42}, top}) {
    for (const std::uint64_t replicate : {std::uint64_t{0}, std::uint64_t{3}, cdsim::core::kMaxReplicates - 1}) {
      const RandomStreams rng(seed, replicate);
      for (const std::uint64_t step : {std::uint64_t{0}, std::uint64_t{521}, cdsim::core::kMaxSteps - 1}) {
        for (const Stream stream : {Stream::initial_age, Stream::resident_step, Stream::policy}) {
          for (const std::uint64_t first : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{321'997},
                                            (std::uint64_t{1} << 32) - 3, cdsim::core::policy_entity(7, 61),
                                            top - 20}) {
            for (std::size_t count = 0; count <= 65; ++count) {
              INFO("seed " << seed << " replicate " << replicate << " step " << step << " stream "
                           << static_cast<int>(stream) << " first " << first << " count " << count);
              REQUIRE(matches_scalar(rng, first, count, step, stream, fill));
            }
          }
        }
      }
    }
  }
  // Arbitrary keys and counters.
  std::mt19937_64 gen(2024);
  for (int trial = 0; trial < 2000; ++trial) {
    const RandomStreams rng(gen(), gen() % cdsim::core::kMaxReplicates);
    const std::uint64_t first = gen();
    const auto count = static_cast<std::size_t>(gen() % 80);
    const std::uint64_t step = gen() % cdsim::core::kMaxSteps;
    const auto stream = static_cast<Stream>(1 + gen() % 9);
    INFO("trial " << trial << " first " << first << " count " << count);
    REQUIRE(matches_scalar(rng, first, count, step, stream, fill));
  }
}

}  // namespace

TEST_CASE("core: random uniforms_block gives the scalar draws bit for bit", "[core]") {
  check_against_scalar([](const RandomStreams& rng, std::uint64_t first, std::size_t count, std::uint64_t step,
                          Stream stream, const std::array<double*, 4>& columns) {
    rng.uniforms_block(first, count, step, stream, columns);
  });
}

TEST_CASE("core: random block kernel of the chosen SIMD target gives the scalar draws bit for bit", "[simd]") {
  // The target CDSIM_SIMD_TARGET forces (tests/CMakeLists.txt runs this once per target), else this
  // processor's best.
  const cdsim::core::SimdTarget target = cdsim::core::chosen_simd_target();
  INFO("target " << cdsim::core::name_of(target));
  cdsim::core::block::Uniforms* const kernel = cdsim::core::block::uniforms_for(target);
  REQUIRE(kernel != nullptr);
  check_against_scalar(kernel);
}
