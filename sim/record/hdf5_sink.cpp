// Data flow: observations -> [HDF5 sink] -> results file (docs/results-format.md).
// Written with the HDF5 C API and its dimension scales (H5DS, via hdf5_util) so that netCDF-4, and
// through it xarray, R's ncdf4 and h5py, read the file without any cdsim code: every axis of every
// variable has a dimension scale, time has CF units, labels are variable-length UTF-8 strings.
#include "sim/record/hdf5_sink.hpp"


#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>
#include <cstdint>
#include <ctime>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include "sim/core/output_file.hpp"
#include "sim/record/hdf5_writing.hpp"
#include "sim/record/results_schema.hpp"

namespace cdsim::record {
namespace {

namespace fs = std::filesystem;
using h5::check;
using h5::describe;
using h5::Handle;
using h5::Types;
using h5::write_attribute;

/// The axes of the variables: coordinate datasets made dimension scales, open while the variables
/// laid along them are created.
struct Dimensions {
  Handle replicate, time, neighbourhood, age_group, state, from_state, to_state, request_outcome, cost_category;
};

constexpr const char* kFlowComment = "flow during the step ending at time; zero at time index 0";

/// Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention), so that two runs of the
/// same scenario can give byte-identical files.
std::string utc_now_iso() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  }
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string join(std::initializer_list<const char*> names) {
  std::string out;
  for (const char* n : names) {
    if (!out.empty()) out += ' ';
    out += n;
  }
  return out;
}

std::vector<std::int32_t> iota(std::size_t n, std::int32_t step) {
  std::vector<std::int32_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i) * step;
  return v;
}

void validate(const RunMetadata& meta) {
  auto require = [](bool ok, const char* message) {
    if (!ok) throw std::invalid_argument(std::string("results metadata: ") + message);
  };
  require(meta.steps >= 0 && meta.step_days > 0 && meta.replicates >= 0,
          "steps and replicates must be non-negative and step_days positive");
  const auto n = meta.neighbourhoods();
  require(
      meta.neighbourhood_x.size() == n && meta.neighbourhood_y.size() == n &&
          meta.deprivation_decile.size() == n,
      "neighbourhood_x, neighbourhood_y and deprivation_decile need one entry per neighbourhood");
  require(meta.neighbourhood_codes.empty() || meta.neighbourhood_codes.size() == n,
          "neighbourhood_codes needs one entry per neighbourhood, or none");
  require(meta.centroid_lon.size() == meta.centroid_lat.size() && (meta.centroid_lon.empty() || meta.centroid_lon.size() == n),
          "centroid_lon and centroid_lat need one entry per neighbourhood, or none");
  const auto& o = meta.outlines;
  std::int64_t nodes = 0, parts = 0;
  for (auto c : o.node_count) nodes += c;
  for (auto c : o.part_node_count) parts += c;
  require((o.node_count.empty() || o.node_count.size() == n) && o.part_node_count.size() == o.interior_ring.size() &&
              o.lon.size() == o.lat.size() && static_cast<std::int64_t>(o.lon.size()) == nodes && parts == nodes,
          "outline counts must add up: node_count per neighbourhood, part_node_count per ring, one lon and lat per position");
  require(meta.cost_agencies.size() == meta.cost_categories.size(),
          "cost_agencies needs one entry per cost category");
  require(meta.parameter_values.size() == meta.parameter_names.size() * static_cast<std::size_t>(meta.replicates),
          "parameter_values needs one value per replicate and parameter name");
  require(meta.policy_paid_by.size() == meta.policies.size() * meta.agencies.size(),
          "policy_paid_by needs one share per policy and agency");
  require(meta.incident_items.size() == meta.incident_types.size(), "incident_items needs one entry per incident type");
  require(meta.policy_staffed_by.size() == meta.policies.size(), "policy_staffed_by needs one entry per policy");
}

