// Data flow: a path -> [ResultsLoader, on its own thread] -> shared Results for the UI thread.
// Reading takes a moment for a borough; the UI keeps drawing ("loading...") meanwhile.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sim/record/results.hpp"

namespace cdsim::viz {

class ResultsLoader {
 public:
  ResultsLoader() = default;
  ResultsLoader(const ResultsLoader&) = delete;
  ResultsLoader& operator=(const ResultsLoader&) = delete;
  ~ResultsLoader();

  /// Starts reading `path` in the background; a load already running finishes first.
  void start(std::filesystem::path path);
  [[nodiscard]] bool busy() const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  /// The outcome of the finished load, once: results, or the error message naming the file.
  struct Outcome {
    std::shared_ptr<const record::Results> results;
    std::string error;
  };
  [[nodiscard]] std::optional<Outcome> take();
  /// Blocks until the load ends (headless screenshots).
  void wait();

 private:
  std::filesystem::path path_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::optional<Outcome> outcome_;
  bool busy_ = false;
};

}  // namespace cdsim::viz
