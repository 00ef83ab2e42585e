// --record-residents: sampled residents' weekly states and events, as the viewer's story panel reads them.
#include <catch2/catch.hpp>

#include <filesystem>

#include "sim/record/observation.hpp"
#include "sim/run/run_scenario.hpp"
#include "sim/spec/load_scenario.hpp"
#include "sim/record/results.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

TEST_CASE("stories: sampled residents' states and events are consistent and paired across scenarios", "[run][stories]") {
  auto s = spec::load_scenario(std::string(CDSIM_SCENARIO_DIR) + "/place-teams.yaml",
                               {{"population.size", "15000"}, {"years", "2"}, {"replicates", "2"}});
  auto meta = run::make_metadata(s);
  meta.stories = 200;
  const auto obs = run::simulate_replicate(s, meta, 1, {});
  REQUIRE(obs.stories == 200);
  int deaths = 0, programme = 0, engaged = 0, served = 0;
  for (std::size_t k = 0; k < obs.stories; ++k) {
    INFO("story " << k);
    CHECK(obs.story_state[k] >= 0);  // everyone sampled is alive at time 0
    for (std::size_t t = 1; t < obs.times; ++t) {
      const int state = obs.story_state[t * obs.stories + k], flags = obs.story_flags[t * obs.stories + k];
      if (obs.story_state[(t - 1) * obs.stories + k] == -1) CHECK(state == -1);  // the dead stay dead
      deaths += state == -1 && obs.story_state[(t - 1) * obs.stories + k] != -1;
      if (state == -1) CHECK(flags == 0);
      // Only residents in support wait for or hold a service place.
      if (flags & (record::kStoryWaiting | record::kStoryServed)) CHECK(state == 1);
      programme += (flags & record::kStoryTeam) != 0;
      engaged += (flags & record::kStoryEngaged) != 0;
      served += (flags & record::kStoryServed) != 0;
    }
  }
  CHECK(deaths > 0);
  CHECK(programme > 0);
  CHECK(engaged > 0);
  CHECK(served > 0);

  // The same residents in the baseline: identical at time 0, so stories pair across scenarios.
  auto base = s;
  base.policies.clear();
  auto base_meta = run::make_metadata(base);
  base_meta.stories = 200;
  const auto b = run::simulate_replicate(base, base_meta, 1, {});
  CHECK(b.story_resident == obs.story_resident);
  CHECK(b.story_age == obs.story_age);
  CHECK(std::equal(b.story_state.begin(), b.story_state.begin() + 200, obs.story_state.begin()));

  // Written and read back as the viewer reads them.
  const fs::path file = fs::temp_directory_path() / "cdsim_stories.h5";
  run::run_scenario(s, file, {}, {}, 50);
  const record::Results r = record::read_results(file);
  fs::remove(file);
  REQUIRE(r.stories);
  CHECK(r.stories->count == 50);
  CHECK(r.stories->state.size() == static_cast<std::size_t>(2 * r.times() * 50));
}
