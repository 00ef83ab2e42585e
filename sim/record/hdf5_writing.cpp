// See hdf5_util.hpp. Why things are done this way: platform.md "HDF5 that xarray / netCDF-4 / h5py
// all read".
#include "sim/record/hdf5_writing.hpp"

#include <hdf5_hl.h>

#include <utility>

#include <algorithm>
#include <stdexcept>

namespace cdsim::record::h5 {

void silence_error_printing() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string error_detail() {
  std::string deepest;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        // Walking upward, entry 0 is the innermost: the one that knows what really went wrong.
        if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
        return 0;
      },
      &deepest);
  // The file drivers report the operating system's reason as "... error message = 'reason', ...";
  // that reason is what a user can act on.
  constexpr std::string_view kOsMarker = "error message = '";
  if (auto at = deepest.find(kOsMarker); at != std::string::npos) {
    const auto from = at + kOsMarker.size();
    if (auto to = deepest.find('\'', from); to != std::string::npos)
      return deepest.substr(from, to - from);
  }
  return deepest.empty() ? "unknown HDF5 error" : deepest;
}

void fail(std::string_view what) {
  throw std::runtime_error(std::string(what) + ": " + error_detail());
}

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copying the string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "making strings variable-length");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "making strings UTF-8");
  return type;
}

void write_attribute(hid_t object, const char* name, const std::string& value) {
  const std::string what = std::string("writing attribute ") + name;
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, what);
  Handle attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              what);
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), what);
}

void describe(hid_t dataset, const char* long_name, const char* units) {
  write_attribute(dataset, "long_name", long_name);
  if (units != nullptr) write_attribute(dataset, "units", units);
}

Handle dataset_properties(std::string_view what) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        what);
  // No modification times in object headers: the same run must give the same bytes.
  check(H5Pset_obj_track_times(dcpl.get(), false), what);
  return dcpl;
}

Handle create_dataset(hid_t file, const char* name, hid_t type, const std::vector<hsize_t>& dims,
                      hid_t dcpl) {
  const std::string what = std::string("creating dataset ") + name;
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
               what);
  return Handle(H5Dcreate2(file, name, type, space.get(), H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
                what);
}

Handle string_dataset(hid_t file, const char* name, const std::vector<std::string>& values) {
  Handle type = string_type();
  Handle dcpl = dataset_properties(name);
  Handle ds = create_dataset(file, name, type.get(), {values.size()}, dcpl.get());
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const auto& v : values) texts.push_back(v.c_str());
  if (!texts.empty()) {
    check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()),
          std::string("writing ") + name);
  }
  return ds;
}

void make_dimension(hid_t dataset, const char* name) {
  // The scale's NAME is the dimension name netCDF-4 and xarray show. No H5DSset_label: it adds a
  // stray attribute that netCDF doesn't use.
  check(H5DSset_scale(dataset, name), std::string("making ") + name + " a dimension scale");
}

void attach_scales(hid_t dataset, std::initializer_list<hid_t> scales, std::string_view name) {
  // Every axis needs a scale: without one netCDF invents phony_dim_N and h5netcdf refuses the file.
  unsigned axis = 0;
  for (hid_t scale : scales) {
    check(H5DSattach_scale(dataset, scale, axis++),
          "attaching dimension scales to " + std::string(name));
  }
}

std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, hsize_t element_size,
                                 hsize_t max_bytes) {
  // One replicate per chunk, so writing a replicate touches only its chunks and so does reading
  // one. A bigger replicate is split along time, then the next axis: chunks over 1 MiB (the default
  // chunk cache) were 20-50x slower to read step by step.
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1;
  for (std::size_t axis = 1; axis < chunk.size(); ++axis) {
    hsize_t inner = element_size;
    for (std::size_t j = axis + 1; j < chunk.size(); ++j) inner *= chunk[j];
    const hsize_t fit = std::max<hsize_t>(1, max_bytes / inner);
    if (chunk[axis] <= fit) break;
    chunk[axis] = fit;
    if (inner <= max_bytes) break;
  }
  return chunk;
}

Handle create_variable(hid_t file, const char* name, hid_t type, const std::vector<hsize_t>& dims) {
  const std::string what = std::string("creating variable ") + name;
  Handle dcpl = dataset_properties(what);
  // Shuffle + deflate 1: filters every netCDF-4 reader has; counts shrink several-fold.
  // No fill value is declared: a _FillValue on integer counts makes xarray turn them into floats.
  const bool empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  if (!empty) {  // chunks can't be empty: an empty variable stays contiguous
    const auto chunk = chunk_shape(dims, H5Tget_size(type));
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), what);
    check(H5Pset_shuffle(dcpl.get()), what);
    check(H5Pset_deflate(dcpl.get(), 1), what);
  }
  return create_dataset(file, name, type, dims, dcpl.get());
}

void write_flag_attributes(hid_t dataset, const std::vector<std::int32_t>& masks, const char* meanings) {
  const std::string what = "writing attribute flag_masks";
  const hsize_t n = masks.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
  Handle attr(H5Acreate2(dataset, "flag_masks", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              what);
  check(H5Awrite(attr.get(), H5T_NATIVE_INT32, masks.data()), what);
  write_attribute(dataset, "flag_meanings", meanings);
}

void write_slab(hid_t dataset, hsize_t replicate, hid_t mem_type, const void* data,
                const char* name) {
  const std::string what = std::string("writing ") + name;
  Handle file_space(H5Dget_space(dataset), H5Sclose, what);
  const int rank = H5Sget_simple_extent_ndims(file_space.get());
  if (rank < 1) fail(what);
  std::vector<hsize_t> start(static_cast<std::size_t>(rank), 0), count(start.size());
  check(H5Sget_simple_extent_dims(file_space.get(), count.data(), nullptr), what);
  start[0] = replicate;
  count[0] = 1;
  if (std::find(count.begin(), count.end(), hsize_t{0}) != count.end()) return;  // nothing to write
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        what);
  Handle mem_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, what);
  check(H5Dwrite(dataset, mem_type, mem_space.get(), file_space.get(), H5P_DEFAULT, data), what);
}

// ---------------------------------------------------------------------------------------------
// Files built in memory and written whole

Handle create_memory_file(const std::filesystem::path& name, std::string_view what) {
  // netCDF-4 needs link and attribute creation order tracked and indexed on the root group.
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, what);
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  check(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  check(H5Pset_obj_track_times(fcpl.get(), false), what);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, what);
  check(H5Pset_fapl_core(fapl.get(), 1 << 20, /*backing_store=*/false), what);
  return Handle(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose, what);
}

std::vector<unsigned char> file_image(hid_t file) {
  // Everything is in memory, so these can fail only for want of memory.
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the file");
  const ssize_t size = H5Fget_file_image(file, nullptr, 0);
  if (size < 0) check(-1, "sizing the file image");
  std::vector<unsigned char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file, image.data(), image.size()) != size) check(-1, "copying the file image");
  return image;
}

}  // namespace cdsim::record::h5
