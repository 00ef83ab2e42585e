// Data flow: UI input and frame time -> [PlaybackClock] -> the time entry every panel shows.
// Pure state, no GL: the timeline drives it, tests check it.
#pragma once

namespace cdsim::viz {

/// Which time entry is on screen, and whether it is advancing. Entry 0 is the start date.
class PlaybackClock {
 public:
  /// `entries`: number of time entries in the file (weeks + 1).
  void set_length(int entries);
  [[nodiscard]] int length() const { return length_; }
  [[nodiscard]] int week() const { return static_cast<int>(position_); }
  [[nodiscard]] bool playing() const { return playing_; }
  /// Weeks per second of wall-clock time while playing.
  [[nodiscard]] double speed() const { return speed_; }

  void seek(int week);
  void step(int weeks);
  void set_speed(double weeks_per_second);
  /// Play from the start again when at the end, so space always does something visible.
  void toggle();
  void pause() { playing_ = false; }
  /// Advances by `seconds` of wall-clock time; stops at the last entry.
  void advance(double seconds);

 private:
  int length_ = 1;
  double position_ = 0;  // fractional while playing so slow speeds still move
  bool playing_ = false;
  double speed_ = 8.0;
};

}  // namespace cdsim::viz
