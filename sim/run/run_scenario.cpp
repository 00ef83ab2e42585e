#include "sim/run/run_scenario.hpp"

#include "models/costs/costs.hpp"
#include "models/engine.hpp"
#include "sim/record/hdf5_sink.hpp"
#include "sim/spec/load_scenario.hpp"

namespace cdsim::run {

record::RunMetadata make_metadata(const spec::ScenarioSpec& spec) {
  record::RunMetadata meta;
  meta.scenario_name = spec.name;
  meta.seed = spec.seed;
  meta.scenario_yaml = spec::emit_scenario(spec);
  meta.cdsim_version = CDSIM_VERSION;
  meta.start = spec.start;
  meta.step_days = 7;
  meta.steps = spec.step_count();
  meta.replicates = spec.replicates;
  for (const auto& n : spec.population.neighbourhoods) {
    meta.neighbourhood_names.push_back(n.name);
    meta.neighbourhood_x.push_back(n.x);
    meta.neighbourhood_y.push_back(n.y);
    meta.deprivation_decile.push_back(n.deprivation_decile);
  }
  meta.age_groups = {"0-17", "18-64", "65+"};
  meta.states.assign(spec::kStateNames.begin(), spec::kStateNames.end());
  for (const auto& item : spec.costs) {
    meta.cost_categories.push_back(item.name);
    meta.cost_agencies.emplace_back(spec::kAgencyNames[static_cast<std::size_t>(item.agency)]);
  }
  return meta;
}

record::ReplicateObservations simulate_replicate(const spec::ScenarioSpec& spec,
                                                 const record::RunMetadata& meta, int replicate,
                                                 core::Executor executor) {
  record::ReplicateObservations obs(meta);
  model::Engine engine(spec, static_cast<std::uint64_t>(replicate), executor);
  const model::CostModel costs(spec.costs);
  const std::size_t cells = obs.neighbourhoods * obs.age_groups * obs.states;

  engine.count_residents(&obs.residents[0]);
  for (std::size_t t = 1; t < obs.times; ++t) {
    // Costs of the week are priced on the residents in each state when the week began.
    std::array<std::int64_t, model::kLivingStates> by_state{};
    for (std::size_t cell = 0; cell < cells; ++cell) {
      by_state[cell % obs.states] += obs.residents[(t - 1) * cells + cell];
    }
    costs.weekly_cost(by_state, &obs.cost[t * obs.cost_categories]);

    const model::StepFlows flows = engine.step();
    for (std::size_t from = 0; from < obs.states; ++from) {
      for (std::size_t to = 0; to < obs.states; ++to) {
        if (from != to) obs.transition_count(t, from, to) = static_cast<std::int32_t>(flows.moves[from][to]);
      }
      obs.deaths[t * obs.states + from] = static_cast<std::int32_t>(flows.moves[from][3]);
    }
    obs.births[t] = static_cast<std::int32_t>(flows.births);
    engine.count_residents(&obs.residents[t * cells]);
  }
  return obs;
}

RunSummary run_scenario(const spec::ScenarioSpec& spec,
                                                        const std::filesystem::path& output,
                                                        core::Executor executor,
                                                        const Progress& progress) {
  const record::RunMetadata meta = make_metadata(spec);
  record::Hdf5Sink sink(output, meta);
  RunSummary summary(meta);
  for (int r = 0; r < spec.replicates; ++r) {
    const auto obs = simulate_replicate(spec, meta, r, executor);
    summary.add(obs);
    sink.write_replicate(r, obs);
    if (progress) progress(r + 1, spec.replicates);
  }
  sink.commit();
  return summary;
}

}  // namespace cdsim::run
