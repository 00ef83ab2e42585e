// Reads the whole file with the HDF5 C API into Results. Every failure becomes a ResultsError that
// names the file and says, in a facilitator's words, what is wrong and what to do.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "sim/core/isolated.hpp"
#include "sim/record/hdf5_lock.hpp"
#include "sim/record/results_schema.hpp"
#include "sim/record/results.hpp"

namespace cdsim::record {
namespace {

namespace fs = std::filesystem;
namespace schema = cdsim::record::schema;

/// Owns one HDF5 identifier.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  [[nodiscard]] hid_t get() const { return id_; }
  [[nodiscard]] bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// Reads one open file; `fail` prefixes every message with the file's name.
class Reader {
 public:
  Reader(hid_t file, std::string label) : file_(file), label_(std::move(label)) {}

  [[noreturn]] void fail(const std::string& why) const { throw ResultsError(label_ + ": " + why); }

  [[nodiscard]] bool has(const char* name) const { return H5Lexists(file_, name, H5P_DEFAULT) > 0; }

  [[nodiscard]] std::optional<std::string> string_attribute(hid_t object, const char* name) const {
    if (H5Aexists(object, name) <= 0) return std::nullopt;
    Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
    if (H5Tis_variable_str(type.get()) > 0) {
      Handle mem(string_type(), H5Tclose);
      char* text = nullptr;
      if (H5Aread(attr.get(), mem.get(), &text) < 0) fail(std::string("cannot read the attribute '") + name + "'");
      std::string out = text ? text : "";
      H5free_memory(text);
      return out;
    }
    std::string out(H5Tget_size(type.get()), '\0');
    Handle mem(H5Tcopy(type.get()), H5Tclose);
    if (H5Aread(attr.get(), mem.get(), out.data()) < 0) fail(std::string("cannot read the attribute '") + name + "'");
    out.resize(std::strlen(out.c_str()));
    return out;
  }

  template <class T>
  [[nodiscard]] std::optional<T> number_attribute(hid_t object, const char* name, hid_t mem_type) const {
    if (H5Aexists(object, name) <= 0) return std::nullopt;
    Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) return std::nullopt;
    T value{};
    if (H5Aread(attr.get(), mem_type, &value) < 0) return std::nullopt;
    return value;
  }

  [[nodiscard]] Handle open(const char* name) const {
    if (!has(name)) fail(std::string("has no variable '") + name + "'; is it a complete cdsim results file?");
    Handle d(H5Dopen2(file_, name, H5P_DEFAULT), H5Dclose);
    if (!d.valid()) fail(std::string("cannot open the variable '") + name + "' (the file may be corrupt)");
    return d;
  }

