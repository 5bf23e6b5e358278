// The pacing arithmetic: absolute targets (no drift), re-anchoring, the slice cap, the lag and
// both policies when behind. Instants are given, never read, so nothing here depends on time.
#include <doctest/doctest.h>

#include "hotline/live/paced_runner.hpp"

using namespace hotline;
using live::PacedRunner;
using namespace std::chrono_literals;

namespace {
PacedRunner::Options at(double speed, live::BehindPolicy p = live::BehindPolicy::catch_up) {
  PacedRunner::Options o;
  o.speed = speed;
  o.policy = p;
  o.max_slice = 10s;
  return o;
}
const PacedRunner::Clock::time_point t0{};
}  // namespace

TEST_CASE("targets follow the anchor exactly however the ticks fall, so no drift accumulates") {
  PacedRunner r(at(30));
  r.start(engine::kTimeZero, t0);
  // 1,000 irregular ticks: the target at any instant is anchor + elapsed x speed.
  engine::SimTime sim = engine::kTimeZero;
  auto wall = t0;
  for (int i = 0; i < 1000; ++i) {
    wall += std::chrono::microseconds(19000 + (i % 7) * 1000);
    sim = r.target(sim, wall);
    r.reached(sim, wall);
  }
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wall - t0).count();
  CHECK(engine::ticks(sim) == elapsed_ms * 30);
  CHECK(r.lag() == 0ns);
}

TEST_CASE("a pause holds simulated time and a resume re-anchors where it stopped") {
  PacedRunner r(at(10));
  r.start(engine::kTimeZero, t0);
  const auto s1 = r.target(engine::kTimeZero, t0 + 1s);
  CHECK(engine::ticks(s1) == 10000);
  r.pause(s1);
  CHECK(r.target(s1, t0 + 100s) == s1);
  r.start(s1, t0 + 100s);
  CHECK(engine::ticks(r.target(s1, t0 + 101s)) == 20000);
}

TEST_CASE("a speed change re-anchors and speeds out of 0.1 to 3600 are refused") {
  PacedRunner r(at(1));
  r.start(engine::kTimeZero, t0);
  const auto s = r.target(engine::kTimeZero, t0 + 2s);
  CHECK(r.set_speed(3600, s, t0 + 2s));
  CHECK(engine::ticks(r.target(s, t0 + 3s)) == 2000 + 3600000);
  CHECK_FALSE(r.set_speed(0.05, s, t0 + 3s));
  CHECK_FALSE(r.set_speed(4000, s, t0 + 3s));
  CHECK(r.speed() == 3600);
}

TEST_CASE("one slice never runs more than max_slice of wall time ahead") {
  PacedRunner::Options o = at(100);
  o.max_slice = 200ms;
  PacedRunner r(o);
  r.start(engine::kTimeZero, t0);
  const auto s = r.target(engine::kTimeZero, t0 + 60s);
  CHECK(engine::ticks(s) <= 20001);
  CHECK(engine::ticks(s) >= 20000);
}

TEST_CASE("the lag is how late the simulation reached its point, and catch-up keeps the anchor") {
  PacedRunner r(at(60));
  r.start(engine::kTimeZero, t0);
  const auto s = r.target(engine::kTimeZero, t0 + 1s);  // 60 s simulated, due at t0 + 1 s
  r.reached(s, t0 + 1s + 40ms);                         // the slice took 40 ms
  CHECK(r.lag() == 40ms);
  CHECK(r.max_lag() == 40ms);
  r.reached(s, t0 + 1s + 3s);
  CHECK(r.lag() == 3s);
  CHECK(r.slips() == 0);
  CHECK(engine::ticks(r.target(s, t0 + 5s)) == 300000);  // still on the first anchor
}

TEST_CASE("slip gives up the time behind beyond slip_after and reports it") {
  PacedRunner r(at(60, live::BehindPolicy::slip));
  r.start(engine::kTimeZero, t0);
  const auto s = r.target(engine::kTimeZero, t0 + 1s);
  r.reached(s, t0 + 1s + 2s);  // 2 s late: more than slip_after (1 s)
  CHECK(r.slips() == 1);
  CHECK(engine::ticks(r.slipped()) == 120000);
  // Re-anchored where it got to: one second later it is 60 s further, not 180 s.
  CHECK(engine::ticks(r.target(s, t0 + 4s)) == 60000 + 60000);
}
