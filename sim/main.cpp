// The `cdsim` command line: run, check, compare, validate, bench, sweep, merge, analyse, calibrate. Exit codes: 0 success, 1 bad input or a failed run
// (a message on stderr, no results file), 2 bad usage, 3 a calibration that found nothing plausible.
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
#include "sim/calibrate/calibrate.hpp"
#include "sim/cli/openmp_waiting.hpp"
#include "sim/cli/option_checks.hpp"
#include "sim/report/report.hpp"
#include "sim/core/output_file.hpp"
#include "sim/run/bench.hpp"
#include "sim/compare/compare.hpp"
#include "sim/run/break_even.hpp"
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

/// Writes `text` to `output` (through a temporary file, renamed when complete) or standard output
/// when `output` is empty.
void emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    fmt::print("{}", text);
    return;
  }
  core::write_output(output, text, "output");
}

// Each command: its options (add_*, registered in the order `cdsim --help` lists them) and what it
// does once they are parsed (cmd_*, returning the exit code).

struct RunArgs {
  ScenarioArgs scenario;
  std::string output, executor = "openmp";
  std::optional<int> replicates;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  int record_residents = 0;
  bool uncertainty = false;
};

CLI::App* add_run(CLI::App& app, RunArgs& args) {
  auto* run = app.add_subcommand("run", "Run a scenario (default: the bundled baseline) and write results");
  run->add_option("scenario", args.scenario.file, "Scenario YAML file");
  run->add_option("-o,--output", args.output, "Results file (default: output/<scenario name>.h5)");
  run->add_option("--replicates", args.replicates, "Number of replicates")->check(cli::integer_in(1, 100000));
  run->add_option("--seed", args.seed, "Random seed")
      ->check(cli::integer_in<std::uint64_t>(0, std::numeric_limits<std::uint64_t>::max()));
  run->add_option("--threads", args.threads, "OpenMP threads (default: all cores)")->check(cli::integer_in(1, 1024));
  run->add_option("--executor", args.executor,
                  "openmp, or serial (the reference: one thread, the full rule for every resident)")
      ->check(CLI::IsMember({"openmp", "serial"}));
  run->add_option("--record-residents", args.record_residents,
                  "Follow this many sampled residents week by week (state and events, for the viewer's stories)")
      ->check(cli::integer_in(0, 100'000));
  run->add_flag("--uncertainty", args.uncertainty,
                "Give each replicate its own draw of the scenario's uncertain parameters (its uncertainty: list), "
                "recorded in the results; paired scenarios with one seed share the draws");
  add_scenario_options(*run, args.scenario);
  return run;
}

int cmd_run(RunArgs args) {
  if (args.scenario.file.empty()) args.scenario.file = std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml";
  const std::string& file = args.scenario.file;
  auto overrides = overrides_of(args.scenario);
  if (args.replicates) overrides.push_back({"replicates", std::to_string(*args.replicates)});
  if (args.seed) overrides.push_back({"seed", std::to_string(*args.seed)});
  const spec::ScenarioSpec s = spec::load_scenario(file, overrides);
  if (args.record_residents > s.population.size) {
    throw std::runtime_error(fmt::format("--record-residents {} is more than the {} residents of '{}'",
                                         args.record_residents, s.population.size, file));
  }

  const fs::path out = args.output.empty() ? fs::path("output") / (s.name + ".h5") : fs::path(args.output);
  const fs::path inputs[] = {file};
  core::refuse_overwriting_inputs(out, inputs);
  core::create_output_folder(out);

  const core::Executor exec{args.executor == "serial" ? core::ExecutorKind::serial : core::ExecutorKind::openmp,
                            args.threads};
  run::Progress progress;
  if (isatty(STDERR_FILENO)) {
    progress = [](int done, int total) {
      std::fprintf(stderr, "\rreplicate %d/%d", done, total);
      if (done == total) std::fputc('\n', stderr);
      std::fflush(stderr);
    };
  }
  const run::RunSummary summary = run::run_scenario(s, out, exec, progress, args.record_residents, args.uncertainty);
  fmt::print("{}", summary.format());
  fmt::print("results: {}\n", out.string());
  return 0;
}

CLI::App* add_check(CLI::App& app, ScenarioArgs& args) {
  auto* check = app.add_subcommand("check", "Validate a scenario; list every error with file:line:col");
  check->add_option("scenario", args.file, "Scenario YAML file")->required();
  add_scenario_options(*check, args);
  return check;
}

int cmd_check(const ScenarioArgs& args) {
  const spec::ScenarioSpec s = spec::load_scenario(args.file, overrides_of(args));
  fmt::print("{}: valid ({}: {} residents in {} neighbourhoods, {} weeks, {} replicate(s))\n", args.file,
             s.name, s.population.size, s.population.neighbourhoods.size(), s.step_count(), s.replicates);
  return 0;
}

CLI::App* add_bench(CLI::App& app, run::BenchOptions& options) {
  auto* bench = app.add_subcommand("bench", "Measure throughput of the baseline model; JSON on stdout");
  bench->add_option("--residents", options.residents, "Residents")->check(cli::integer_in(1000, 100'000'000));
  bench->add_option("--weeks", options.weeks, "Weekly steps")->check(cli::integer_in(1, 10'000));
  bench->add_option("--threads", options.threads, "Threads for the parallel run")->check(cli::integer_in(1, 1024));
  bench->add_option("--repeats", options.repeats, "Timings per thread count")->check(cli::integer_in(1, 100));
  return bench;
}

int cmd_bench(const run::BenchOptions& options) {
  std::cout << run::run_bench(options).dump(2) << '\n';
  return 0;
}

struct CompareArgs {
  std::vector<std::string> files;
  std::string format = "table";
  std::string output;
  bool by_neighbourhood = false;
  double discount_rate = compare::kDiscountRate;
  std::string break_even;
  std::vector<double> break_even_range;
  std::optional<int> replicates;
  int threads = 0;
};

CLI::App* add_compare(CLI::App& app, CompareArgs& args) {
  auto* compare = app.add_subcommand(
      "compare", "Compare policy runs with their baseline (first file): people and pounds with 90% intervals");
  compare->add_option("files", args.files, "BASE.h5 POLICY.h5 [POLICY2.h5 ...]")->required()->expected(2, 1000);
  compare->add_option("--format", args.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  compare->add_flag("--by-neighbourhood", args.by_neighbourhood, "Add crisis weeks avoided per neighbourhood");
  compare->add_option("--discount-rate", args.discount_rate, "Real discount rate a year (Green Book: 0.035)")
      ->check(cli::number_in(0.0, 1.0));
  compare->add_option("-o,--output", args.output, "Write to this file instead of standard output");
  auto* break_even = compare->add_option(
      "--break-even", args.break_even,
      "Find where the policy breaks even in KEY (a scenario key, as --set takes it) by re-running both recorded "
      "scenarios at values of KEY, bisecting until the mean NPV changes sign (to 1% of the range searched)");
  break_even->type_name("KEY");
  compare->add_option("--break-even-range", args.break_even_range,
                      "The range of KEY to search (default: the values the files drew, else KEY's distribution)")
      ->expected(2)
      ->type_name("LOW HIGH")
      ->needs(break_even);
  compare->add_option("--replicates", args.replicates, "Replicates of each --break-even run (default: as the files)")
      ->check(cli::integer_in(1, 100000))
      ->needs(break_even);
  compare->add_option("--threads", args.threads, "OpenMP threads for the --break-even runs (default: all cores)")
      ->check(cli::integer_in(1, 1024))
      ->needs(break_even);
  return compare;
}

int cmd_compare(const CompareArgs& args) {
  if (!args.output.empty()) {
    const std::vector<fs::path> inputs(args.files.begin(), args.files.end());
    core::refuse_overwriting_inputs(args.output, inputs);
  }
  // Read and check everything before writing anything.
  const record::Results base = record::read_results(args.files.front());
  std::vector<compare::Comparison> comparisons;
  for (std::size_t k = 1; k < args.files.size(); ++k) {
    const record::Results policy = record::read_results(args.files[k]);
    comparisons.push_back(compare::compare(base, policy, args.discount_rate));
    if (!args.break_even.empty()) {
      run::BisectionOptions options;
      options.key = args.break_even;
      if (!args.break_even_range.empty()) options.range = std::pair{args.break_even_range[0], args.break_even_range[1]};
      options.replicates = args.replicates;
      options.executor = {core::ExecutorKind::openmp, args.threads};
      options.discount_rate = args.discount_rate;
      comparisons.back().bisection = run::break_even_by_bisection(base, policy, options);
    }
  }
  const auto format = args.format == "csv"    ? compare::CompareFormat::csv
                      : args.format == "json" ? compare::CompareFormat::json
                                              : compare::CompareFormat::table;
  emit(compare::format_comparisons(comparisons, format, args.by_neighbourhood), args.output);
  return 0;
}

struct ValidateArgs {
  ScenarioArgs scenario;
  std::optional<int> replicates;
  int threads = 0;
  bool skip_policies = false;
};

CLI::App* add_validate(CLI::App& app, ValidateArgs& args) {
  auto* validate = app.add_subcommand(
      "validate", "Run a scenario (default: the baseline) and check it against the stylised facts; Markdown on stdout");
  validate->add_option("scenario", args.scenario.file, "Scenario YAML file");
  validate->add_option("--replicates", args.replicates, "Number of replicates")->check(cli::integer_in(1, 100000));
  validate->add_option("--threads", args.threads, "OpenMP threads (default: all cores)")->check(cli::integer_in(1, 1024));
  validate->add_flag("--skip-policies", args.skip_policies, "Check only the baseline facts (1-8, 13, 14)");
  add_scenario_options(*validate, args.scenario);
  return validate;
}

int cmd_validate(ValidateArgs args) {
  if (args.scenario.file.empty()) args.scenario.file = std::string(CDSIM_SCENARIO_DIR) + "/baseline.yaml";
  auto overrides = overrides_of(args.scenario);
  if (args.replicates) overrides.push_back({"replicates", std::to_string(*args.replicates)});
  const spec::ScenarioSpec s = spec::load_scenario(args.scenario.file, overrides);
  auto rows = run::validate_scenario(s, {core::ExecutorKind::openmp, args.threads});
  if (!args.skip_policies) {
    const auto policy_rows = run::validate_policies(s, {core::ExecutorKind::openmp, args.threads});
    // In fact order: 1-8, the policy facts 9-12, then 13-14.
    const auto at = std::find_if(rows.begin(), rows.end(), [](const run::ValidationRow& r) { return r.fact.rfind("13", 0) == 0; });
    rows.insert(at, policy_rows.begin(), policy_rows.end());
  }
  fmt::print("{}", run::format_validation(s, rows));
  return 0;
}

struct SweepArgs {
  std::string file, output, shard;
  int threads = 0;
};

CLI::App* add_sweep(CLI::App& app, SweepArgs& args) {
  auto* sweep = app.add_subcommand(
      "sweep", "Run a parameter sweep (threads here; ranks under mpirun; one slice with --shard i/n); resumable");
  sweep->add_option("sweep", args.file, "Sweep YAML file")->required();
  sweep->add_option("-o,--output", args.output, "Results file")->required();
  sweep->add_option("--shard", args.shard, "Run slice i of n (0-based) for a job array; combine with merge")
      ->check(cli::shard_check());
  sweep->add_option("--threads", args.threads, "OpenMP threads per process (default: all cores; 1 per MPI rank)")
      ->check(cli::integer_in(1, 1024));
  return sweep;
}

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

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string output;
};

CLI::App* add_merge(CLI::App& app, MergeArgs& args) {
  auto* merge = app.add_subcommand("merge", "Combine the shard files of one sweep into one results file");
  merge->add_option("shards", args.inputs, "Shard result files")->required()->expected(1, 100'000);
  merge->add_option("-o,--output", args.output, "Merged results file")->required();
  return merge;
}

int cmd_merge(const MergeArgs& args) {
  std::vector<fs::path> inputs(args.inputs.begin(), args.inputs.end());
  core::refuse_overwriting_inputs(args.output, inputs);
  fmt::print("{}", run::merge_sweeps(inputs, args.output));
  return 0;
}

struct AnalyseArgs {
  std::string input, format = "table", output;
  int resamples = 1000;
};

CLI::App* add_analyse(CLI::App& app, AnalyseArgs& args) {
  auto* analyse = app.add_subcommand("analyse", "Sobol or Morris sensitivity indices of a sweep's KPIs");
  analyse->add_option("results", args.input, "Sweep results file")->required();
  analyse->add_option("--format", args.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  analyse->add_option("--resamples", args.resamples, "Bootstrap resamples for the intervals")
      ->check(cli::integer_in(0, 100'000));
  analyse->add_option("-o,--output", args.output, "Write to this file instead of standard output");
  return analyse;
}

int cmd_analyse(const AnalyseArgs& args) {
  const auto format = args.format == "csv"    ? run::AnalyseFormat::csv
                      : args.format == "json" ? run::AnalyseFormat::json
                                              : run::AnalyseFormat::table;
  if (!args.output.empty()) {
    const fs::path inputs[] = {args.input};
    core::refuse_overwriting_inputs(args.output, inputs);
  }
  emit(run::analyse_sweep(record::read_sweep_results(args.input), format, args.resamples), args.output);
  return 0;
}

struct CalibrateArgs {
  std::string file, output, scenario_out, format = "table";
  int threads = 0;
  bool resume = false;
};

CLI::App* add_calibrate(CLI::App& app, CalibrateArgs& args) {
  auto* cal = app.add_subcommand("calibrate",
                                 "Fit a scenario's parameters to a council's own data by history matching "
                                 "(docs/calibration.md); exit 3 when nothing in the priors fits");
  cal->add_option("calibration", args.file, "Calibration YAML file")->required();
  cal->add_option("-o,--output", args.output, "Posterior file (HDF5)")->required();
  cal->add_option("-s,--scenario-out", args.scenario_out,
                  "Also write the calibrated scenario: the posterior medians, and its draws for --uncertainty");
  cal->add_option("--threads", args.threads, "OpenMP threads (default: all cores)")->check(cli::integer_in(1, 1024));
  cal->add_flag("--resume", args.resume, "Continue from the journal an interrupted calibration left (OUTPUT.journal)");
  cal->add_option("--format", args.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  return cal;
}

int cmd_calibrate(const CalibrateArgs& args) {
  calibrate::CalibrateOptions options;
  options.output = args.output;
  options.calibrated_scenario = args.scenario_out;
  options.executor = {core::ExecutorKind::openmp, args.threads};
  options.resume = args.resume;
  options.json = args.format == "json";
  try {
    return calibrate::calibrate(args.file, options);
  } catch (const run::Interrupted& e) {
    std::cerr << "cdsim: " << e.what() << " (stopped cleanly: finished runs are kept in the journal; add --resume to "
                 "continue)\n";
    return 128 + e.signal();
  }
}

}  // namespace

int main(int argc, char** argv) {
  cli::wait_passively_unless_told(argv);
  CLI::App app{"cdsim: the community demand simulator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", CDSIM_VERSION);

  RunArgs run_args;
  CLI::App* run = add_run(app, run_args);
  ScenarioArgs check_args;
  CLI::App* check = add_check(app, check_args);
  run::BenchOptions bench_options;
  CLI::App* bench = add_bench(app, bench_options);
  CompareArgs compare_args;
  CLI::App* compare = add_compare(app, compare_args);
  ValidateArgs validate_args;
  CLI::App* validate = add_validate(app, validate_args);
  // cdsim borough: a scenario from a council's public data (sim/borough/, docs/guide-own-borough.md).
  borough::Options borough_options;
  CLI::App* borough_command = borough::add_command(app, borough_options);

  // cdsim report: a board paper from a comparison (sim/report/, docs/report.md).
  report::Options report_options;
  CLI::App* report_command = report::add_command(app, report_options);

  SweepArgs sweep_args;
  CLI::App* sweep = add_sweep(app, sweep_args);
  MergeArgs merge_args;
  CLI::App* merge = add_merge(app, merge_args);
  AnalyseArgs analyse_args;
  CLI::App* analyse = add_analyse(app, analyse_args);
  CalibrateArgs calibrate_args;
  CLI::App* calibrate_command = add_calibrate(app, calibrate_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // The long commands stop cleanly on SIGINT and SIGTERM; the short ones keep the default (exit at once).
  if (*run || *validate || *bench || *sweep || *calibrate_command) run::install_interrupt_handlers();
  try {
    if (*run) return cmd_run(run_args);
    if (*check) return cmd_check(check_args);
    if (*borough_command) return borough::run_borough(borough_options);
    if (*compare) return cmd_compare(compare_args);
    if (*report_command) return report::run_report(report_options);
    if (*sweep) return cmd_sweep(sweep_args);
    if (*merge) return cmd_merge(merge_args);
    if (*analyse) return cmd_analyse(analyse_args);
    if (*calibrate_command) return cmd_calibrate(calibrate_args);
    if (*validate) return cmd_validate(validate_args);
    if (*bench) return cmd_bench(bench_options);
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
