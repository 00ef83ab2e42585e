// Named-axis variables over the HDF5 C API, written and read back: what the sweep and posterior files
// share (the results file has its own replicate-chunked variables in hdf5_sink). Private to sim/record.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/record/hdf5_writing.hpp"

namespace cdsim::record::h5 {

/// A whole variable with its dimension scales attached and its long_name (and units).
template <class T>
Handle variable(hid_t file, const char* name, const std::vector<hsize_t>& dims, const std::vector<T>& data,
                std::initializer_list<hid_t> scales, const char* long_name, const char* units = nullptr) {
  Handle dcpl = dataset_properties(name);
  Handle ds = create_dataset(file, name, Types<T>::file(), dims, dcpl.get());
  if (!data.empty())
    check(H5Dwrite(ds.get(), Types<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
              std::string("writing ") + name);
  describe(ds.get(), long_name, units);
  attach_scales(ds.get(), scales, name);
  return ds;
}

/// A string coordinate: a dimension named after itself.
inline Handle labels(hid_t file, const char* name, const std::vector<std::string>& values, const char* long_name) {
  Handle ds = string_dataset(file, name, values);
  describe(ds.get(), long_name);
  make_dimension(ds.get(), name);
  return ds;
}


/// Writes a whole file built in memory to `path` (a temporary name, renamed when complete): the
/// `format`, `format_version` and `cdsim_version` attributes, then whatever `fill` adds. Errors name
/// `what` ("sweep results file") and the path.
void write_whole_file(const std::filesystem::path& path, const char* what, const char* format, std::int32_t version,
                      const std::string& cdsim_version, const std::function<void(hid_t)>& fill);

std::string read_string_attribute(hid_t object, const char* name);
std::int32_t read_int_attribute(hid_t object, const char* name);
std::vector<hsize_t> shape_of(hid_t ds, const char* name);
/// A whole variable, checked against the `expected` shape.
template <class T>
std::vector<T> read_array(hid_t file, const char* name, const std::vector<std::size_t>& expected);
std::vector<std::string> read_strings(hid_t file, const char* name);
/// The length of the 1-D dataset `name`.
std::size_t length_of(hid_t file, const char* name);

}  // namespace cdsim::record::h5
