#include "sim/calibrate/history_matching.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "sim/calibrate/emulator.hpp"
#include "sim/run/sweep_design.hpp"

namespace cdsim::calibrate {
namespace {

constexpr double kEdge = kUnitEdge;
// Candidates drawn per pass when sampling the region, and passes before giving up on more.
constexpr std::size_t kCandidatesPerPass = 8192;
constexpr int kMaxPasses = 6;
// A wave is worth another when it shrinks the region to at most this share of the last one.
constexpr double kShrinkToContinue = 0.8;
// Emulators are settled when their sd is under this share of the implausibility's (their variance a
// quarter of the total).
constexpr double kEmulatorShareToStop = 0.5;
// The most runs an emulator is fitted to: the fit's cost grows as the cube of it.
constexpr std::size_t kMaxTrainingRuns = 200;

double clamp_unit(double u) { return std::clamp(u, kEdge, 1 - kEdge); }

/// One wave's emulators, one per target, and its estimate of each target's chance variance.
struct EmulatorSet {
  std::vector<std::unique_ptr<Emulator>> emulators;
  std::vector<double> chance;  ///< per target, V_chance (already scaled to the real system)
};

class Matcher {
 public:
  Matcher(const std::vector<Target>& targets, double cutoff) : targets_(targets), cutoff_(cutoff) {}

  /// Whether `x` survives every wave's emulators, the newest first (it rules out the most).
  [[nodiscard]] bool plausible(const std::vector<double>& x) const {
    for (auto s = sets_.rbegin(); s != sets_.rend(); ++s)
      if (!plausible_under(*s, x)) return false;
    return true;
  }
  /// The largest implausibility of `x` under the newest wave (for messages: how far off each target is).
  [[nodiscard]] std::vector<double> implausibilities(const std::vector<double>& x) const {
    std::vector<double> out(targets_.size());
    const EmulatorSet& s = sets_.back();
    for (std::size_t j = 0; j < targets_.size(); ++j) {
      const auto p = s.emulators[j]->predict(x);
      out[j] = std::abs(targets_[j].value - p.mean) / std::sqrt(p.variance + s.chance[j] + targets_[j].variance);
    }
    return out;
  }
  /// Log likelihood of the targets at `x` under the newest wave (Gaussian, the implausibility's variances).
  [[nodiscard]] double log_likelihood(const std::vector<double>& x) const {
    const EmulatorSet& s = sets_.back();
    double ll = 0;
    for (std::size_t j = 0; j < targets_.size(); ++j) {
      const auto p = s.emulators[j]->predict(x);
      const double v = p.variance + s.chance[j] + targets_[j].variance, e = targets_[j].value - p.mean;
      ll -= 0.5 * (e * e / v + std::log(v));
    }
    return ll;
  }
  /// Per target, sqrt(V_emulator / V_total) at `x` under the newest wave.
  [[nodiscard]] std::vector<double> emulator_sd_share(const std::vector<double>& x) const {
    const EmulatorSet& s = sets_.back();
    std::vector<double> out(targets_.size());
    for (std::size_t j = 0; j < targets_.size(); ++j) {
      const auto p = s.emulators[j]->predict(x);
      out[j] = std::sqrt(p.variance / (p.variance + s.chance[j] + targets_[j].variance));
    }
    return out;
  }
  void add(EmulatorSet s) { sets_.push_back(std::move(s)); }
  [[nodiscard]] bool empty() const { return sets_.empty(); }
  [[nodiscard]] const EmulatorSet& newest() const { return sets_.back(); }

 private:
  [[nodiscard]] bool plausible_under(const EmulatorSet& s, const std::vector<double>& x) const {
    for (std::size_t j = 0; j < targets_.size(); ++j) {
      const Emulator& e = *s.emulators[j];
      const double other = s.chance[j] + targets_[j].variance;
      // Within the cutoff on the other variances alone, the point passes whatever the emulator's own.
      if (std::abs(targets_[j].value - e.mean(x)) <= cutoff_ * std::sqrt(other)) continue;
      const auto p = e.predict(x);
      if (std::abs(targets_[j].value - p.mean) > cutoff_ * std::sqrt(p.variance + other)) return false;
    }
    return true;
  }

