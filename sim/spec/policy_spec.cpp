#include "sim/spec/policy_spec.hpp"

namespace cdsim::spec {

void ServiceClosureSpec::set_facility_defaults() {
  switch (facility) {
    case Facility::children_centre:  // surestart_hosp_age11_2019; effects grow from age 5 to 11-15
      effect = 0.18, lag_years = 5;
      break;
    case Facility::youth_club:  // youth_club_closure: +14% offending over 6 years
      effect = 0.14, lag_years = 6;
      break;
    case Facility::library:  // library_closures: no causal estimate of a health or care effect found
    case Facility::day_centre:  // day_centre_closures: no quantitative effect found
      effect = 0, lag_years = 1;
      break;
  }
}

std::array<int, 2> ServiceClosureSpec::ages() const {
  switch (facility) {
    case Facility::children_centre:
      return {0, 15};
    case Facility::youth_club:
      return {10, 17};
    case Facility::library:
      return {0, 200};
    case Facility::day_centre:
      return {65, 200};
  }
  return {0, 200};
}

}  // namespace cdsim::spec
