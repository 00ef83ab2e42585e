#include "models/place/social.hpp"

#include <algorithm>
#include <cmath>

namespace cdsim::model {
namespace {

using Household = std::vector<std::uint32_t>;

/// Pairs residents of one age group into couples, leaving a share `alone` of them on their own.
void pair_up(const std::vector<std::uint32_t>& people, double alone, const core::RandomStreams& rng,
             std::vector<Household>& out) {
  // Each draw makes a single (1 person) with chance q or a couple (2 people) otherwise, so a share
  // q / (q + 2 (1 - q)) of people live alone; q = 2 alone / (1 + alone) makes that share `alone`.
  const double q = 2 * alone / (1 + alone);
  for (std::size_t k = 0; k < people.size(); ++k) {
    const double u = rng.uniforms(people[k], 0, core::Stream::household)[0];
    if (u >= q && k + 1 < people.size()) {
      out.push_back({people[k], people[k + 1]});
      ++k;
    } else {
      out.push_back({people[k]});
    }
  }
}

/// Households stored one after another (members in their order of joining): one small vector per
/// household for millions of households would cost more than the network itself.
struct Households {
  std::vector<std::uint32_t> members;
  std::vector<std::size_t> start{0};  ///< household h is members[start[h], start[h + 1])
};

/// Households are formed one neighbourhood at a time: older residents and adults paired up, then
/// children placed with an adult of parenting age.
Households form_households(const Residents& residents, const std::vector<std::size_t>& first_of_neighbourhood,
                           const spec::ScenarioSpec& spec, const core::RandomStreams& rng) {
  Households out;
  out.members.reserve(residents.size());
  std::vector<Household> local;
  for (std::size_t hood = 0; hood + 1 < first_of_neighbourhood.size(); ++hood) {
    std::vector<std::uint32_t> children, adults, older;
    for (std::size_t i = first_of_neighbourhood[hood]; i < first_of_neighbourhood[hood + 1]; ++i) {
      const int age = age_years_of(residents.age_weeks[i]);
      (age < 18 ? children : age < 65 ? adults : older).push_back(static_cast<std::uint32_t>(i));
    }
    local.clear();
    pair_up(older, spec.households.older_living_alone, rng, local);
    pair_up(adults, spec.households.adults_living_alone, rng, local);
    // Children join a household with an adult of parenting age (20-54), chosen at random.
    std::vector<std::size_t> parents;
    for (std::size_t h = 0; h < local.size(); ++h) {
      const int age = age_years_of(residents.age_weeks[local[h].front()]);
      if (age >= 20 && age <= 54) parents.push_back(h);
    }
    for (const std::uint32_t child : children) {
      if (parents.empty()) {
        local.push_back({child});
        continue;
      }
      const double u = rng.uniforms(child, 0, core::Stream::household)[0];
      const auto pick = std::min(parents.size() - 1, static_cast<std::size_t>(u * static_cast<double>(parents.size())));
      local[parents[pick]].push_back(child);
    }
    for (const Household& h : local) {
      out.members.insert(out.members.end(), h.begin(), h.end());
      out.start.push_back(out.members.size());
    }
  }
  return out;
}

/// Calls tie(a, b) for each random tie drawn, in the same order every time: resident by resident,
/// near ties (in the resident's neighbourhood) then far ones (anywhere), none inside a household.
/// The draws (a few uniforms per tie, the build's main cost) are made in parallel a chunk of
/// residents at a time, and the calls then made in resident order, serially: `tie` may write anywhere.
template <class Tie>
void draw_ties(const std::vector<std::size_t>& first_of_neighbourhood, const std::vector<std::uint32_t>& household_of,
               const spec::ScenarioSpec& spec, const core::RandomStreams& rng, const core::Executor& executor,
               Tie&& tie) {
  struct Drawn {
    std::vector<std::uint32_t> from, to;
    void merge(const Drawn& other) {
      from.insert(from.end(), other.from.begin(), other.from.end());
      to.insert(to.end(), other.to.begin(), other.to.end());
    }
  };
  // A chunk's draws are held at once: a few megabytes, whatever the population.
  constexpr std::size_t kChunk = std::size_t{1} << 18;
  const std::size_t n = household_of.size();
  for (std::size_t chunk = 0; chunk < n; chunk += kChunk) {
    const Drawn drawn = executor.reduce<Drawn>(std::min(kChunk, n - chunk), [&](std::size_t b, std::size_t e, Drawn& d) {
      for (std::size_t i = chunk + b; i < chunk + e; ++i) {
        const auto hood = std::upper_bound(first_of_neighbourhood.begin(), first_of_neighbourhood.end(), i) - 1;
        const std::size_t begin = *hood, size = *(hood + 1) - begin;
        // Draw index k counts this resident's uniforms; the step field carries it at step 0.
        std::uint64_t k = 0;
        auto next = [&] { return rng.uniforms(i, k++, core::Stream::network)[0]; };
        const int near = poisson_quantile(spec.network.neighbour_ties, next());
        const int far = poisson_quantile(spec.network.friend_ties, next());
        for (int t = 0; t < near + far; ++t) {
          const bool local = t < near;
          const std::size_t pool = local ? size : n, offset = local ? begin : 0;
          const auto j = static_cast<std::uint32_t>(
              offset + std::min(pool - 1, static_cast<std::size_t>(next() * static_cast<double>(pool))));
          if (j == i || household_of[j] == household_of[i]) continue;
          d.from.push_back(static_cast<std::uint32_t>(i));
          d.to.push_back(j);
        }
      }
    });
    for (std::size_t k = 0; k < drawn.from.size(); ++k) tie(drawn.from[k], drawn.to[k]);
  }
}

/// Each resident's random ties, sorted and without repeats: row i is
/// ties[(i == 0 ? 0 : row_end[i - 1]), row_end[i]).
struct RandomTies {
  std::vector<std::uint32_t> ties;
  std::vector<std::size_t> row_end;
  std::size_t kept = 0;  ///< ties in all rows (ties beyond this are left over from the draws)
};

/// Random ties, made mutual: every draw adds (a, b) and (b, a). The draws are made twice, to count
/// each resident's ties and then to place them, so the ties are held once as 4-byte ids in rows
/// (a counting sort) rather than as 8-byte pairs in a growing list: at millions of residents that
/// list was the largest allocation of the whole run.
RandomTies random_ties(const std::vector<std::size_t>& first_of_neighbourhood,
                       const std::vector<std::uint32_t>& household_of, const spec::ScenarioSpec& spec,
                       const core::RandomStreams& rng, const core::Executor& executor) {
  const std::size_t n = household_of.size();
  RandomTies out;
  auto& drawn = out.ties;
  auto& row_end = out.row_end;
  row_end.assign(n + 1, 0);  // first counts, then where each row's next tie goes
  draw_ties(first_of_neighbourhood, household_of, spec, rng, executor, [&](std::uint32_t a, std::uint32_t b) {
    ++row_end[a + 1];
    ++row_end[b + 1];
  });
  for (std::size_t i = 0; i < n; ++i) row_end[i + 1] += row_end[i];
  drawn.resize(row_end[n]);
  draw_ties(first_of_neighbourhood, household_of, spec, rng, executor, [&](std::uint32_t a, std::uint32_t b) {
    drawn[row_end[a]++] = b;
    drawn[row_end[b]++] = a;
  });
  // Each row now ends at row_end[i] and starts where the previous row ends. Sort each row, drop
  // repeats, and close the gaps left of it, so row_end[i] ends the row as the network stores it.
  std::size_t row_start = 0, kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto* const row = drawn.data() + row_start;
    auto* const stop = drawn.data() + row_end[i];
    std::sort(row, stop);
    auto* const unique_end = std::unique(row, stop);
    row_start = row_end[i];
    kept = static_cast<std::size_t>(std::copy(row, unique_end, drawn.data() + kept) - drawn.data());
    row_end[i] = kept;
  }
  out.kept = kept;
  return out;
}

}  // namespace

