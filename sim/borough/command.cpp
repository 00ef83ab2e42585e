// `cdsim borough` on the command line (CLI11): the options and their help.
#include <CLI/CLI.hpp>

#include "sim/borough/borough.hpp"
#include "sim/cli/option_checks.hpp"

namespace cdsim::borough {

CLI::App* add_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand(
      "borough", "Make a scenario of your own borough from ONS population estimates, the IMD and ONS boundaries");
  cmd->add_option("--population", o.population, "ONS population estimates by single year of age (CSV)")
      ->required()
      ->type_name("POP.csv");
  cmd->add_option("--deprivation", o.deprivation, "English Indices of Deprivation, file 1 or 7 (CSV)")
      ->required()
      ->type_name("IMD.csv");
  cmd->add_option("--boundaries", o.boundaries, "Area boundaries, GeoJSON in WGS84 (ONS Open Geography portal)")
      ->type_name("AREAS.geojson");
  cmd->add_option("--group-by", o.columns.group_by,
                  "Make neighbourhoods of groups of areas: a column of the population file, or a lookup CSV "
                  "(ONS LSOA to ward lookup)")
      ->type_name("COLUMN|LOOKUP.csv");
  cmd->add_option("-o,--output", o.output, "Scenario file to write")->required()->type_name("SCENARIO.yaml");
  cmd->add_option("--name", o.name, "Scenario name (default: the output file's name)");
  cmd->add_option("--start", o.start, "Start date of the scenario")->capture_default_str();
  cmd->add_option("--years", o.years, "Horizon in years")->capture_default_str()->check(cli::number_in(0.1, 100.0));
  cmd->add_option("--replicates", o.replicates, "Replicates")->capture_default_str()->check(cli::integer_in(1, 100000));
  cmd->add_option("--filter", o.columns.filter, "Keep only population rows with this value, e.g. \"LAD 2021 Name=Wigan\"")
      ->type_name("COLUMN=VALUE");
  auto* g = "Columns (default: recognised from the published headers)";
  cmd->add_option("--code-column", o.columns.code, "Population file: area codes")->group(g);
  cmd->add_option("--name-column", o.columns.name, "Population file: area names")->group(g);
  cmd->add_option("--total-column", o.columns.total, "Population file: all ages (checked against the ages)")->group(g);
  cmd->add_option("--deprivation-code-column", o.columns.deprivation_code, "Deprivation file: LSOA codes")->group(g);
  cmd->add_option("--decile-column", o.columns.decile, "Deprivation file: IMD decile")->group(g);
  cmd->add_option("--boundary-code-property", o.columns.boundary_code, "Boundaries: the property with the codes")->group(g);
  cmd->add_option("--group-code-column", o.columns.group_code, "Lookup file: group codes")->group(g);
  cmd->add_option("--group-name-column", o.columns.group_name, "Lookup file: group names")->group(g);
  return cmd;
}

}  // namespace cdsim::borough