  const std::vector<Target>& targets_;
  double cutoff_;
  std::vector<EmulatorSet> sets_;
};

/// Uniform points of the region inside `box` (low, high per parameter) from a Sobol sequence: the
/// points kept, and how many were drawn.
struct RegionSample {
  std::vector<std::vector<double>> kept;
  std::size_t drawn = 0;
};
RegionSample sample_region(const Matcher& m, const std::vector<double>& low, const std::vector<double>& high,
                           std::size_t wanted) {
  const std::size_t d = low.size();
  boost::random::sobol sequence(d);
  sequence.discard(d);  // the first point is all zeros
  const double scale = std::ldexp(1.0, -64);
  RegionSample out;
  for (int pass = 0; pass < kMaxPasses && out.kept.size() < wanted; ++pass) {
    for (std::size_t i = 0; i < kCandidatesPerPass; ++i) {
      std::vector<double> x(d);
      for (std::size_t k = 0; k < d; ++k)
        x[k] = clamp_unit(low[k] + (high[k] - low[k]) * static_cast<double>(sequence()) * scale);
      ++out.drawn;
      if (m.empty() || m.plausible(x)) out.kept.push_back(std::move(x));
    }
  }
  return out;
}

/// `n` of `candidates` spread out: greedy maximin from the first.
std::vector<std::vector<double>> spread_out(const std::vector<std::vector<double>>& candidates, std::size_t n) {
  if (candidates.size() <= n) return candidates;
  std::vector<double> nearest(candidates.size(), std::numeric_limits<double>::infinity());
  std::vector<std::vector<double>> out;
  std::size_t pick = 0;
  while (out.size() < n) {
    out.push_back(candidates[pick]);
    std::size_t next = 0;
    double best = -1;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      double s = 0;
      for (std::size_t k = 0; k < candidates[i].size(); ++k) {
        const double diff = candidates[i][k] - candidates[pick][k];
        s += diff * diff;
      }
      nearest[i] = std::min(nearest[i], s);
      if (nearest[i] > best) best = nearest[i], next = i;
    }
    pick = next;
  }
  return out;
}

}  // namespace

WavePlan plan_waves(int runs, int max_waves, std::size_t parameters) {
  const int d = static_cast<int>(parameters);
  WavePlan p;
  p.check = std::clamp(runs / 10, 5, 100);
  const int rest = runs - p.check;
  // A wave of fewer than ten runs per parameter cannot fit a useful emulator (Loeppky et al. 2009).
  const int smallest = std::max(10 * d, d + 3);
  if (rest < smallest)
    throw std::invalid_argument(fmt::format("a budget of {} runs is too small for {} parameters: at least {} are needed",
                                            runs, d, smallest + p.check));
  p.waves = std::clamp(rest / smallest, 1, max_waves);
  p.per_wave = rest / p.waves;
  return p;
}

