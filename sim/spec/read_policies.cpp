#include "sim/spec/read_policies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>

namespace cdsim::spec::detail {

namespace {

constexpr std::size_t kMaxPolicies = 1'000;
const std::vector<std::string_view> kCommonKeys = {"type", "name", "start", "end", "target", "paid_by"};

/// The keys of one policy type: the common ones, its word-valued key, its number fields.
/// The word key a policy's aim adds to its keys, or none.
constexpr const char* word_key(PolicyAim aim) {
  switch (aim) {
    case PolicyAim::facility: return "facility";
    case PolicyAim::service: return "service";
    case PolicyAim::neighbourhoods: return nullptr;
  }
  return nullptr;
}

template <class P>
std::vector<std::string_view> keys_of(const char* word_key) {
  std::vector<std::string_view> keys = kCommonKeys;
  if (word_key) keys.push_back(word_key);
  P scratch;
  scratch.fields([&](auto field) { keys.push_back(field.key); });
  if constexpr (std::is_same_v<P, PlaceTeamSpec>) keys.push_back("staffed_by");
  return keys;
}

template <class P>
void read_fields(YamlReader& r, const YAML::Node& item, const std::string& at, P& p) {
  p.fields([&](auto field) {
    using T = std::remove_reference_t<decltype(field.value)>;
    if constexpr (std::is_integral_v<T>) {
      r.read(item, at, field.key, Need::optional, field.value, static_cast<std::int64_t>(field.low),
             static_cast<std::int64_t>(field.high));
    } else {
      r.read(item, at, field.key, Need::optional, field.value, Bounds{field.low, field.high});
    }
  });
}

/// The `service:` of a threshold or budget cut: the name of one of the scenario's services.
void read_service_name(YamlReader& r, const YAML::Node& item, const std::string& at,
                       const std::vector<ServiceSpec>& services, std::string& out) {
  const auto node = r.find(item, at, "service", Need::required);
  if (!node) return;
  const std::string path = child_path(at, "service");
  const auto name = r.string(*node, path);
  if (!name) return;
  if (std::any_of(services.begin(), services.end(), [&](const ServiceSpec& s) { return s.name == *name; })) {
    out = *name;
    return;
  }
  std::vector<std::string_view> known;
  for (const auto& s : services) known.push_back(s.name);
  const std::string near = closest_key(*name, known);
  std::string listed;
  for (const auto& s : services) listed += (listed.empty() ? "" : ", ") + s.name;
  r.error(*node, path,
          fmt::format("no service '{}' in this scenario{} (services: {})", *name,
                      near.empty() ? "" : fmt::format("; did you mean '{}'?", near), listed.empty() ? "none" : listed));
}

void read_target(YamlReader& r, const YAML::Node& item, const std::string& at, const PopulationSpec& population,
                 PolicyTarget& target) {
  const auto node = r.find(item, at, "target");
  if (!node) return;  // every neighbourhood
  const std::string path = child_path(at, "target");
  const int count = static_cast<int>(population.neighbourhoods.size());
  if (node->IsScalar()) {
    if (node->Scalar() != "all") {
      r.error(*node, path,
              fmt::format("expected all, a list of neighbourhood names or {{most_deprived: K}}, got {}", describe(*node)));
    }
    target.kind = PolicyTarget::Kind::all;
  } else if (node->IsSequence()) {
    target.kind = PolicyTarget::Kind::listed;
    if (node->size() == 0) r.error(*node, path, "lists no neighbourhoods");
    std::size_t k = 0;
    for (const YAML::Node& entry : *node) {
      const std::string entry_path = item_path(path, k++);
      const auto name = r.string(entry, entry_path);
      if (!name) continue;
      const bool known = std::any_of(population.neighbourhoods.begin(), population.neighbourhoods.end(),
                                     [&](const NeighbourhoodSpec& n) { return n.name == *name; });
      if (!known) {
        std::vector<std::string_view> names;
        for (const auto& n : population.neighbourhoods) names.push_back(n.name);
        const std::string near = closest_key(*name, names);
        r.error(entry, entry_path,
                fmt::format("no neighbourhood '{}' in this borough{}", *name,
                            near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
      } else if (std::find(target.neighbourhoods.begin(), target.neighbourhoods.end(), *name) !=
                 target.neighbourhoods.end()) {
        r.error(entry, entry_path, fmt::format("neighbourhood '{}' is listed twice", *name));
      } else {
        target.neighbourhoods.push_back(*name);
      }
    }
  } else if (node->IsMap()) {
    target.kind = PolicyTarget::Kind::most_deprived;
    r.check_keys(*node, path, {"most_deprived"});
    r.read(*node, path, "most_deprived", Need::required, target.most_deprived, 1, std::max(count, 1));
  } else {
    r.error(*node, path,
            fmt::format("expected all, a list of neighbourhood names or {{most_deprived: K}}, got {}", describe(*node)));
  }
}

/// `paid_by`: one agency's name, or a map of agencies to shares that sum to 1.
void read_paid_by(YamlReader& r, const YAML::Node& item, const std::string& at, std::optional<AgencyShares>& out) {
  const auto node = r.find(item, at, "paid_by");
  if (!node) return;
  const std::string path = child_path(at, "paid_by");
  if (node->IsScalar()) {
    Agency agency{};
    if (r.read(item, at, "paid_by", Need::optional, agency, kAgencyNames)) out = only(agency);
    return;
  }
  if (!node->IsMap()) {
    return r.error(*node, path, fmt::format("expected an agency ({}) or a map of agencies to shares",
                                            one_of(kAgencyNames)));
  }
  const std::size_t before = r.error_count();
  std::vector<std::string_view> names(kAgencyNames.begin(), kAgencyNames.end());
  r.check_keys(*node, path, names);
  AgencyShares shares{};
  double sum = 0;
  for (std::size_t a = 0; a < kAgencyCount; ++a) {
    r.read(*node, path, kAgencyNames[a], Need::optional, shares[a], Bounds{0, 1});
    sum += shares[a];
  }
  if (r.error_count() != before) return;
  if (std::fabs(sum - 1) > 1e-6) {
    return r.error(*node, path, fmt::format("shares must sum to 1, got {:g}", sum));
  }
  out = shares;
}

/// `staffed_by` of a place-based team: a list of agencies, each once.
void read_staffed_by(YamlReader& r, const YAML::Node& item, const std::string& at, std::vector<Agency>& out) {
  const auto node = r.find(item, at, "staffed_by");
  if (!node) return;
  const std::string path = child_path(at, "staffed_by");
  if (!r.expect_list(*node, path)) return;
  std::size_t index = 0;
  for (const YAML::Node& word : *node) {
    const std::string word_path = item_path(path, index++);
    const auto agency = r.choice(word, word_path, kAgencyNames);
    if (!agency) continue;
    if (std::find(out.begin(), out.end(), static_cast<Agency>(*agency)) != out.end()) {
      r.error(word, word_path, fmt::format("agency '{}' is listed twice", kAgencyNames[*agency]));
      continue;
    }
    out.push_back(static_cast<Agency>(*agency));
  }
}

/// Days of the scenario's horizon: policies must start inside it.
long horizon_end_day(const ScenarioSpec& s) { return s.start.days_since_epoch() + 7L * s.step_count(); }

void check_dates(YamlReader& r, const YAML::Node& item, const std::string& at, const ScenarioSpec& s,
                 const PolicySpec& p) {
  const auto start_node = r.find(item, at, "start");
  if (!start_node) return;
  const long start = p.start.days_since_epoch();
  if (start < s.start.days_since_epoch()) {
    r.error(*start_node, child_path(at, "start"),
            fmt::format("is before the scenario starts ({}), got {}", s.start.iso(), p.start.iso()));
  } else if (start >= horizon_end_day(s)) {
    r.error(*start_node, child_path(at, "start"),
            fmt::format("is after the scenario ends ({} years from {}), got {}", s.years, s.start.iso(), p.start.iso()));
  }
  if (p.end && p.end->days_since_epoch() <= start) {
    r.error(*r.find(item, at, "end"), child_path(at, "end"),
            fmt::format("must be after the policy's start ({}), got {}", p.start.iso(), p.end->iso()));
  }
}

/// Two policies that would act on the same thing at the same time: same type, overlapping dates and
/// neighbourhoods, and (closures) the same facility or (thresholds, cuts) the same service.
bool collide(const PolicySpec& a, const PolicySpec& b, const PopulationSpec& population) {
  if (a.parameters.index() != b.parameters.index()) return false;
  const long a_end = a.end ? a.end->days_since_epoch() : LONG_MAX, b_end = b.end ? b.end->days_since_epoch() : LONG_MAX;
  if (a.start.days_since_epoch() >= b_end || b.start.days_since_epoch() >= a_end) return false;
  const auto same_aim = std::visit(
      [&](const auto& x) -> std::optional<bool> {
        using P = std::decay_t<decltype(x)>;
        if constexpr (P::kAim == PolicyAim::facility) {
          if (x.facility != std::get<P>(b.parameters).facility) return false;
        }
        if constexpr (P::kAim == PolicyAim::service) return x.service == std::get<P>(b.parameters).service;
        return std::nullopt;
      },
      a.parameters);
  if (same_aim) return *same_aim;
  const auto ta = target_neighbourhoods(a.target, population), tb = target_neighbourhoods(b.target, population);
  return std::any_of(ta.begin(), ta.end(), [&](int n) { return std::binary_search(tb.begin(), tb.end(), n); });
}

/// The parameters of a policy of type P: its number fields, and the facility or the service its
/// aim names.
template <class P>
PolicyParameters read_typed(YamlReader& r, const YAML::Node& item, const std::string& at, const ScenarioSpec& s) {
  P p;
  r.check_keys(item, at, keys_of<P>(word_key(P::kAim)));
  if constexpr (P::kAim == PolicyAim::facility) {
    r.read(item, at, "facility", Need::required, p.facility, kFacilityNames);
    p.set_facility_defaults();  // the facility's evidence, before any value the scenario gives
  }
  if constexpr (P::kAim == PolicyAim::service) read_service_name(r, item, at, s.services, p.service);
  read_fields(r, item, at, p);
  return p;
}

/// The parameters of a policy of type `type` (an index into kPolicyTypeNames and PolicyParameters).
template <std::size_t... I>
PolicyParameters read_parameters(YamlReader& r, const YAML::Node& item, const std::string& at, std::size_t type,
                                 const ScenarioSpec& s, std::index_sequence<I...>) {
  using Reader = PolicyParameters (*)(YamlReader&, const YAML::Node&, const std::string&, const ScenarioSpec&);
  static constexpr Reader readers[] = {&read_typed<std::variant_alternative_t<I, PolicyParameters>>...};
  return readers[type](r, item, at, s);
}

}  // namespace

void read_policies(YamlReader& r, const YAML::Node& list, const ScenarioSpec& s, std::vector<PolicySpec>& out) {
  const std::string path = "policies";
  if (!r.expect_list(list, path)) return;
  if (list.size() > kMaxPolicies) {
    return r.error(list, path, fmt::format("at most {} policies, got {}", kMaxPolicies, list.size()));
  }
  std::unordered_map<std::string, int> names_seen;
  std::array<int, kPolicyTypeNames.size()> of_type{};
  std::vector<std::size_t> read_at;  // list index of each policy in `out`
  std::size_t index = 0;
  for (const YAML::Node& item : list) {
    const std::string at = item_path(path, index++);
    if (!r.expect_map(item, at)) continue;
    // The common keys are read whatever the type, so one pass reports every problem.
    PolicySpec p;
    if (r.read(item, at, "start", Need::required, p.start)) {
      Date end;
      if (r.read(item, at, "end", Need::optional, end)) p.end = end;
      check_dates(r, item, at, s, p);
    }
    read_target(r, item, at, s.population, p.target);
    read_paid_by(r, item, at, p.paid_by);
    const auto type_node = r.find(item, at, "type", Need::required);
    if (!type_node) continue;
    const auto type_word = r.string(*type_node, child_path(at, "type"));
    if (!type_word) continue;
    const auto* found = std::find_if(kPolicyTypeNames.begin(), kPolicyTypeNames.end(),
                                     [&](const char* t) { return *type_word == t; });
    if (found == kPolicyTypeNames.end()) {
      const std::string near = closest_key(*type_word, {kPolicyTypeNames.begin(), kPolicyTypeNames.end()});
      r.error(*type_node, child_path(at, "type"),
              fmt::format("unknown policy type '{}'{} (known: {})", *type_word,
                          near.empty() ? "" : fmt::format("; did you mean '{}'?", near), one_of(kPolicyTypeNames)));
      continue;
    }
    const auto type = static_cast<std::size_t>(found - kPolicyTypeNames.begin());
    p.parameters =
        read_parameters(r, item, at, type, s, std::make_index_sequence<std::variant_size_v<PolicyParameters>>{});
    if (std::holds_alternative<PlaceTeamSpec>(p.parameters)) read_staffed_by(r, item, at, p.staffed_by);
    if (aim_of(p.parameters) == PolicyAim::service && p.target.kind != PolicyTarget::Kind::all) {
      r.error(*r.find(item, at, "target"), child_path(at, "target"),
              fmt::format("a {} acts on a borough-wide service; its target must be all", *type_word));
    }
    ++of_type[type];
    p.name = of_type[type] == 1 ? *type_word : fmt::format("{}_{}", *type_word, of_type[type]);
    if (const auto node = r.find(item, at, "name")) {
      if (const auto name = r.identifier(*node, child_path(at, "name"))) p.name = *name;
    }
    const YAML::Node where = r.find(item, at, "name").value_or(*type_node);
    if (const auto first = seen_before(names_seen, p.name, where)) {
      r.error(where, child_path(at, "name"), fmt::format("policy name '{}' is used twice{}", p.name, *first));
    }
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (collide(out[k], p, s.population)) {
        r.error(item, at,
                fmt::format("overlaps {} ('{}'): same type, neighbourhoods and dates; combine them into one policy "
                            "or make their dates or targets not overlap",
                            item_path(path, read_at[k]), out[k].name));
        break;
      }
    }
    out.push_back(std::move(p));
    read_at.push_back(index - 1);
  }
}

}  // namespace cdsim::spec::detail