/// Outlines as a CF-1.8 polygon geometry (CF conventions, section 7.5): a scalar container naming the
/// ragged arrays, so CF-aware tools (cf_xarray, GDAL's netCDF driver) rebuild the shapes, while plain
/// readers use the counts directly.
void write_outlines(hid_t f, const RunMetadata::Outlines& o, hid_t neighbourhood) {
  namespace s = schema;
  Handle node = h5::numeric_dataset(f, s::kOutlineNode, iota(o.lon.size(), 1));
  describe(node.get(), "position in the outlines");
  h5::make_dimension(node.get(), s::kOutlineNode);
  Handle part = h5::numeric_dataset(f, s::kOutlinePart, iota(o.part_node_count.size(), 1));
  describe(part.get(), "ring of an outline (outer boundary or hole)");
  h5::make_dimension(part.get(), s::kOutlinePart);

  // A scalar: the container holds only attributes naming the arrays.
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "outline container");
  Handle dcpl = h5::dataset_properties(s::kOutline);
  Handle container(H5Dcreate2(f, s::kOutline, Types<std::int32_t>::file(), space.get(), H5P_DEFAULT, dcpl.get(),
                              H5P_DEFAULT),
                   H5Dclose, "outline container");
  const std::int32_t zero = 0;
  check(H5Dwrite(container.get(), Types<std::int32_t>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero),
        "writing the outline container");
  write_attribute(container.get(), "geometry_type", "polygon");
  write_attribute(container.get(), "node_count", s::kOutlineNodeCount);
  write_attribute(container.get(), "node_coordinates", std::string(s::kOutlineLon) + " " + s::kOutlineLat);
  write_attribute(container.get(), "part_node_count", s::kOutlinePartNodeCount);
  write_attribute(container.get(), "interior_ring", s::kOutlineInteriorRing);
  write_attribute(container.get(), "grid_mapping_name", "latitude_longitude");
  describe(container.get(), "neighbourhood outlines (CF-1.8 polygon geometry, WGS84)");

  Handle count = h5::numeric_dataset(f, s::kOutlineNodeCount, o.node_count);
  describe(count.get(), "positions in the neighbourhood's outline (all its rings); 0 without an outline");
  h5::attach_scales(count.get(), {neighbourhood}, s::kOutlineNodeCount);
  Handle part_count = h5::numeric_dataset(f, s::kOutlinePartNodeCount, o.part_node_count);
  describe(part_count.get(), "positions in the ring (closed: the last repeats the first)");
  Handle interior = h5::numeric_dataset(f, s::kOutlineInteriorRing, o.interior_ring);
  describe(interior.get(), "1 when the ring is a hole, 0 for an outer boundary");
  for (hid_t v : {part_count.get(), interior.get()}) h5::attach_scales(v, {part.get()}, "outline rings");
  Handle lon = h5::numeric_dataset(f, s::kOutlineLon, o.lon);
  describe(lon.get(), "longitude of an outline position (WGS84)", "degrees_east");
  write_attribute(lon.get(), "standard_name", "longitude");
  write_attribute(lon.get(), "axis", "X");
  Handle lat = h5::numeric_dataset(f, s::kOutlineLat, o.lat);
  describe(lat.get(), "latitude of an outline position (WGS84)", "degrees_north");
  write_attribute(lat.get(), "standard_name", "latitude");
  write_attribute(lat.get(), "axis", "Y");
  for (hid_t v : {lon.get(), lat.get()}) h5::attach_scales(v, {node.get()}, "outline positions");
}


/// The file's provenance attributes, written first so ncdump -h and xarray list them in this order.
void write_provenance(hid_t f, const RunMetadata& meta) {
  write_attribute(f, "format", schema::kFormat);
  write_attribute(f, "format_version", std::int32_t{schema::kFormatVersion});
  write_attribute(f, "cdsim_version", meta.cdsim_version.empty() ? "unknown" : meta.cdsim_version);
  write_attribute(f, "scenario_name", meta.scenario_name);
  write_attribute(f, "seed", std::uint64_t{meta.seed});
  write_attribute(f, "scenario_yaml", meta.scenario_yaml);
  write_attribute(f, "created_utc", utc_now_iso());
}

/// A dimension of string labels (age groups, states, policies, ...), made a dimension scale.
Handle write_labels(hid_t f, const char* name, const std::vector<std::string>& values, const char* long_name) {
  Handle ds = h5::string_dataset(f, name, values);
  describe(ds.get(), long_name);
  h5::make_dimension(ds.get(), name);
  return ds;
}

/// Dimensions: each a coordinate dataset of the same name, made a dimension scale.
Dimensions write_dimensions(hid_t f, const RunMetadata& meta) {
  namespace s = schema;
  Dimensions d;
  d.replicate = h5::numeric_dataset(f, s::kReplicate, iota(std::size_t(meta.replicates), 1));
  describe(d.replicate.get(), "replicate (independent run with its own random stream)");
  h5::make_dimension(d.replicate.get(), s::kReplicate);

  // CF time: integer days since the start date decode to dates in xarray and R.
  d.time = h5::numeric_dataset(f, s::kTime, iota(meta.times(), meta.step_days));
  write_attribute(d.time.get(), "units", "days since " + meta.start.iso());
  write_attribute(d.time.get(), "calendar", "proleptic_gregorian");
  write_attribute(d.time.get(), "standard_name", "time");
  write_attribute(d.time.get(), "long_name", "end of the step (entry 0 is the initial state)");
  h5::make_dimension(d.time.get(), s::kTime);

  d.neighbourhood = h5::numeric_dataset(f, s::kNeighbourhood, iota(meta.neighbourhoods(), 1));
  describe(d.neighbourhood.get(), "neighbourhood index");
  h5::make_dimension(d.neighbourhood.get(), s::kNeighbourhood);

  d.age_group = write_labels(f, s::kAgeGroup, meta.age_groups, "age group (years)");
  d.state = write_labels(f, s::kState, meta.states, "resident's state");
  d.from_state = write_labels(f, s::kFromState, meta.states, "state before the transition");
  d.to_state = write_labels(f, s::kToState, meta.states, "state after the transition");
  if (!meta.request_outcomes.empty())
    d.request_outcome = write_labels(f, s::kRequestOutcome, meta.request_outcomes, "sequel of a request for support");
  d.cost_category = write_labels(f, s::kCostCategory, meta.cost_categories, "cost category");
  return d;
}

