#include "sim/run/sensitivity.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cdsim::run {
namespace {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

/// The 2.5th and 97.5th percentiles (linear interpolation between order statistics).
std::pair<double, double> interval95(std::vector<double> v) {
  if (v.empty()) return {NAN, NAN};
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  return {at(0.025), at(0.975)};
}

/// S1 and ST of every parameter from the base samples `rows` (indices into the n blocks of 2d+2).
void sobol_from(const std::vector<double>& y, std::size_t d, const std::vector<std::size_t>& rows,
                std::vector<double>& s1, std::vector<double>& st) {
  const std::size_t block = 2 * d + 2;
  std::vector<double> ab;  // outputs of A and B together, for the variance
  for (const std::size_t j : rows) {
    ab.push_back(y[j * block]);
    ab.push_back(y[j * block + block - 1]);
  }
  const double m = mean(ab);
  double var = 0;
  for (const double x : ab) var += (x - m) * (x - m);
  var /= static_cast<double>(ab.size());
  s1.assign(d, NAN);
  st.assign(d, NAN);
  if (var <= 0) return;  // the output does not vary: no share of its variance to attribute
  for (std::size_t i = 0; i < d; ++i) {
    double first = 0, total = 0;
    for (const std::size_t j : rows) {
      const double a = y[j * block], b = y[j * block + block - 1], abi = y[j * block + 1 + i];
      // f(B) centred: the same expectation (f(AB_i) - f(A) has mean zero) with far less noise when the
      // output's mean is large against its spread, as costs in pounds are.
      first += (b - m) * (abi - a);
      total += (a - abi) * (a - abi);
    }
    s1[i] = first / static_cast<double>(rows.size()) / var;
    st[i] = 0.5 * total / static_cast<double>(rows.size()) / var;
  }
}

/// Elementary effects per parameter from trajectories `which`.
std::vector<std::vector<double>> effects_from(const std::vector<std::vector<double>>& unit, const std::vector<double>& y,
                                              std::size_t d, const std::vector<std::size_t>& which) {
  std::vector<std::vector<double>> ee(d);
  for (const std::size_t t : which) {
    for (std::size_t k = 1; k <= d; ++k) {
      const std::size_t at = t * (d + 1) + k;
      for (std::size_t i = 0; i < d; ++i) {
        const double step = unit[at][i] - unit[at - 1][i];
        if (step != 0) ee[i].push_back((y[at] - y[at - 1]) / step);
      }
    }
  }
  return ee;
}

std::vector<std::size_t> resample(std::size_t n, boost::random::mt19937_64& engine) {
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<std::size_t> out(n);
  for (auto& x : out) x = pick(engine);
  return out;
}

std::vector<std::size_t> all(std::size_t n) {
  std::vector<std::size_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = i;
  return out;
}

}  // namespace

std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t d, int resamples, std::uint64_t seed) {
  const std::size_t block = 2 * d + 2;
  if (d == 0 || y.size() % block != 0 || y.size() < 2 * block)
    throw std::invalid_argument("Sobol indices need n(2d+2) outputs from Saltelli's design, n >= 2");
  const std::size_t n = y.size() / block;
  std::vector<double> s1, st;
  sobol_from(y, d, all(n), s1, st);
  std::vector<std::vector<double>> boot_s1(d), boot_st(d);
  boost::random::mt19937_64 engine(seed);
  std::vector<double> b1, bt;
  for (int b = 0; b < resamples; ++b) {
    sobol_from(y, d, resample(n, engine), b1, bt);
    for (std::size_t i = 0; i < d; ++i) {
      if (std::isfinite(b1[i])) boot_s1[i].push_back(b1[i]);
      if (std::isfinite(bt[i])) boot_st[i].push_back(bt[i]);
    }
  }
  std::vector<SobolIndex> out(d);
  for (std::size_t i = 0; i < d; ++i) {
    const auto [l1, h1] = interval95(boot_s1[i]);
    const auto [lt, ht] = interval95(boot_st[i]);
    out[i] = {{s1[i], l1, h1}, {st[i], lt, ht}};
  }
  return out;
}

std::vector<MorrisIndex> morris_indices(const std::vector<std::vector<double>>& unit, const std::vector<double>& y,
                                        std::size_t d, int resamples, std::uint64_t seed) {
  if (d == 0 || y.size() != unit.size() || y.size() % (d + 1) != 0 || y.empty())
    throw std::invalid_argument("Morris indices need r(d+1) outputs from Morris trajectories");
  const std::size_t r = y.size() / (d + 1);
  const auto ee = effects_from(unit, y, d, all(r));
  std::vector<MorrisIndex> out(d);
  for (std::size_t i = 0; i < d; ++i) {
    const std::vector<double>& e = ee[i];
    double mu = 0, mu_star = 0;
    for (const double x : e) mu += x, mu_star += std::abs(x);
    mu /= static_cast<double>(e.size());
    mu_star /= static_cast<double>(e.size());
    double ss = 0;
    for (const double x : e) ss += (x - mu) * (x - mu);
    out[i].mu = mu;
    out[i].mu_star.value = mu_star;
    out[i].sigma = e.size() > 1 ? std::sqrt(ss / static_cast<double>(e.size() - 1)) : NAN;
  }
  boost::random::mt19937_64 engine(seed);
  std::vector<std::vector<double>> boot(d);
  for (int b = 0; b < resamples; ++b) {
    const auto sample = effects_from(unit, y, d, resample(r, engine));
    for (std::size_t i = 0; i < d; ++i) {
      double s = 0;
      for (const double x : sample[i]) s += std::abs(x);
      boot[i].push_back(s / static_cast<double>(sample[i].size()));
    }
  }
  for (std::size_t i = 0; i < d; ++i) std::tie(out[i].mu_star.low, out[i].mu_star.high) = interval95(boot[i]);
  return out;
}

