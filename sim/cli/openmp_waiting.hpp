// Data flow: process start -> [OpenMP's wait policy] -> every parallel phase of every run.
// cdsim's threads meet at a barrier a few times a simulated week. GNU OpenMP's default is to wait by
// spinning for a while, and on a machine whose cores are also busy with other work the spinning
// thread takes the core the working one needs: on a 2-core machine beside a compile, 2 threads ran
// slower than 1, and waiting passively made them 2.4 times faster; on a quiet machine the two
// measured the same (docs/performance.md). libgomp reads OMP_WAIT_POLICY once, as it loads, before
// main: the only way to change its default is to start the program again with it set.
#pragma once

#include <unistd.h>

#include <cstdlib>

namespace cdsim::cli {

/// Unless OMP_WAIT_POLICY is set (a user's choice stands), sets it to passive and executes this
/// program again with the same arguments (same process, same pid). If that fails, carries on with
/// OpenMP's default.
inline void wait_passively_unless_told(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
  execv("/proc/self/exe", argv);
}

}  // namespace cdsim::cli
