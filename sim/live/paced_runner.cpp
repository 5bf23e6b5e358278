#include "hotline/live/paced_runner.hpp"

#include <algorithm>
#include <cmath>

namespace hotline::live {

std::string_view to_string(BehindPolicy p) {
  return p == BehindPolicy::catch_up ? "catch_up" : "slip";
}

PacedRunner::PacedRunner(Options options) : options_(options) {}

void PacedRunner::start(engine::SimTime sim, Clock::time_point wall) {
  anchor_sim_ = sim;
  anchor_wall_ = wall;
  running_ = true;
}

void PacedRunner::pause(engine::SimTime sim) {
  anchor_sim_ = sim;
  running_ = false;
}

bool PacedRunner::set_speed(double speed, engine::SimTime sim, Clock::time_point wall) {
  if (!(speed >= kMinSpeed && speed <= kMaxSpeed)) return false;
  options_.speed = speed;
  anchor_sim_ = sim;
  anchor_wall_ = wall;
  return true;
}

engine::SimTime PacedRunner::schedule_at(Clock::time_point wall) const {
  const double wall_ms = std::chrono::duration<double, std::milli>(wall - anchor_wall_).count();
  // Before the anchor (a tick that was due earlier) the schedule is the anchor itself.
  const double sim_ms = std::max(0.0, std::floor(wall_ms * options_.speed));
  return anchor_sim_ + engine::Duration{static_cast<std::int64_t>(sim_ms)};
}

engine::SimTime PacedRunner::target(engine::SimTime from, Clock::time_point wall) const {
  if (!running_) return from;
  const double cap_ms =
      std::chrono::duration<double, std::milli>(options_.max_slice).count() * options_.speed;
  const engine::SimTime capped = from + engine::Duration{static_cast<std::int64_t>(cap_ms) + 1};
  return std::max(from, std::min(schedule_at(wall), capped));
}

void PacedRunner::reached(engine::SimTime sim, Clock::time_point wall) {
  if (!running_) {
    lag_ = Clock::duration::zero();
    return;
  }
  // The wall instant `sim` was due at, on the current anchor.
  const double due_ms = static_cast<double>(engine::ticks(sim - anchor_sim_)) / options_.speed;
  const auto due = anchor_wall_ + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double, std::milli>(due_ms));
  lag_ = std::max(Clock::duration::zero(), wall - due);
  max_lag_ = std::max(max_lag_, lag_);
  if (options_.policy == BehindPolicy::slip && lag_ > options_.slip_after) {
    const double lost_ms = std::chrono::duration<double, std::milli>(lag_).count() * options_.speed;
    slipped_ += engine::Duration{static_cast<std::int64_t>(lost_ms)};
    ++slips_;
    anchor_sim_ = sim;
    anchor_wall_ = wall;
  }
}

}  // namespace hotline::live
