#include "sim/spec/scenario_spec.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <limits>
#include <type_traits>
#include <variant>

namespace cdsim::spec {

int ScenarioSpec::step_count() const { return static_cast<int>(std::lround(years * 365.25 / 7)); }
int ScenarioSpec::burn_in_steps() const { return static_cast<int>(std::lround(burn_in_years * 365.25 / 7)); }

std::uint64_t ScenarioSpec::estimated_memory_bytes() const {
  // Computed in doubles so an absurd population (1e12 or more) saturates instead of wrapping round
  // to a small number that would pass the memory check.
  constexpr double kBytesPerResident = 16;  // the SoA resident columns
  constexpr double kBirthsPerResidentYear = 0.015;
  constexpr double kHeadroom = 1.1;
  const double residents = static_cast<double>(population.size) * (1 + kBirthsPerResidentYear * years) * kHeadroom;

  // One replicate of observations, as 4-byte counts: residents per neighbourhood x age group x state,
  // the 3x3 transitions, deaths by state and births; plus 8-byte costs. Twice: the recorder's buffer
  // and the sink's copy.
  const double times = step_count() + 1.0;
  const double counts_per_time = static_cast<double>(population.neighbourhoods.size()) * 3 * 3 + 9 + 3 + 1;
  const double observations = 2 * (times * counts_per_time * 4 + times * static_cast<double>(costs.size()) * 8);

  const double total = residents * kBytesPerResident + observations;
  constexpr double kLimit = 18446744073709551616.0;  // 2^64
  if (!(total < kLimit)) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(total);
}

std::vector<int> target_neighbourhoods(const PolicyTarget& target, const PopulationSpec& population) {
  const auto& hoods = population.neighbourhoods;
  std::vector<int> all(hoods.size());
  std::iota(all.begin(), all.end(), 0);
  switch (target.kind) {
    case PolicyTarget::Kind::all:
      return all;
    case PolicyTarget::Kind::listed: {
      std::vector<int> out;
      for (int n : all) {
        if (std::find(target.neighbourhoods.begin(), target.neighbourhoods.end(), hoods[n].name) !=
            target.neighbourhoods.end())
          out.push_back(n);
      }
      return out;
    }
    case PolicyTarget::Kind::most_deprived: {
      std::stable_sort(all.begin(), all.end(), [&](int a, int b) {
        return hoods[a].deprivation_decile < hoods[b].deprivation_decile;
      });
      all.resize(std::min<std::size_t>(all.size(), static_cast<std::size_t>(std::max(target.most_deprived, 0))));
      std::sort(all.begin(), all.end());
      return all;
    }
  }
  return all;
}

AgencyShares paid_by_of(const PolicySpec& policy, const ScenarioSpec& scenario) {
  if (policy.paid_by) return *policy.paid_by;
  auto service_agency = [&](const std::string& name) {
    for (const auto& service : scenario.services)
      if (service.name == name) return only(service.agency);
    return only(Agency::council_adult_care);
  };
  return std::visit(
      [&](const auto& p) -> AgencyShares {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, ServiceClosureSpec>) {
          switch (p.facility) {
            case Facility::children_centre:
            case Facility::youth_club: return only(Agency::council_children);
            case Facility::library: return only(Agency::council_other);
            case Facility::day_centre: return only(Agency::council_adult_care);
          }
          return only(Agency::council_other);
        } else if constexpr (std::is_same_v<P, SocialPrescribingSpec>) {
          return only(Agency::nhs);
        } else if constexpr (P::kAim == PolicyAim::service) {
          return service_agency(p.service);
        } else {
          return only(Agency::council_adult_care);
        }
      },
      policy.parameters);
}

}  // namespace cdsim::spec
