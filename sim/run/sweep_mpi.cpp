#include "sim/run/sweep_mpi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "sim/run/interrupt.hpp"
#include "sim/run/sweep_journal.hpp"
#include "sim/spec/diagnostics.hpp"

#if CDSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace cdsim::run {

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#if !CDSIM_HAVE_MPI

int run_sweep_ranks(const std::filesystem::path&, const SweepOptions&) {
  std::cerr << "cdsim: error: this cdsim was built without MPI (Open MPI was not found when it was configured); "
               "run the sweep without mpirun, or with --shard i/n as a job array\n";
  return 1;
}

SharedRuns::SharedRuns() {
  throw std::runtime_error("this cdsim was built without MPI (Open MPI was not found when it was configured); run "
                           "without mpirun");
}
SharedRuns::~SharedRuns() = default;
std::vector<std::vector<double>> SharedRuns::share(const std::vector<std::vector<double>>&, std::size_t,
                                                   const std::function<std::vector<double>(std::size_t)>&) const {
  return {};
}
void SharedRuns::abort() const { std::abort(); }
int SharedRuns::agree(int status) const { return status; }

#else

namespace {

// Messages are arrays of doubles: a worker sends [task, values...] (task -1: ready for the first),
// rank 0 answers [task] (-1: stop). Task indices stay far below 2^53, so doubles hold them exactly.
constexpr int kTag = 1;
constexpr double kNone = -1;

/// What rank 0 found before handing out work, broadcast so every rank takes the same path.
enum Status : int { go = 0, nothing_to_do = 1, failed = 2 };

void send(const std::vector<double>& message, int to) {
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, to, kTag, MPI_COMM_WORLD);
}