  [[nodiscard]] std::vector<hsize_t> shape(hid_t dataset) const {
    Handle space(H5Dget_space(dataset), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
  }

  /// Reads `name` as T, checking it has exactly `expected` dimensions.
  template <class T>
  std::vector<T> read(const char* name, hid_t mem_type, const std::vector<hsize_t>& expected) const {
    Handle d = open(name);
    const auto dims = shape(d.get());
    if (dims != expected) fail(std::string("the variable '") + name + "' has shape " + describe(dims) +
                               ", expected " + describe(expected) + " from its coordinates");
    std::vector<T> out(std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>()));
    if (!out.empty() && H5Dread(d.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      fail(std::string("cannot read the variable '") + name + "': the file is truncated or corrupt");
    }
    return out;
  }

  std::vector<std::string> read_strings(const char* name) const {
    Handle d = open(name);
    const auto dims = shape(d.get());
    if (dims.size() != 1) fail(std::string("the labels '") + name + "' are not one-dimensional");
    Handle type(H5Dget_type(d.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING) fail(std::string("the labels '") + name + "' are not text");
    std::vector<std::string> out;
    if (H5Tis_variable_str(type.get()) > 0) {
      std::vector<char*> raw(dims[0], nullptr);
      Handle mem(string_type(), H5Tclose);
      if (!raw.empty() && H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
        fail(std::string("cannot read the labels '") + name + "': the file is truncated or corrupt");
      }
      for (char* s : raw) {
        out.emplace_back(s ? s : "");
        H5free_memory(s);
      }
    } else {
      const std::size_t size = H5Tget_size(type.get());
      std::vector<char> raw(size * dims[0] + 1, '\0');
      Handle mem(H5Tcopy(type.get()), H5Tclose);
      if (H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
        fail(std::string("cannot read the labels '") + name + "'");
      }
      for (hsize_t i = 0; i < dims[0]; ++i) out.emplace_back(raw.data() + i * size, strnlen(raw.data() + i * size, size));
    }
    return out;
  }

  /// Names of the dimension scales attached to each axis of `dataset` ("" where none is attached).
  std::vector<std::string> dimension_names(hid_t dataset) const {
    const auto dims = shape(dataset);
    std::vector<std::string> names(dims.size());
    for (unsigned i = 0; i < dims.size(); ++i) {
      if (H5DSget_num_scales(dataset, i) <= 0) continue;
      H5DSiterate_scales(dataset, i, nullptr, &scale_name, &names[i]);
    }
    return names;
  }

  [[nodiscard]] hid_t file() const { return file_; }

 private:
  static hid_t string_type() {
    const hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
  }

  static herr_t scale_name(hid_t, unsigned, hid_t scale, void* out) {
    char buf[256] = {};
    H5Iget_name(scale, buf, sizeof buf);
    std::string name = buf;
    if (!name.empty() && name.front() == '/') name.erase(0, 1);
    *static_cast<std::string*>(out) = name;
    return 1;  // the first scale is the dimension
  }

  static std::string describe(const std::vector<hsize_t>& dims) {
    std::string s = "(";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + ")";
  }

  hid_t file_;
  std::string label_;
};

/// A temporary file of a cdsim writer for `path` (`NAME.XXXXXX.part`, core::OutputFile), if one exists.
std::optional<fs::path> temporary_beside(const fs::path& path) {
  std::error_code ec;
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  const std::string stem = path.filename().string() + ".";
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() == stem.size() + 11 && name.starts_with(stem) && name.ends_with(".part")) return it->path();
  }
  return std::nullopt;
}

void check_path(const fs::path& path) {
  const std::string label = path.string();
  std::error_code ec;
  if (path.extension() == ".part") {
    throw ResultsError(label + ": this is a results file still being written (cdsim writes FILE.h5 under a "
                                 "temporary name ending in .part and renames it when the run completes). Open "
                                 "FILE.h5 when the run has finished; a .part left from an interrupted run can be "
                                 "deleted.");
  }
  if (!fs::exists(path, ec)) {
    if (const auto part = temporary_beside(path)) {
      throw ResultsError(label + ": not there yet; " + part->string() +
                         " is still being written by cdsim. Open it when the run has finished.");
    }
    throw ResultsError(label + ": no such file");
  }
  if (fs::is_directory(path, ec)) throw ResultsError(label + ": is a folder, not a results file");
  if (fs::file_size(path, ec) == 0) throw ResultsError(label + ": the file is empty");
}

/// Codes and outlines, when the scenario came from public data (`cdsim borough`): the ragged arrays of
/// docs/results-format.md, checked to add up before they are used.
void read_public_data(const Reader& in, Results& out) {
  const hsize_t n = out.neighbourhoods.size();
  if (in.has(schema::kNeighbourhoodCode)) {
    const auto codes = in.read_strings(schema::kNeighbourhoodCode);
    if (codes.size() != n) in.fail("neighbourhood_code has a different length from neighbourhood");
    for (std::size_t i = 0; i < n; ++i) out.neighbourhoods[i].code = codes[i];
  }
  if (!in.has(schema::kOutlineNodeCount)) return;
  const auto node_count = in.read<std::int32_t>(schema::kOutlineNodeCount, H5T_NATIVE_INT32, {n});
  Handle parts_scale = in.open(schema::kOutlinePart);
  const auto parts = in.shape(parts_scale.get());
  Handle nodes_scale = in.open(schema::kOutlineNode);
  const auto nodes = in.shape(nodes_scale.get());
  if (parts.size() != 1 || nodes.size() != 1) in.fail("the outline dimensions are not one-dimensional");
  const auto part_count = in.read<std::int32_t>(schema::kOutlinePartNodeCount, H5T_NATIVE_INT32, parts);
  const auto interior = in.read<std::int32_t>(schema::kOutlineInteriorRing, H5T_NATIVE_INT32, parts);
  const auto lon = in.read<double>(schema::kOutlineLon, H5T_NATIVE_DOUBLE, nodes);
  const auto lat = in.read<double>(schema::kOutlineLat, H5T_NATIVE_DOUBLE, nodes);
  std::size_t node = 0, part = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (node_count[i] < 0) in.fail("outline_node_count is negative");
    const std::size_t end = node + static_cast<std::size_t>(node_count[i]);
    if (end > lon.size()) in.fail("outline_node_count adds up to more positions than the outlines hold");
    auto& hood = out.neighbourhoods[i];
    while (node < end) {
      if (part >= part_count.size() || part_count[part] < 1 || node + static_cast<std::size_t>(part_count[part]) > end) {
        in.fail("outline_part_node_count does not add up to outline_node_count");
      }
      std::vector<LonLat> ring;
      for (std::int32_t k = 0; k < part_count[part]; ++k, ++node) ring.push_back({lon[node], lat[node]});
      hood.rings.push_back(std::move(ring));
      hood.hole.push_back(interior[part] != 0);
      ++part;
    }
  }
}

