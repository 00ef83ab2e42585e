// Data flow: a wave's runs (design points, one simulated output) -> [emulator] -> a prediction of the
// output's mean and its uncertainty anywhere in the parameter space, at a cost of microseconds instead
// of a run.
// A Gaussian process with a linear mean, a squared-exponential correlation with a length per parameter,
// and a nugget for the simulator's own chance variation (a stochastic model gives different outputs at
// one point). Its hyperparameters maximise the restricted likelihood (REML, with NLopt's BOBYQA from a
// few fixed starts, so the fit is deterministic). Everything is serial: the same runs give the same
// emulator bit for bit on any machine and thread count.
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace cdsim::calibrate {

class Emulator {
 public:
  /// Fits to `x` ([run][parameter], unit coordinates) and `y` ([run]). Needs at least parameters + 3 runs.
  Emulator(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

  struct Prediction {
    double mean = 0;      ///< of the simulator's expected output at the point
    double variance = 0;  ///< of that expectation: the emulator's own uncertainty
  };
  [[nodiscard]] Prediction predict(const std::vector<double>& x) const;
  /// The mean alone: a tenth of predict()'s cost, for points that are plausible whatever the variance.
  [[nodiscard]] double mean(const std::vector<double>& x) const;

  /// The simulator's chance variation: the variance of one run's output about its expectation.
  [[nodiscard]] double noise_variance() const { return sigma2_ * nugget_ * scale_ * scale_; }

  /// Leave-one-out check: the share of runs whose output lies within 3 standard deviations of the
  /// emulator fitted without them (about 0.99 for a good emulator).
  [[nodiscard]] double loo_within_3sd() const { return loo_within_; }

  [[nodiscard]] const std::vector<double>& lengths() const { return lengths_; }

 private:
  [[nodiscard]] Eigen::RowVectorXd basis(const Eigen::RowVectorXd& x) const;
  [[nodiscard]] double correlation(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) const;

  Eigen::MatrixXd x_;           ///< runs x parameters
  std::vector<double> lengths_;  ///< correlation length per parameter (unit coordinates)
  std::vector<double> inv_len2_;
  double nugget_ = 0;           ///< noise variance as a share of sigma2
  double sigma2_ = 1;           ///< process variance (standardised output)
  double centre_ = 0, scale_ = 1;  ///< y is standardised as (y - centre) / scale
  Eigen::LLT<Eigen::MatrixXd> chol_;  ///< of R = correlations + nugget I
  Eigen::MatrixXd h_;           ///< basis at the runs
  Eigen::VectorXd beta_;        ///< generalised least squares coefficients of the mean
  Eigen::VectorXd alpha_;       ///< R^-1 (y - H beta)
  Eigen::LLT<Eigen::MatrixXd> hrh_chol_;  ///< of H^T R^-1 H
  Eigen::MatrixXd l_inv_h_;     ///< L^-1 H, where R = L L^T: a prediction's variance then needs one triangular solve
  double loo_within_ = 1;
};

}  // namespace cdsim::calibrate