/// Auxiliary coordinates: listed in the variables' "coordinates" attribute so xarray shows them
/// as coordinates, and given the scale of their dimension like any other variable. Returns that
/// attribute's value for the variables laid along neighbourhoods.
std::string write_neighbourhood_coordinates(hid_t f, const RunMetadata& meta, const Dimensions& d) {
  namespace s = schema;
  Handle name = h5::string_dataset(f, s::kNeighbourhoodName, meta.neighbourhood_names);
  describe(name.get(), "neighbourhood name");
  Handle x = h5::numeric_dataset(f, s::kX, meta.neighbourhood_x);
  describe(x.get(), "layout x of the neighbourhood centre");
  Handle y = h5::numeric_dataset(f, s::kY, meta.neighbourhood_y);
  describe(y.get(), "layout y of the neighbourhood centre");
  std::vector<std::int32_t> deciles(meta.deprivation_decile.begin(), meta.deprivation_decile.end());
  Handle decile = h5::numeric_dataset(f, s::kDeprivationDecile, deciles);
  describe(decile.get(), "deprivation decile (1 most deprived, 10 least)");
  Handle agency = h5::string_dataset(f, s::kCostAgency, meta.cost_agencies);
  describe(agency.get(), "agency that bears the cost");
  for (hid_t aux : {name.get(), x.get(), y.get(), decile.get()}) {
    h5::attach_scales(aux, {d.neighbourhood.get()}, "neighbourhood coordinates");
  }
  h5::attach_scales(agency.get(), {d.cost_category.get()}, s::kCostAgency);
  // Codes and centroids from public data: coordinates too, so xarray users join on codes.
  std::string hood_coordinates = join({s::kNeighbourhoodName, s::kX, s::kY, s::kDeprivationDecile});
  if (!meta.neighbourhood_codes.empty()) {
    Handle code = h5::string_dataset(f, s::kNeighbourhoodCode, meta.neighbourhood_codes);
    describe(code.get(), "official area code (ONS GSS code, e.g. E01000001; empty when not given)");
    h5::attach_scales(code.get(), {d.neighbourhood.get()}, s::kNeighbourhoodCode);
    hood_coordinates += std::string(" ") + s::kNeighbourhoodCode;
  }
  if (!meta.centroid_lon.empty()) {
    Handle lon = h5::numeric_dataset(f, s::kCentroidLon, meta.centroid_lon);
    describe(lon.get(), "longitude of the neighbourhood's centroid (WGS84)", "degrees_east");
    write_attribute(lon.get(), "standard_name", "longitude");
    Handle lat = h5::numeric_dataset(f, s::kCentroidLat, meta.centroid_lat);
    describe(lat.get(), "latitude of the neighbourhood's centroid (WGS84)", "degrees_north");
    write_attribute(lat.get(), "standard_name", "latitude");
    for (hid_t aux : {lon.get(), lat.get()}) h5::attach_scales(aux, {d.neighbourhood.get()}, "centroid");
    hood_coordinates += std::string(" ") + s::kCentroidLon + " " + s::kCentroidLat;
  }
  if (!meta.outlines.node_count.empty()) write_outlines(f, meta.outlines, d.neighbourhood.get());
  return hood_coordinates;
}

}  // namespace

// -----------------------------------------------------------------------------------------------

struct Hdf5Sink::File {
  std::unique_ptr<core::OutputFile> disk;  // the temporary file, renamed over the target at commit
  // Sizes, to check each replicate's observations against the file's dimensions.
  std::size_t times = 0, neighbourhoods = 0, age_groups = 0, states = 0, request_outcomes = 0, cost_categories = 0,
              services = 0, policies = 0, stories = 0, care_home_ages = 0, children_statuses = 0, incident_types = 0;
  // Declared before the datasets so it is destroyed after them: they close before their file.
  Handle file;
  Handle residents, transitions, deaths, births, requests, cost;
  Handle waiting, served, engaged, isolated, informal_support;  // waiting, served: only with services
  Handle policy_spend, policy_reach;                             // only with policies
  Handle care_home_residents, care_home_admissions, care_home_waiting;  // only with care homes
  Handle children_services, child_crisis_entries, care_starts;   // children's services
  Handle police_incidents;                                       // only with police cost items
  Handle story_state, story_flags, story_age, story_female, story_neighbourhood;  // only with stories
  std::vector<bool> written;
  bool committed = false;

