#include "sim/run/sweep_design.hpp"

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/tokenizer.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

#include "sim/spec/diagnostics.hpp"

namespace cdsim::run {
namespace {

using spec::ParameterDistribution;

// Unbounded distributions are cut at these quantiles, so a design coordinate of 0 or 1 (grid ends,
// Morris levels) gives a finite value.
constexpr double kTail = 1e-3;

std::size_t levels_of(const ParameterDistribution& p, int design_levels) {
  return p.kind == ParameterDistribution::Kind::values ? p.values.size() : static_cast<std::size_t>(design_levels);
}

/// Level i of k on the unit interval: ends included for ranges (a grid spans its range), cell centres
/// otherwise (values and quantiles of distributions).
double grid_coordinate(const ParameterDistribution& p, std::size_t i, std::size_t k) {
  if (p.kind == ParameterDistribution::Kind::range) return k == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(k - 1);
  return (static_cast<double>(i) + 0.5) / static_cast<double>(k);
}

std::vector<std::vector<double>> grid_design(const spec::SweepSpec& sweep) {
  std::vector<std::size_t> k;
  std::size_t total = 1;
  for (const auto& p : sweep.parameters) {
    k.push_back(levels_of(p, sweep.design.levels));
    if (total > std::numeric_limits<std::size_t>::max() / k.back() || total * k.back() > 10'000'000) {
      throw spec::SpecError({spec::Diagnostic{"", 0, 0, "design",
                                              "the grid has more than 10 million points; use fewer levels or a "
                                              "sampled design (latin_hypercube, sobol)"}});
    }
    total *= k.back();
  }
  // The first parameter varies slowest, as in a nested loop over the parameters in file order.
  std::vector<std::vector<double>> out(total, std::vector<double>(k.size()));
  for (std::size_t point = 0; point < total; ++point) {
    std::size_t rest = point;
    for (std::size_t j = k.size(); j-- > 0;) {
      out[point][j] = grid_coordinate(sweep.parameters[j], rest % k[j], k[j]);
      rest /= k[j];
    }
  }
  return out;
}

std::vector<std::vector<double>> read_points_csv(const spec::SweepSpec& sweep) {
  const std::string label = sweep.design.points.string();
  const auto fail = [&](int line, int column, std::string message) {
    throw spec::SpecError({spec::Diagnostic{label, line, column, {}, std::move(message)}});
  };
  std::ifstream in(sweep.design.points);
  if (!in) fail(0, 0, "cannot be read (the points design's file)");
  using Tokens = boost::tokenizer<boost::escaped_list_separator<char>>;
  const auto cells = [&](const std::string& text, int line) {
    std::vector<std::string> out;
    try {
      for (const auto& cell : Tokens(text)) out.push_back(cell);
    } catch (const boost::escaped_list_error& e) {
      fail(line, 0, fmt::format("is not valid CSV: {}", e.what()));
    }
    for (auto& c : out) {
      c.erase(0, c.find_first_not_of(" \t"));
      c.erase(c.find_last_not_of(" \t\r") + 1);
    }
    return out;
  };
  std::string text;
  if (!std::getline(in, text)) fail(1, 0, "is empty; expected a header row naming the swept keys");
  const std::vector<std::string> header = cells(text, 1);
  // Columns may come in any order; every swept key needs exactly one.
  std::vector<std::size_t> column_of;
  for (const auto& p : sweep.parameters) {
    const auto it = std::find(header.begin(), header.end(), p.key);
    if (it == header.end())
      fail(1, 0, fmt::format("has no column '{}' (the header is: {})", p.key, fmt::join(header, ", ")));
    if (std::count(header.begin(), header.end(), p.key) > 1) fail(1, 0, fmt::format("has two columns '{}'", p.key));
    column_of.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (std::find(column_of.begin(), column_of.end(), c) == column_of.end())
      fail(1, static_cast<int>(c + 1), fmt::format("column '{}' is not a swept key of the sweep's parameters", header[c]));
  }
  std::vector<std::vector<double>> values;
  int line = 1;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::vector<std::string> row = cells(text, line);
    if (row.size() != header.size())
      fail(line, 0, fmt::format("has {} cells; the header has {}", row.size(), header.size()));
    std::vector<double> point;
    for (std::size_t j = 0; j < column_of.size(); ++j) {
      const std::string& cell = row[column_of[j]];
      double v = 0;
      std::size_t used = 0;
      try {
        v = std::stod(cell, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != cell.size() || !std::isfinite(v))
        fail(line, static_cast<int>(column_of[j] + 1), fmt::format("'{}': expected a number, got '{}'", sweep.parameters[j].key, cell));
      point.push_back(v);
    }
    values.push_back(std::move(point));
    if (values.size() > 10'000'000) fail(line, 0, "has more than 10 million points; split the sweep");
  }
  if (values.empty()) fail(line, 0, "has a header but no points");
  return values;
}

}  // namespace

std::string format_value(const ParameterDistribution& p, double v) {
  return p.integer ? fmt::format("{:.0f}", v) : fmt::format("{}", v);
}

double value_at(const ParameterDistribution& p, double u) {
  double v = 0;
  switch (p.kind) {
    case ParameterDistribution::Kind::range:
      v = p.low + u * (p.high - p.low);
      break;
    case ParameterDistribution::Kind::values: {
      const std::size_t k = p.values.size();
      v = p.values[std::min(k - 1, static_cast<std::size_t>(u * static_cast<double>(k)))];
      break;
    }
    case ParameterDistribution::Kind::normal:
      v = boost::math::quantile(boost::math::normal(p.mean, p.sd), std::clamp(u, kTail, 1 - kTail));
      break;
    case ParameterDistribution::Kind::lognormal:
      v = boost::math::quantile(boost::math::lognormal(p.mean, p.sd), std::clamp(u, kTail, 1 - kTail));
      break;
    case ParameterDistribution::Kind::triangular:
      v = boost::math::quantile(boost::math::triangular(p.low, p.mode, p.high), std::clamp(u, 0.0, 1.0));
      break;
  }
  return p.integer ? std::round(v) : v;
}

std::vector<std::vector<double>> saltelli_design(std::size_t n, std::size_t d) {
  boost::random::sobol sequence(2 * d);
  const double scale = std::ldexp(1.0, -64);  // the engine's integers span [0, 2^64)
  sequence.discard(2 * d);                     // the first point is all zeros
  std::vector<std::vector<double>> out;
  out.reserve(n * (2 * d + 2));
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> a(d), b(d);
    for (auto& x : a) x = static_cast<double>(sequence()) * scale;
    for (auto& x : b) x = static_cast<double>(sequence()) * scale;
    out.push_back(a);
    for (std::size_t i = 0; i < d; ++i) {
      auto ab = a;
      ab[i] = b[i];
      out.push_back(std::move(ab));
    }
    for (std::size_t i = 0; i < d; ++i) {
      auto ba = b;
      ba[i] = a[i];
      out.push_back(std::move(ba));
    }
    out.push_back(b);
  }
  return out;
}

