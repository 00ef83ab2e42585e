#include "tests/fuzz/fuzz_inputs.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/borough/problems.hpp"
#include "sim/borough/public_data.hpp"
#include "sim/record/sweep_file.hpp"
#include "sim/compare/compare.hpp"
#include "viz/replay/payback.hpp"
#include "sim/run/sensitivity.hpp"
#include "sim/run/sweep_design.hpp"
#include "sim/spec/load_scenario.hpp"
#include "sim/spec/outline.hpp"
#include "sim/spec/sweep_spec.hpp"
#include "sim/spec/calibration_spec.hpp"
#include "sim/calibrate/observed_data.hpp"
#include "sim/run/run_scenario.hpp"
#include "viz/replay/kpis.hpp"
#include "sim/record/results.hpp"

namespace cdsim::fuzz {

namespace {

[[noreturn]] void fail(const char* what, const char* detail) {
  std::fprintf(stderr, "fuzz: %s: %s\n", what, detail);
  std::abort();
}

/// The bytes as a file of this process's own named `name` (readers take paths).
std::filesystem::path as_file(std::string_view bytes, const char* name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("cdsim-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file;
}

}  // namespace

void scenario_input(std::string_view bytes) {
  spec::ScenarioSpec s;
  try {
    s = spec::parse_scenario(bytes, "fuzz.yaml");
  } catch (const spec::SpecError&) {
    return;  // refused with diagnostics: the expected outcome for nearly every input
  } catch (const std::exception& e) {
    fail("the scenario reader threw something other than SpecError", e.what());
  }
  // Accepted: the resolved scenario must read back to the same spec.
  try {
    if (!(spec::parse_scenario(spec::emit_scenario(s), "emitted.yaml") == s)) {
      fail("round trip", "emit_scenario(s) reads back to a different scenario");
    }
  } catch (const std::exception& e) {
    fail("round trip: the emitted scenario was refused", e.what());
  }
}

/// What an accepted results file must satisfy, checked here independently of the reader's own checks:
/// a file the reader accepts but no run could write ("exit 0 on a meaningless file") is a finding.
void check_meaningful(const record::Results& r) {
  const auto finite = [](const std::vector<double>& v) { return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); }); };
  const auto counts = [](const std::vector<std::int32_t>& v) { return std::all_of(v.begin(), v.end(), [](std::int32_t x) { return x >= 0; }); };
  if (r.neighbourhoods.empty()) fail("accepted a meaningless file", "no neighbourhoods");
  if (std::adjacent_find(r.time_days.begin(), r.time_days.end(), std::greater_equal<>()) != r.time_days.end()) {
    fail("accepted a meaningless file", "time does not increase");
  }
  if (!finite(r.cost) || !finite(r.policy_spend)) fail("accepted a meaningless file", "a cost that is not finite");
  for (const auto& v : r.extra) {
    if (!finite(v.values)) fail("accepted a meaningless file", "a mapped variable that is not finite");
  }
  if (!counts(r.residents) || !counts(r.transitions) || !counts(r.deaths) || !counts(r.births)) {
    fail("accepted a meaningless file", "a negative count");
  }
  for (const auto& kpi : viz::horizon_kpis(r)) {
    if (!std::isfinite(kpi.a.mean) || !std::isfinite(kpi.a.lo) || !std::isfinite(kpi.a.hi)) {
      fail("accepted a meaningless file: a headline number is not finite", kpi.label.c_str());
    }
  }
}

void results_input(std::string_view bytes) {
  const std::filesystem::path file = as_file(bytes, "results.h5");
  try {
    // A short limit: every input here is small, and a hang inside libhdf5 becomes a ResultsError.
    const record::Results r = record::read_results(file, std::chrono::seconds(3));
    check_meaningful(r);
    (void)viz::compare_kpis(r, r);
    (void)viz::payback_view(r, r);  // never throws: a pair compare refuses is a message
    try {
      (void)compare::compare(r, r);
    } catch (const std::runtime_error&) {
      // a file without the states compare needs is refused with a message
    }
  } catch (const record::ResultsError&) {
    return;
  } catch (const std::exception& e) {
    fail("the results reader threw something other than ResultsError", e.what());
  }
}