  void create(const RunMetadata& meta);
  // Each creates the variables named after it along the dimensions `d`; `hood_coordinates` is the
  // "coordinates" attribute of the variables laid along neighbourhoods.
  // residents, transitions, deaths, births, requests, cost:
  void create_counts_and_cost(const RunMetadata& meta, const Dimensions& d, const std::string& hood_coordinates);
  // engaged, isolated, informal_support:
  void create_by_neighbourhood(const RunMetadata& meta, const Dimensions& d, const std::string& hood_coordinates);
  void create_stories(const RunMetadata& meta, const Dimensions& d);   // story_*
  // children_services, child_crisis_entries, care_starts, police_incidents:
  void create_children_and_police(const RunMetadata& meta, const Dimensions& d, const std::string& hood_coordinates);
  void create_policies(const RunMetadata& meta, const Dimensions& d);  // policy_spend, policy_reach
  void create_services(const RunMetadata& meta, const Dimensions& d,   // waiting, served
                       const std::string& hood_coordinates);
  void write_parameter_draws(const RunMetadata& meta, const Dimensions& d);  // parameter, all replicates at once
  void create_care_homes(const RunMetadata& meta, const Dimensions& d);  // care_home_*
  void write_image();  // closes the in-memory file and writes its bytes to the temporary file
};

void Hdf5Sink::File::create(const RunMetadata& meta) {
  const hid_t f = file.get();
  write_provenance(f, meta);
  const Dimensions d = write_dimensions(f, meta);
  const std::string hood_coordinates = write_neighbourhood_coordinates(f, meta, d);
  create_counts_and_cost(meta, d, hood_coordinates);
  create_by_neighbourhood(meta, d, hood_coordinates);
  create_children_and_police(meta, d, hood_coordinates);
  if (meta.stories > 0) create_stories(meta, d);
  // Policies and services exist only when the scenario has some: a zero-length dimension can't be chunked.
  if (!meta.policies.empty()) create_policies(meta, d);
  if (!meta.services.empty()) create_services(meta, d, hood_coordinates);
  if (!meta.care_home_ages.empty()) create_care_homes(meta, d);
  if (!meta.parameter_names.empty()) write_parameter_draws(meta, d);
}

void Hdf5Sink::File::write_parameter_draws(const RunMetadata& meta, const Dimensions& d) {
  namespace s = schema;
  const hid_t f = file.get();
  Handle name = write_labels(f, s::kParameterName, meta.parameter_names, "uncertain scenario key");
  const std::vector<hsize_t> dims{hsize_t(meta.replicates), meta.parameter_names.size()};
  Handle dcpl = h5::dataset_properties(s::kParameter);
  Handle ds = h5::create_dataset(f, s::kParameter, Types<double>::file(), dims, dcpl.get());
  h5::check(H5Dwrite(ds.get(), Types<double>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, meta.parameter_values.data()),
            "writing parameter");
  describe(ds.get(), "the replicate's draw of the key (the value the run used)");
  h5::attach_scales(ds.get(), {d.replicate.get(), name.get()}, s::kParameter);
}

// Variables, all with a leading replicate axis.
void Hdf5Sink::File::create_counts_and_cost(const RunMetadata& meta, const Dimensions& d, const std::string& hood_coordinates) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), N = meta.neighbourhoods(),
                A = meta.age_groups.size(), S = meta.states.size(), C = meta.cost_categories.size();
  const hid_t i32 = Types<std::int32_t>::file();

  residents = h5::create_variable(f, s::kResidents, i32, {R, T, N, A, S});
  describe(residents.get(), "alive residents", "residents");
  write_attribute(residents.get(), "coordinates", hood_coordinates);
  h5::attach_scales(
      residents.get(),
      {d.replicate.get(), d.time.get(), d.neighbourhood.get(), d.age_group.get(), d.state.get()},
      s::kResidents);

  transitions = h5::create_variable(f, s::kTransitions, i32, {R, T, S, S});
  describe(transitions.get(), "residents moving from from_state to to_state", "residents");
  write_attribute(transitions.get(), "comment", kFlowComment);
  h5::attach_scales(transitions.get(),
                    {d.replicate.get(), d.time.get(), d.from_state.get(), d.to_state.get()},
                    s::kTransitions);

  deaths = h5::create_variable(f, s::kDeaths, i32, {R, T, S});
  describe(deaths.get(), "deaths by state at death", "residents");
  write_attribute(deaths.get(), "comment", kFlowComment);
  h5::attach_scales(deaths.get(), {d.replicate.get(), d.time.get(), d.state.get()}, s::kDeaths);

  births = h5::create_variable(f, s::kBirths, i32, {R, T});
  describe(births.get(), "births", "residents");
  write_attribute(births.get(), "comment", kFlowComment);
  h5::attach_scales(births.get(), {d.replicate.get(), d.time.get()}, s::kBirths);

  if (const hsize_t O = meta.request_outcomes.size(); O > 0) {  // a zero-length dimension can't be chunked
    requests = h5::create_variable(f, s::kRequests, i32, {R, T, A, O});
    describe(requests.get(), "requests for adult social care support by sequel", "requests");
    write_attribute(requests.get(), "comment",
                    std::string(kFlowComment) + "; adults entering support who asked the council (0-17: none)");
    h5::attach_scales(requests.get(), {d.replicate.get(), d.time.get(), d.age_group.get(), d.request_outcome.get()},
                      s::kRequests);
  }

  cost = h5::create_variable(f, s::kCost, Types<double>::file(), {R, T, C});
  describe(cost.get(), "public spending in the step", "pounds");
  write_attribute(cost.get(), "comment", kFlowComment);
  write_attribute(cost.get(), "coordinates", std::string(s::kCostAgency));
  h5::attach_scales(cost.get(), {d.replicate.get(), d.time.get(), d.cost_category.get()}, s::kCost);
}

