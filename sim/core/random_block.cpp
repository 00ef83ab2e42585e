// Data flow: engine -> [resident step, in blocks] -> RandomStreams::uniforms_block -> here. The build
// targets plain x86-64, so the AVX-512 kernel is compiled for AVX-512 by a function attribute and
// chosen at run time. It repeats r123's Philox2x64-10 and the scalar conversion to doubles exactly,
// so results files do not depend on which kernel ran.
#include "sim/core/random_block.hpp"

#include <algorithm>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/core/cpu.hpp"

namespace cdsim::core {
namespace block {

void uniforms_scalar(const RandomStreams& rng, std::uint64_t first_entity, std::size_t count, std::uint64_t step,
                     Stream stream, const std::array<double*, 4>& columns) {
  for (std::size_t k = 0; k < count; ++k) {
    const std::array<double, 4> u = rng.uniforms(first_entity + k, step, stream);
    for (std::size_t c = 0; c < 4; ++c) columns[c][k] = u[c];
  }
}

#if defined(__x86_64__)

#pragma GCC diagnostic push
#if !defined(__clang__)
// GCC 12's AVX-512 intrinsics trip -W(maybe-)uninitialized on their own don't-care operands once
// inlined (GCC bug 105593); silenced for the kernel alone.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

struct Product {
  __m512i hi, lo;
};

// The 128-bit products x * m of eight 64-bit lanes (r123's mulhilo64). AVX-512 multiplies only
// 32 x 32 -> 64, so from the four partial products of the 32-bit halves; neither running sum can
// overflow 64 bits, as each adds a value below 2^32 to one at most (2^32 - 1)^2.
[[gnu::target("avx512f")]] inline Product mulhilo(__m512i x, __m512i m_low, __m512i m_high) {
  const __m512i x_high = _mm512_srli_epi64(x, 32);
  const __m512i ll = _mm512_mul_epu32(x, m_low);
  const __m512i lh = _mm512_mul_epu32(x, m_high);
  const __m512i hl = _mm512_mul_epu32(x_high, m_low);
  const __m512i hh = _mm512_mul_epu32(x_high, m_high);
  const __m512i mid = _mm512_add_epi64(lh, _mm512_srli_epi64(ll, 32));
  const __m512i mid2 = _mm512_add_epi64(hl, _mm512_and_epi64(mid, _mm512_set1_epi64(0xffffffff)));
  const __m512i hi = _mm512_add_epi64(hh, _mm512_add_epi64(_mm512_srli_epi64(mid, 32), _mm512_srli_epi64(mid2, 32)));
  // Low word: the low half of mid2 above the low half of ll (odd 32-bit elements from mid2's even ones).
  const __m512i lo = _mm512_mask_shuffle_epi32(ll, 0xaaaa, mid2, _MM_PERM_CDAB);
  return {hi, lo};
}

// (double(bits) + 0.5) * 2^-32 of eight 32-bit values, as the scalar draw computes it: both steps
// are exact, so the vector instructions give the same doubles.
[[gnu::target("avx512f")]] inline __m512d unit(__m256i bits) {
  return _mm512_mul_pd(_mm512_add_pd(_mm512_cvtepu32_pd(bits), _mm512_set1_pd(0.5)), _mm512_set1_pd(0x1p-32));
}

// The draws of entities first .. first + 8 * V - 1, of which the first `count` (at most 8 * V) are
// stored, entity k's c-th uniform at columns[c][k]. One vector's ten rounds are a chain of dependent
// instructions; V vectors side by side give the CPU independent work while each waits.
template <int V>
[[gnu::target("avx512f")]] inline void draw_vectors(std::uint64_t key, std::uint64_t word1, std::uint64_t first,
                                                    std::size_t count, const std::array<double*, 4>& columns) {
  constexpr std::uint64_t multiplier = PHILOX_M2x64_0;
  const __m512i m_low = _mm512_set1_epi64(static_cast<long long>(multiplier & 0xffffffff));
  const __m512i m_high = _mm512_set1_epi64(static_cast<long long>(multiplier >> 32));
  const __m512i lane = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
  __m512i c0[V], c1[V];
  for (int v = 0; v < V; ++v) {
    c0[v] = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(first + 8 * v)), lane);
    c1[v] = _mm512_set1_epi64(static_cast<long long>(word1));
  }
  // r123's round: (hi, lo) = M * c0, then c = {hi ^ key ^ c1, lo}; the key grows by W64_0 after each.
  for (unsigned r = 0; r < r123::Philox2x64::rounds; ++r, key += PHILOX_W64_0) {
    const __m512i k = _mm512_set1_epi64(static_cast<long long>(key));
    for (int v = 0; v < V; ++v) {
      const Product p = mulhilo(c0[v], m_low, m_high);
      c0[v] = _mm512_ternarylogic_epi64(p.hi, k, c1[v], 0x96);  // hi ^ k ^ c1
      c1[v] = p.lo;
    }
  }
  // The four 32-bit draws of an entity are the low and high halves of its output words, in order.
  for (int v = 0; v < V && 8 * static_cast<std::size_t>(v) < count; ++v) {
    const std::size_t left = count - 8 * static_cast<std::size_t>(v);
    const auto valid = static_cast<__mmask8>(left >= 8 ? 0xff : (1u << left) - 1);
    const __m512i halves[4] = {c0[v], _mm512_srli_epi64(c0[v], 32), c1[v], _mm512_srli_epi64(c1[v], 32)};
    for (std::size_t c = 0; c < 4; ++c)
      _mm512_mask_storeu_pd(columns[c] + 8 * v, valid, unit(_mm512_cvtepi64_epi32(halves[c])));
  }
}

}  // namespace

[[gnu::target("avx512f")]] void uniforms_avx512(const RandomStreams& rng, std::uint64_t first_entity,
                                                std::size_t count, std::uint64_t step, Stream stream,
                                                const std::array<double*, 4>& columns) {
  const std::uint64_t key = rng.philox_key();
  const std::uint64_t word1 = rng.counter_word1(step, stream);
  const auto from = [&](std::size_t i) {
    return std::array<double*, 4>{columns[0] + i, columns[1] + i, columns[2] + i, columns[3] + i};
  };
  // The engine's blocks of 64 in one go of eight vectors, the rest a vector at a time.
  std::size_t i = 0;
  for (; count - i >= 64; i += 64) draw_vectors<8>(key, word1, first_entity + i, 64, from(i));
  for (; i < count; i += 8) draw_vectors<1>(key, word1, first_entity + i, std::min<std::size_t>(count - i, 8), from(i));
}

#pragma GCC diagnostic pop

#endif

}  // namespace block

void RandomStreams::uniforms_block(std::uint64_t first_entity, std::size_t count, std::uint64_t step, Stream stream,
                                   const std::array<double*, 4>& columns) const {
#if defined(__x86_64__)
  if (avx512_enabled()) {
    block::uniforms_avx512(*this, first_entity, count, step, stream, columns);
    return;
  }
#endif
  block::uniforms_scalar(*this, first_entity, count, step, stream, columns);
}

}  // namespace cdsim::core
