// Data flow: scenario YAML -> [read_community] -> the community sections of ScenarioSpec.
// Readers for households, network, assets, services, reablement, acute, requests and children's services, used by load_scenario.cpp.
// Internal to sim/spec. Each reads one top-level key's value into the defaults already in place:
// keys left out keep them; problems are recorded in the reader and reading carries on.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/spec/scenario_spec.hpp"
#include "sim/spec/yaml_reader.hpp"

namespace cdsim::spec::detail {

/// At most this many services: each is a cost category and an index in a byte-wide resident column.
inline constexpr std::size_t kMaxServices = 100;

void read_households(YamlReader& r, const YAML::Node& map, HouseholdSpec& h);
void read_network(YamlReader& r, const YAML::Node& map, NetworkSpec& n);
void read_assets(YamlReader& r, const YAML::Node& map, AssetSpec& a);
/// A list given replaces the default list. `costs` are the scenario's cost items, already read: a
/// service shares the results' cost categories with them, so its name must differ from theirs.
void read_services(YamlReader& r, const YAML::Node& list, const std::vector<CostItem>& costs,
                   std::vector<ServiceSpec>& out);
void read_reablement(YamlReader& r, const YAML::Node& map, ReablementSpec& re);
void read_care_homes(YamlReader& r, const YAML::Node& map, CareHomeSpec& c);
void read_acute(YamlReader& r, const YAML::Node& map, AcuteSpec& a);
void read_requests(YamlReader& r, const YAML::Node& map, RequestSpec& q);
void read_childrens_services(YamlReader& r, const YAML::Node& map, ChildrensServicesSpec& c);

}  // namespace cdsim::spec::detail