// Community model stocks and flows by neighbourhood.
void Hdf5Sink::File::create_by_neighbourhood(const RunMetadata& meta, const Dimensions& d,
                                             const std::string& hood_coordinates) {
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), N = meta.neighbourhoods();
  auto by_neighbourhood = [&](Handle& variable, const char* name, const char* long_name, const char* comment) {
    variable = h5::create_variable(f, name, Types<std::int32_t>::file(), {R, T, N});
    describe(variable.get(), long_name, "residents");
    if (comment != nullptr) write_attribute(variable.get(), "comment", comment);
    write_attribute(variable.get(), "coordinates", hood_coordinates);
    h5::attach_scales(variable.get(), {d.replicate.get(), d.time.get(), d.neighbourhood.get()}, name);
  };
  by_neighbourhood(engaged, schema::kEngaged, "residents engaged with a community asset", nullptr);
  by_neighbourhood(isolated, schema::kIsolated, "isolated residents (too few living ties)",
                   "counted during the step ending at time; zero at time index 0");
  by_neighbourhood(informal_support, schema::kInformalSupport,
                   "residents with support needs helped by an independent tie",
                   "counted during the step ending at time; zero at time index 0");
}

// Children's social care (expected stocks and starts) and the police's incidents, by neighbourhood.
void Hdf5Sink::File::create_children_and_police(const RunMetadata& meta, const Dimensions& d,
                                                const std::string& hood_coordinates) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), N = meta.neighbourhoods(),
                S = meta.children_statuses.size(), I = meta.incident_types.size();
  Handle status = write_labels(f, s::kChildrenStatus, meta.children_statuses,
                               "children's social care status (DfE's counts: children in need include plans and care)");
  children_services = h5::create_variable(f, s::kChildrenServices, Types<double>::file(), {R, T, N, S});
  describe(children_services.get(), "children aged 0-17 known to children's social care, by status (expected)",
           "children");
  write_attribute(children_services.get(), "coordinates", hood_coordinates);
  h5::attach_scales(children_services.get(), {d.replicate.get(), d.time.get(), d.neighbourhood.get(), status.get()},
                    s::kChildrenServices);
  child_crisis_entries = h5::create_variable(f, s::kChildCrisisEntries, Types<std::int32_t>::file(), {R, T, N});
  describe(child_crisis_entries.get(), "residents aged 0-17 entering crisis", "residents");
  care_starts = h5::create_variable(f, s::kCareStarts, Types<double>::file(), {R, T, N});
  describe(care_starts.get(), "children taken into care (expected)", "children");
  for (Handle* variable : {&child_crisis_entries, &care_starts}) {
    write_attribute(variable->get(), "comment", kFlowComment);
    write_attribute(variable->get(), "coordinates", hood_coordinates);
    h5::attach_scales(variable->get(), {d.replicate.get(), d.time.get(), d.neighbourhood.get()}, "children's flows");
  }
  if (I == 0) return;  // a zero-length dimension can't be chunked
  Handle type = write_labels(f, s::kIncidentType, meta.incident_types, "police incident (a cost item of the police)");
  police_incidents = h5::create_variable(f, s::kPoliceIncidents, Types<double>::file(), {R, T, N, I});
  describe(police_incidents.get(), "police incidents linked to need and crisis (expected)", "incidents");
  write_attribute(police_incidents.get(), "comment", kFlowComment);
  write_attribute(police_incidents.get(), "coordinates", hood_coordinates);
  h5::attach_scales(police_incidents.get(), {d.replicate.get(), d.time.get(), d.neighbourhood.get(), type.get()},
                    s::kPoliceIncidents);
}