void read_labels(const Reader& in, Results& out) {
  out.age_groups = in.read_strings(schema::kAgeGroup);
  out.states = in.read_strings(schema::kState);
  out.cost_categories = in.read_strings(schema::kCostCategory);
  out.cost_agencies = in.has(schema::kCostAgency) ? in.read_strings(schema::kCostAgency)
                                                  : std::vector<std::string>(out.cost_categories.size(), "all");
  if (out.cost_agencies.size() != out.cost_categories.size()) in.fail("cost_agency and cost_category differ in length");

  const auto names = in.read_strings(schema::kNeighbourhoodName);
  const hsize_t n = names.size();
  const auto x = in.read<double>(schema::kX, H5T_NATIVE_DOUBLE, {n});
  const auto y = in.read<double>(schema::kY, H5T_NATIVE_DOUBLE, {n});
  const auto decile = in.has(schema::kDeprivationDecile)
                          ? in.read<int>(schema::kDeprivationDecile, H5T_NATIVE_INT, {n})
                          : std::vector<int>(n, 0);
  for (std::size_t i = 0; i < n; ++i) out.neighbourhoods.push_back({names[i], x[i], y[i], decile[i], {}, {}, {}});
  read_public_data(in, out);

  Handle time = in.open(schema::kTime);
  const auto units = in.string_attribute(time.get(), "units").value_or("");
  const auto start = parse_days_since(units);
  if (!start) in.fail("the time axis has units '" + units + "', expected 'days since YYYY-MM-DD'");
  out.start = *start;
  const auto tdims = in.shape(time.get());
  if (tdims.size() != 1 || tdims[0] == 0) in.fail("the time axis is empty");
  out.time_days = in.read<int>(schema::kTime, H5T_NATIVE_INT, tdims);
  const auto rdims = in.shape(in.open(schema::kReplicate).get());
  if (rdims.size() != 1 || rdims[0] == 0) in.fail("the file holds no replicates");
  out.replicates = static_cast<int>(rdims[0]);
}

