#include "sim/spec/read_community.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace cdsim::spec::detail {

namespace {

/// [0, 1]: shares and weekly chances.
const Bounds kUnit{0, 1};

}  // namespace

void read_households(YamlReader& r, const YAML::Node& map, HouseholdSpec& h) {
  const std::string path = "households";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"older_living_alone", "adults_living_alone"});
  r.read(map, path, "older_living_alone", Need::optional, h.older_living_alone, kUnit);
  r.read(map, path, "adults_living_alone", Need::optional, h.adults_living_alone, kUnit);
}

void read_network(YamlReader& r, const YAML::Node& map, NetworkSpec& n) {
  const std::string path = "network";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path,
               {"neighbour_ties", "friend_ties", "isolation_threshold", "isolation_onset_multiplier",
                "isolation_mortality_multiplier", "informal_support_per_tie", "informal_support_max_ties",
                "household_crisis_multiplier", "help_chance", "carer_capacity", "carer_strain_multiplier"});
  r.read(map, path, "neighbour_ties", Need::optional, n.neighbour_ties, Bounds{0, 50});
  r.read(map, path, "friend_ties", Need::optional, n.friend_ties, Bounds{0, 50});
  r.read(map, path, "isolation_threshold", Need::optional, n.isolation_threshold, 0, 100);
  r.read(map, path, "isolation_onset_multiplier", Need::optional, n.isolation_onset_multiplier, Bounds{0, 100});
  r.read(map, path, "isolation_mortality_multiplier", Need::optional, n.isolation_mortality_multiplier,
         Bounds{0, 100});
  r.read(map, path, "informal_support_per_tie", Need::optional, n.informal_support_per_tie, Bounds{-2, 2});
  r.read(map, path, "informal_support_max_ties", Need::optional, n.informal_support_max_ties, 0, 100);
  r.read(map, path, "household_crisis_multiplier", Need::optional, n.household_crisis_multiplier, Bounds{0, 100});
  r.read(map, path, "help_chance", Need::optional, n.help_chance, kUnit);
  r.read(map, path, "carer_capacity", Need::optional, n.carer_capacity, 0, 100);
  r.read(map, path, "carer_strain_multiplier", Need::optional, n.carer_strain_multiplier, Bounds{0, 100});
}

void read_assets(YamlReader& r, const YAML::Node& map, AssetSpec& a) {
  const std::string path = "assets";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path,
               {"per_10k_residents", "places_per_asset", "join_weekly", "leave_weekly", "weeks_to_connect",
                "connection_ties"});
  r.read(map, path, "per_10k_residents", Need::optional, a.per_10k_residents, Bounds{0, 10'000});
  r.read(map, path, "places_per_asset", Need::optional, a.places_per_asset, 0, 100'000);
  r.read(map, path, "join_weekly", Need::optional, a.join_weekly, kUnit);
  r.read(map, path, "leave_weekly", Need::optional, a.leave_weekly, kUnit);
  r.read(map, path, "weeks_to_connect", Need::optional, a.weeks_to_connect, 0, 520);
  r.read(map, path, "connection_ties", Need::optional, a.connection_ties, 0, 100);
}

void read_services(YamlReader& r, const YAML::Node& list, const std::vector<CostItem>& costs,
                   std::vector<ServiceSpec>& out) {
  const std::string path = "services";
  if (!r.expect_list(list, path)) return;
  if (list.size() > kMaxServices) {
    return r.error(list, path, fmt::format("at most {} services, got {}", kMaxServices, list.size()));
  }
  std::vector<ServiceSpec> result;
  std::unordered_map<std::string, int> first_line;
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    const std::string at = item_path(path, index++);
    if (!r.expect_map(item, at)) continue;
    r.check_keys(item, at,
                 {"name", "request_share", "capacity_per_10k", "waiting_multiplier", "served_multiplier",
                  "cost_per_week", "agency"});
    ServiceSpec s;
    if (const auto node = r.find(item, at, "name", Need::required)) {
      const std::string name_path = child_path(at, "name");
      if (const auto name = r.identifier(*node, name_path)) {
        if (const auto where = seen_before(first_line, *name, *node)) {
          r.error(*node, name_path, fmt::format("service '{}' is listed twice{}", *name, *where));
        } else if (std::find(kPlacementCategoryNames.begin(), kPlacementCategoryNames.end(), *name) !=
                   kPlacementCategoryNames.end()) {
          r.error(*node, name_path,
                  fmt::format("'{}' is the cost category of children's placements (childrens_services); choose "
                              "another name",
                              *name));
        } else if (std::any_of(costs.begin(), costs.end(), [&](const CostItem& c) { return c.name == *name; })) {
          // Both name labels of the results' cost_category dimension.
          r.error(*node, name_path,
                  fmt::format("service '{}' has the same name as a cost item; cost categories must be unique",
                              *name));
        }
        s.name = *name;
      }
    }
    r.read(item, at, "request_share", Need::required, s.request_share, kUnit);
    r.read(item, at, "capacity_per_10k", Need::required, s.capacity_per_10k, Bounds{0});
    r.read(item, at, "waiting_multiplier", Need::optional, s.waiting_multiplier, Bounds{0, 100});
    r.read(item, at, "served_multiplier", Need::optional, s.served_multiplier, Bounds{0, 100});
    r.read(item, at, "cost_per_week", Need::optional, s.cost_per_week, Bounds{0});
    r.read(item, at, "agency", Need::optional, s.agency, kAgencyNames);
    result.push_back(std::move(s));
  }
  out = std::move(result);
}

void read_reablement(YamlReader& r, const YAML::Node& map, ReablementSpec& re) {
  const std::string path = "reablement";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"share", "weeks", "success"});
  r.read(map, path, "share", Need::optional, re.share, kUnit);
  r.read(map, path, "weeks", Need::optional, re.weeks, 0, 104);
  // Below 1: the model turns it into a weekly hazard -ln(1 - success) / weeks.
  r.read(map, path, "success", Need::optional, re.success, Bounds{0, 1, false, true});
}