// Sampled residents, when asked for (--record-residents).
void Hdf5Sink::File::create_stories(const RunMetadata& meta, const Dimensions& d) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), K = static_cast<hsize_t>(meta.stories);
  const hid_t i32 = Types<std::int32_t>::file();
  Handle story = h5::numeric_dataset(f, s::kStory, iota(K, 1));
  describe(story.get(), "sampled resident (the same residents in every replicate and scenario)");
  h5::make_dimension(story.get(), s::kStory);
  story_state = h5::create_variable(f, s::kStoryState, i32, {R, T, K});
  describe(story_state.get(), "state index of the sampled resident (see state); -1 when not alive", "1");
  story_flags = h5::create_variable(f, s::kStoryFlags, i32, {R, T, K});
  describe(story_flags.get(), "what the sampled resident is doing (CF flags)", "1");
  h5::write_flag_attributes(story_flags.get(), {kStoryWaiting, kStoryServed, kStoryEngaged, kStoryTeam, kStoryAcute, kStoryPrescribed,
                                                  kStoryCareHome, kStoryCareHomeWaiting},
                            kStoryFlagMeanings);
  for (Handle* variable : {&story_state, &story_flags}) {
    h5::attach_scales(variable->get(), {d.replicate.get(), d.time.get(), story.get()}, "story variables");
  }
  for (auto [variable, name, long_name] :
       {std::tuple{&story_age, s::kStoryAge, "age in whole years at time 0"},
        std::tuple{&story_female, s::kStoryFemale, "1 for female"},
        std::tuple{&story_neighbourhood, s::kStoryNeighbourhood, "neighbourhood index"}}) {
    *variable = h5::create_variable(f, name, i32, {R, K});
    describe(variable->get(), long_name, "1");
    h5::attach_scales(variable->get(), {d.replicate.get(), story.get()}, name);
  }
}

void Hdf5Sink::File::create_policies(const RunMetadata& meta, const Dimensions& d) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), P = meta.policies.size();
  Handle policy = write_labels(f, s::kPolicy, meta.policies, "policy (its name in the scenario)");
  Handle type = h5::string_dataset(f, s::kPolicyType, meta.policy_types);
  describe(type.get(), "policy type");
  h5::attach_scales(type.get(), {policy.get()}, s::kPolicyType);
  Handle staffed_by = h5::string_dataset(f, s::kPolicyStaffedBy, meta.policy_staffed_by);
  describe(staffed_by.get(), "agencies whose staff make up a place-based team, space-separated (empty: not said)");
  h5::attach_scales(staffed_by.get(), {policy.get()}, s::kPolicyStaffedBy);
  policy_spend = h5::create_variable(f, s::kPolicySpend, Types<double>::file(), {R, T, P});
  describe(policy_spend.get(), "policy spend in the step (negative: a saving)", "pounds");
  write_attribute(policy_spend.get(), "comment", kFlowComment);
  policy_reach = h5::create_variable(f, s::kPolicyReach, Types<std::int32_t>::file(), {R, T, P});
  describe(policy_reach.get(),
           "what the policy reaches now: residents in contact (teams, prescribing), places open (funds), "
           "places closed (closures and cuts)",
           "1");
  for (Handle* variable : {&policy_spend, &policy_reach}) {
    write_attribute(variable->get(), "coordinates", std::string(s::kPolicyType) + " " + s::kPolicyStaffedBy);
    h5::attach_scales(variable->get(), {d.replicate.get(), d.time.get(), policy.get()}, "policy variables");
  }
  // Who pays: each policy's shares by agency (the wrong pocket: one agency pays, another saves).
  Handle agency = write_labels(f, s::kAgency, meta.agencies, "agency (who pays)");
  Handle dcpl = h5::dataset_properties(s::kPolicyPaidBy);
  Handle paid_by = h5::create_dataset(f, s::kPolicyPaidBy, Types<double>::file(), {P, meta.agencies.size()}, dcpl.get());
  check(H5Dwrite(paid_by.get(), Types<double>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, meta.policy_paid_by.data()),
        "writing policy_paid_by");
  describe(paid_by.get(), "share of the policy's spend (or saving) each agency pays (or keeps)", "1");
  h5::attach_scales(paid_by.get(), {policy.get(), agency.get()}, s::kPolicyPaidBy);
}

void Hdf5Sink::File::create_services(const RunMetadata& meta, const Dimensions& d, const std::string& hood_coordinates) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), N = meta.neighbourhoods(), K = meta.services.size();
  Handle service = write_labels(f, s::kService, meta.services, "service with limited places");
  for (auto [variable, name, long_name] :
       {std::tuple{&waiting, s::kWaiting, "residents waiting for a place"},
        std::tuple{&served, s::kServed, "residents holding a place"}}) {
    *variable = h5::create_variable(f, name, Types<std::int32_t>::file(), {R, T, K, N});
    describe(variable->get(), long_name, "residents");
    write_attribute(variable->get(), "coordinates", hood_coordinates);
    h5::attach_scales(variable->get(), {d.replicate.get(), d.time.get(), service.get(), d.neighbourhood.get()}, name);
  }
}

