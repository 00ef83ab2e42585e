#include "models/children/childrens_services.hpp"

#include "models/resident/age.hpp"

namespace cdsim::model {

ChildrensServices::ChildrensServices(const spec::ScenarioSpec& spec, const World& world, const HazardTable& hazards,
                                     const std::vector<int>& decile_of_neighbourhood)
    : on_(spec.mechanisms.childrens_services), spec_(spec.childrens_services) {
  const std::size_t hoods = world.neighbourhoods.size();
  protection_.assign(hoods, 0.0);
  looked_after_.assign(hoods, 0.0);
  protection_started_.assign(hoods, 0.0);
  care_started_.assign(hoods, 0.0);
  if (!on_) return;
  std::vector<double> entries(hoods, 0.0);
  const auto& r = world.residents;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const int age = age_years_of(r.age_weeks[i]);
    if (r.state[i] != State::crisis || age >= 18) continue;
    const ExitRow& row = hazards.exits(State::crisis, age, decile_of_neighbourhood[r.neighbourhood[i]]);
    entries[r.neighbourhood[i]] += row.hazard[0] + row.hazard[1];  // to support, to independent
  }
  for (std::size_t n = 0; n < hoods; ++n) {
    protection_[n] = spec_.protection_share * entries[n] * spec_.protection_weeks;
    looked_after_[n] = spec_.care_share * entries[n] * spec_.care_weeks;
  }
}

void ChildrensServices::week(const std::vector<std::int32_t>& crisis_entries) {
  if (!on_) return;
  for (std::size_t n = 0; n < protection_.size(); ++n) {
    const double entered = crisis_entries[n];
    protection_started_[n] = spec_.protection_share * entered;
    care_started_[n] = spec_.care_share * entered;
    protection_[n] = protection_[n] * (1 - 1 / spec_.protection_weeks) + protection_started_[n];
    looked_after_[n] = looked_after_[n] * (1 - 1 / spec_.care_weeks) + care_started_[n];
  }
}

}  // namespace cdsim::model
