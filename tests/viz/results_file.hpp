// Test support: writes small results files in the layout of docs/results-format.md with the HDF5 C
// API, so the viewer's reader is tested without the engine (and with variables the engine lacks yet).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cdsim::viz::test {

struct FileSpec {
  int replicates = 3;
  int times = 10;  ///< weekly entries from 2025-04-01
  int neighbourhoods = 4;
  std::string format = "cdsim-results";
  int format_version = 1;
  bool with_waiting = false;  ///< waiting(replicate, time, service, neighbourhood) with 2 services, as cdsim writes it
  bool with_stories = false;  ///< story_state(replicate, time, story) with 2 stories
  bool without_residents = false;
  double cost_scale = 1.0;    ///< multiplies every cost (for paired differences)
  int time_step = 7;          ///< days between time entries (0 or negative: a hostile file)
  int births = 2;             ///< every entry of births (negative: a hostile file)
  std::optional<double> mapped_value;  ///< writes mapped(replicate, time, neighbourhood), every entry this value
  std::string scenario_yaml = "name: synthetic\nyears: 1\n";
};

// Values are formulas of the indices so tests can predict every sum:
//   residents[r][t][n][a][s] = 1 + r + t + n + a + 10 s       (3 age groups, 3 states)
//   transitions[r][t][f][to] = t == 0 ? 0 : 1 + r + f + to
//   cost[r][t][c]            = t == 0 ? 0 : (100 + r + c) * cost_scale   (2 categories: nhs, council)
//   waiting[r][t][k][n]      = t + n + k
//   story_state[r][t][k]     = (t / 3 + k) % 3, -1 from t = 8 for story 1 (died)
void write_results(const std::filesystem::path& path, const FileSpec& spec = {});

}  // namespace cdsim::viz::test
