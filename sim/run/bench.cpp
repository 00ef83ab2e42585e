#include "sim/run/bench.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "models/engine.hpp"
#include "models/settled_states.hpp"
#include "sim/core/simd_target.hpp"
#include "sim/record/hdf5_sink.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/defaults.hpp"

namespace cdsim::run {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

nlohmann::json run_bench(const BenchOptions& options) {
  spec::ScenarioSpec spec = spec::default_scenario();
  spec.population.size = options.residents;
  spec.years = options.weeks * 7.0 / 365.25;
  spec.replicates = 1;
  const record::RunMetadata meta = make_metadata(spec);
  const double resident_steps = static_cast<double>(options.residents) * meta.steps;
  // A replicate also runs the unrecorded pilot that settles its start (burn_in_years), at most
  // kMostPilotResidents strong: the engine's whole work per replicate, for comparing kernels and
  // machines, counts those weeks too.
  const double pilot_residents = static_cast<double>(std::min(options.residents, model::kMostPilotResidents));
  const double simulated_steps = static_cast<double>(options.residents) * meta.steps +
                                 pilot_residents * spec.burn_in_steps();

  std::vector<int> thread_counts{1};
  const core::Executor all{core::ExecutorKind::openmp, options.threads};
  if (all.thread_count() > 1) thread_counts.push_back(all.thread_count());

  nlohmann::json runs = nlohmann::json::array();
  std::vector<double> medians;
  for (const int threads : thread_counts) {
    const core::Executor executor{core::ExecutorKind::openmp, threads};
    std::vector<double> build, replicate, write;
    for (int k = 0; k < options.repeats; ++k) {
      // Each timing runs its replicate's pilot: a run's replicates each have their own (only runs
      // differing in their policies share them, and a bench has none to share with).
      model::forget_pilots();
      build.push_back(seconds([&] { model::Engine engine(spec, 0, executor); }));
      model::forget_pilots();
      std::optional<record::ReplicateObservations> obs;
      replicate.push_back(seconds([&] { obs.emplace(simulate_replicate(spec, meta, 0, executor)); }));
      // Writing one replicate's results file (built in memory, written and flushed to disk, renamed).
      const auto path = std::filesystem::temp_directory_path() / fmt::format("cdsim-bench-{}.h5", ::getpid());
      write.push_back(seconds([&] {
        record::Hdf5Sink sink(path, meta);
        sink.write_replicate(0, *obs);
        sink.commit();
      }));
      std::filesystem::remove(path);
    }
    const double m = median(replicate);
    medians.push_back(m);
    runs.push_back({{"threads", threads},
                    {"replicate_seconds_median", m},
                    {"replicate_seconds", replicate},
                    {"build_seconds_median", median(build)},
                    {"write_seconds_median", median(write)},
                    {"resident_steps_per_second", resident_steps / m},
                    {"simulated_resident_steps_per_second", simulated_steps / m}});
  }
  // How OpenMP's threads waited (cdsim sets passive unless the user chose): it moves figures on a busy machine.
  const char* const wait_policy = std::getenv("OMP_WAIT_POLICY");
  nlohmann::json out = {{"residents", options.residents},
                        {"weeks", meta.steps},
                        {"resident_steps", resident_steps},
                        {"burn_in_weeks", spec.burn_in_steps()},
                        {"burn_in_residents", pilot_residents},
                        {"omp_wait_policy", wait_policy != nullptr ? wait_policy : "default"},
                        {"repeats", options.repeats},
                        {"runs", runs}};
  if (medians.size() == 2) out["speedup"] = medians[0] / medians[1];
  // Which SIMD target's kernels ran: numbers from different targets are not comparable.
  out["simd_target"] = std::string(core::name_of(core::chosen_simd_target()));
  // Memory per resident at step 0: the resident columns, the tie counts the rule reads, and the
  // network's rows (mostly four bytes per tie).
  const model::Engine engine(spec, 0, all);
  const auto per_resident = [&](double bytes) { return bytes / static_cast<double>(options.residents); };
  const double columns = model::Residents::kBytesPerResident + model::TiesAtStart::kBytesPerResident;
  // With carers (the default) a byte of caring flags per tie.
  const auto& net = engine.world().network;
  const double carer_flags = spec.mechanisms.network && spec.mechanisms.carers
                                 ? static_cast<double>(net.tie_count() * model::TiesAtStart::kCaringBytesPerTie)
                                 : 0.0;
  const double network = per_resident(static_cast<double>(net.bytes()) + carer_flags);
  out["bytes_per_resident"] = columns + network;
  out["bytes_per_resident_parts"] = {{"columns", columns}, {"network", network}};
  // What the process really held at its peak (every timing above, the libraries, the recorded
  // observations): at small sizes the fixed part dominates, at millions the per-resident part.
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double peak = static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
  out["peak_rss_bytes"] = peak;
  out["peak_rss_bytes_per_resident"] = per_resident(peak);
  return out;
}

}  // namespace cdsim::run
