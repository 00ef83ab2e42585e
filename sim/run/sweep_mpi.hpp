// Data flow: `mpirun -n K cdsim sweep` -> [ranks] -> rank 0's journal and results file.
// The only part of cdsim that knows MPI (sweep_mpi.cpp is the only file including mpi.h). Rank 0
// hands out runs one at a time as ranks ask (dynamic: a slow run never holds up the rest), journals
// the results that come back, and writes the file; the other ranks run what they are given.
#pragma once

#include <filesystem>

#include "sim/run/sweep.hpp"

namespace cdsim::run {

/// True when this process was started by mpirun (or srun with PMI): the sweep then uses MPI.
bool launched_by_mpi();

/// Runs `cdsim sweep` as one rank of an MPI job: plans on every rank, prints only on rank 0, and
/// returns the process's exit code (0, 1 for bad input or a failed run, 128 + signal when stopped).
int run_sweep_ranks(const std::filesystem::path& sweep_file, const SweepOptions& options);

}  // namespace cdsim::run
