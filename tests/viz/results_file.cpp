#include "results_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <stdexcept>
#include <vector>

namespace cdsim::viz::test {
namespace {

hid_t vlen_string() {
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

void check(herr_t rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string("test file: ") + what);
}

void string_attribute(hid_t obj, const char* name, const std::string& value) {
  const hid_t type = vlen_string();
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* text = value.c_str();
  check(H5Awrite(attr, type, &text), name);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

void int_attribute(hid_t obj, const char* name, int value) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(obj, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);
  check(H5Awrite(attr, H5T_NATIVE_INT, &value), name);
  H5Aclose(attr);
  H5Sclose(space);
}

template <class T>
hid_t dataset(hid_t file, const char* name, hid_t file_type, hid_t mem_type, const std::vector<hsize_t>& dims,
              const std::vector<T>& data) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t d = H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check(H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), name);
  H5Sclose(space);
  return d;
}

void strings(hid_t file, const char* name, const std::vector<std::string>& values) {
  std::vector<const char*> raw;
  for (const auto& v : values) raw.push_back(v.c_str());
  const hid_t type = vlen_string();
  H5Dclose(dataset(file, name, type, type, {values.size()}, raw));
  H5Tclose(type);
}

void ints(hid_t file, const char* name, const std::vector<int>& values) {
  H5Dclose(dataset(file, name, H5T_STD_I32LE, H5T_NATIVE_INT, {values.size()}, values));
}

/// Marks the 1-D datasets named in `dims` as dimension scales and attaches them to `d`'s axes.
void attach(hid_t file, hid_t d, const std::vector<const char*>& dims) {
  for (unsigned i = 0; i < dims.size(); ++i) {
    const hid_t scale = H5Dopen2(file, dims[i], H5P_DEFAULT);
    if (H5DSis_scale(scale) <= 0) check(H5DSset_scale(scale, dims[i]), "set scale");
    check(H5DSattach_scale(d, scale, i), "attach scale");
    H5Dclose(scale);
  }
}

std::vector<int> iota(int n, int step = 1) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) v.push_back(i * step);
  return v;
}

}  // namespace

void write_results(const std::filesystem::path& path, const FileSpec& spec) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error("cannot create " + path.string());
  string_attribute(f, "format", spec.format);
  int_attribute(f, "format_version", spec.format_version);
  string_attribute(f, "scenario_name", "synthetic");
  string_attribute(f, "scenario_yaml", spec.scenario_yaml);
  const int R = spec.replicates, T = spec.times, N = spec.neighbourhoods, A = 3, S = 3, C = 2;

  ints(f, "replicate", iota(R));
  {
    const hid_t d = dataset(f, "time", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(T)}, iota(T, spec.time_step));
    string_attribute(d, "units", "days since 2025-04-01");
    H5Dclose(d);
  }
  ints(f, "neighbourhood", iota(N));
  strings(f, "age_group", {"0-17", "18-64", "65+"});
  strings(f, "state", {"independent", "support", "crisis"});
  strings(f, "from_state", {"independent", "support", "crisis"});
  strings(f, "to_state", {"independent", "support", "crisis"});
  strings(f, "cost_category", {"gp_consultation", "home_care_hour"});
  strings(f, "cost_agency", {"nhs", "council"});
  std::vector<std::string> names;
  std::vector<double> xs, ys;
  std::vector<int> deciles;
  for (int n = 0; n < N; ++n) {
    names.push_back(std::to_string(n + 1).insert(0, 1, 'N'));
    xs.push_back(n % 2 + 0.5 * ((n / 2) % 2));
    ys.push_back((n / 2) * 0.866);
    deciles.push_back(1 + n % 10);
  }
  strings(f, "neighbourhood_name", names);
  H5Dclose(dataset(f, "x", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(N)}, xs));
  H5Dclose(dataset(f, "y", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(N)}, ys));
  ints(f, "deprivation_decile", deciles);

  if (!spec.without_residents) {
    std::vector<int> v;
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t)
        for (int n = 0; n < N; ++n)
          for (int a = 0; a < A; ++a)
            for (int s = 0; s < S; ++s) v.push_back(1 + r + t + n + a + 10 * s);
    const hid_t d = dataset(f, "residents", H5T_STD_I32LE, H5T_NATIVE_INT,
                            {hsize_t(R), hsize_t(T), hsize_t(N), hsize_t(A), hsize_t(S)}, v);
    attach(f, d, {"replicate", "time", "neighbourhood", "age_group", "state"});
    H5Dclose(d);
  }
  {
    std::vector<int> v;
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t)
        for (int a = 0; a < S; ++a)
          for (int b = 0; b < S; ++b) v.push_back(t == 0 ? 0 : 1 + r + a + b);
    const hid_t d = dataset(f, "transitions", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(R), hsize_t(T), hsize_t(S), hsize_t(S)}, v);
    attach(f, d, {"replicate", "time", "from_state", "to_state"});
    H5Dclose(d);
  }
  H5Dclose(dataset(f, "deaths", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(R), hsize_t(T), hsize_t(S)}, std::vector<int>(R * T * S, 1)));
  H5Dclose(dataset(f, "births", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(R), hsize_t(T)}, std::vector<int>(R * T, spec.births)));
  {
    std::vector<double> v;
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t)
        for (int c = 0; c < C; ++c) v.push_back(t == 0 ? 0.0 : (100.0 + r + c) * spec.cost_scale);
    const hid_t d = dataset(f, "cost", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(R), hsize_t(T), hsize_t(C)}, v);
    attach(f, d, {"replicate", "time", "cost_category"});
    H5Dclose(d);
  }
  if (spec.with_waiting) {
    ints(f, "service", {0, 1});
    std::vector<int> v;
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t)
        for (int k = 0; k < 2; ++k)
          for (int n = 0; n < N; ++n) v.push_back(t + n + k);
    const hid_t d = dataset(f, "waiting", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(R), hsize_t(T), 2, hsize_t(N)}, v);
    attach(f, d, {"replicate", "time", "service", "neighbourhood"});
    string_attribute(d, "long_name", "Waiting list");
    H5Dclose(d);
  }
  if (spec.mapped_value) {
    const std::vector<double> v(static_cast<std::size_t>(R * T * N), *spec.mapped_value);
    const hid_t d = dataset(f, "mapped", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {hsize_t(R), hsize_t(T), hsize_t(N)}, v);
    attach(f, d, {"replicate", "time", "neighbourhood"});
    H5Dclose(d);
  }
  if (spec.with_stories) {
    ints(f, "story", {0, 1});
    std::vector<int> v;
    for (int r = 0; r < R; ++r)
      for (int t = 0; t < T; ++t)
        for (int k = 0; k < 2; ++k) v.push_back(k == 1 && t >= 8 ? -1 : (t / 3 + k) % 3);
    const hid_t d = dataset(f, "story_state", H5T_STD_I32LE, H5T_NATIVE_INT, {hsize_t(R), hsize_t(T), 2}, v);
    attach(f, d, {"replicate", "time", "story"});
    H5Dclose(d);
  }
  // Scales for the remaining dimensions, as the real writer attaches to every axis.
  for (const char* dim : {"replicate", "time", "neighbourhood", "age_group", "state", "from_state", "to_state", "cost_category"}) {
    const hid_t scale = H5Dopen2(f, dim, H5P_DEFAULT);
    if (H5DSis_scale(scale) <= 0) H5DSset_scale(scale, dim);
    H5Dclose(scale);
  }
  H5Fclose(f);
}

}  // namespace cdsim::viz::test
