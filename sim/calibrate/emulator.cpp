// The REML fit and the predictions follow Rasmussen and Williams (2006), "Gaussian Processes for
// Machine Learning", section 2.7 (a mean with basis functions), and Andrianakis et al. (2015), "Bayesian
// history matching of complex infectious disease models", PLoS Comput Biol 11(1): e1003968.
#define EIGEN_DONT_PARALLELIZE  // serial: the fit must not depend on the thread count
#include "sim/calibrate/emulator.hpp"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cdsim::calibrate {
namespace {

// Lengths outside these bounds are either flat (the output ignores the parameter) or rougher than any
// design could resolve; the nugget spans noiseless to noise-dominated outputs.
constexpr double kMinLength = 0.02, kMaxLength = 20, kMinNugget = 1e-8, kMaxNugget = 20;

struct Fit {
  const Eigen::MatrixXd* x;
  const Eigen::MatrixXd* h;
  const Eigen::VectorXd* y;
};

/// Negative restricted log likelihood at theta = (log lengths..., log nugget), profiled over the
/// process variance and the mean's coefficients.
double negative_reml(unsigned dim, const double* theta, double* /*grad*/, void* data) {
  const Fit& f = *static_cast<const Fit*>(data);
  const Eigen::MatrixXd& x = *f.x;
  const auto n = x.rows(), d = x.cols(), q = f.h->cols();
  Eigen::VectorXd inv_len2(d);
  for (Eigen::Index k = 0; k < d; ++k) inv_len2[k] = std::exp(-2 * theta[k]);
  const double nugget = std::exp(theta[dim - 1]);
  Eigen::MatrixXd r(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    r(i, i) = 1 + nugget;
    for (Eigen::Index j = 0; j < i; ++j) {
      double s = 0;
      for (Eigen::Index k = 0; k < d; ++k) {
        const double diff = x(i, k) - x(j, k);
        s += diff * diff * inv_len2[k];
      }
      r(i, j) = r(j, i) = std::exp(-s);
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(r);
  if (llt.info() != Eigen::Success) return 1e300;
  const Eigen::MatrixXd ri_h = llt.solve(*f.h);
  const Eigen::MatrixXd a = f.h->transpose() * ri_h;
  const Eigen::LLT<Eigen::MatrixXd> a_llt(a);
  if (a_llt.info() != Eigen::Success) return 1e300;
  const Eigen::VectorXd beta = a_llt.solve(ri_h.transpose() * *f.y);
  const Eigen::VectorXd res = *f.y - *f.h * beta;
  const double s2 = res.dot(llt.solve(res)) / static_cast<double>(n - q);
  if (!(s2 > 0)) return 1e300;
  double log_det_r = 0, log_det_a = 0;
  const Eigen::MatrixXd lr = llt.matrixL(), la = a_llt.matrixL();
  for (Eigen::Index i = 0; i < n; ++i) log_det_r += 2 * std::log(lr(i, i));
  for (Eigen::Index i = 0; i < q; ++i) log_det_a += 2 * std::log(la(i, i));
  return 0.5 * (static_cast<double>(n - q) * std::log(s2) + log_det_r + log_det_a);
}

}  // namespace

Eigen::RowVectorXd Emulator::basis(const Eigen::RowVectorXd& x) const {
  Eigen::RowVectorXd b(h_.cols());
  b[0] = 1;
  if (h_.cols() > 1) b.tail(x.size()) = x;
  return b;
}

double Emulator::correlation(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) const {
  double s = 0;
  for (Eigen::Index k = 0; k < a.size(); ++k) {
    const double diff = a[k] - b[k];
    s += diff * diff * inv_len2_[static_cast<std::size_t>(k)];
  }
  return std::exp(-s);
}

Emulator::Emulator(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(x.size());
  const auto d = static_cast<Eigen::Index>(x.empty() ? 0 : x[0].size());
  if (n < d + 3 || static_cast<Eigen::Index>(y.size()) != n)
    throw std::invalid_argument("an emulator needs at least the parameters + 3 runs");
  x_.resize(n, d);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index k = 0; k < d; ++k) x_(i, k) = x[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)];
  // Standardise the output so one set of hyperparameter bounds and starts serves every measure.
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(n);
  double var = 0;
  for (double v : y) var += (v - mean) * (v - mean);
  var /= static_cast<double>(n - 1);
  centre_ = mean;
  scale_ = var > 0 ? std::sqrt(var) : 1;
  Eigen::VectorXd ys(n);
  for (Eigen::Index i = 0; i < n; ++i) ys[i] = (y[static_cast<std::size_t>(i)] - centre_) / scale_;
  // A linear mean when the runs can afford it (its coefficients take d + 1 of them), else a constant.
  const Eigen::Index q = n >= 2 * (d + 1) + 3 ? d + 1 : 1;
  h_.resize(n, q);
  h_.col(0).setOnes();
  if (q > 1) h_.rightCols(d) = x_;

