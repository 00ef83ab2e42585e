#include "sim/record/hdf5_tables.hpp"

#include <cstdint>
#include <stdexcept>

#include "sim/core/output_file.hpp"

namespace cdsim::record::h5 {

void write_whole_file(const std::filesystem::path& path, const char* what, const char* format, std::int32_t version,
                      const std::string& cdsim_version, const std::function<void(hid_t)>& fill) {
  silence_error_printing();
  core::OutputFile disk(path, what);
  try {
    Handle file = create_memory_file(disk.temporary(), "creating the file in memory");
    const hid_t f = file.get();
    write_attribute(f, "format", format);
    write_attribute(f, "format_version", version);
    write_attribute(f, "cdsim_version", cdsim_version.empty() ? "unknown" : cdsim_version);
    fill(f);
    const std::vector<unsigned char> image = file_image(f);
    file.close("closing the file");
    disk.write(image);
  } catch (const core::OutputError&) {
    throw;  // already names the file and the reason
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("writing ") + what + " '" + path.string() + "': " + e.what());
  }
  disk.commit();
}

std::string read_string_attribute(hid_t object, const char* name) {
  const std::string what = std::string("reading attribute ") + name;
  Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, what);
  Handle type = string_type();
  Handle space(H5Aget_space(attr.get()), H5Sclose, what);
  if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(what);
  char* text = nullptr;
  check(H5Aread(attr.get(), type.get(), &text), what);
  std::string out = text ? text : "";
  H5free_memory(text);
  return out;
}

std::int32_t read_int_attribute(hid_t object, const char* name) {
  const std::string what = std::string("reading attribute ") + name;
  Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, what);
  std::int32_t v = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_INT32, &v), what);
  return v;
}

std::vector<hsize_t> shape_of(hid_t ds, const char* name) {
  Handle space(H5Dget_space(ds), H5Sclose, std::string("reading ") + name);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 8) fail(std::string("reading ") + name);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

template <class T>
std::vector<T> read_array(hid_t file, const char* name, const std::vector<std::size_t>& expected) {
  const std::string what = std::string("reading ") + name;
  Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, what);
  const auto dims = shape_of(ds.get(), name);
  if (dims.size() != expected.size()) throw std::runtime_error(std::string(name) + " has the wrong number of axes");
  std::size_t n = 1;
  for (std::size_t k = 0; k < dims.size(); ++k) {
    if (dims[k] != expected[k]) throw std::runtime_error(std::string(name) + " does not match the file's dimensions");
    n *= expected[k];
  }
  std::vector<T> out(n);
  if (n > 0) check(H5Dread(ds.get(), Types<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), what);
  return out;
}

std::vector<std::string> read_strings(hid_t file, const char* name) {
  const std::string what = std::string("reading ") + name;
  Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, what);
  const auto dims = shape_of(ds.get(), name);
  if (dims.size() != 1 || dims[0] > (1u << 24)) throw std::runtime_error(std::string(name) + " is not a list of names");
  Handle type = string_type();
  std::vector<char*> texts(dims[0], nullptr);
  if (!texts.empty()) check(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), what);
  std::vector<std::string> out;
  for (char* t : texts) {
    out.emplace_back(t ? t : "");
    H5free_memory(t);
  }
  return out;
}

std::size_t length_of(hid_t file, const char* name) {
  Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, std::string("reading ") + name);
  const auto dims = shape_of(ds.get(), name);
  if (dims.size() != 1) throw std::runtime_error(std::string(name) + " is not one-dimensional");
  return dims[0];
}


template std::vector<double> read_array<double>(hid_t, const char*, const std::vector<std::size_t>&);
template std::vector<std::int32_t> read_array<std::int32_t>(hid_t, const char*, const std::vector<std::size_t>&);
template std::vector<std::uint64_t> read_array<std::uint64_t>(hid_t, const char*, const std::vector<std::size_t>&);

}  // namespace cdsim::record::h5
