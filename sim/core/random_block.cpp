// Data flow: engine -> [resident step, in blocks] -> RandomStreams::uniforms_block -> here.
// Philox2x64-10 on a vector of counters, written once with Highway and compiled for each SIMD target
// (hwy_targets.hpp; foreach_target.h includes this file again per target). It repeats r123's rounds
// and the scalar conversion to doubles exactly, so results files do not depend on which kernel ran.
// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sim/core/random_block.cpp"
#include "sim/core/hwy_targets.hpp"
#include <hwy/foreach_target.h>
#include <hwy/highway.h>
// clang-format on

#include "sim/core/random_block.hpp"

// Highway's one-lane fallback HWY_SCALAR (which GCC before 12.3 gets instead of EMU128, GCC bug
// 106322) lacks casts between lanes of different sizes; there the one-at-a-time reference is the kernel.
#if HWY_TARGET != HWY_SCALAR
HWY_BEFORE_NAMESPACE();
namespace cdsim::core::block::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// At most eight counters a vector: 64 is the engine's block, and wider vectors (SVE) gain little.
using D64 = hn::CappedTag<std::uint64_t, 8>;
using V64 = hn::Vec<D64>;

// The 128-bit products x * M of 64-bit lanes (r123's mulhilo64), hi and lo. Vectors multiply only
// 32 x 32 -> 64 bits (MulEven of the even 32-bit halves), so from the four partial products of the
// halves; neither running sum can overflow 64 bits, as each adds a value below 2^32 to one at most
// (2^32 - 1)^2.
HWY_INLINE void mulhilo(V64 x, V64 m_low, V64 m_high, V64& hi, V64& lo) {
  const D64 d;
  const hn::Repartition<std::uint32_t, D64> d32;
  const V64 low_half = hn::Set(d, 0xffffffffu);
  const auto x32 = hn::BitCast(d32, x), x_high32 = hn::BitCast(d32, hn::ShiftRight<32>(x));
  const V64 ll = hn::MulEven(x32, hn::BitCast(d32, m_low));
  const V64 lh = hn::MulEven(x32, hn::BitCast(d32, m_high));
  const V64 hl = hn::MulEven(x_high32, hn::BitCast(d32, m_low));
  const V64 hh = hn::MulEven(x_high32, hn::BitCast(d32, m_high));
  const V64 mid = hn::Add(lh, hn::ShiftRight<32>(ll));
  const V64 mid2 = hn::Add(hl, hn::And(mid, low_half));
  hi = hn::Add(hh, hn::Add(hn::ShiftRight<32>(mid), hn::ShiftRight<32>(mid2)));
  lo = hn::Or(hn::ShiftLeft<32>(mid2), hn::And(ll, low_half));
}

// r123's round: (hi, lo) = M * c0, then c = {hi ^ key ^ c1, lo}.
HWY_INLINE void philox_round(V64& c0, V64& c1, V64 key, V64 m_low, V64 m_high) {
  V64 hi, lo;
  mulhilo(c0, m_low, m_high, hi, lo);
  c0 = hn::Xor(hn::Xor(hi, key), c1);
  c1 = lo;
}

// (double(bits) + 0.5) * 2^-32 of the low 32 bits of each lane, as the scalar draw computes it. The
// bits below 2^52's exponent make the double 2^52 + bits exactly; subtracting 2^52 - 1/2 leaves
// bits + 1/2 exactly (it needs at most 33 bits), and the scaling by a power of two is exact, so every
// target gives the scalar draw's doubles.
HWY_INLINE void store_unit(V64 bits, double* to) {
  const D64 d;
  const hn::Rebind<double, D64> df;
  const V64 low = hn::Or(hn::And(bits, hn::Set(d, 0xffffffffu)), hn::Set(d, 0x4330000000000000u));
  const auto half_up = hn::Sub(hn::BitCast(df, low), hn::Set(df, 0x1p52 - 0.5));
  hn::StoreU(hn::Mul(half_up, hn::Set(df, 0x1p-32)), df, to);
}

// The four 32-bit draws of an entity are the low and high halves of its output words, in order.
HWY_INLINE void store_draws(V64 c0, V64 c1, const std::array<double*, 4>& columns, std::size_t k) {
  store_unit(c0, columns[0] + k);
  store_unit(hn::ShiftRight<32>(c0), columns[1] + k);
  store_unit(c1, columns[2] + k);
  store_unit(hn::ShiftRight<32>(c1), columns[3] + k);
}