std::string analyse_sweep(const record::SweepResults& r, AnalyseFormat format, int resamples) {
  const bool sobol = r.design == "sobol", morris = r.design == "morris";
  if (!sobol && !morris)
    throw std::runtime_error(fmt::format("sweep '{}' used the {} design; Sobol indices need design type sobol and "
                                         "Morris indices design type morris",
                                         r.name, r.design));
  if (std::count(r.completed.begin(), r.completed.end(), 0) > 0)
    throw std::runtime_error(fmt::format("sweep '{}' is a shard or incomplete; merge its shards first", r.name));
  const std::size_t P = r.points, R = r.replicates, D = r.parameter_names.size(), K = r.kpi_names.size();
  std::vector<std::vector<double>> unit(P, std::vector<double>(D));
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t j = 0; j < D; ++j) unit[p][j] = r.unit[p * D + j];
  constexpr std::uint64_t kBootstrapSeed = 20240601;  // fixed: the same file gives the same intervals

  nlohmann::json rows = nlohmann::json::array();
  std::string table = fmt::format(
      "{} indices of sweep '{}': {} points, the mean of {} replicate(s) per point; 95% bootstrap intervals from {} "
      "resamples of {}\n\n",
      sobol ? "Sobol" : "Morris", r.name, P, R, resamples, sobol ? "base samples" : "trajectories");
  table += sobol ? fmt::format("{:<16} {:<36} {:>30} {:>30}\n", "kpi", "parameter", "S1 [95% interval]", "ST [95% interval]")
                 : fmt::format("{:<16} {:<36} {:>36} {:>11} {:>11}\n", "kpi", "parameter", "mu* [95% interval]", "mu",
                               "sigma");
  std::string csv = sobol ? "kpi,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high\n"
                          : "kpi,parameter,mu_star,mu_star_low,mu_star_high,mu,sigma\n";
  const auto g = [](double v) { return fmt::format("{:.4g}", v); };
  for (std::size_t k = 0; k < K; ++k) {
    std::vector<double> y(P);
    for (std::size_t p = 0; p < P; ++p) {
      double s = 0;
      for (std::size_t rep = 0; rep < R; ++rep) s += r.kpis[(p * R + rep) * K + k];
      y[p] = s / static_cast<double>(R);
    }
    const std::string& kpi = r.kpi_names[k];
    if (sobol) {
      const auto idx = sobol_indices(y, D, resamples, kBootstrapSeed);
      for (std::size_t i = 0; i < D; ++i) {
        const auto& [s1, st] = idx[i];
        table += fmt::format("{:<16} {:<36} {:>30} {:>30}\n", kpi, r.parameter_names[i],
                             fmt::format("{} [{}, {}]", g(s1.value), g(s1.low), g(s1.high)),
                             fmt::format("{} [{}, {}]", g(st.value), g(st.low), g(st.high)));
        csv += fmt::format("{},{},{},{},{},{},{},{}\n", kpi, r.parameter_names[i], s1.value, s1.low, s1.high, st.value,
                           st.low, st.high);
        rows.push_back({{"kpi", kpi}, {"parameter", r.parameter_names[i]}, {"S1", s1.value}, {"S1_low", s1.low},
                        {"S1_high", s1.high}, {"ST", st.value}, {"ST_low", st.low}, {"ST_high", st.high}});
      }
    } else {
      const auto idx = morris_indices(unit, y, D, resamples, kBootstrapSeed);
      for (std::size_t i = 0; i < D; ++i) {
        const MorrisIndex& m = idx[i];
        table += fmt::format("{:<16} {:<36} {:>36} {:>11} {:>11}\n", kpi, r.parameter_names[i],
                             fmt::format("{} [{}, {}]", g(m.mu_star.value), g(m.mu_star.low), g(m.mu_star.high)),
                             g(m.mu), g(m.sigma));
        csv += fmt::format("{},{},{},{},{},{},{}\n", kpi, r.parameter_names[i], m.mu_star.value, m.mu_star.low,
                           m.mu_star.high, m.mu, m.sigma);
        rows.push_back({{"kpi", kpi}, {"parameter", r.parameter_names[i]}, {"mu_star", m.mu_star.value},
                        {"mu_star_low", m.mu_star.low}, {"mu_star_high", m.mu_star.high}, {"mu", m.mu},
                        {"sigma", m.sigma}});
      }
    }
  }
  if (sobol) table += "\nS1: share of the output's variance from the parameter alone; ST: including its interactions.\n"
                      "NaN: the output does not vary across the design.\n";
  else table += "\nmu*: mean absolute elementary effect (output change per unit of the parameter's design range);\n"
                "sigma large against mu*: non-linear effects or interactions.\n";
  switch (format) {
    case AnalyseFormat::csv:
      return csv;
    case AnalyseFormat::json:
      // Names come from a file: a damaged one may not be UTF-8; show U+FFFD rather than fail.
      return nlohmann::json{{"sweep", r.name}, {"method", sobol ? "sobol" : "morris"}, {"points", P},
                            {"replicates", R}, {"resamples", resamples}, {"indices", rows}}
                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    case AnalyseFormat::table:
      break;
  }
  return table;
}

}  // namespace cdsim::run
