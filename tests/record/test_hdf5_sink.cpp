// The HDF5 results writer: values round-trip, every axis has its dimension scale (what netCDF-4 and
// xarray need), and no incomplete file is ever left under the real name or as a stray .part.
// How users open the file (xarray, h5py) is checked by tests/python/check_results.py.
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/record/hdf5_sink.hpp"
#include "sim/record/results_schema.hpp"

namespace fs = std::filesystem;
using namespace cdsim::record;

namespace {

/// A fresh directory per test, removed afterwards.
struct TempDir {
  fs::path dir;
  TempDir() {
    static std::atomic<int> counter{0};
    dir = fs::temp_directory_path() /
          ("cdsim-test-hdf5-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  fs::path operator/(const std::string& name) const { return dir / name; }
};

/// Closes an HDF5 identifier when the test is done with it.
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
  operator hid_t() const { return id; }
};

RunMetadata small_meta() {
  RunMetadata meta;
  meta.scenario_name = "unit";
  meta.cdsim_version = "9.9.9-test";
  meta.seed = 18446744073709551557ULL;  // above INT64_MAX: must survive as uint64
  meta.scenario_yaml = "name: unit\nseed: 18446744073709551557\n";
  meta.start = cdsim::spec::Date{2025, 4, 1};
  meta.step_days = 7;
  meta.steps = 3;
  meta.replicates = 2;
  meta.neighbourhood_names = {"Northgate", "Riverside"};
  meta.neighbourhood_x = {0.25, 0.75};
  meta.neighbourhood_y = {0.5, 0.125};
  meta.deprivation_decile = {2, 9};
  meta.age_groups = {"0-17", "18-64", "65+"};
  meta.states = {"independent", "support", "crisis"};
  meta.cost_categories = {"gp_consultation", "social_worker_visit"};
  meta.cost_agencies = {"nhs", "council"};
  return meta;
}

/// Distinct values everywhere, so a transposed axis or a swapped replicate shows up.
ReplicateObservations observations(const RunMetadata& meta, int replicate) {
  ReplicateObservations obs(meta);
  for (std::size_t i = 0; i < obs.residents.size(); ++i)
    obs.residents[i] = replicate * 100000 + int(i);
  for (std::size_t i = 0; i < obs.transitions.size(); ++i)
    obs.transitions[i] = replicate * 1000 + int(i);
  for (std::size_t i = 0; i < obs.deaths.size(); ++i) obs.deaths[i] = replicate * 100 + int(i);
  for (std::size_t i = 0; i < obs.births.size(); ++i) obs.births[i] = replicate * 10 + int(i);
  for (std::size_t i = 0; i < obs.cost.size(); ++i) obs.cost[i] = replicate + 0.25 * double(i);
  return obs;
}

/// Files, datasets, attributes and types still open anywhere in the process: every path out of the
/// sink must close all of them.
ssize_t open_hdf5_objects() { return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); }

/// Whether a temporary file of the sink's for `path` (NAME.XXXXXX.part) is in its folder.
bool has_temporary(const fs::path& path) {
  const std::string stem = path.filename().string() + ".";
  for (const auto& entry : fs::directory_iterator(path.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(stem) && name.ends_with(".part")) return true;
  }
  return false;
}

std::string string_attribute(hid_t object, const char* name) {
  Id attr{H5Aopen(object, name, H5P_DEFAULT), H5Aclose};
  REQUIRE(attr.id >= 0);
  Id type{H5Aget_type(attr), H5Tclose};
  REQUIRE(H5Tis_variable_str(type) > 0);
  REQUIRE(H5Tget_cset(type) == H5T_CSET_UTF8);
  Id mem{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(mem, H5T_VARIABLE);
  H5Tset_cset(mem, H5T_CSET_UTF8);
  char* text = nullptr;
  REQUIRE(H5Aread(attr, mem, &text) >= 0);
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

template <class T>
T numeric_attribute(hid_t object, const char* name, hid_t mem_type) {
  Id attr{H5Aopen(object, name, H5P_DEFAULT), H5Aclose};
  REQUIRE(attr.id >= 0);
  T value{};
  REQUIRE(H5Aread(attr, mem_type, &value) >= 0);
  return value;
}

template <class T>
std::vector<T> read_all(hid_t file, const char* name, hid_t mem_type) {
  Id ds{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  REQUIRE(ds.id >= 0);
  Id space{H5Dget_space(ds), H5Sclose};
  std::vector<T> values(std::size_t(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

std::vector<std::string> read_strings(hid_t file, const char* name) {
  Id ds{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  REQUIRE(ds.id >= 0);
  Id space{H5Dget_space(ds), H5Sclose};
  Id type{H5Dget_type(ds), H5Tclose};
  REQUIRE(H5Tis_variable_str(type) > 0);
  std::vector<char*> raw(std::size_t(H5Sget_simple_extent_npoints(space)), nullptr);
  REQUIRE(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
  std::vector<std::string> values(raw.begin(), raw.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  return values;
}

std::vector<hsize_t> shape(hid_t file, const char* name) {
  Id ds{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  Id space{H5Dget_space(ds), H5Sclose};
  std::vector<hsize_t> dims(std::size_t(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::vector<hsize_t> chunk(hid_t file, const char* name) {
  Id ds{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  Id dcpl{H5Dget_create_plist(ds), H5Pclose};
  REQUIRE(H5Pget_layout(dcpl) == H5D_CHUNKED);
  std::vector<hsize_t> dims(8);
  const int rank = H5Pget_chunk(dcpl, int(dims.size()), dims.data());
  dims.resize(std::size_t(rank));
  return dims;
}

/// Each axis of `variable` has exactly one scale attached: the coordinate named in `dims`.
void check_scales(hid_t file, const char* variable, const std::vector<const char*>& dims) {
  INFO("variable " << variable);
  Id ds{H5Dopen2(file, variable, H5P_DEFAULT), H5Dclose};
  REQUIRE(ds.id >= 0);
  REQUIRE(shape(file, variable).size() == dims.size());
  for (unsigned axis = 0; axis < dims.size(); ++axis) {
    INFO("axis " << axis << " (" << dims[axis] << ")");
    CHECK(H5DSget_num_scales(ds, axis) == 1);
    Id scale{H5Dopen2(file, dims[axis], H5P_DEFAULT), H5Dclose};
    REQUIRE(scale.id >= 0);
    CHECK(H5DSis_scale(scale) > 0);
    CHECK(H5DSis_attached(ds, scale, axis) > 0);
  }
  // A _FillValue makes xarray turn integer counts into floats.
  CHECK(H5Aexists(ds, "_FillValue") == 0);
  CHECK(H5Aexists(ds, "long_name") > 0);
}

}  // namespace

TEST_CASE("record: a committed file round-trips values and has every dimension scale", "[record]") {
  TempDir tmp;
  const fs::path path = tmp / "run.h5";
  const RunMetadata meta = small_meta();
  const auto rep0 = observations(meta, 0), rep1 = observations(meta, 1);
  {
    Hdf5Sink sink(path, meta);
    CHECK(has_temporary(path));
    CHECK_FALSE(fs::exists(path));  // not visible under its real name until complete
    sink.write_replicate(1, rep1);  // any order
    sink.write_replicate(0, rep0);
    sink.commit();
    CHECK(open_hdf5_objects() == 0);
  }
  REQUIRE(fs::exists(path));
  CHECK_FALSE(has_temporary(path));

  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Id file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  REQUIRE(file.id >= 0);

  SECTION("root attributes") {
    CHECK(string_attribute(file, "format") == schema::kFormat);
    CHECK(numeric_attribute<int>(file, "format_version", H5T_NATIVE_INT) == schema::kFormatVersion);
    CHECK(string_attribute(file, "cdsim_version") == "9.9.9-test");
    CHECK(string_attribute(file, "scenario_name") == "unit");
    CHECK(numeric_attribute<std::uint64_t>(file, "seed", H5T_NATIVE_UINT64) == meta.seed);
    CHECK(string_attribute(file, "scenario_yaml") == meta.scenario_yaml);
    const std::string created = string_attribute(file, "created_utc");
    REQUIRE(created.size() == 20);  // 2026-11-22T08:30:00Z
    CHECK(created[4] == '-');
    CHECK(created[10] == 'T');
    CHECK(created.back() == 'Z');
  }

  SECTION("coordinates") {
    CHECK(read_all<int>(file, schema::kReplicate, H5T_NATIVE_INT) == std::vector<int>{0, 1});
    CHECK(read_all<int>(file, schema::kTime, H5T_NATIVE_INT) == std::vector<int>{0, 7, 14, 21});
    Id time{H5Dopen2(file, schema::kTime, H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(time, "units") == "days since 2025-04-01");
    CHECK(string_attribute(time, "calendar") == "proleptic_gregorian");
    CHECK(string_attribute(time, "standard_name") == "time");
    CHECK(H5Aexists(time, "_FillValue") == 0);
    CHECK(read_all<int>(file, schema::kNeighbourhood, H5T_NATIVE_INT) == std::vector<int>{0, 1});
    CHECK(read_strings(file, schema::kState) == meta.states);
    CHECK(read_strings(file, schema::kFromState) == meta.states);
    CHECK(read_strings(file, schema::kToState) == meta.states);
    CHECK(read_strings(file, schema::kAgeGroup) == meta.age_groups);
    CHECK(read_strings(file, schema::kCostCategory) == meta.cost_categories);
    CHECK(read_strings(file, schema::kNeighbourhoodName) == meta.neighbourhood_names);
    CHECK(read_strings(file, schema::kCostAgency) == meta.cost_agencies);
    CHECK(read_all<double>(file, schema::kX, H5T_NATIVE_DOUBLE) == meta.neighbourhood_x);
    CHECK(read_all<double>(file, schema::kY, H5T_NATIVE_DOUBLE) == meta.neighbourhood_y);
    CHECK(read_all<int>(file, schema::kDeprivationDecile, H5T_NATIVE_INT) ==
          meta.deprivation_decile);
  }

  SECTION("variables round-trip, replicate-major") {
    auto both = [](const auto& a, const auto& b) {
      auto all = a;
      all.insert(all.end(), b.begin(), b.end());
      return all;
    };
    CHECK(read_all<std::int32_t>(file, schema::kResidents, H5T_NATIVE_INT32) ==
          both(rep0.residents, rep1.residents));
    CHECK(read_all<std::int32_t>(file, schema::kTransitions, H5T_NATIVE_INT32) ==
          both(rep0.transitions, rep1.transitions));
    CHECK(read_all<std::int32_t>(file, schema::kDeaths, H5T_NATIVE_INT32) ==
          both(rep0.deaths, rep1.deaths));
    CHECK(read_all<std::int32_t>(file, schema::kBirths, H5T_NATIVE_INT32) ==
          both(rep0.births, rep1.births));
    CHECK(read_all<double>(file, schema::kCost, H5T_NATIVE_DOUBLE) == both(rep0.cost, rep1.cost));
    CHECK(shape(file, schema::kResidents) == std::vector<hsize_t>{2, 4, 2, 3, 3});
    CHECK(chunk(file, schema::kResidents) == std::vector<hsize_t>{1, 4, 2, 3, 3});
    CHECK(chunk(file, schema::kCost) == std::vector<hsize_t>{1, 4, 2});
  }

  SECTION("every axis has its dimension scale") {
    using namespace schema;
    check_scales(file, kResidents, {kReplicate, kTime, kNeighbourhood, kAgeGroup, kState});
    check_scales(file, kTransitions, {kReplicate, kTime, kFromState, kToState});
    check_scales(file, kDeaths, {kReplicate, kTime, kState});
    check_scales(file, kBirths, {kReplicate, kTime});
    check_scales(file, kCost, {kReplicate, kTime, kCostCategory});
    for (const char* aux : {kNeighbourhoodName, kX, kY, kDeprivationDecile})
      check_scales(file, aux, {kNeighbourhood});
    check_scales(file, kCostAgency, {kCostCategory});
    Id residents{H5Dopen2(file, kResidents, H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(residents, "coordinates") ==
          "neighbourhood_name x y deprivation_decile");
    CHECK(string_attribute(residents, "units") == "residents");
    Id cost{H5Dopen2(file, kCost, H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(cost, "coordinates") == "cost_agency");
    CHECK(string_attribute(cost, "units") == "pounds");
  }
}

TEST_CASE("record: a replicate larger than 1 MiB is chunked along time", "[record]") {
  TempDir tmp;
  RunMetadata meta = small_meta();
  meta.replicates = 1;
  meta.steps = 99;  // 100 times x 1000 neighbourhoods x 9 x 4 bytes = 3.6 MB per replicate
  meta.neighbourhood_names.assign(1000, "n");
  meta.neighbourhood_x.assign(1000, 0.0);
  meta.neighbourhood_y.assign(1000, 0.0);
  meta.deprivation_decile.assign(1000, 5);
  {
    Hdf5Sink sink(tmp / "big.h5", meta);
    sink.write_replicate(0, ReplicateObservations(meta));
    sink.commit();
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Id file{H5Fopen((tmp / "big.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  REQUIRE(file.id >= 0);
  const auto dims = chunk(file, schema::kResidents);
  REQUIRE(dims.size() == 5);
  CHECK(dims[0] == 1);
  CHECK(dims[1] < 100);
  CHECK(dims[2] == 1000);
  CHECK(dims[1] * dims[2] * dims[3] * dims[4] * sizeof(std::int32_t) <= (1u << 20));
}

TEST_CASE("record: a sink destroyed without commit leaves no file", "[record]") {
  TempDir tmp;
  const fs::path path = tmp / "abandoned.h5";
  const RunMetadata meta = small_meta();
  {
    Hdf5Sink sink(path, meta);
    sink.write_replicate(0, observations(meta, 0));
    REQUIRE(has_temporary(path));
  }
  CHECK(open_hdf5_objects() == 0);
  CHECK_FALSE(fs::exists(path));
  CHECK_FALSE(has_temporary(path));
  CHECK(fs::is_empty(tmp.dir));
}

TEST_CASE("record: commit with a missing replicate throws and leaves no file", "[record]") {
  TempDir tmp;
  const fs::path path = tmp / "incomplete.h5";
  const RunMetadata meta = small_meta();
  {
    Hdf5Sink sink(path, meta);
    sink.write_replicate(0, observations(meta, 0));
    CHECK_THROWS_WITH(sink.commit(), Catch::Contains("replicate 1 was not written"));
  }
  CHECK(open_hdf5_objects() == 0);
  CHECK(fs::is_empty(tmp.dir));
}

TEST_CASE("record: write_replicate rejects a bad index, a repeat and the wrong shape", "[record]") {
  TempDir tmp;
  const RunMetadata meta = small_meta();
  Hdf5Sink sink(tmp / "bad.h5", meta);
  CHECK_THROWS_AS(sink.write_replicate(2, observations(meta, 0)), std::invalid_argument);
  CHECK_THROWS_AS(sink.write_replicate(-1, observations(meta, 0)), std::invalid_argument);
  sink.write_replicate(0, observations(meta, 0));
  CHECK_THROWS_AS(sink.write_replicate(0, observations(meta, 0)), std::invalid_argument);
  RunMetadata other = meta;
  other.steps = 5;
  CHECK_THROWS_AS(sink.write_replicate(1, ReplicateObservations(other)), std::invalid_argument);
}

TEST_CASE("record: an unwritable path throws with the path in the message", "[record]") {
  TempDir tmp;
  const RunMetadata meta = small_meta();
  const fs::path missing_dir = tmp / "no-such-dir" / "run.h5";
  CHECK_THROWS_WITH(Hdf5Sink(missing_dir, meta),
                    Catch::Contains("cannot write results file '" + missing_dir.string() + "'") &&
                        Catch::Contains("no such folder '" + missing_dir.parent_path().string() + "'"));
  CHECK_FALSE(fs::exists(tmp / "no-such-dir"));  // the caller creates directories, not the sink

  CHECK_THROWS_WITH(Hdf5Sink(tmp.dir, meta),
                    Catch::Contains(tmp.dir.string()) && Catch::Contains("it is a folder"));

  const fs::path in_proc = "/proc/cdsim-test-results.h5";
  CHECK_THROWS_WITH(Hdf5Sink(in_proc, meta), Catch::Contains("cannot create results file '" + in_proc.string() + "'"));
  CHECK(open_hdf5_objects() == 0);
}
