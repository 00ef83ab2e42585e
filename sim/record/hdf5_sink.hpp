// Data flow: observations -> [HDF5 sink] -> results file.
// The only writer that includes HDF5. Writes a netCDF-4 compatible file (dimension scales on every
// axis, CF time units) under a temporary name unique to the process (core::OutputFile) and renames it
// to NAME only in commit(), so a crash or an error never leaves a file that looks complete. All calls must come from one thread (HDF5 is not
// thread-safe).
#pragma once

#include <filesystem>
#include <memory>

#include "sim/record/observation.hpp"

namespace cdsim::record {

class Hdf5Sink {
 public:
  /// Creates the temporary file for `path`, and in memory every dimension, coordinate and attribute,
  /// and the variables sized for meta.replicates. Throws std::runtime_error (naming the path) when the
  /// file can't be created.
  Hdf5Sink(std::filesystem::path path, const RunMetadata& meta);
  /// Removes the temporary file unless commit() succeeded.
  ~Hdf5Sink();
  Hdf5Sink(const Hdf5Sink&) = delete;
  Hdf5Sink& operator=(const Hdf5Sink&) = delete;

  /// Writes replicate r (0 <= r < meta.replicates). Each replicate must be written exactly once.
  void write_replicate(int replicate, const ReplicateObservations& obs);
  /// Writes the file and renames it to `path`. Throws if a replicate is missing.
  void commit();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  struct File;
  std::filesystem::path path_;
  std::unique_ptr<File> file_;
};

}  // namespace cdsim::record
