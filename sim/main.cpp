// The `cdsim` command line: run, check, compare, validate, bench, sweep, merge, analyse. Exit codes: 0 success, 1 bad input or a failed run
// (a message on stderr, no results file), 2 bad usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include "sim/borough/borough.hpp"
#include "sim/cli/option_checks.hpp"
#include "sim/report/report.hpp"
#include "sim/core/output_file.hpp"
#include "sim/run/bench.hpp"
#include "sim/run/compare.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/run/sensitivity.hpp"
#include "sim/run/sweep.hpp"
#include "sim/run/sweep_mpi.hpp"
#include "sim/run/validate.hpp"
#include "sim/spec/load_scenario.hpp"

namespace fs = std::filesystem;
using namespace cdsim;

namespace {

struct ScenarioArgs {
  std::string file;
  std::vector<std::string> sets;
};

void add_scenario_options(CLI::App& cmd, ScenarioArgs& args) {
  cmd.add_option("--set", args.sets, "Override a scenario value, e.g. --set population.size=50000")
      ->type_name("KEY.PATH=VALUE");
}

std::vector<spec::Override> overrides_of(const ScenarioArgs& args) {
  std::vector<spec::Override> out;
  for (const auto& s : args.sets) out.push_back(spec::Override::parse(s));
  return out;
}

int cmd_check(const ScenarioArgs& args) {
  const spec::ScenarioSpec s = spec::load_scenario(args.file, overrides_of(args));
  fmt::print("{}: valid ({}: {} residents in {} neighbourhoods, {} weeks, {} replicate(s))\n", args.file,
             s.name, s.population.size, s.population.neighbourhoods.size(), s.step_count(), s.replicates);
  return 0;
}

int cmd_run(ScenarioArgs args, std::string output, std::optional<int> replicates,
            std::optional<std::uint64_t> seed, int threads, const std::string& executor, int record_residents) {
  if (args.file.empty()) args.file = std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml";
  auto overrides = overrides_of(args);
  if (replicates) overrides.push_back({"replicates", std::to_string(*replicates)});
  if (seed) overrides.push_back({"seed", std::to_string(*seed)});
  const spec::ScenarioSpec s = spec::load_scenario(args.file, overrides);
  if (record_residents > s.population.size) {
    throw std::runtime_error(fmt::format("--record-residents {} is more than the {} residents of '{}'", record_residents,
                                         s.population.size, args.file));
  }

  const fs::path out = output.empty() ? fs::path("output") / (s.name + ".h5") : fs::path(output);
  const fs::path inputs[] = {args.file};
  core::refuse_overwriting_inputs(out, inputs);
  core::create_output_folder(out);

  const core::Executor exec{executor == "serial" ? core::ExecutorKind::serial : core::ExecutorKind::openmp,
                            threads};
  run::Progress progress;
  if (isatty(STDERR_FILENO)) {
    progress = [](int done, int total) {
      std::fprintf(stderr, "\rreplicate %d/%d", done, total);
      if (done == total) std::fputc('\n', stderr);
      std::fflush(stderr);
    };
  }
  const run::RunSummary summary = run::run_scenario(s, out, exec, progress, record_residents);
  fmt::print("{}", summary.format());
  fmt::print("results: {}\n", out.string());
  return 0;
}

int cmd_validate(ScenarioArgs args, std::optional<int> replicates, int threads, bool skip_policies) {
  if (args.file.empty()) args.file = std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml";
  auto overrides = overrides_of(args);
  if (replicates) overrides.push_back({"replicates", std::to_string(*replicates)});
  const spec::ScenarioSpec s = spec::load_scenario(args.file, overrides);
  auto rows = run::validate_scenario(s, {core::ExecutorKind::openmp, threads});
  if (!skip_policies) {
    const auto policy_rows = run::validate_policies(s, {core::ExecutorKind::openmp, threads});
    // In fact order: 1-8, the policy facts 9-12, then 13-14.
    const auto at = std::find_if(rows.begin(), rows.end(), [](const run::ValidationRow& r) { return r.fact.rfind("13", 0) == 0; });
    rows.insert(at, policy_rows.begin(), policy_rows.end());
  }
  fmt::print("{}", run::format_validation(s, rows));
  return 0;
}

struct CompareArgs {
  std::vector<std::string> files;
  std::string format = "table";
  std::string output;
  bool by_neighbourhood = false;
  double discount_rate = run::kDiscountRate;
};

void emit(const std::string& text, const std::string& output);

int cmd_compare(const CompareArgs& args) {
  if (!args.output.empty()) {
    const std::vector<fs::path> inputs(args.files.begin(), args.files.end());
    core::refuse_overwriting_inputs(args.output, inputs);
  }
  // Read and check everything before writing anything.
  const record::Results base = record::read_results(args.files.front());
  std::vector<run::Comparison> comparisons;
  for (std::size_t k = 1; k < args.files.size(); ++k) {
    comparisons.push_back(run::compare(base, record::read_results(args.files[k]), args.discount_rate));
  }
  const auto format = args.format == "csv"    ? run::CompareFormat::csv
                      : args.format == "json" ? run::CompareFormat::json
                                              : run::CompareFormat::table;
  emit(run::format_comparisons(comparisons, format, args.by_neighbourhood), args.output);
  return 0;
}

struct SweepArgs {
  std::string file, output, shard;
  int threads = 0;
};

int cmd_sweep(const SweepArgs& args) {
  run::SweepOptions options;
  options.output = args.output;
  if (!args.shard.empty()) {
    const auto shard = cli::shard_named(args.shard).value();  // checked by CLI11 (shard_check)
    options.shard = shard.index, options.shards = shard.count;
  }
  const bool mpi = run::launched_by_mpi();
  // Ranks usually fill the cores, so each runs one thread unless told otherwise.
  options.executor = {core::ExecutorKind::openmp, args.threads > 0 ? args.threads : (mpi ? 1 : 0)};
  const spec::SweepSpec sweep = spec::load_sweep(args.file);
  const fs::path inputs[] = {args.file, sweep.base, sweep.design.points};
  core::refuse_overwriting_inputs(options.output, inputs);
  core::create_output_folder(options.output);
  if (mpi) return run::run_sweep_ranks(args.file, options);
  const run::SweepPlan plan(args.file);
  try {
    fmt::print("{}", run::run_sweep(plan, options));
  } catch (const run::Interrupted& e) {
    std::cerr << "cdsim: " << e.what() << " (stopped cleanly: finished runs are kept, no results file was written)\n";
    return 128 + e.signal();
  }
  return 0;
}

/// Writes `text` to `output` (through a temporary file, renamed when complete) or standard output
/// when `output` is empty.
void emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    fmt::print("{}", text);
    return;
  }
  core::write_output(output, text, "output");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cdsim: the community demand simulator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", CDSIM_VERSION);

  ScenarioArgs run_args;
  std::string output, executor = "openmp";
  std::optional<int> replicates;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  auto* run = app.add_subcommand("run", "Run a scenario (default: the bundled baseline) and write results");
  run->add_option("scenario", run_args.file, "Scenario YAML file");
  run->add_option("-o,--output", output, "Results file (default: output/<scenario name>.h5)");
  run->add_option("--replicates", replicates, "Number of replicates")->check(cli::integer_in(1, 100000));
  run->add_option("--seed", seed, "Random seed")
      ->check(cli::integer_in<std::uint64_t>(0, std::numeric_limits<std::uint64_t>::max()));
  run->add_option("--threads", threads, "OpenMP threads (default: all cores)")->check(cli::integer_in(1, 1024));
  run->add_option("--executor", executor,
                  "openmp, or serial (the reference: one thread, the full rule for every resident)")
      ->check(CLI::IsMember({"openmp", "serial"}));
  int record_residents = 0;
  run->add_option("--record-residents", record_residents,
                  "Follow this many sampled residents week by week (state and events, for the viewer's stories)")
      ->check(cli::integer_in(0, 100'000));
  add_scenario_options(*run, run_args);

  ScenarioArgs check_args;
  auto* check = app.add_subcommand("check", "Validate a scenario; list every error with file:line:col");
  check->add_option("scenario", check_args.file, "Scenario YAML file")->required();
  add_scenario_options(*check, check_args);

  run::BenchOptions bench_options;
  auto* bench = app.add_subcommand("bench", "Measure throughput of the baseline model; JSON on stdout");
  bench->add_option("--residents", bench_options.residents, "Residents")->check(cli::integer_in(1000, 100'000'000));
  bench->add_option("--weeks", bench_options.weeks, "Weekly steps")->check(cli::integer_in(1, 10'000));
  bench->add_option("--threads", bench_options.threads, "Threads for the parallel run")->check(cli::integer_in(1, 1024));
  bench->add_option("--repeats", bench_options.repeats, "Timings per thread count")->check(cli::integer_in(1, 100));

  CompareArgs compare_args;
  auto* compare = app.add_subcommand(
      "compare", "Compare policy runs with their baseline (first file): people and pounds with 90% intervals");
  compare->add_option("files", compare_args.files, "BASE.h5 POLICY.h5 [POLICY2.h5 ...]")->required()->expected(2, 1000);
  compare->add_option("--format", compare_args.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compare->add_flag("--by-neighbourhood", compare_args.by_neighbourhood, "Add crisis weeks avoided per neighbourhood");
  compare->add_option("--discount-rate", compare_args.discount_rate, "Real discount rate a year (Green Book: 0.035)")
      ->check(cli::number_in(0.0, 1.0));
  compare->add_option("-o,--output", compare_args.output, "Write to this file instead of standard output");

  ScenarioArgs validate_args;
  std::optional<int> validate_replicates;
  int validate_threads = 0;
  auto* validate = app.add_subcommand(
      "validate", "Run a scenario (default: the baseline) and check it against the stylised facts; Markdown on stdout");
  validate->add_option("scenario", validate_args.file, "Scenario YAML file");
  validate->add_option("--replicates", validate_replicates, "Number of replicates")->check(cli::integer_in(1, 100000));
  validate->add_option("--threads", validate_threads, "OpenMP threads (default: all cores)")->check(cli::integer_in(1, 1024));
  bool skip_policies = false;
  validate->add_flag("--skip-policies", skip_policies, "Check only the baseline facts (1-8, 13, 14)");
  add_scenario_options(*validate, validate_args);

  // cdsim borough: a scenario from a council's public data (sim/borough/, docs/guide-own-borough.md).
  borough::Options borough_options;
  CLI::App* borough_command = borough::add_command(app, borough_options);

  // cdsim report: a board paper from a comparison (sim/report/, docs/report.md).
  report::Options report_options;
  CLI::App* report_command = report::add_command(app, report_options);

  SweepArgs sweep_args;
  auto* sweep = app.add_subcommand(
      "sweep", "Run a parameter sweep (threads here; ranks under mpirun; one slice with --shard i/n); resumable");
  sweep->add_option("sweep", sweep_args.file, "Sweep YAML file")->required();
  sweep->add_option("-o,--output", sweep_args.output, "Results file")->required();
  sweep->add_option("--shard", sweep_args.shard, "Run slice i of n (0-based) for a job array; combine with merge")
      ->check(cli::shard_check());
  sweep->add_option("--threads", sweep_args.threads, "OpenMP threads per process (default: all cores; 1 per MPI rank)")
      ->check(cli::integer_in(1, 1024));

  std::vector<std::string> merge_inputs;
  std::string merge_output;
  auto* merge = app.add_subcommand("merge", "Combine the shard files of one sweep into one results file");
  merge->add_option("shards", merge_inputs, "Shard result files")->required()->expected(1, 100'000);
  merge->add_option("-o,--output", merge_output, "Merged results file")->required();

  std::string analyse_input, analyse_format = "table", analyse_output;
  int resamples = 1000;
  auto* analyse = app.add_subcommand("analyse", "Sobol or Morris sensitivity indices of a sweep's KPIs");
  analyse->add_option("results", analyse_input, "Sweep results file")->required();
  analyse->add_option("--format", analyse_format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  analyse->add_option("--resamples", resamples, "Bootstrap resamples for the intervals")->check(cli::integer_in(0, 100'000));
  analyse->add_option("-o,--output", analyse_output, "Write to this file instead of standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // The long commands stop cleanly on SIGINT and SIGTERM; the short ones keep the default (exit at once).
  if (*run || *validate || *bench || *sweep) run::install_interrupt_handlers();
  try {
    if (*run) return cmd_run(run_args, output, replicates, seed, threads, executor, record_residents);
    if (*check) return cmd_check(check_args);
    if (*borough_command) return borough::run_borough(borough_options);
    if (*compare) return cmd_compare(compare_args);
    if (*report_command) return report::run_report(report_options);
    if (*sweep) return cmd_sweep(sweep_args);
    if (*merge) {
      std::vector<fs::path> inputs(merge_inputs.begin(), merge_inputs.end());
      core::refuse_overwriting_inputs(merge_output, inputs);
      fmt::print("{}", run::merge_sweeps(inputs, merge_output));
      return 0;
    }
    if (*analyse) {
      const auto format = analyse_format == "csv"    ? run::AnalyseFormat::csv
                          : analyse_format == "json" ? run::AnalyseFormat::json
                                                     : run::AnalyseFormat::table;
      if (!analyse_output.empty()) {
        const fs::path inputs[] = {analyse_input};
        core::refuse_overwriting_inputs(analyse_output, inputs);
      }
      emit(run::analyse_sweep(record::read_sweep_results(analyse_input), format, resamples), analyse_output);
      return 0;
    }
    if (*validate) return cmd_validate(validate_args, validate_replicates, validate_threads, skip_policies);
    if (*bench) {
      std::cout << run::run_bench(bench_options).dump(2) << '\n';
      return 0;
    }
  } catch (const run::Interrupted& e) {
    std::cerr << "cdsim: " << e.what() << ": stopped cleanly. No results file was written (a results file holds "
                 "every replicate or none, and its temporary file was removed); run the same command again to start over.\n";
    return 128 + e.signal();
  } catch (const record::ResultsError& e) {
    std::cerr << "cdsim: error: " << e.what() << '\n';
    return 1;
  } catch (const spec::SpecError& e) {
    std::cerr << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cdsim: error: " << e.what() << '\n';
    return 1;
  }
  return 2;
}