void read_variables(const Reader& in, Results& out) {
  const hsize_t r = out.replicates, t = out.time_days.size(), n = out.neighbourhoods.size();
  const hsize_t a = out.age_groups.size(), s = out.states.size(), c = out.cost_categories.size();
  const auto by_age = in.read<std::int32_t>(schema::kResidents, H5T_NATIVE_INT32, {r, t, n, a, s});
  // Checked before age groups are summed, where a negative count could hide in a positive sum.
  if (std::any_of(by_age.begin(), by_age.end(), [](std::int32_t v) { return v < 0; })) {
    in.fail(std::string(schema::kResidents) + " holds a negative count");
  }
  // Panels show states by place; summing age groups once here keeps every frame cheap.
  out.residents.assign(r * t * n * s, 0);
  for (std::size_t cell = 0; cell < r * t * n; ++cell) {
    for (std::size_t g = 0; g < a; ++g) {
      for (std::size_t k = 0; k < s; ++k) out.residents[cell * s + k] += by_age[(cell * a + g) * s + k];
    }
  }
  out.transitions = in.read<std::int32_t>(schema::kTransitions, H5T_NATIVE_INT32, {r, t, s, s});
  out.deaths = in.read<std::int32_t>(schema::kDeaths, H5T_NATIVE_INT32, {r, t, s});
  out.births = in.read<std::int32_t>(schema::kBirths, H5T_NATIVE_INT32, {r, t});
  out.cost = in.read<double>(schema::kCost, H5T_NATIVE_DOUBLE, {r, t, c});
  if (in.has(schema::kRequestOutcome)) {
    out.request_outcomes = in.read_strings(schema::kRequestOutcome);
    const hsize_t o = out.request_outcomes.size();
    const auto by_age = in.read<std::int32_t>(schema::kRequests, H5T_NATIVE_INT32, {r, t, a, o});
    if (std::any_of(by_age.begin(), by_age.end(), [](std::int32_t v) { return v < 0; })) {
      in.fail(std::string(schema::kRequests) + " holds a negative count");
    }
    out.requests.assign(r * t * o, 0);
    for (std::size_t cell = 0; cell < r * t; ++cell)
      for (std::size_t g = 0; g < a; ++g)
        for (std::size_t k = 0; k < o; ++k) out.requests[cell * o + k] += by_age[(cell * a + g) * o + k];
  }
  if (in.has(schema::kCareHomeAge)) {
    out.care_home_ages = in.read_strings(schema::kCareHomeAge);
    const hsize_t b = out.care_home_ages.size();
    const auto residents = in.read<std::int32_t>(schema::kCareHomeResidents, H5T_NATIVE_INT32, {r, t, b});
    const auto admissions = in.read<std::int32_t>(schema::kCareHomeAdmissions, H5T_NATIVE_INT32, {r, t, b});
    out.care_home_waiting = in.read<std::int32_t>(schema::kCareHomeWaiting, H5T_NATIVE_INT32, {r, t});
    const auto negative = [](const std::vector<std::int32_t>& v) {
      return std::any_of(v.begin(), v.end(), [](std::int32_t x) { return x < 0; });
    };
    if (negative(residents) || negative(admissions) || negative(out.care_home_waiting)) {
      in.fail("the care-home variables hold a negative count");
    }
    // The chart shows the borough's homes as a whole: bands summed once here.
    out.care_home_residents.assign(r * t, 0);
    out.care_home_admissions.assign(r * t, 0);
    for (std::size_t cell = 0; cell < r * t; ++cell)
      for (std::size_t k = 0; k < b; ++k) {
        out.care_home_residents[cell] += residents[cell * b + k];
        out.care_home_admissions[cell] += admissions[cell * b + k];
      }
  }
  if (in.has(schema::kPolicy)) {
    out.policies = in.read_strings(schema::kPolicy);
    out.policy_spend = in.read<double>(schema::kPolicySpend, H5T_NATIVE_DOUBLE, {r, t, out.policies.size()});
    if (in.has(schema::kPolicyPaidBy)) {
      out.paying_agencies = in.read_strings(schema::kAgency);
      out.policy_paid_by =
          in.read<double>(schema::kPolicyPaidBy, H5T_NATIVE_DOUBLE, {out.policies.size(), out.paying_agencies.size()});
    }
  }
  if (in.has(schema::kParameterName)) {
    out.parameter_names = in.read_strings(schema::kParameterName);
    out.parameters = in.read<double>(schema::kParameter, H5T_NATIVE_DOUBLE, {r, out.parameter_names.size()});
  }
}