// Care homes for residents aged 65+, borough-wide, when the scenario models them.
void Hdf5Sink::File::create_care_homes(const RunMetadata& meta, const Dimensions& d) {
  namespace s = schema;
  const hid_t f = file.get();
  const hsize_t R = hsize_t(meta.replicates), T = meta.times(), B = meta.care_home_ages.size();
  const hid_t i32 = Types<std::int32_t>::file();
  Handle band = write_labels(f, s::kCareHomeAge, meta.care_home_ages, "age band of care-home residents (years)");
  care_home_residents = h5::create_variable(f, s::kCareHomeResidents, i32, {R, T, B});
  describe(care_home_residents.get(), "residents aged 65+ living in a care home (self-funded or not)", "residents");
  care_home_admissions = h5::create_variable(f, s::kCareHomeAdmissions, i32, {R, T, B});
  describe(care_home_admissions.get(), "permanent care-home admissions (self-funded or not)", "residents");
  write_attribute(care_home_admissions.get(), "comment", kFlowComment);
  for (Handle* variable : {&care_home_residents, &care_home_admissions})
    h5::attach_scales(variable->get(), {d.replicate.get(), d.time.get(), band.get()}, "care-home variables");
  care_home_waiting = h5::create_variable(f, s::kCareHomeWaiting, i32, {R, T});
  describe(care_home_waiting.get(), "residents waiting for a care-home assessment or bed", "residents");
  h5::attach_scales(care_home_waiting.get(), {d.replicate.get(), d.time.get()}, s::kCareHomeWaiting);
}

void Hdf5Sink::File::write_image() {
  for (Handle* h : {&residents, &transitions, &deaths, &births, &requests, &cost, &waiting, &served, &engaged, &isolated,
                    &informal_support, &policy_spend, &policy_reach, &story_state, &story_flags, &story_age,
                    &story_female, &story_neighbourhood, &care_home_residents, &care_home_admissions,
                    &care_home_waiting, &children_services, &child_crisis_entries, &care_starts, &police_incidents})
    h->close("closing a variable");
  const std::vector<unsigned char> image = h5::file_image(file.get());
  file.close("closing the file");
  disk->write(image);
}

Hdf5Sink::Hdf5Sink(std::filesystem::path path, const RunMetadata& meta)
    : path_(std::move(path)), file_(std::make_unique<File>()) {
  validate(meta);
  // One switch for the process: errors become exceptions with HDF5's reason, not a printed stack.
  h5::silence_error_printing();

  File& f = *file_;
  f.times = meta.times();
  f.neighbourhoods = meta.neighbourhoods();
  f.age_groups = meta.age_groups.size();
  f.states = meta.states.size();
  f.request_outcomes = meta.request_outcomes.size();
  f.cost_categories = meta.cost_categories.size();
  f.services = meta.services.size();
  f.policies = meta.policies.size();
  f.stories = static_cast<std::size_t>(meta.stories);
  f.care_home_ages = meta.care_home_ages.size();
  f.children_statuses = meta.children_statuses.size();
  f.incident_types = meta.incident_types.size();
  f.written.assign(std::size_t(meta.replicates), false);

  // The temporary file is created now, so an unwritable place fails before the run, not after it.
  // The results are built in memory (HDF5's core driver) and written to it only at commit: HDF5 never
  // touches the disk, so a full disk or a vanished directory is one clear error from one write, not a
  // half-flushed file that HDF5 tries (and, at exit, crashes trying) to flush again.
  f.disk = std::make_unique<core::OutputFile>(path_, "results file");
  try {
    f.file = h5::create_memory_file(f.disk->temporary(), "creating the file in memory");
    f.create(meta);
  } catch (const std::exception& e) {
    file_.reset();  // closes every handle before the temporary file is removed
    throw std::runtime_error("writing results file '" + path_.string() + "': " + e.what());
  }
}

// The OutputFile removes its temporary file unless committed; the handles close before it.
Hdf5Sink::~Hdf5Sink() = default;

