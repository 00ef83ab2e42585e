#include "viz/app/results_loader.hpp"

namespace cdsim::viz {

ResultsLoader::~ResultsLoader() { wait(); }

void ResultsLoader::start(std::filesystem::path path) {
  wait();
  path_ = std::move(path);
  {
    const std::lock_guard lock(mutex_);
    busy_ = true;
    outcome_.reset();
  }
  thread_ = std::thread([this, p = path_] {
    Outcome out;
    try {
      out.results = std::make_shared<const record::Results>(record::read_results(p));
    } catch (const std::exception& e) {  // record::ResultsError, or bad_alloc for an absurd file
      out.error = e.what();
    }
    const std::lock_guard lock(mutex_);
    outcome_ = std::move(out);
    busy_ = false;
  });
}

bool ResultsLoader::busy() const {
  const std::lock_guard lock(mutex_);
  return busy_;
}

std::optional<ResultsLoader::Outcome> ResultsLoader::take() {
  const std::lock_guard lock(mutex_);
  std::optional<Outcome> out;
  out.swap(outcome_);
  return out;
}

void ResultsLoader::wait() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace cdsim::viz
