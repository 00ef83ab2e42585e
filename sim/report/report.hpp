// Data flow: results files -> compare (sim/compare) -> [report] -> a board paper, HTML or PDF (`cdsim report`).
// One command from a comparison to the paper a strategy lead takes to a board: the same numbers as
// `cdsim compare`, charts over time, the map of the change, the policies, assumptions and caveats.
// See docs/report.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cdsim::report {

struct Options {
  std::vector<std::string> files;  ///< baseline first, then one or more policy runs of the same borough
  std::filesystem::path output;    ///< .html / .htm (one self-contained file) or .pdf (A4)
  double discount_rate = 0.035;    ///< as `cdsim compare --discount-rate`
  std::string title;               ///< default: "<policy> against <baseline>"
};

/// Registers `cdsim report` and its options on `app`; returns the subcommand.
CLI::App* add_command(CLI::App& app, Options& options);

/// Reads and checks every file (as `cdsim compare` does), builds the paper and writes it through a
/// temporary file renamed when complete. Throws (record::ResultsError, core::OutputError,
/// std::runtime_error naming the file and the reason) on bad input; nothing is written then.
int run_report(const Options& options);

}  // namespace cdsim::report