  // REML by BOBYQA from fixed starts; the best of them wins (ties: the first).
  const unsigned dim = static_cast<unsigned>(d + 1);
  std::vector<double> lower(dim, std::log(kMinLength)), upper(dim, std::log(kMaxLength));
  lower.back() = std::log(kMinNugget), upper.back() = std::log(kMaxNugget);
  Fit fit{&x_, &h_, &ys};
  std::vector<double> best;
  double best_value = std::numeric_limits<double>::infinity();
  for (const auto& [length, nugget] : {std::pair{0.5, 1e-2}, std::pair{0.2, 0.3}}) {
    std::vector<double> theta(dim, std::log(length));
    theta.back() = std::log(nugget);
    nlopt_opt opt = nlopt_create(NLOPT_LN_BOBYQA, dim);
    nlopt_set_lower_bounds(opt, lower.data());
    nlopt_set_upper_bounds(opt, upper.data());
    nlopt_set_min_objective(opt, negative_reml, &fit);
    nlopt_set_xtol_rel(opt, 1e-3);
    nlopt_set_maxeval(opt, 300);
    double value = 0;
    const nlopt_result status = nlopt_optimize(opt, theta.data(), &value);
    nlopt_destroy(opt);
    if (status > 0 && value < best_value) best_value = value, best = theta;
  }
  if (best.empty()) throw std::runtime_error("the emulator's fit did not converge from any start");
  lengths_.resize(static_cast<std::size_t>(d));
  inv_len2_.resize(static_cast<std::size_t>(d));
  for (Eigen::Index k = 0; k < d; ++k) {
    lengths_[static_cast<std::size_t>(k)] = std::exp(best[static_cast<std::size_t>(k)]);
    inv_len2_[static_cast<std::size_t>(k)] = std::exp(-2 * best[static_cast<std::size_t>(k)]);
  }
  nugget_ = std::exp(best.back());

  Eigen::MatrixXd r(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    r(i, i) = 1 + nugget_;
    for (Eigen::Index j = 0; j < i; ++j) r(i, j) = r(j, i) = correlation(x_.row(i), x_.row(j));
  }
  chol_.compute(r);
  const Eigen::MatrixXd ri_h = chol_.solve(h_);
  hrh_chol_.compute(h_.transpose() * ri_h);
  l_inv_h_ = chol_.matrixL().solve(h_);
  beta_ = hrh_chol_.solve(ri_h.transpose() * ys);
  const Eigen::VectorXd res = ys - h_ * beta_;
  alpha_ = chol_.solve(res);
  sigma2_ = res.dot(alpha_) / static_cast<double>(n - q);

  // Leave-one-out residuals from the full fit (Rasmussen and Williams, eq. 5.12).
  const Eigen::MatrixXd r_inv = chol_.solve(Eigen::MatrixXd::Identity(n, n));
  int within = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double err = alpha_[i] / r_inv(i, i), sd = std::sqrt(sigma2_ / r_inv(i, i));
    if (std::abs(err) <= 3 * sd) ++within;
  }
  loo_within_ = static_cast<double>(within) / static_cast<double>(n);
}

double Emulator::mean(const std::vector<double>& point) const {
  Eigen::RowVectorXd p(x_.cols());
  for (Eigen::Index k = 0; k < p.size(); ++k) p[k] = point[static_cast<std::size_t>(k)];
  double m = basis(p).dot(beta_);
  for (Eigen::Index i = 0; i < x_.rows(); ++i) m += correlation(p, x_.row(i)) * alpha_[i];
  return centre_ + scale_ * m;
}

Emulator::Prediction Emulator::predict(const std::vector<double>& point) const {
  const auto n = x_.rows();
  Eigen::RowVectorXd p(x_.cols());
  for (Eigen::Index k = 0; k < p.size(); ++k) p[k] = point[static_cast<std::size_t>(k)];
  Eigen::VectorXd r(n);
  for (Eigen::Index i = 0; i < n; ++i) r[i] = correlation(p, x_.row(i));
  const Eigen::RowVectorXd h = basis(p);
  const double mean = h.dot(beta_) + r.dot(alpha_);
  // With v = L^-1 r: r^T R^-1 r = v.v and H^T R^-1 r = (L^-1 H)^T v.
  const Eigen::VectorXd v = chol_.matrixL().solve(r);
  const Eigen::VectorXd u = h.transpose() - l_inv_h_.transpose() * v;
  const double var = sigma2_ * std::max(0.0, 1 - v.squaredNorm() + u.dot(hrh_chol_.solve(u)));
  return {centre_ + scale_ * mean, var * scale_ * scale_};
}

}  // namespace cdsim::calibrate
