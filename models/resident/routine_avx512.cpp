// Data flow: engine -> [resident step, in blocks] -> the routine week, eight residents per vector.
// The build targets plain x86-64, so this kernel is compiled for AVX-512 by a function attribute and
// chosen at run time. Each line mirrors a line of screen() in routine_week.hpp: a two-way choice there
// ([0] or [1] of a RoutineChoices pair) is a blend or a masked multiply here, a table lookup a gather.
// Masked multiplies leave a lane as it is where the scalar code multiplies by 1, which is the same
// number. The build turns off fused multiply-adds (CMakeLists.txt), which would round differently.
#include "models/resident/routine_avx512.hpp"

#include <array>
#include <bit>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/core/cpu.hpp"

namespace cdsim::model::avx512 {

#if defined(__x86_64__)

namespace {

#define CDSIM_AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq")))

/// Eight columns entries from `column + i`, widened to 32-bit lanes; lanes outside `valid` read 0.
CDSIM_AVX512 inline __m256i load_u8(__mmask8 valid, const void* column) {
  return _mm256_cvtepu8_epi32(_mm_maskz_loadu_epi8(valid, column));
}
CDSIM_AVX512 inline __m256i load_u16(__mmask8 valid, const std::uint16_t* column) {
  return _mm256_cvtepu16_epi32(_mm_maskz_loadu_epi16(valid, column));
}
/// pair[1] where `when`, else pair[0].
CDSIM_AVX512 inline __m512d choose(__mmask8 when, const std::array<double, 2>& pair) {
  return _mm512_mask_blend_pd(when, _mm512_set1_pd(pair[0]), _mm512_set1_pd(pair[1]));
}

}  // namespace

CDSIM_AVX512 std::size_t routine_block(std::size_t first, std::size_t count, const BlockUniforms& u,
                                       const RuleParameters& p, const StepContext& ctx, const RoutineChoices& c,
                                       const ResidentInputs& in, const ResidentOutputs& out, RoutineCounts& counts,
                                       std::uint32_t* others) {
  static_assert(sizeof(ExitRow) % sizeof(double) == 0, "rows are gathered in steps of doubles");
  constexpr int kRowStride = sizeof(ExitRow) / sizeof(double);
  const double* hazard = ctx.hazards.rows()->hazard.data();  // row r's hazard[k] is hazard[r * kRowStride + k]
  const double* birth = ctx.hazards.birth_probabilities();
  const int* decile_of = ctx.decile_of_neighbourhood.data();
  const double* informal = ctx.tables.informal_multiplier.data();
  const double* service_factor = ctx.tables.service_multiplier.data();
  const auto services = static_cast<int>(ctx.tables.request_below.size());
  const __m256i zero = _mm256_setzero_si256(), lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m512d one = _mm512_set1_pd(1.0);

  std::size_t n_others = 0;
  for (std::size_t k = 0; k < count; k += 8) {
    const std::size_t i = first + k;
    const auto valid = static_cast<__mmask8>(count - k >= 8 ? 0xff : (1u << (count - k)) - 1);
    const __m256i state = load_u8(valid, out.state + i);
    const __mmask8 alive = valid & _mm256_cmpneq_epi32_mask(state, _mm256_set1_epi32(static_cast<int>(State::dead)));
    const __mmask8 independent = _mm256_cmpeq_epi32_mask(state, zero);
    const __mmask8 support = _mm256_cmpeq_epi32_mask(state, _mm256_set1_epi32(static_cast<int>(State::support)));
    const __mmask8 crisis = _mm256_cmpeq_epi32_mask(state, _mm256_set1_epi32(static_cast<int>(State::crisis)));
    // age_years_of: (weeks * 1256) >> 16.
    const __m256i age =
        _mm256_srli_epi32(_mm256_mullo_epi32(load_u16(valid, out.age_weeks + i), _mm256_set1_epi32(1256)), 16);
    const __m256i home = load_u16(valid, in.neighbourhood + i);
    const __m256i engaged_weeks = load_u16(valid, out.engaged_weeks + i);
    const __mmask8 engaged = _mm256_cmpneq_epi32_mask(engaged_weeks, zero);
    const __mmask8 in_episode = _mm256_cmpneq_epi32_mask(load_u8(valid, out.acute_weeks + i), zero);
    const __mmask8 female = _mm256_cmpneq_epi32_mask(load_u8(valid, in.female + i), zero);
    const __m512d u0 = _mm512_load_pd(&u.column[0][k]), u1 = _mm512_load_pd(&u.column[1][k]);
    const __m512d u2 = _mm512_load_pd(&u.column[2][k]), u3 = _mm512_load_pd(&u.column[3][k]);

    // Anything that could happen.
    const __m512d birth_p = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), alive, age, birth, 8);
    __mmask8 event = female & _mm512_cmp_pd_mask(u1, birth_p, _CMP_LT_OQ);
    event |= _mm512_cmp_pd_mask(u2, choose(~in_episode & ~crisis, c.acute_onset_below), _CMP_LT_OQ);
    if (p.programmes) event |= _mm256_cmpneq_epi32_mask(load_u8(valid, out.programme_weeks + i), zero);
    const __m512d asset_below = _mm512_mask_blend_pd(
        engaged, _mm512_mask_blend_pd(crisis, _mm512_set1_pd(c.asset_below[0]), _mm512_set1_pd(c.asset_below[1])),
        _mm512_mask_blend_pd(crisis, _mm512_set1_pd(c.asset_below[2]), _mm512_set1_pd(c.asset_below[3])));
    event |= _mm512_cmp_pd_mask(u3, asset_below, _CMP_LT_OQ);

