// Data flow: `mpirun -n K cdsim sweep` -> [ranks] -> rank 0's journal and results file.
// The only part of cdsim that knows MPI (sweep_mpi.cpp is the only file including mpi.h); it also shares
// a calibration's runs across ranks (SharedRuns). Rank 0
// hands out runs one at a time as ranks ask (dynamic: a slow run never holds up the rest), journals
// the results that come back, and writes the file; the other ranks run what they are given.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "sim/run/sweep.hpp"

namespace cdsim::run {

/// True when this process was started by mpirun (or srun with PMI): the sweep then uses MPI.
bool launched_by_mpi();

/// Runs `cdsim sweep` as one rank of an MPI job: plans on every rank, prints only on rank 0, and
/// returns the process's exit code (0, 1 for bad input or a failed run, 128 + signal when stopped).
int run_sweep_ranks(const std::filesystem::path& sweep_file, const SweepOptions& options);

/// The ranks of an MPI job that every rank computes alike but for its runs (a calibration: each rank
/// fits the same emulators to the same runs; the runs of a wave are shared). Initialises MPI on
/// construction and finalises it on destruction. Without MPI built in, constructing one throws.
class SharedRuns {
 public:
  SharedRuns();
  ~SharedRuns();
  SharedRuns(const SharedRuns&) = delete;
  SharedRuns& operator=(const SharedRuns&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int ranks() const { return ranks_; }

  /// One batch of `known.size()` runs of `values` values each. `known` matters on rank 0 only: the
  /// values of runs already done (journalled), empty for the others. The others are run round-robin
  /// across the ranks by `run(index in the batch)`; every rank returns every run's values, the same bits.
  std::vector<std::vector<double>> share(const std::vector<std::vector<double>>& known, std::size_t values,
                                         const std::function<std::vector<double>(std::size_t)>& run) const;

  /// Rank 0's `status`, on every rank: what rank 0 alone checked (its output, its journal) decides for all.
  [[nodiscard]] int agree(int status) const;

  /// Ends the whole job (a rank that failed would leave the others waiting for ever).
  [[noreturn]] void abort() const;

 private:
  int rank_ = 0, ranks_ = 1;
};

}  // namespace cdsim::run
