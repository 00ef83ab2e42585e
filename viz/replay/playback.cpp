#include "viz/replay/playback.hpp"

#include <algorithm>

namespace cdsim::viz {

void PlaybackClock::set_length(int entries) {
  length_ = std::max(entries, 1);
  position_ = std::clamp(position_, 0.0, static_cast<double>(length_ - 1));
}

void PlaybackClock::seek(int week) { position_ = std::clamp(week, 0, length_ - 1); }

void PlaybackClock::step(int weeks) {
  playing_ = false;
  seek(this->week() + weeks);
}

void PlaybackClock::set_speed(double weeks_per_second) { speed_ = std::clamp(weeks_per_second, 0.25, 104.0); }

void PlaybackClock::toggle() {
  if (!playing_ && week() >= length_ - 1) position_ = 0;
  playing_ = !playing_;
}

void PlaybackClock::advance(double seconds) {
  if (!playing_) return;
  position_ += seconds * speed_;
  if (position_ >= length_ - 1) {
    position_ = length_ - 1;
    playing_ = false;
  }
}

}  // namespace cdsim::viz