    // The modifiers, in screen()'s order.
    __m512d m0 = one, m1 = choose(in_episode & ~crisis, c.acute_factor), m2 = one;
    if (p.place_effects) {
      const __m256i slot = _mm256_add_epi32(_mm256_mullo_epi32(home, _mm256_set1_epi32(kEffectAges)), age);
      const __m512d f = _mm512_mask_i32gather_pd(one, alive, slot, ctx.place_effect, 8);
      m0 = _mm512_mask_mul_pd(m0, independent, m0, f);
      m1 = _mm512_mask_mul_pd(m1, ~crisis, m1, f);
    }
    __mmask8 isolated = 0, informal_help = 0;
    if (p.network) {
      const TiesAtStart& ties = in.ties_at_start;
      __m256i tie_count = load_u16(valid, ties.living() + i);
      if (p.assets) {
        const __mmask8 connected = _mm256_cmpgt_epi32_mask(engaged_weeks, _mm256_set1_epi32(p.weeks_to_connect));
        tie_count = _mm256_mask_add_epi32(tie_count, connected, tie_count, _mm256_set1_epi32(p.connection_ties));
      }
      isolated = _mm256_cmple_epi32_mask(tie_count, _mm256_set1_epi32(p.isolation_threshold));
      const __mmask8 household = _mm256_cmpneq_epi32_mask(load_u8(valid, ties.household_crisis() + i), zero);
      m0 = _mm512_mask_mul_pd(m0, isolated & independent, m0, _mm512_set1_pd(c.isolation_onset_factor[1]));
      m2 = _mm512_mask_mul_pd(m2, isolated, m2, _mm512_set1_pd(c.isolation_mortality_factor[1]));
      m0 = _mm512_mask_mul_pd(m0, household & independent, m0, _mm512_set1_pd(c.household_factor[1]));
      m1 = _mm512_mask_mul_pd(m1, household & support, m1, _mm512_set1_pd(c.household_factor[1]));
      const __m256i helpers =
          _mm256_maskz_min_epi32(support, load_u16(valid, ties.independent() + i),
                                 _mm256_set1_epi32(p.informal_max_ties));
      informal_help = _mm256_cmpgt_epi32_mask(helpers, zero);
      m1 = _mm512_mul_pd(m1, _mm512_mask_i32gather_pd(one, alive, helpers, informal, 8));
    }
    if (p.capacity) {
      const __m256i status = _mm256_maskz_mov_epi32(support, load_u8(valid, out.service_status + i));
      const __m256i slot = _mm256_add_epi32(_mm256_mullo_epi32(status, _mm256_set1_epi32(services)),
                                            load_u8(valid, out.service + i));
      m1 = _mm512_mul_pd(m1, _mm512_mask_i32gather_pd(one, alive, slot, service_factor, 8));
    }
    const __mmask8 in_reablement = _mm256_cmpneq_epi32_mask(load_u8(valid, out.reablement_weeks + i), zero);
    const __m512d extra_recovery = choose(support & in_reablement, c.reablement_extra);