/// Receives one message from any rank; returns its sender. Waits by polling with short sleeps rather
/// than MPI_Probe, which spins: rank 0 mostly waits, and should leave its core to the ranks running.
int receive(std::vector<double>& message) {
  MPI_Status status;
  for (int arrived = 0;;) {
    MPI_Iprobe(MPI_ANY_SOURCE, kTag, MPI_COMM_WORLD, &arrived, &status);
    if (arrived) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int count = 0;
  MPI_Get_count(&status, MPI_DOUBLE, &count);
  message.resize(static_cast<std::size_t>(count));
  MPI_Recv(message.data(), count, MPI_DOUBLE, status.MPI_SOURCE, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return status.MPI_SOURCE;
}

void work(const SweepPlan& plan, const SweepOptions& options) {
  std::vector<double> message{kNone};
  for (;;) {
    send(message, 0);
    receive(message);
    if (message.at(0) < 0) return;
    const auto task = static_cast<std::uint64_t>(message[0]);
    const std::vector<double> values = plan.run(task, options.executor);
    message.assign(1, static_cast<double>(task));
    message.insert(message.end(), values.begin(), values.end());
  }
}

/// Rank 0: hands out the pending runs, journals what comes back, and writes the results.
int coordinate(const SweepPlan& plan, const SweepOptions& options, SweepJournal& journal, int ranks) {
  const ShardTasks tasks = shard_tasks(plan, options, journal);
  const std::vector<std::uint64_t>& pending = tasks.pending;
  SweepProgress progress(tasks.count, tasks.kept());
  std::size_t next = 0, ran = 0;
  int working = ranks - 1;
  std::vector<double> message;
  while (working > 0) {
    const int from = receive(message);
    if (message.at(0) >= 0) {
      journal.append(static_cast<std::uint64_t>(message[0]), {message.begin() + 1, message.end()});
      progress.one_done();
      ++ran;
    }
    // After a SIGINT or SIGTERM no new runs start; those under way are kept as they come back.
    if (next < pending.size() && interrupt_signal() == 0) {
      send({static_cast<double>(pending[next++])}, from);
    } else {
      send({kNone}, from);
      --working;
    }
  }
  if (interrupt_signal() != 0) {
    std::cerr << "cdsim: " << kept_message(plan, journal, tasks.count) << " (stopped cleanly)\n";
    return 128 + interrupt_signal();
  }
  write_from_journal(plan, options, journal);
  std::cout << sweep_summary(plan, ran, tasks.kept(), progress.seconds(), options.output)
            << fmt::format("  ({} ranks: 1 handing out runs, {} running them)\n", ranks, ranks - 1);
  return 0;
}

/// Rank 0 checks for finished results and opens the journal, and tells the others whether to work.
int run_ranks(const SweepPlan& plan, const SweepOptions& options, int rank, int ranks) {
  int status = go;
  std::unique_ptr<SweepJournal> journal;
  if (rank == 0) {
    try {
      if (already_complete(plan, options.output, shard_label(options))) {
        status = nothing_to_do;
        std::cout << fmt::format("sweep {}: '{}' already holds these results; nothing to run\n", plan.sweep().name,
                                 options.output.string());
      } else {
        journal = std::make_unique<SweepJournal>(journal_path(options.output), plan.fingerprint(), plan.values_per_task());
      }
    } catch (const std::exception& e) {
      std::cerr << fmt::format("cdsim: error: {}\n", e.what());
      status = failed;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (status != go) return status == failed ? 1 : 0;
  if (rank != 0) {
    work(plan, options);
    return 0;
  }
  return coordinate(plan, options, *journal, ranks);
}

}  // namespace

SharedRuns::SharedRuns() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks_);
}

SharedRuns::~SharedRuns() { MPI_Finalize(); }

std::vector<std::vector<double>> SharedRuns::share(const std::vector<std::vector<double>>& known, std::size_t values,
                                                   const std::function<std::vector<double>(std::size_t)>& run) const {
  const std::size_t n = known.size();
  // Rank 0 says which runs it holds; every rank then agrees on the pending ones and who runs each.
  std::vector<int> held(n, 0);
  if (rank_ == 0)
    for (std::size_t i = 0; i < n; ++i) held[i] = known[i].empty() ? 0 : 1;
  MPI_Bcast(held.data(), static_cast<int>(n), MPI_INT, 0, MPI_COMM_WORLD);
  // Each value is nonzero on at most one rank, so the sum is that value, bit for bit (outputs are >= 0).
  std::vector<double> buffer(n * values, 0.0);
  std::size_t pending = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<double>* v = nullptr;
    std::vector<double> ran;
    if (held[i] != 0) {
      if (rank_ == 0) v = &known[i];
    } else if (static_cast<int>(pending++ % static_cast<std::size_t>(ranks_)) == rank_) {
      ran = run(i);
      v = &ran;
    }
    if (v != nullptr) std::copy(v->begin(), v->end(), buffer.begin() + static_cast<std::ptrdiff_t>(i * values));
  }
  MPI_Allreduce(MPI_IN_PLACE, buffer.data(), static_cast<int>(buffer.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  std::vector<std::vector<double>> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i].assign(buffer.begin() + static_cast<std::ptrdiff_t>(i * values),
                  buffer.begin() + static_cast<std::ptrdiff_t>((i + 1) * values));
  return out;
}

void SharedRuns::abort() const {
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();
}

int SharedRuns::agree(int status) const {
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

int run_sweep_ranks(const std::filesystem::path& sweep_file, const SweepOptions& options) {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const auto report = [&](const std::string& text) {
    if (rank == 0) std::cerr << text << '\n';
  };
  // Every rank reads the same files and gets the same plan, or the same error (printed once).
  std::optional<SweepPlan> plan;
  try {
    plan.emplace(sweep_file);
  } catch (const spec::SpecError& e) {
    report(e.what());
  } catch (const std::exception& e) {
    report(fmt::format("cdsim: error: {}", e.what()));
  }
  int code = plan ? 0 : 1;
  if (plan) {
    try {
      if (ranks == 1) {
        std::cout << run_sweep(*plan, options);
      } else {
        code = run_ranks(*plan, options, rank, ranks);
      }
    } catch (const Interrupted& e) {
      report(fmt::format("cdsim: {}: stopped cleanly", e.what()));
      code = 128 + e.signal();
    } catch (const std::exception& e) {
      std::cerr << fmt::format("cdsim: error on rank {}: {}\n", rank, e.what());
      // The other ranks would wait for this one for ever: end the job.
      if (ranks > 1) MPI_Abort(MPI_COMM_WORLD, 1);
      code = 1;
    }
  }
  MPI_Finalize();
  return code;
}

#endif

}  // namespace cdsim::run
