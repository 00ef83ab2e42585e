#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "sim/core/executor.hpp"

using cdsim::core::Executor;
using cdsim::core::ExecutorKind;

namespace {
struct Tally {
  long sum = 0;
  std::vector<std::size_t> visited;
  void merge(const Tally& o) {
    sum += o.sum;
    visited.insert(visited.end(), o.visited.begin(), o.visited.end());
  }
};
}  // namespace

TEST_CASE("core: serial and OpenMP executors visit every index once, in order", "[core]") {
  const std::size_t n = 100'003;
  for (const Executor e : {Executor{ExecutorKind::serial, 0}, Executor{ExecutorKind::openmp, 1},
                           Executor{ExecutorKind::openmp, 2}, Executor{ExecutorKind::openmp, 3}}) {
    const auto t = e.reduce<Tally>(n, [](std::size_t begin, std::size_t end, Tally& tally) {
      for (std::size_t i = begin; i < end; ++i) {
        tally.sum += static_cast<long>(i);
        tally.visited.push_back(i);
      }
    });
    CHECK(t.sum == static_cast<long>(n * (n - 1) / 2));
    REQUIRE(t.visited.size() == n);
    // Thread-ordered merging of contiguous ranges restores resident order.
    std::vector<std::size_t> expected(n);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(t.visited == expected);
  }
}

TEST_CASE("core: the OpenMP executor really uses the threads it is given", "[core]") {
  const Executor e{ExecutorKind::openmp, 2};
  struct Threads {
    std::vector<int> ids;
    void merge(const Threads& o) { ids.insert(ids.end(), o.ids.begin(), o.ids.end()); }
  };
  const auto t = e.reduce<Threads>(10'000, [](std::size_t, std::size_t, Threads& tally) {
    tally.ids.push_back(omp_get_thread_num());
  });
  CHECK(t.ids == std::vector<int>{0, 1});
  CHECK(Executor{ExecutorKind::serial, 8}.thread_count() == 1);
}