    // The exit, from the row HazardTable::index names.
    const __m256i decile = _mm256_mmask_i32gather_epi32(_mm256_set1_epi32(1), alive, home, decile_of, 4);
    const __m256i row = _mm256_add_epi32(
        _mm256_mullo_epi32(_mm256_add_epi32(_mm256_mullo_epi32(_mm256_sub_epi32(decile, _mm256_set1_epi32(1)),
                                                               _mm256_set1_epi32(kLivingStates)),
                                            state),
                           _mm256_set1_epi32(HazardTable::kAges)),
        age);
    const __m256i slot = _mm256_mullo_epi32(row, _mm256_set1_epi32(kRowStride));
    const __m512d h0 = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), alive, slot, hazard, 8);
    const __m512d h1 = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), alive, slot, hazard + 1, 8);
    const __m512d h2 = _mm512_mask_i32gather_pd(_mm512_setzero_pd(), alive, slot, hazard + 2, 8);
    const __m512d total = _mm512_add_pd(
        _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(h0, m0), extra_recovery), _mm512_mul_pd(h1, m1)),
        _mm512_mul_pd(h2, m2));
    event |= static_cast<__mmask8>(
        ~_mm512_cmp_pd_mask(u0, _mm512_mul_pd(total, _mm512_set1_pd(kAboveExitBound)), _CMP_GT_OQ));

    const auto routine = static_cast<__mmask8>(alive & ~event), full = static_cast<__mmask8>(alive & event);
    _mm256_mask_compressstoreu_epi32(others + n_others, full,
                                     _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(k)), lanes));
    n_others += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(full)));

    // Counted as the week began, before it moves on: count_routine's counts, by population counts of
    // the lanes when the eight share a neighbourhood (residents are stored neighbourhood by
    // neighbourhood, so nearly always), one resident at a time otherwise.
    const int home0 = _mm256_cvtsi256_si32(home);
    if (_mm256_mask_cmpneq_epi32_mask(routine, home, _mm256_set1_epi32(home0)) == 0) {
      const auto n = [](unsigned lanes) { return std::popcount(lanes); };
      const unsigned child = _mm256_cmplt_epi32_mask(age, _mm256_set1_epi32(18));
      const unsigned old = _mm256_cmpge_epi32_mask(age, _mm256_set1_epi32(65));
      const std::array<unsigned, kAgeGroups> by_group{child & routine, ~child & ~old & routine, old & routine};
      const std::array<unsigned, kLivingStates> by_state{independent, support, crisis};
      for (std::size_t g = 0; g < kAgeGroups; ++g) {
        for (std::size_t s = 0; s < kLivingStates; ++s) {
          counts.residents[(static_cast<std::size_t>(home0) * kAgeGroups + g) * kLivingStates + s] +=
              n(by_group[g] & by_state[s]);
        }
      }
      for (std::size_t s = 0; s < kLivingStates; ++s) counts.stays[s] += n(by_state[s] & routine);
      counts.engaged[home0] += n(engaged & routine);
      counts.isolated[home0] += n(isolated & routine);
      counts.informal_support[home0] += n(informal_help & routine);
      if (counts.waiting != nullptr) {
        // Few hold or wait for a place: those one at a time.
        const __mmask8 with_service =
            _mm256_mask_cmpneq_epi32_mask(routine, load_u8(valid, out.service_status + i), zero);
        for (unsigned bits = with_service; bits != 0; bits &= bits - 1) {
          const std::size_t r = i + static_cast<std::size_t>(std::countr_zero(bits));
          const std::size_t slot = out.service[r] * counts.hoods + static_cast<std::size_t>(home0);
          (out.service_status[r] == ServiceStatus::waiting ? counts.waiting : counts.served)[slot] += 1;
        }
      }
    } else {
      for (unsigned bits = routine; bits != 0; bits &= bits - 1) {
        const int lane = std::countr_zero(bits);
        const std::size_t r = i + static_cast<std::size_t>(lane);
        count_routine({out.state[r], in.neighbourhood[r], age_years_of(out.age_weeks[r]), out.service_status[r],
                       out.service[r], out.engaged_weeks[r] > 0, ((isolated >> lane) & 1) != 0,
                       ((informal_help >> lane) & 1) != 0},
                      counts);
      }
    }
    // The routine week: saturating steps, stored only for routine residents.
    const __m128i one16 = _mm_set1_epi16(1), one8 = _mm_set1_epi8(1);
    _mm_mask_storeu_epi16(out.weeks_in_state + i, routine,
                          _mm_adds_epu16(_mm_maskz_loadu_epi16(routine, out.weeks_in_state + i), one16));
    _mm_mask_storeu_epi8(out.reablement_weeks + i, routine,
                         _mm_subs_epu8(_mm_maskz_loadu_epi8(routine, out.reablement_weeks + i), one8));
    _mm_mask_storeu_epi8(out.acute_weeks + i, routine,
                         _mm_subs_epu8(_mm_maskz_loadu_epi8(routine, out.acute_weeks + i), one8));
    if (p.assets) {
      _mm_mask_storeu_epi16(out.engaged_weeks + i, routine & engaged,
                            _mm_adds_epu16(_mm_maskz_loadu_epi16(routine, out.engaged_weeks + i), one16));
    }
    if (p.ageing) {
      const __m128i age_weeks = _mm_maskz_loadu_epi16(routine, out.age_weeks + i);
      const __mmask8 younger = _mm_cmplt_epu16_mask(age_weeks, _mm_set1_epi16(static_cast<short>(p.max_age_weeks)));
      _mm_mask_storeu_epi16(out.age_weeks + i, routine & younger, _mm_add_epi16(age_weeks, one16));
    }
  }
  return n_others;
}

#else

std::size_t routine_block(std::size_t, std::size_t, const BlockUniforms&, const RuleParameters&, const StepContext&,
                          const RoutineChoices&, const ResidentInputs&, const ResidentOutputs&, RoutineCounts&,
                          std::uint32_t*) {
  std::abort();  // never chosen: core::avx512_enabled() is false here
}

#endif

}  // namespace cdsim::model::avx512
