// Data flow: priors (as unit coordinates), observations, and a simulator -> [history matching] -> the
// runs of every wave, what each wave ruled out, and draws from the approximate posterior.
// Bayesian history matching (Craig et al. 1997; Vernon et al. 2010; Andrianakis et al. 2015): each
// wave runs the simulator at points spread over the region not yet ruled out, fits one emulator per
// observation, and rules out every point whose implausibility
//     I_j(x) = |z_j - E[f_j(x)]| / sqrt(V_emulator_j(x) + V_chance_j + V_observation_j + V_discrepancy_j)
// exceeds the cutoff for some observation j. It stops at the budget, or when a wave shrinks the region
// by less than a fifth and the emulators' share of the uncertainty has become small. The posterior is then approximated on the region left: prior x a Gaussian
// likelihood with the same variances, evaluated by the last wave's emulators; a last set of runs at
// posterior draws checks it against the simulator itself.
// The simulator is a function, so the method is tested on toy simulators with known answers as well
// as on cdsim's engine. Everything here is deterministic in its inputs and the seed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cdsim::calibrate {

/// Points stay this far inside the unit cube, where every prior's quantile is finite.
inline constexpr double kUnitEdge = 0.001;

/// One observation as the method sees it.
struct Target {
  double value = 0;
  double variance = 0;  ///< the observation's own error plus the model's discrepancy
};

/// Simulates the points ([point][parameter], unit coordinates in (0, 1)) and returns each point's
/// output per target ([point][target]). `first_run` numbers the first point's run (runs are numbered
/// across waves, so a simulator can give each its own random stream and journal it).
using Simulator =
    std::function<std::vector<std::vector<double>>(const std::vector<std::vector<double>>& points, std::size_t first_run)>;

struct HistoryMatchingOptions {
  int runs = 600;             ///< budget of simulator runs, the check runs included
  int max_waves = 5;
  double cutoff = 3;
  /// The real system's chance variation is the emulators' noise variance times this (a run of a
  /// fraction f of the population, scaled up by 1/f, varies 1/f times as much as the whole borough).
  double chance_scale = 1;
  std::uint64_t seed = 1;
  int posterior_draws = 1000;
};

struct Wave {
  int runs = 0;
  int emulated_points = 0;        ///< runs the wave's emulators were fitted to
  double region_fraction = 1;     ///< share of the prior space not ruled out after the wave
  std::vector<double> low, high;  ///< per parameter: the unit box of the points not ruled out
  double loo_within_3sd = 1;      ///< the emulators' worst leave-one-out check (share within 3 sd)
  std::vector<double> emulator_sd_share;  ///< per target: median over the region of sqrt(V_emulator / total)
};

struct HistoryMatchingResult {
  enum class Status { fitted, nothing_plausible } status = Status::fitted;
  std::string message;  ///< for nothing_plausible: which observations could not be met
  std::vector<std::vector<double>> run_points;   ///< [run][parameter] unit coordinates
  std::vector<std::vector<double>> run_outputs;  ///< [run][target]
  std::vector<int> run_wave;                     ///< 1.. for waves, 0 for the posterior check runs
  std::vector<double> run_implausibility;        ///< max over targets, from the run's own outputs
  std::vector<Wave> waves;
  std::vector<std::vector<double>> draws;        ///< [draw][parameter] unit coordinates, equal weights
  double effective_sample_size = 0;              ///< of the weighted region sample the draws came from
  std::vector<double> chance_variance;           ///< per target: V_chance (last wave's emulators)
};

HistoryMatchingResult history_match(const std::vector<Target>& targets, std::size_t parameters,
                                    const Simulator& simulate, const HistoryMatchingOptions& options);

/// The runs a budget allows per wave and for the final check: {per wave, waves, check}.
struct WavePlan {
  int per_wave = 0, waves = 0, check = 0;
};
WavePlan plan_waves(int runs, int max_waves, std::size_t parameters);

}  // namespace cdsim::calibrate
