#include "sim/run/sweep_kpis.hpp"

#include <stdexcept>

#include "sim/spec/sweep_spec.hpp"

namespace cdsim::run {
namespace {

constexpr std::size_t kSupport = 1, kCrisis = 2;

/// Living residents in state s at time t, all neighbourhoods and ages.
double stock(const record::ReplicateObservations& obs, std::size_t t, std::size_t s) {
  double total = 0;
  const std::size_t per_time = obs.neighbourhoods * obs.age_groups * obs.states;
  for (std::size_t k = s; k < per_time; k += obs.states) total += obs.residents[t * per_time + k];
  return total;
}

/// Cost in the step ending at t of the categories whose agency starts with `agency` ("council" takes
/// every council agency), or of all of them when null.
double cost_at(const record::RunMetadata& meta, const record::ReplicateObservations& obs, std::size_t t,
               const char* agency) {
  double total = 0;
  for (std::size_t c = 0; c < obs.cost_categories; ++c)
    if (agency == nullptr || meta.cost_agencies[c].rfind(agency, 0) == 0) total += obs.cost[t * obs.cost_categories + c];
  return total;
}

}  // namespace

std::vector<double> sweep_kpis(const record::RunMetadata& meta, const record::ReplicateObservations& obs,
                               const std::vector<std::string>& names) {
  const std::size_t T = obs.times, S = obs.states, last = T - 1;
  const auto over_steps = [&](auto&& at) {
    double total = 0;
    for (std::size_t t = 1; t < T; ++t) total += at(t);
    return total;
  };
  std::vector<double> out;
  for (const std::string& name : names) {
    double v = 0;
    if (name == "crisis_entries") {
      v = over_steps([&](std::size_t t) {
        double n = 0;
        for (std::size_t from = 0; from < S; ++from)
          if (from != kCrisis) n += obs.transitions[(t * S + from) * S + kCrisis];
        return n;
      });
    } else if (name == "crisis_weeks") {
      v = over_steps([&](std::size_t t) { return stock(obs, t, kCrisis); });
    } else if (name == "in_support_end") {
      v = stock(obs, last, kSupport);
    } else if (name == "in_crisis_end") {
      v = stock(obs, last, kCrisis);
    } else if (name == "deaths") {
      v = over_steps([&](std::size_t t) {
        double n = 0;
        for (std::size_t s = 0; s < S; ++s) n += obs.deaths[t * S + s];
        return n;
      });
    } else if (name == "cost_total") {
      v = over_steps([&](std::size_t t) { return cost_at(meta, obs, t, nullptr); });
    } else if (name.rfind("cost_", 0) == 0) {
      const std::string agency = name.substr(5);  // "council", or one agency's name
      v = over_steps([&](std::size_t t) { return cost_at(meta, obs, t, agency.c_str()); });
    } else if (name == "policy_spend") {
      for (const double x : obs.policy_spend) v += x;
    } else if (name == "waiting_mean") {
      const std::size_t per_time = obs.services * obs.neighbourhoods;
      v = over_steps([&](std::size_t t) {
            double n = 0;
            for (std::size_t k = 0; k < per_time; ++k) n += obs.waiting[t * per_time + k];
            return n;
          }) / static_cast<double>(T - 1);
    } else if (name == "engaged_mean") {
      v = over_steps([&](std::size_t t) {
            double n = 0;
            for (std::size_t k = 0; k < obs.neighbourhoods; ++k) n += obs.engaged[t * obs.neighbourhoods + k];
            return n;
          }) / static_cast<double>(T - 1);
    } else {
      throw std::invalid_argument("unknown sweep KPI '" + name + "'");
    }
    out.push_back(v);
  }
  return out;
}

std::vector<double> sweep_series(const record::RunMetadata& meta, const record::ReplicateObservations& obs) {
  std::vector<double> out;
  const std::size_t T = obs.times;
  for (std::size_t t = 0; t < T; ++t) out.push_back(stock(obs, t, kSupport));
  for (std::size_t t = 0; t < T; ++t) out.push_back(stock(obs, t, kCrisis));
  for (std::size_t t = 0; t < T; ++t) out.push_back(cost_at(meta, obs, t, nullptr));
  static_assert(spec::kSweepSeriesNames.size() == 3);
  return out;
}

}  // namespace cdsim::run
