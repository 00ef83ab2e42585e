#include <catch2/catch.hpp>

#include "viz/replay/playback.hpp"

using cdsim::viz::PlaybackClock;

TEST_CASE("viz: the playback clock plays, steps and stops at the ends", "[viz][playback]") {
  PlaybackClock c;
  c.set_length(53);
  CHECK(c.week() == 0);
  CHECK_FALSE(c.playing());
  c.advance(10);
  CHECK(c.week() == 0);  // paused: time does not move

  c.set_speed(4);
  c.toggle();
  c.advance(0.5);
  CHECK(c.week() == 2);
  c.advance(100);
  CHECK(c.week() == 52);
  CHECK_FALSE(c.playing());  // stops at the last week
  c.toggle();
  CHECK(c.week() == 0);  // play at the end starts again
  CHECK(c.playing());

  c.step(5);
  CHECK_FALSE(c.playing());  // stepping pauses
  CHECK(c.week() == 5);
  c.step(-10);
  CHECK(c.week() == 0);
  c.seek(999);
  CHECK(c.week() == 52);
  c.set_length(10);
  CHECK(c.week() == 9);
  c.set_speed(0);
  CHECK(c.speed() > 0);
}
