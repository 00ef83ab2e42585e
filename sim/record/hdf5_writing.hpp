// Small helpers over the HDF5 C API for writing netCDF-4 compatible files: an RAII handle, errors
// as exceptions, attributes, coordinates (dimension scales) and chunked variables. Private to the
// results writers in sim/record (only their .cpp files include this, so HDF5 stays out of the rest
// of the program). Rules followed here are in /work/shared/platform.md and docs/results-format.md.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdsim::record::h5 {

// ---------------------------------------------------------------------------------------------
// Errors and handles

/// Turns off HDF5's printing of its error stack: failures become exceptions carrying
/// error_detail() instead of a stack trace sprayed over stderr.
void silence_error_printing();

/// The most specific message on HDF5's error stack, e.g. "No such file or directory".
std::string error_detail();

/// Throws std::runtime_error("<what>: <error_detail()>").
[[noreturn]] void fail(std::string_view what);

inline void check(herr_t rc, std::string_view what) {
  if (rc < 0) fail(what);
}

/// Owns one HDF5 identifier and closes it with the matching H5?close, on every path out.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  /// Takes ownership of `id`; throws (with `what`) when the call that produced it failed.
  Handle(hid_t id, Closer closer, std::string_view what) : id_(id), closer_(closer) {
    if (id_ < 0) fail(what);
  }
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  [[nodiscard]] hid_t get() const { return id_; }
  /// Closes without reporting: for unwinding, where a second exception would terminate.
  void reset() noexcept {
    if (id_ >= 0) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  /// Closes and reports failure: closing the file is where buffered data reaches the disk.
  void close(std::string_view what) {
    if (id_ < 0) return;
    check(closer_(std::exchange(id_, H5I_INVALID_HID)), what);
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Types and attributes

/// File types are fixed little-endian (the file is the same on every machine); memory types native.
template <class T>
struct Types;
template <>
struct Types<std::int32_t> {
  static hid_t file() { return H5T_STD_I32LE; }
  static hid_t memory() { return H5T_NATIVE_INT32; }
};
template <>
struct Types<std::uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t memory() { return H5T_NATIVE_UINT64; }
};
template <>
struct Types<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};

/// Variable-length UTF-8 strings: what netCDF-4 calls NC_STRING and xarray reads as str.
Handle string_type();

/// A scalar variable-length UTF-8 string attribute.
void write_attribute(hid_t object, const char* name, const std::string& value);
inline void write_attribute(hid_t object, const char* name, const char* value) {
  write_attribute(object, name, std::string(value));
}

/// A scalar numeric attribute.
template <class T>
void write_attribute(hid_t object, const char* name, T value) {
  const std::string what = std::string("writing attribute ") + name;
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, what);
  Handle attr(H5Acreate2(object, name, Types<T>::file(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, what);
  check(H5Awrite(attr.get(), Types<T>::memory(), &value), what);
}

/// CF flag attributes of a bit-field variable: flag_masks (int32 array) and flag_meanings (words).
void write_flag_attributes(hid_t dataset, const std::vector<std::int32_t>& masks, const char* meanings);

/// long_name, and units when there are any.
void describe(hid_t dataset, const char* long_name, const char* units = nullptr);

// ---------------------------------------------------------------------------------------------
// Datasets and coordinates (dimension scales)

/// Creation properties for every dataset: attributes keep the order they were written in, as in
/// netCDF-4's own files.
Handle dataset_properties(std::string_view what);

Handle create_dataset(hid_t file, const char* name, hid_t type, const std::vector<hsize_t>& dims,
                      hid_t dcpl);

/// A 1-D dataset of strings (not yet a dimension scale).
Handle string_dataset(hid_t file, const char* name, const std::vector<std::string>& values);

/// A 1-D numeric dataset (not yet a dimension scale).
template <class T>
Handle numeric_dataset(hid_t file, const char* name, const std::vector<T>& values) {
  Handle dcpl = dataset_properties(name);
  Handle ds = create_dataset(file, name, Types<T>::file(), {values.size()}, dcpl.get());
  if (!values.empty()) {
    check(H5Dwrite(ds.get(), Types<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          std::string("writing ") + name);
  }
  return ds;
}

/// Makes a 1-D dataset the coordinate of the dimension it is named after.
void make_dimension(hid_t dataset, const char* name);

/// Attaches one scale per axis, in axis order.
void attach_scales(hid_t dataset, std::initializer_list<hid_t> scales, std::string_view name);

// ---------------------------------------------------------------------------------------------
// Variables with a leading replicate axis

/// Chunk shape: one replicate per chunk, split along the next axes when larger than max_bytes.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, hsize_t element_size,
                                 hsize_t max_bytes = hsize_t{1} << 20);

/// A chunked, shuffled and deflated variable whose first axis is the replicate.
Handle create_variable(hid_t file, const char* name, hid_t type, const std::vector<hsize_t>& dims);

/// Writes the slab of one replicate; `data` holds all the other axes, row-major.
void write_slab(hid_t dataset, hsize_t replicate, hid_t mem_type, const void* data,
                const char* name);

// ---------------------------------------------------------------------------------------------
// Files built in memory and written whole

/// A netCDF-4 compatible file (creation order tracked, no object timestamps) built in memory with
/// HDF5's core driver: HDF5 never touches the disk, so a full disk or a vanished directory is one clear
/// error from core::OutputFile::write, not a half-flushed file HDF5 tries again to flush at exit.
Handle create_memory_file(const std::filesystem::path& name, std::string_view what);

/// The bytes of a file built by create_memory_file (flushed first).
std::vector<unsigned char> file_image(hid_t file);

}  // namespace cdsim::record::h5