void Hdf5Sink::write_replicate(int replicate, const ReplicateObservations& obs) {
  if (!file_ || file_->committed) throw std::logic_error("Hdf5Sink::write_replicate after commit");
  File& f = *file_;
  const int replicates = static_cast<int>(f.written.size());
  if (replicate < 0 || replicate >= replicates) {
    throw std::invalid_argument("Hdf5Sink::write_replicate: replicate " +
                                std::to_string(replicate) + " outside 0.." +
                                std::to_string(replicates - 1));
  }
  if (f.written[std::size_t(replicate)]) {
    throw std::invalid_argument("Hdf5Sink::write_replicate: replicate " +
                                std::to_string(replicate) + " written twice");
  }
  const std::size_t T = f.times, N = f.neighbourhoods, A = f.age_groups, S = f.states, O = f.request_outcomes,
                    C = f.cost_categories, K = f.services, P = f.policies, Q = f.stories, B = f.care_home_ages;
  if (obs.residents.size() != T * N * A * S || obs.transitions.size() != T * S * S ||
      obs.deaths.size() != T * S || obs.births.size() != T || obs.requests.size() != T * A * O || obs.cost.size() != T * C ||
      obs.waiting.size() != T * K * N || obs.served.size() != T * K * N || obs.engaged.size() != T * N ||
      obs.isolated.size() != T * N || obs.informal_support.size() != T * N || obs.policy_spend.size() != T * P ||
      obs.policy_reach.size() != T * P || obs.story_state.size() != T * Q || obs.story_flags.size() != T * Q ||
      obs.story_age.size() != Q || obs.care_home_residents.size() != T * B || obs.care_home_admissions.size() != T * B ||
      obs.care_home_waiting.size() != (B > 0 ? T : 0) || obs.children_services.size() != T * N * f.children_statuses ||
      obs.child_crisis_entries.size() != T * N || obs.care_starts.size() != T * N ||
      obs.police_incidents.size() != T * N * f.incident_types) {
    throw std::invalid_argument("Hdf5Sink::write_replicate: observations of replicate " +
                                std::to_string(replicate) + " don't match the run's dimensions");
  }
  try {
    const auto r = hsize_t(replicate);
    const hid_t i32 = Types<std::int32_t>::memory();
    h5::write_slab(f.residents.get(), r, i32, obs.residents.data(), schema::kResidents);
    h5::write_slab(f.transitions.get(), r, i32, obs.transitions.data(), schema::kTransitions);
    h5::write_slab(f.deaths.get(), r, i32, obs.deaths.data(), schema::kDeaths);
    h5::write_slab(f.births.get(), r, i32, obs.births.data(), schema::kBirths);
    if (O > 0) h5::write_slab(f.requests.get(), r, i32, obs.requests.data(), schema::kRequests);
    h5::write_slab(f.cost.get(), r, Types<double>::memory(), obs.cost.data(), schema::kCost);
    h5::write_slab(f.engaged.get(), r, i32, obs.engaged.data(), schema::kEngaged);
    h5::write_slab(f.isolated.get(), r, i32, obs.isolated.data(), schema::kIsolated);
    h5::write_slab(f.informal_support.get(), r, i32, obs.informal_support.data(), schema::kInformalSupport);
    h5::write_slab(f.children_services.get(), r, Types<double>::memory(), obs.children_services.data(),
                   schema::kChildrenServices);
    h5::write_slab(f.child_crisis_entries.get(), r, i32, obs.child_crisis_entries.data(), schema::kChildCrisisEntries);
    h5::write_slab(f.care_starts.get(), r, Types<double>::memory(), obs.care_starts.data(), schema::kCareStarts);
    if (f.incident_types > 0)
      h5::write_slab(f.police_incidents.get(), r, Types<double>::memory(), obs.police_incidents.data(),
                     schema::kPoliceIncidents);
    if (Q > 0) {
      h5::write_slab(f.story_state.get(), r, i32, obs.story_state.data(), schema::kStoryState);
      h5::write_slab(f.story_flags.get(), r, i32, obs.story_flags.data(), schema::kStoryFlags);
      h5::write_slab(f.story_age.get(), r, i32, obs.story_age.data(), schema::kStoryAge);
      h5::write_slab(f.story_female.get(), r, i32, obs.story_female.data(), schema::kStoryFemale);
      h5::write_slab(f.story_neighbourhood.get(), r, i32, obs.story_neighbourhood.data(), schema::kStoryNeighbourhood);
    }
    if (P > 0) {
      h5::write_slab(f.policy_spend.get(), r, Types<double>::memory(), obs.policy_spend.data(), schema::kPolicySpend);
      h5::write_slab(f.policy_reach.get(), r, i32, obs.policy_reach.data(), schema::kPolicyReach);
    }
    if (K > 0) {
      h5::write_slab(f.waiting.get(), r, i32, obs.waiting.data(), schema::kWaiting);
      h5::write_slab(f.served.get(), r, i32, obs.served.data(), schema::kServed);
    }
    if (B > 0) {
      h5::write_slab(f.care_home_residents.get(), r, i32, obs.care_home_residents.data(), schema::kCareHomeResidents);
      h5::write_slab(f.care_home_admissions.get(), r, i32, obs.care_home_admissions.data(), schema::kCareHomeAdmissions);
      h5::write_slab(f.care_home_waiting.get(), r, i32, obs.care_home_waiting.data(), schema::kCareHomeWaiting);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("writing results file '" + path_.string() + "': " + e.what());
  }
  f.written[std::size_t(replicate)] = true;
}

void Hdf5Sink::commit() {
  if (!file_ || file_->committed) throw std::logic_error("Hdf5Sink::commit called twice");
  File& f = *file_;
  const auto missing = std::find(f.written.begin(), f.written.end(), false);
  if (missing != f.written.end()) {
    throw std::runtime_error("results file '" + path_.string() + "' is incomplete: replicate " +
                             std::to_string(missing - f.written.begin()) + " was not written");
  }
  try {
    f.write_image();
  } catch (const core::OutputError&) {
    throw;  // already names the file and the reason
  } catch (const std::exception& e) {
    throw std::runtime_error("writing results file '" + path_.string() + "': " + e.what());
  }
  f.disk->commit();
  f.committed = true;
}

}  // namespace cdsim::record
