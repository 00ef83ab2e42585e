// Data flow: the engine's resident phases run through an executor.
// Two executors run the same block body: a serial reference (the oracle the tests hold the
// parallel one to) and OpenMP. A body processes residents [begin, end) and adds what it counts to
// a thread-local tally; tallies are merged in thread order. Results are identical across executors
// and thread counts as long as the body writes only its own residents' slots and tally merging is
// exact (integer sums, or order-restored lists), which every phase keeps to.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace cdsim::core {

enum class ExecutorKind { serial, openmp };

struct Executor {
  ExecutorKind kind = ExecutorKind::openmp;
  int threads = 0;  ///< OpenMP threads; 0 means OpenMP's default (OMP_NUM_THREADS or all cores)

  [[nodiscard]] int thread_count() const {
    if (kind == ExecutorKind::serial) return 1;
    return threads > 0 ? threads : omp_get_max_threads();
  }

  /// Runs body(begin, end, tally) over [0, n) and returns the merged tally. Tally needs a default
  /// constructor and merge(const Tally&).
  template <class Tally, class Body>
  Tally reduce(std::size_t n, Body&& body) const {
    Tally total;
    const int t = thread_count();
    if (t == 1 || n < 2 * kMinBlock) {
      body(std::size_t{0}, n, total);
      return total;
    }
    // Each thread's tally on its own cache lines: the body increments its counts for every resident,
    // and tallies sharing a line would bounce it between cores (false sharing).
    struct alignas(64) Padded {
      Tally tally;
    };
    std::vector<Padded> partial(static_cast<std::size_t>(t));
#pragma omp parallel num_threads(t)
    {
      // One contiguous range per thread, in thread order, so per-thread lists concatenate in
      // resident order.
      const auto id = static_cast<std::size_t>(omp_get_thread_num());
      const auto count = static_cast<std::size_t>(omp_get_num_threads());
      const std::size_t begin = n * id / count;
      const std::size_t end = n * (id + 1) / count;
      body(begin, end, partial[id].tally);
    }
    for (const Padded& p : partial) total.merge(p.tally);
    return total;
  }

 private:
  static constexpr std::size_t kMinBlock = 1024;  // below this, threads cost more than they save
};

}  // namespace cdsim::core
