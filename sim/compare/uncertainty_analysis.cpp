#include "sim/compare/uncertainty_analysis.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace cdsim::compare {
namespace {

/// Ranks 1..n, ties sharing their mean rank (as Spearman's correlation needs).
Eigen::VectorXd ranks(const Eigen::VectorXd& v) {
  const auto n = static_cast<std::size_t>(v.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  Eigen::VectorXd out(v.size());
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) out[order[k]] = mean_rank;
    i = j + 1;
  }
  return out;
}

/// Residuals of y after a least-squares fit on the columns of `a` (which holds an intercept column).
Eigen::VectorXd residuals(const Eigen::MatrixXd& a, const Eigen::VectorXd& y) {
  return y - a * a.colPivHouseholderQr().solve(y);
}

double correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd da = a.array() - a.mean(), db = b.array() - b.mean();
  const double denominator = std::sqrt(da.squaredNorm() * db.squaredNorm());
  return denominator > 0 ? da.dot(db) / denominator : 0.0;
}

/// Regression slopes of y on the columns of x (with an intercept), and the means of x and y.
struct LinearFit {
  Eigen::VectorXd slope;
  Eigen::VectorXd x_mean;
  double y_mean = 0;
};

LinearFit fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  Eigen::MatrixXd a(x.rows(), x.cols() + 1);
  a.col(0).setOnes();
  a.rightCols(x.cols()) = x;
  const Eigen::VectorXd beta = a.colPivHouseholderQr().solve(y);
  return {beta.tail(x.cols()), x.colwise().mean().transpose(), y.mean()};
}

/// The value of parameter j at which the fitted NPV is zero, the others at their means.
std::optional<double> zero_of(const LinearFit& f, Eigen::Index j) {
  const double slope = f.slope[j];
  if (!(std::abs(slope) > 0) || !std::isfinite(slope)) return std::nullopt;
  return f.x_mean[j] - f.y_mean / slope;
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

UncertaintyAnalysis analyse_uncertainty(const std::vector<std::string>& parameters,
                                        const std::vector<std::vector<double>>& x, const std::vector<double>& npv,
                                        const std::vector<double>& ratio) {
  UncertaintyAnalysis out;
  out.draws = static_cast<int>(npv.size());
  out.parameters = parameters;
  const auto n = static_cast<Eigen::Index>(npv.size());
  if (n == 0) return out;
  out.probability_npv_positive =
      static_cast<double>(std::count_if(npv.begin(), npv.end(), [](double v) { return v > 0; })) / static_cast<double>(n);
  if (!ratio.empty()) {
    out.probability_ratio_above_one =
        static_cast<double>(std::count_if(ratio.begin(), ratio.end(), [](double v) { return v > 1; })) /
        static_cast<double>(ratio.size());
  }

  // Only parameters that vary can drive anything.
  std::vector<std::size_t> varied;
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end(), [j](const auto& a, const auto& b) { return a[j] < b[j]; });
    if (!x.empty() && (*lo)[j] != (*hi)[j]) varied.push_back(j);
  }
  const auto d = static_cast<Eigen::Index>(varied.size());
  if (d == 0) {
    out.drivers_note = "no parameter varies between replicates";
    return out;
  }
  if (n < d + 3) {
    out.drivers_note = "the drivers need at least " + std::to_string(d + 3) + " replicates for " + std::to_string(d) +
                       " varied parameters";
    return out;
  }
  Eigen::MatrixXd values(n, d);
  for (Eigen::Index r = 0; r < n; ++r)
    for (Eigen::Index j = 0; j < d; ++j) values(r, j) = x[static_cast<std::size_t>(r)][varied[static_cast<std::size_t>(j)]];
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(npv.data(), n);

  // PRCC: correlate what is left of rank(NPV) and rank(x_j) once the other parameters' ranks explain
  // what they can.
  Eigen::MatrixXd ranked(n, d);
  for (Eigen::Index j = 0; j < d; ++j) ranked.col(j) = ranks(values.col(j));
  const Eigen::VectorXd ranked_y = ranks(y);
  const LinearFit whole = fit(values, y);
  const double low = 0.05, high = 0.95;
  // Bootstrap the break-even: resample replicates with a fixed seed, so the interval is reproducible.
  std::mt19937_64 engine(0x5eed);
  std::uniform_int_distribution<Eigen::Index> pick(0, n - 1);
  constexpr int kResamples = 400;
  std::vector<LinearFit> resampled;
  for (int b = 0; b < kResamples; ++b) {
    Eigen::MatrixXd xs(n, d);
    Eigen::VectorXd ys(n);
    for (Eigen::Index r = 0; r < n; ++r) {
      const Eigen::Index k = pick(engine);
      xs.row(r) = values.row(k);
      ys[r] = y[k];
    }
    resampled.push_back(fit(xs, ys));
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    Eigen::MatrixXd others(n, d);  // intercept and the other parameters' ranks
    others.col(0).setOnes();
    for (Eigen::Index k = 0, c = 1; k < d; ++k)
      if (k != j) others.col(c++) = ranked.col(k);
    Driver driver;
    driver.parameter = parameters[varied[static_cast<std::size_t>(j)]];
    driver.prcc = correlation(residuals(others, ranked.col(j)), residuals(others, ranked_y));
    if (const std::optional<double> zero = zero_of(whole, j)) {
      BreakEven e;
      e.value = *zero;
      e.at_least = whole.slope[j] > 0;
      e.within_draws = *zero >= values.col(j).minCoeff() && *zero <= values.col(j).maxCoeff();
      std::vector<double> zeros;
      for (const LinearFit& f : resampled)
        if (const auto z = zero_of(f, j)) zeros.push_back(*z);
      e.low = zeros.empty() ? e.value : quantile(zeros, low);
      e.high = zeros.empty() ? e.value : quantile(zeros, high);
      driver.break_even = e;
    }
    out.drivers.push_back(std::move(driver));
  }
  std::stable_sort(out.drivers.begin(), out.drivers.end(),
                   [](const Driver& a, const Driver& b) { return std::abs(a.prcc) > std::abs(b.prcc); });
  return out;
}

}  // namespace cdsim::compare