HistoryMatchingResult history_match(const std::vector<Target>& targets, std::size_t d, const Simulator& simulate,
                                    const HistoryMatchingOptions& options) {
  const WavePlan plan = plan_waves(options.runs, options.max_waves, d);
  HistoryMatchingResult result;
  Matcher matcher(targets, options.cutoff);
  std::vector<double> low(d, 0.0), high(d, 1.0);
  double box_volume = 1;
  // Region points wanted: enough to choose a wave's design from, and more for the posterior at the end.
  const auto wanted = static_cast<std::size_t>(std::max(4 * plan.per_wave, 500));
  constexpr std::size_t kPosteriorSample = 2000;

  std::vector<std::vector<double>> design = run::latin_hypercube_design(static_cast<std::size_t>(plan.per_wave), d,
                                                                      options.seed);
  for (auto& x : design)
    for (auto& u : x) u = clamp_unit(u);
  RegionSample region;
  for (int w = 1; w <= plan.waves; ++w) {
    const auto outputs = simulate(design, result.run_points.size());
    for (std::size_t i = 0; i < design.size(); ++i) {
      result.run_points.push_back(design[i]);
      result.run_outputs.push_back(outputs[i]);
      result.run_wave.push_back(w);
    }
    // Fit to the runs inside the region still plausible (this wave's and earlier ones there), newest first.
    std::vector<std::size_t> training;
    for (std::size_t r = result.run_points.size(); r-- > 0 && training.size() < kMaxTrainingRuns;)
      if (matcher.empty() || matcher.plausible(result.run_points[r])) training.push_back(r);
    std::reverse(training.begin(), training.end());
    std::vector<std::vector<double>> tx;
    for (std::size_t r : training) tx.push_back(result.run_points[r]);
    EmulatorSet set;
    Wave wave;
    wave.runs = static_cast<int>(design.size());
    wave.emulated_points = static_cast<int>(training.size());
    for (std::size_t j = 0; j < targets.size(); ++j) {
      std::vector<double> ty;
      for (std::size_t r : training) ty.push_back(result.run_outputs[r][j]);
      auto e = std::make_unique<Emulator>(tx, ty);
      set.chance.push_back(e->noise_variance() * options.chance_scale);
      wave.loo_within_3sd = std::min(wave.loo_within_3sd, e->loo_within_3sd());
      set.emulators.push_back(std::move(e));
    }
    result.chance_variance = set.chance;
    matcher.add(std::move(set));

    // What is left: a uniform sample of the region inside the last box (regions are nested), which
    // also estimates its volume.
    region = sample_region(matcher, low, high, wanted);
    const double fraction = box_volume * static_cast<double>(region.kept.size()) / static_cast<double>(region.drawn);
    wave.region_fraction = fraction;
    if (region.kept.empty()) {
      // Say which observations no point could meet: each target's best implausibility over the box.
      RegionSample probe;
      {
        Matcher none(targets, options.cutoff);
        probe = sample_region(none, low, high, 2048);
      }
      std::vector<double> best(targets.size(), std::numeric_limits<double>::infinity());
      for (std::size_t i = 0; i < std::min<std::size_t>(probe.kept.size(), 2048); ++i) {
        const auto imp = matcher.implausibilities(probe.kept[i]);
        for (std::size_t j = 0; j < targets.size(); ++j) best[j] = std::min(best[j], imp[j]);
      }
      result.status = HistoryMatchingResult::Status::nothing_plausible;
      std::vector<std::string> worst;
      for (std::size_t j = 0; j < targets.size(); ++j)
        if (best[j] > options.cutoff) worst.push_back(fmt::format("observation {} (best implausibility {:.1f})", j + 1, best[j]));
      result.message = fmt::format(
          "no parameter set within the plausibility bound (implausibility < {}) after wave {}{}{}", options.cutoff, w,
          worst.empty() ? "; no single observation is out of reach: together they contradict each other"
                        : "; out of reach alone: ",
          fmt::join(worst, ", "));
      wave.low = low, wave.high = high;
      result.waves.push_back(wave);
      return result;
    }
    wave.low.assign(d, 1.0), wave.high.assign(d, 0.0);
    for (const auto& x : region.kept)
      for (std::size_t k = 0; k < d; ++k) wave.low[k] = std::min(wave.low[k], x[k]), wave.high[k] = std::max(wave.high[k], x[k]);
    {
      std::vector<std::vector<double>> shares;
      for (std::size_t i = 0; i < region.kept.size(); i += std::max<std::size_t>(1, region.kept.size() / 200))
        shares.push_back(matcher.emulator_sd_share(region.kept[i]));
      for (std::size_t j = 0; j < targets.size(); ++j) {
        std::vector<double> s;
        for (const auto& row : shares) s.push_back(row[j]);
        std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2), s.end());
        wave.emulator_sd_share.push_back(s[s.size() / 2]);
      }
    }
    result.waves.push_back(wave);
    // The next box: the region's, widened by a tenth of its width each side (a sample's extremes fall
    // short of the region's).
    box_volume = 1;
    for (std::size_t k = 0; k < d; ++k) {
      const double margin = 0.1 * (wave.high[k] - wave.low[k]) + 0.5 / static_cast<double>(kCandidatesPerPass);
      low[k] = std::max(0.0, wave.low[k] - margin), high[k] = std::min(1.0, wave.high[k] + margin);
      box_volume *= high[k] - low[k];
    }
    // Done when the region has stopped shrinking and the emulators are sure enough that another wave
    // would not change it: their share of the implausibility's sd is small everywhere.
    const bool shrinking = w == 1 || fraction <= kShrinkToContinue * result.waves[result.waves.size() - 2].region_fraction;
    const bool emulators_settled =
        *std::max_element(wave.emulator_sd_share.begin(), wave.emulator_sd_share.end()) < kEmulatorShareToStop;
    if ((!shrinking && emulators_settled) || w == plan.waves) break;
    design = spread_out(region.kept, static_cast<std::size_t>(plan.per_wave));
  }

  if (region.kept.size() < kPosteriorSample) {
    std::vector<double> last_low(d), last_high(d);
    const Wave& last = result.waves.back();
    for (std::size_t k = 0; k < d; ++k) {
      const double margin = 0.1 * (last.high[k] - last.low[k]) + 0.5 / static_cast<double>(kCandidatesPerPass);
      last_low[k] = std::max(0.0, last.low[k] - margin), last_high[k] = std::min(1.0, last.high[k] + margin);
    }
    region = sample_region(matcher, last_low, last_high, kPosteriorSample);
  }
  // The approximate posterior on the region: the prior is uniform in unit coordinates, so each
  // region point's weight is its likelihood; draws by systematic resampling, then shuffled so any
  // first k of them are a fair sample.
  std::vector<double> logw(region.kept.size());
  for (std::size_t i = 0; i < region.kept.size(); ++i) logw[i] = matcher.log_likelihood(region.kept[i]);
  const double top = *std::max_element(logw.begin(), logw.end());
  std::vector<double> weight(logw.size());
  double total = 0;
  for (std::size_t i = 0; i < logw.size(); ++i) total += weight[i] = std::exp(logw[i] - top);
  double sum_sq = 0;
  for (auto& wgt : weight) wgt /= total, sum_sq += wgt * wgt;
  result.effective_sample_size = 1 / sum_sq;
  boost::random::mt19937_64 engine(options.seed ^ 0x9e3779b97f4a7c15ull);
  const auto n_draws = static_cast<std::size_t>(options.posterior_draws);
  {
    const double step = 1.0 / static_cast<double>(n_draws);
    double position = step * 0.5, cumulative = weight[0];
    std::size_t i = 0;
    for (std::size_t k = 0; k < n_draws; ++k, position += step) {
      while (position > cumulative && i + 1 < weight.size()) cumulative += weight[++i];
      result.draws.push_back(region.kept[i]);
    }
    for (std::size_t k = n_draws; k > 1; --k)
      std::swap(result.draws[k - 1], result.draws[boost::random::uniform_int_distribution<std::size_t>(0, k - 1)(engine)]);
  }

  // Check runs: the simulator itself at the first draws.
  std::vector<std::vector<double>> check(result.draws.begin(),
                                         result.draws.begin() + std::min<std::ptrdiff_t>(plan.check, static_cast<std::ptrdiff_t>(n_draws)));
  const auto outputs = simulate(check, result.run_points.size());
  for (std::size_t i = 0; i < check.size(); ++i) {
    result.run_points.push_back(check[i]);
    result.run_outputs.push_back(outputs[i]);
    result.run_wave.push_back(0);
  }
  for (const auto& out : result.run_outputs) {
    double worst = 0;
    for (std::size_t j = 0; j < targets.size(); ++j)
      // The run's own chance variation (a run of a share of the population) and the real system's.
      worst = std::max(worst, std::abs(targets[j].value - out[j]) /
                                  std::sqrt(result.chance_variance[j] * (1 + 1 / options.chance_scale) + targets[j].variance));
    result.run_implausibility.push_back(worst);
  }
  return result;
}

}  // namespace cdsim::calibrate
