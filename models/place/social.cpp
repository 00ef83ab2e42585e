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
                      const spec::ScenarioSpec& spec, const core::RandomStreams& rng) {
  const std::size_t n = residents.size();
  std::vector<std::uint32_t> household_of(n);
  std::vector<Household> households;

  for (std::size_t hood = 0; hood + 1 < first_of_neighbourhood.size(); ++hood) {
    std::vector<std::uint32_t> children, adults, older;
    for (std::size_t i = first_of_neighbourhood[hood]; i < first_of_neighbourhood[hood + 1]; ++i) {
      const int age = age_years_of(residents.age_weeks[i]);
      (age < 18 ? children : age < 65 ? adults : older).push_back(static_cast<std::uint32_t>(i));
    }
    const std::size_t first_household = households.size();
    pair_up(older, spec.households.older_living_alone, rng, households);
    pair_up(adults, spec.households.adults_living_alone, rng, households);
    // Children join a household with an adult of parenting age (20-54), chosen at random.
    std::vector<std::size_t> parents;
    for (std::size_t h = first_household; h < households.size(); ++h) {
      const int age = age_years_of(residents.age_weeks[households[h].front()]);
      if (age >= 20 && age <= 54) parents.push_back(h);
    }
    for (const std::uint32_t child : children) {
      if (parents.empty()) {
        households.push_back({child});
        continue;
      }
      const double u = rng.uniforms(child, 0, core::Stream::household)[0];
      const auto pick = std::min(parents.size() - 1, static_cast<std::size_t>(u * static_cast<double>(parents.size())));
      households[parents[pick]].push_back(child);
    }
  }
  for (std::size_t h = 0; h < households.size(); ++h)
    for (const std::uint32_t member : households[h]) household_of[member] = static_cast<std::uint32_t>(h);

  // Random ties, made mutual: every draw adds (a, b) and (b, a).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::size_t hood = 0; hood + 1 < first_of_neighbourhood.size(); ++hood) {
    const std::size_t begin = first_of_neighbourhood[hood], size = first_of_neighbourhood[hood + 1] - begin;
    for (std::size_t i = begin; i < begin + size; ++i) {
      // Draw index k counts this resident's uniforms; the step field carries it at step 0.
      std::uint64_t k = 0;
      auto next = [&] { return rng.uniforms(i, k++, core::Stream::network)[0]; };
      const int near = poisson_quantile(spec.network.neighbour_ties, next());
      const int far = poisson_quantile(spec.network.friend_ties, next());
      for (int t = 0; t < near + far; ++t) {
        const bool local = t < near;
        const std::size_t pool = local ? size : n, offset = local ? begin : 0;
        const auto j = static_cast<std::uint32_t>(offset + std::min(pool - 1, static_cast<std::size_t>(next() * static_cast<double>(pool))));
        if (j == i || household_of[j] == household_of[i]) continue;
        edges.emplace_back(static_cast<std::uint32_t>(i), j);
        edges.emplace_back(j, static_cast<std::uint32_t>(i));
      }
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  Network network;
  network.reserve(n + n / 10, edges.size() + 2 * n);
  std::size_t e = 0;
  std::vector<std::uint32_t> family, others;
  for (std::size_t i = 0; i < n; ++i) {
    family.clear();
    others.clear();
    for (const std::uint32_t member : households[household_of[i]])
      if (member != i) family.push_back(member);
    for (; e < edges.size() && edges[e].first == i; ++e) others.push_back(edges[e].second);
    network.add_row(family, others);
  }
  network.mark_mutual();  // households are cliques and every random tie was added both ways
  return network;
}

}  // namespace cdsim::model