void uniforms(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
              Stream stream, const std::array<double*, 4>& columns) {
  const D64 d;
  const std::size_t n = hn::Lanes(d);
  const V64 m_low = hn::Set(d, PHILOX_M2x64_0 & 0xffffffffu), m_high = hn::Set(d, PHILOX_M2x64_0 >> 32);
  const V64 word1 = hn::Set(d, rng.counter_word1(step, stream));
  const auto keys = [&rng](unsigned r) { return rng.philox_key() + r * PHILOX_W64_0; };  // the key grows by W64_0
  // Four vectors side by side: one vector's ten rounds are a chain of dependent instructions, and the
  // others give the processor independent work while each waits.
  std::size_t k = 0;
  for (; count - k >= 4 * n; k += 4 * n) {
    const V64 entity = hn::Add(hn::Set(d, first_entity + k), hn::Iota(d, 0));
    V64 a0 = entity, b0 = hn::Add(entity, hn::Set(d, n)), c0 = hn::Add(entity, hn::Set(d, 2 * n)),
        e0 = hn::Add(entity, hn::Set(d, 3 * n));
    V64 a1 = word1, b1 = word1, c1 = word1, e1 = word1;
    for (unsigned r = 0; r < r123::Philox2x64::rounds; ++r) {
      const V64 key = hn::Set(d, keys(r));
      philox_round(a0, a1, key, m_low, m_high);
      philox_round(b0, b1, key, m_low, m_high);
      philox_round(c0, c1, key, m_low, m_high);
      philox_round(e0, e1, key, m_low, m_high);
    }
    store_draws(a0, a1, columns, k);
    store_draws(b0, b1, columns, k + n);
    store_draws(c0, c1, columns, k + 2 * n);
    store_draws(e0, e1, columns, k + 3 * n);
  }
  for (; count - k >= n; k += n) {
    V64 c0 = hn::Add(hn::Set(d, first_entity + k), hn::Iota(d, 0)), c1 = word1;
    for (unsigned r = 0; r < r123::Philox2x64::rounds; ++r) philox_round(c0, c1, hn::Set(d, keys(r)), m_low, m_high);
    store_draws(c0, c1, columns, k);
  }
  // Fewer than a vector's lanes left: one at a time, so nothing past columns[c][count - 1] is written.
  for (; k < count; ++k) {
    const std::array<double, 4> u = rng.uniforms(first_entity + k, step, stream);
    for (std::size_t c = 0; c < 4; ++c) columns[c][k] = u[c];
  }
}

}  // namespace cdsim::core::block::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();
#endif

#if HWY_ONCE
namespace cdsim::core {
namespace block {

void uniforms_scalar(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                     Stream stream, const std::array<double*, 4>& columns) {
  for (std::size_t k = 0; k < count; ++k) {
    const std::array<double, 4> u = rng.uniforms(first_entity + k, step, stream);
    for (std::size_t c = 0; c < 4; ++c) columns[c][k] = u[c];
  }
}

Uniforms* uniforms_for(SimdTarget target) {
  // Highway's HWY_CHOOSE_* name a target's function, or null where the build did not compile it.
  switch (target) {
    case SimdTarget::scalar: return uniforms_scalar;
    case SimdTarget::emu128:
#if HWY_TARGETS & HWY_EMU128
      return &N_EMU128::uniforms;
#else
      return nullptr;
#endif
    case SimdTarget::neon: return HWY_CHOOSE_NEON(uniforms);
    case SimdTarget::sve: return HWY_CHOOSE_SVE(uniforms);
    case SimdTarget::sve2: return HWY_CHOOSE_SVE2(uniforms);
    case SimdTarget::sse4: return HWY_CHOOSE_SSE4(uniforms);
    case SimdTarget::avx2: return HWY_CHOOSE_AVX2(uniforms);
    case SimdTarget::avx512: return HWY_CHOOSE_AVX3(uniforms);
  }
  return nullptr;
}

}  // namespace block

void RandomStreams::uniforms_block(std::uint64_t first_entity, std::size_t count, std::uint64_t step, Stream stream,
                                   const std::array<double*, 4>& columns) const {
  static block::Uniforms* const kernel = block::uniforms_for(chosen_simd_target());
  kernel(*this, first_entity, count, step, stream, columns);
}

}  // namespace cdsim::core
#endif
