// Data flow: public files (ONS population, IMD, ONS boundaries) -> [borough] -> scenario YAML.
// `cdsim borough`: a council's own areas as a scenario whose neighbourhoods carry real codes, names,
// populations by age, deprivation deciles and, with boundaries, outlines and centroids.
// See docs/guide-own-borough.md.
#pragma once

#include <filesystem>
#include <string>

#include "sim/borough/public_data.hpp"

namespace CLI {
class App;
}

namespace cdsim::borough {

struct Options {
  std::filesystem::path population, deprivation, boundaries, output;
  Columns columns;
  std::string name;                ///< scenario name; default: the output file's stem
  std::string start = "2025-04-01";
  double years = 10;
  int replicates = 20;
};

struct Made {
  std::string yaml;     ///< the scenario, already checked by the scenario loader
  std::string summary;  ///< what was read and matched, for the terminal
};

/// Reads, matches and combines the files. Throws BoroughError listing every problem (unmatched or
/// duplicate codes, bad counts, bad shapes) naming the file and row or feature; writes nothing.
Made make_borough(const Options& options);

/// make_borough, then writes options.output (through a temporary file and a rename) and prints the
/// summary. Refuses an output that is one of the input files.
int run_borough(const Options& options);

/// Registers `cdsim borough` and its options on `app`; returns the subcommand.
CLI::App* add_command(CLI::App& app, Options& options);

}  // namespace cdsim::borough