void read_care_homes(YamlReader& r, const YAML::Node& map, CareHomeSpec& c) {
  const std::string path = "care_homes";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path,
               {"beds_per_10k", "admission_weekly_at_65", "admission_per_year_of_age", "assessment_weeks",
                "mortality_multiplier", "initial_share_65plus", "initial_share_85plus", "council_funded_share"});
  r.read(map, path, "beds_per_10k", Need::optional, c.beds_per_10k, Bounds{0, 10'000});
  r.read(map, path, "admission_weekly_at_65", Need::optional, c.admission_weekly_at_65, kUnit);
  // Up to doubling every 0.7 years of age: steeper than any care-home admission gradient.
  r.read(map, path, "admission_per_year_of_age", Need::optional, c.admission_per_year_of_age, Bounds{0, 1});
  // The queue entry's step and the assessment fit the 16-bit step columns of the residents.
  r.read(map, path, "assessment_weeks", Need::optional, c.assessment_weeks, 0, 104);
  r.read(map, path, "mortality_multiplier", Need::optional, c.mortality_multiplier, Bounds{0, 100});
  r.read(map, path, "initial_share_65plus", Need::optional, c.initial_share_65plus, kUnit);
  r.read(map, path, "initial_share_85plus", Need::optional, c.initial_share_85plus, kUnit);
  r.read(map, path, "council_funded_share", Need::optional, c.council_funded_share, kUnit);
}

void read_requests(YamlReader& r, const YAML::Node& map, RequestSpec& q) {
  const std::string path = "requests";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"ask_working_age", "ask_older", "universal"});
  r.read(map, path, "ask_working_age", Need::optional, q.ask_working_age, kUnit);
  r.read(map, path, "ask_older", Need::optional, q.ask_older, kUnit);
  r.read(map, path, "universal", Need::optional, q.universal, kUnit);
}

void read_acute(YamlReader& r, const YAML::Node& map, AcuteSpec& a) {
  const std::string path = "acute";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path, {"onset_weekly", "weeks", "multiplier"});
  r.read(map, path, "onset_weekly", Need::optional, a.onset_weekly, kUnit);
  r.read(map, path, "weeks", Need::optional, a.weeks, 0, 520);
  r.read(map, path, "multiplier", Need::optional, a.multiplier, Bounds{0, 100});
}

void read_childrens_services(YamlReader& r, const YAML::Node& map, ChildrensServicesSpec& c) {
  const std::string path = "childrens_services";
  if (!r.expect_map(map, path)) return;
  r.check_keys(map, path,
               {"in_need_share", "protection_share", "care_share", "protection_weeks", "care_weeks", "foster_share",
                "foster_week", "home_share", "home_week"});
  r.read(map, path, "in_need_share", Need::optional, c.in_need_share, kUnit);
  r.read(map, path, "protection_share", Need::optional, c.protection_share, kUnit);
  r.read(map, path, "care_share", Need::optional, c.care_share, kUnit);
  // At least a week: a stock kept week by week loses 1/weeks of itself each week.
  r.read(map, path, "protection_weeks", Need::optional, c.protection_weeks, Bounds{1, 5200});
  r.read(map, path, "care_weeks", Need::optional, c.care_weeks, Bounds{1, 5200});
  r.read(map, path, "foster_share", Need::optional, c.foster_share, kUnit);
  r.read(map, path, "foster_week", Need::optional, c.foster_week, Bounds{0, 1e6});
  r.read(map, path, "home_share", Need::optional, c.home_share, kUnit);
  r.read(map, path, "home_week", Need::optional, c.home_week, Bounds{0, 1e6});
  if (c.foster_share + c.home_share > 1 + 1e-9) {
    r.error(map, path,
            fmt::format("foster_share + home_share is the share of looked-after children in these placements and "
                        "must be at most 1, got {:g}",
                        c.foster_share + c.home_share));
  }
}

}  // namespace cdsim::spec::detail