std::vector<std::vector<double>> morris_design(std::size_t r, std::size_t d, int levels, std::uint64_t seed) {
  boost::random::mt19937_64 engine(seed);
  const double delta = morris_delta(levels), step = 1.0 / (levels - 1);
  // Starting levels from which a step of +delta (or -delta) stays inside [0, 1].
  const int shift = levels / 2;  // delta in grid steps
  std::vector<std::vector<double>> out;
  out.reserve(r * (d + 1));
  for (std::size_t t = 0; t < r; ++t) {
    std::vector<double> x(d);
    std::vector<int> direction(d);
    for (std::size_t i = 0; i < d; ++i) {
      direction[i] = boost::random::uniform_int_distribution<int>(0, 1)(engine) ? 1 : -1;
      const int level = boost::random::uniform_int_distribution<int>(0, levels - 1 - shift)(engine);
      x[i] = (direction[i] > 0 ? level : level + shift) * step;
    }
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = d; i > 1; --i)
      std::swap(order[i - 1], order[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(engine)]);
    out.push_back(x);
    for (const std::size_t i : order) {
      x[i] = direction[i] > 0 ? x[i] + delta : x[i] - delta;
      x[i] = std::round(x[i] * (levels - 1)) * step;  // stay exactly on the grid
      out.push_back(x);
    }
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube_design(std::size_t n, std::size_t d, std::uint64_t seed) {
  boost::random::mt19937_64 engine(seed);
  boost::random::uniform_01<double> jitter;
  std::vector<std::vector<double>> out(n, std::vector<double>(d));
  std::vector<std::size_t> stratum(n);
  for (std::size_t j = 0; j < d; ++j) {
    std::iota(stratum.begin(), stratum.end(), 0);
    for (std::size_t i = n; i > 1; --i)
      std::swap(stratum[i - 1], stratum[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(engine)]);
    for (std::size_t i = 0; i < n; ++i)
      out[i][j] = (static_cast<double>(stratum[i]) + jitter(engine)) / static_cast<double>(n);
  }
  return out;
}

SweepPoints make_points(const spec::SweepSpec& sweep) {
  SweepPoints points;
  const std::size_t d = sweep.parameters.size();
  const auto n = static_cast<std::size_t>(sweep.design.samples);
  switch (sweep.design.type) {
    case spec::SweepDesignType::grid:
      points.unit = grid_design(sweep);
      break;
    case spec::SweepDesignType::latin_hypercube:
      points.unit = latin_hypercube_design(n, d, sweep.design.seed);
      break;
    case spec::SweepDesignType::sobol:
      points.unit = saltelli_design(n, d);
      break;
    case spec::SweepDesignType::morris:
      points.unit = morris_design(n, d, sweep.design.levels, sweep.design.seed);
      break;
    case spec::SweepDesignType::points:
      points.values = read_points_csv(sweep);
      points.unit.assign(points.values.size(), std::vector<double>(d, std::numeric_limits<double>::quiet_NaN()));
      return points;
  }
  for (const auto& u : points.unit) {
    std::vector<double> v(d);
    for (std::size_t j = 0; j < d; ++j) v[j] = value_at(sweep.parameters[j], u[j]);
    points.values.push_back(std::move(v));
  }
  return points;
}

}  // namespace cdsim::run
