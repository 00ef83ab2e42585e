// One lock for every HDF5 read in the process. Debian's libhdf5 is not built thread-safe, and the
// readers fork a child to read a file first (sim/core/isolated.hpp): a child forked while another
// thread holds a lock inherits that lock held by a thread it does not have, and waits for ever. So a
// reader takes this lock before it forks and keeps it until its own read is done; the child, which has
// one thread, reads without taking it.
#pragma once

#include <mutex>

namespace cdsim::record {

inline std::mutex& hdf5_lock() {
  static std::mutex lock;
  return lock;
}

}  // namespace cdsim::record
