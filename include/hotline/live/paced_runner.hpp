// Pacing of a live exercise: where simulated time should be at a steady_clock instant.
//
// Contract:
// * The runner maps wall time to simulated time from one anchor (wall, sim) and a speed:
//   target(w) = anchor_sim + (w - anchor_wall) x speed. Targets are absolute, so no drift
//   accumulates however late or early the driver's ticks are; start, resume and a speed
//   change re-anchor at the simulated time reached.
// * After each slice the driver reports where the model got to and when (reached()): the
//   lag is how far behind its schedule the simulation is, in wall time
//   (w - the wall instant `reached` was due). Policy when behind: catch_up keeps the anchor
//   (the next slices run longer until the model is back on schedule); slip re-anchors when
//   the lag passes slip_after and adds the simulated time given up to slipped().
// * A slice is capped (max_slice of wall time x speed) so that one slice never holds the
//   model for long: commands wait at most that long.
// Pure arithmetic on the instants it is given (no clock reads), so tests drive it exactly.
// Not thread-safe: the exercise's strand owns it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "hotline/engine/time.hpp"

namespace hotline::live {

enum class BehindPolicy : std::uint8_t { catch_up, slip };
std::string_view to_string(BehindPolicy p);

class PacedRunner {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kMinSpeed = 0.1;
  static constexpr double kMaxSpeed = 3600.0;

  struct Options {
    double speed = 1.0;  // simulated seconds per wall second, kMinSpeed..kMaxSpeed
    BehindPolicy policy = BehindPolicy::catch_up;
    Clock::duration slip_after = std::chrono::seconds(1);
    Clock::duration max_slice = std::chrono::milliseconds(200);
  };

  explicit PacedRunner(Options options);

  // Runs from `sim` at `wall` (start and resume).
  void start(engine::SimTime sim, Clock::time_point wall);
  // Stops advancing; target() stays at `sim`.
  void pause(engine::SimTime sim);
  // Re-anchors at (sim, wall) with the new speed; false (nothing changed) if out of range.
  bool set_speed(double speed, engine::SimTime sim, Clock::time_point wall);

  bool running() const { return running_; }
  double speed() const { return options_.speed; }
  BehindPolicy policy() const { return options_.policy; }

  // Where the model should run to now: the schedule's simulated time at `wall`, but at most
  // one max_slice ahead of `from` (the model's time). `from` while paused.
  engine::SimTime target(engine::SimTime from, Clock::time_point wall) const;
  // The model reached `sim` at `wall`: measures the lag and applies the policy.
  void reached(engine::SimTime sim, Clock::time_point wall);

  Clock::duration lag() const { return lag_; }          // of the last slice
  Clock::duration max_lag() const { return max_lag_; }  // since start or reset_max_lag()
  void reset_max_lag() { max_lag_ = Clock::duration::zero(); }
  engine::Duration slipped() const { return slipped_; }  // simulated time given up (slip)
  std::uint64_t slips() const { return slips_; }

 private:
  engine::SimTime schedule_at(Clock::time_point wall) const;

  Options options_;
  bool running_ = false;
  Clock::time_point anchor_wall_{};
  engine::SimTime anchor_sim_{};
  Clock::duration lag_{};
  Clock::duration max_lag_{};
  engine::Duration slipped_{0};
  std::uint64_t slips_ = 0;
};

}  // namespace hotline::live