void sweep_input(std::string_view bytes) {
  spec::SweepSpec sweep;
  try {
    sweep = spec::load_sweep(as_file(bytes, "sweep.yaml"));
  } catch (const spec::SpecError&) {
    return;
  } catch (const std::exception& e) {
    fail("the sweep reader threw something other than SpecError", e.what());
  }
  // Accepted: build the design when it is small (load_sweep already bounds the large ones).
  const double d = static_cast<double>(sweep.parameters.size()), n = sweep.design.samples;
  if (sweep.design.type == spec::SweepDesignType::points || n * (2 * d + 2) > 10'000) return;
  try {
    (void)run::make_points(sweep);
  } catch (const spec::SpecError&) {
    // a grid too large to build is refused with a message
  } catch (const std::exception& e) {
    fail("building the design threw something other than SpecError", e.what());
  }
}

void sweep_results_input(std::string_view bytes) {
  record::SweepResults r;
  try {
    r = record::read_sweep_results(as_file(bytes, "sweep.h5"), std::chrono::seconds(3));
  } catch (const std::runtime_error&) {
    return;
  } catch (const std::exception& e) {
    fail("the sweep results reader threw something other than runtime_error", e.what());
  }
  try {
    (void)run::analyse_sweep(r, run::AnalyseFormat::json, 20);
  } catch (const std::runtime_error&) {
    // not a complete Sobol or Morris sweep: refused with a message
  } catch (const std::invalid_argument&) {
    // a design whose size does not fit its method: refused with a message
  }
}

void borough_csv_input(std::string_view bytes) {
  const std::filesystem::path file = as_file(bytes, "public.csv");
  for (auto read : {+[](const std::filesystem::path& f) { (void)borough::read_population(f, {}); },
                    +[](const std::filesystem::path& f) { (void)borough::read_deprivation(f, {}); }}) {
    try {
      read(file);
    } catch (const borough::BoroughError&) {
      // refused, naming the file and the row
    } catch (const std::exception& e) {
      fail("a public CSV reader threw something other than BoroughError", e.what());
    }
  }
}

void boundaries_input(std::string_view bytes) {
  std::vector<std::string> wanted;  // the example borough's LSOA codes, as `cdsim borough` would ask
  for (int k = 1; k <= 12; ++k) wanted.push_back(fmt::format("E019900{:02}", k));
  try {
    const borough::BoundaryFile b = borough::read_boundaries(as_file(bytes, "areas.geojson"), {}, wanted);
    // Accepted outlines have passed check_outline; the scenario will also hold their centroids.
    for (const auto& [code, rings] : b.by_code) (void)spec::outline_centroid(rings);
  } catch (const borough::BoroughError&) {
    return;
  } catch (const std::exception& e) {
    fail("the boundaries reader threw something other than BoroughError", e.what());
  }
}

void calibration_input(std::string_view bytes) {
  try {
    (void)spec::load_calibration(as_file(bytes, "calibration.yaml"));
  } catch (const spec::SpecError&) {
    return;
  } catch (const std::exception& e) {
    fail("the calibration reader threw something other than SpecError", e.what());
  }
}

void calibration_data_input(std::string_view bytes) {
  static const calibrate::ModelFrame frame = [] {
    const spec::ScenarioSpec s = spec::load_scenario(std::filesystem::path(CDSIM_SCENARIO_DIR) / "tests" / "tiny.yaml");
    return calibrate::frame_of(s, run::make_metadata(s));
  }();
  try {
    (void)calibrate::read_observed_data(as_file(bytes, "data.csv"), frame);
  } catch (const std::runtime_error&) {
    return;  // refused, naming the file, line and column
  } catch (const std::exception& e) {
    fail("the calibration data reader threw something other than its own error", e.what());
  }
}

}  // namespace cdsim::fuzz