bool is_known(const std::string& name) {
  static const char* const known[] = {schema::kResidents, schema::kTransitions, schema::kDeaths, schema::kBirths,
                                      schema::kCost, schema::kRequests, schema::kNeighbourhoodName, schema::kX, schema::kY,
                                      schema::kDeprivationDecile, schema::kCostAgency, schema::kCareHomeResidents,
                                      schema::kCareHomeAdmissions, schema::kCareHomeWaiting, schema::kParameter,
                                      schema::kPolicyPaidBy};
  return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return name == k; });
}

/// Variables added after this viewer was written: mapped when they run along replicate, time and
/// neighbourhood; sampled resident stories when named story_state. Others are ignored, as the
/// format promises readers may.
void read_extras(const Reader& in, Results& out) {
  std::vector<std::string> names;
  const H5L_iterate_t collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  // Creation order keeps the writer's variable order; files from other tools may not track it.
  if (H5Literate(in.file(), H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect, &names) < 0) {
    names.clear();
    H5Literate(in.file(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names);
  }
  for (const auto& name : names) {
    if (is_known(name)) continue;
    H5O_info_t info;
    if (H5Oget_info_by_name(in.file(), name.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET) continue;
    Handle d = in.open(name.c_str());
    if (H5DSis_scale(d.get()) > 0) continue;
    const auto dims = in.dimension_names(d.get());
    const auto shape = in.shape(d.get());
    if (dims.size() < 3 || dims[0] != schema::kReplicate || dims[1] != schema::kTime) continue;
    if (name == "story_state" && dims.size() == 3 && dims[2] == "story") {
      Stories st;
      st.count = static_cast<int>(shape[2]);
      st.state = in.read<std::int32_t>(name.c_str(), H5T_NATIVE_INT32, shape);
      out.stories = std::move(st);
      continue;
    }
    const auto at = std::find(dims.begin() + 2, dims.end(), std::string(schema::kNeighbourhood));
    if (at == dims.end()) continue;
    // Sum every dimension other than replicate, time and neighbourhood (e.g. service), wherever the
    // neighbourhood axis sits: waiting is (replicate, time, service, neighbourhood).
    const auto k = static_cast<std::size_t>(at - dims.begin());
    const std::size_t pre = std::accumulate(shape.begin() + 2, shape.begin() + k, std::size_t{1}, std::multiplies<>());
    const std::size_t post = std::accumulate(shape.begin() + k + 1, shape.end(), std::size_t{1}, std::multiplies<>());
    const std::size_t rt = shape[0] * shape[1];
    const std::size_t n = shape[k];
    const auto all = in.read<double>(name.c_str(), H5T_NATIVE_DOUBLE, shape);
    if (dims.back() == schema::kChildrenStatus && k + 2 == dims.size()) {
      // The statuses overlap (children in need include plans and care): one variable each, not a sum.
      const auto statuses = in.read_strings(schema::kChildrenStatus);
      if (statuses.size() != post) in.fail("children_status and children_services differ in length");
      const std::string units = in.string_attribute(d.get(), "units").value_or("");
      for (std::size_t l = 0; l < post; ++l) {
        const std::string& label = statuses[l];
        const std::string long_name = label == "child_in_need"           ? "children in need (expected)"
                                      : label == "child_protection_plan" ? "children on protection plans (expected)"
                                      : label == "looked_after"          ? "looked-after children (expected)"
                                                                         : label + " (children's social care)";
        NeighbourhoodVariable v{label, long_name, units,
                                std::vector<double>(rt * n, 0.0)};
        for (std::size_t cell = 0; cell < rt; ++cell)
          for (std::size_t j = 0; j < n; ++j) v.values[cell * n + j] = all[(cell * n + j) * post + l];
        out.extra.push_back(std::move(v));
      }
      continue;
    }
    NeighbourhoodVariable v{name, in.string_attribute(d.get(), "long_name").value_or(name),
                            in.string_attribute(d.get(), "units").value_or(""), std::vector<double>(rt * n, 0.0)};
    for (std::size_t cell = 0; cell < rt; ++cell) {
      for (std::size_t i = 0; i < pre; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          for (std::size_t l = 0; l < post; ++l) v.values[cell * n + j] += all[((cell * pre + i) * n + j) * post + l];
        }
      }
    }
    out.extra.push_back(std::move(v));
  }
}

/// Values no run can produce: refused with the variable's name, so a damaged or hand-made file is an
/// error rather than a map with no places, "£nan" or a time axis drawn backwards (docs/reliability.md).
void check_values(const Reader& in, const Results& out) {
  if (out.neighbourhoods.empty()) in.fail("has no neighbourhoods (the neighbourhood axis is empty): there is no map to draw");
  if (out.states.empty()) in.fail("has no states (the state axis is empty)");
  for (const auto& hood : out.neighbourhoods) {
    if (!std::isfinite(hood.x) || !std::isfinite(hood.y)) in.fail("x or y of neighbourhood '" + hood.name + "' is not a finite number");
    if (hood.deprivation_decile < 0 || hood.deprivation_decile > 10) {
      in.fail("deprivation_decile of neighbourhood '" + hood.name + "' is " + std::to_string(hood.deprivation_decile) +
              ", not a decile from 1 to 10");
    }
    for (const auto& ring : hood.rings) {
      for (const auto& [lon, lat] : ring) {
        if (!(std::abs(lon) <= 180) || !(std::abs(lat) <= 90)) {
          in.fail("outline_lon or outline_lat of neighbourhood '" + hood.name + "' is not a longitude and latitude");
        }
      }
    }
  }
  for (std::size_t t = 1; t < out.time_days.size(); ++t) {
    if (out.time_days[t] <= out.time_days[t - 1]) {
      in.fail("time does not increase: entry " + std::to_string(t) + " is day " + std::to_string(out.time_days[t]) +
              ", after day " + std::to_string(out.time_days[t - 1]));
    }
  }
  const auto counts = [&](const char* name, const std::vector<std::int32_t>& values) {
    const auto bad = std::find_if(values.begin(), values.end(), [](std::int32_t v) { return v < 0; });
    if (bad != values.end()) in.fail(std::string(name) + " holds a negative count (" + std::to_string(*bad) + ")");
  };
  counts(schema::kTransitions, out.transitions);
  counts(schema::kDeaths, out.deaths);
  counts(schema::kBirths, out.births);
  const auto finite = [&](const std::string& name, const std::vector<double>& values) {
    if (!std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
      in.fail(name + " holds a value that is not a finite number (NaN or infinite)");
    }
  };
  finite(schema::kCost, out.cost);
  finite(schema::kPolicySpend, out.policy_spend);
  finite(schema::kParameter, out.parameters);
  finite(schema::kPolicyPaidBy, out.policy_paid_by);
  for (const auto& v : out.extra) finite(v.name, v.values);
  if (out.stories) {
    const auto states = static_cast<std::int32_t>(out.states.size());
    if (!std::all_of(out.stories->state.begin(), out.stories->state.end(),
                     [&](std::int32_t s) { return s >= -1 && s < states; })) {
      in.fail("story_state holds a value that is neither a state index nor -1 (not alive)");
    }
  }
}

}  // namespace