int poisson_quantile(double mean, double u) {
  // Inverse CDF by summing terms; means here are single digits, so a few terms suffice. The cap
  // bounds the loop when u is within rounding of 1.
  double term = std::exp(-mean), cdf = term;
  int k = 0;
  while (u > cdf && k < 1000) {
    ++k;
    term *= mean / k;
    cdf += term;
  }
  return k;
}

Network build_network(const Residents& residents, const std::vector<std::size_t>& first_of_neighbourhood,
                      const spec::ScenarioSpec& spec, const core::RandomStreams& rng,
                      const core::Executor& executor) {
  const std::size_t n = residents.size();
  const Households households = form_households(residents, first_of_neighbourhood, spec, rng);
  const auto& members = households.members;
  const auto& household_start = households.start;
  std::vector<std::uint32_t> household_of(n);
  for (std::size_t h = 0; h + 1 < household_start.size(); ++h)
    for (std::size_t k = household_start[h]; k < household_start[h + 1]; ++k)
      household_of[members[k]] = static_cast<std::uint32_t>(h);
  const RandomTies random = random_ties(first_of_neighbourhood, household_of, spec, rng, executor);

  Network network;
  network.reserve(n + n / 10, random.kept + 2 * n);
  std::vector<std::uint32_t> family, others;
  for (std::size_t i = 0; i < n; ++i) {
    family.clear();
    const std::size_t h = household_of[i];
    for (std::size_t k = household_start[h]; k < household_start[h + 1]; ++k)
      if (members[k] != i) family.push_back(members[k]);
    const std::size_t row_begin = i == 0 ? 0 : random.row_end[i - 1];
    others.assign(random.ties.data() + row_begin, random.ties.data() + random.row_end[i]);
    network.add_row(family, others);
  }
  network.mark_mutual();  // households are cliques and every random tie was added both ways
  return network;
}

}  // namespace cdsim::model
