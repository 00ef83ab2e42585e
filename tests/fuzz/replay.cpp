// Replays fuzz inputs through the same entry points the fuzzers use, without clang or libFuzzer: the
// seed corpus and every input that once crashed (tests/fuzz/regressions/) run in ctest on every build.
// Usage: cdsim_fuzz_replay scenario|results|sweep|sweep_results|borough_csv|boundaries|calibration|calibration_data FILE_OR_DIR...
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "tests/fuzz/fuzz_inputs.hpp"

int main(int argc, char** argv) {
  const std::map<std::string, void (*)(std::string_view)> kinds{
      {"scenario", cdsim::fuzz::scenario_input},
      {"results", cdsim::fuzz::results_input},
      {"sweep", cdsim::fuzz::sweep_input},
      {"sweep_results", cdsim::fuzz::sweep_results_input},
      {"borough_csv", cdsim::fuzz::borough_csv_input},
      {"boundaries", cdsim::fuzz::boundaries_input},
      {"calibration", cdsim::fuzz::calibration_input},
      {"calibration_data", cdsim::fuzz::calibration_data_input}};
  if (argc < 3 || !kinds.contains(argv[1])) {
    std::fprintf(stderr, "usage: %s scenario|results|sweep|sweep_results|borough_csv|boundaries|calibration|calibration_data FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  const auto input = kinds.at(argv[1]);
  int inputs = 0;
  auto replay = [&](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    input(bytes);
    ++inputs;
  };
  for (int k = 2; k < argc; ++k) {
    const std::filesystem::path p(argv[k]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& entry : std::filesystem::directory_iterator(p))
        if (entry.is_regular_file() && entry.path().filename() != ".gitkeep") replay(entry.path());
    } else {
      replay(p);
    }
  }
  std::printf("%d %s inputs replayed, none crashed\n", inputs, argv[1]);
  return 0;
}