int Results::state_index(const std::string& name) const {
  const auto it = std::find(states.begin(), states.end(), name);
  return it == states.end() ? -1 : static_cast<int>(it - states.begin());
}

std::vector<std::string> Results::agencies() const {
  std::vector<std::string> out;
  for (const auto& a : cost_agencies) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  for (std::size_t a = 0; a < paying_agencies.size(); ++a) {
    bool pays = false;
    for (std::size_t p = 0; p < policies.size(); ++p) pays |= policy_paid_by[p * paying_agencies.size() + a] != 0;
    if (pays && std::find(out.begin(), out.end(), paying_agencies[a]) == out.end()) out.push_back(paying_agencies[a]);
  }
  return out;
}

double Results::paid_share(std::size_t p, const std::string& agency) const {
  if (policy_paid_by.empty()) return agency == "council" ? 1.0 : 0.0;
  const auto at = std::find(paying_agencies.begin(), paying_agencies.end(), agency);
  if (at == paying_agencies.end()) return 0.0;
  return policy_paid_by[p * paying_agencies.size() + static_cast<std::size_t>(at - paying_agencies.begin())];
}

namespace {

Results read_in_this_process(const fs::path& path) {
  check_path(path);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported as ResultsError, not printed

  const std::string label = path.string();
  if (H5Fis_hdf5(label.c_str()) <= 0) {
    throw ResultsError(label + ": not an HDF5 file (is it a cdsim results file? it may be truncated or corrupt)");
  }
  Handle file(H5Fopen(label.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) throw ResultsError(label + ": cannot be opened as HDF5; the file is truncated or corrupt");
  Reader in(file.get(), label);

  Results out;
  out.path = path;
  const auto format = in.string_attribute(file.get(), "format");
  if (format != schema::kFormat) {
    in.fail(format ? "not a cdsim results file (its format attribute is '" + *format + "')"
                   : "not a cdsim results file (it has no format attribute)");
  }
  const auto version = in.number_attribute<int>(file.get(), "format_version", H5T_NATIVE_INT);
  if (!version) in.fail("has no format_version attribute; it was not written by cdsim");
  if (*version > schema::kFormatVersion || *version < 1) {
    in.fail("uses results format version " + std::to_string(*version) + "; this cdsim-view reads version " +
            std::to_string(schema::kFormatVersion) + ". Use the cdsim-view built with the cdsim that wrote it.");
  }
  out.format_version = *version;
  out.scenario_name = in.string_attribute(file.get(), "scenario_name").value_or(path.stem().string());
  out.scenario_yaml = in.string_attribute(file.get(), "scenario_yaml").value_or("");
  out.cdsim_version = in.string_attribute(file.get(), "cdsim_version").value_or("unknown");
  out.created_utc = in.string_attribute(file.get(), "created_utc").value_or("");
  out.seed = in.number_attribute<std::uint64_t>(file.get(), "seed", H5T_NATIVE_UINT64).value_or(0);

  read_labels(in, out);
  read_variables(in, out);
  read_extras(in, out);
  check_values(in, out);
  out.scenario = read_scenario_info(out.scenario_yaml, out.start);
  return out;
}

}  // namespace

Results read_results(const fs::path& path, std::optional<std::chrono::milliseconds> limit) {
  check_path(path);
  // First in a child process with a time limit: libhdf5 can hang or crash on some damaged files
  // (docs/reliability.md). Only a file the child read to the end is read here. The default limit
  // allows a slow disk: a minute, plus a second per 20 MB.
  std::error_code ec;
  const auto bytes = fs::file_size(path, ec);
  const auto allowed =
      limit.value_or(std::chrono::milliseconds(60'000 + (ec ? 0 : static_cast<std::int64_t>(bytes / 20'000))));
  const std::lock_guard lock(hdf5_lock());  // before the fork: see hdf5_lock.hpp
  if (const auto problem = core::run_isolated([&] { (void)read_in_this_process(path); }, allowed)) {
    // The child's own ResultsError message names the file already; other outcomes need saying.
    if (problem->rfind(path.string(), 0) == 0) throw ResultsError(*problem);
    throw ResultsError(path.string() + ": reading it " + *problem +
                       "; the file is damaged in a way the HDF5 library cannot handle (re-run the scenario)");
  }
  return read_in_this_process(path);
}

}  // namespace cdsim::record
