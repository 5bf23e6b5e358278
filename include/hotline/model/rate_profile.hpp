// A piecewise-constant arrival rate: base rate x hour-of-day profile x weekday profile x the
// product of active surge multipliers. Pieces change at hour boundaries and surge edges, so
// arrivals are sampled exactly by inverting the integrated rate (no thinning).
#pragma once

#include <array>
#include <vector>

#include "hotline/engine/random.hpp"
#include "hotline/engine/time.hpp"

namespace hotline::model {

using engine::SimTime;

struct SurgeWindow {
  SimTime start, end;  // [start, end)
  double multiplier = 1;
};

class RateProfile {
 public:
  RateProfile() = default;
  // hour/weekday profiles are already normalised to mean 1.
  RateProfile(double per_day, const std::array<double, 24>& hour,
              const std::array<double, 7>& weekday, std::vector<SurgeWindow> surges,
              const engine::Calendar& calendar);

  // Arrivals per millisecond at t.
  double rate_at(SimTime t) const;
  // The first instant after t where the rate may change.
  SimTime next_change(SimTime t) const;
  // The next arrival after `now` (exclusive), or kTimeNever if none before `horizon`.
  // Not const: it remembers the last piece it looked up (see piece_).
  SimTime next_arrival(SimTime now, engine::Rng& rng, SimTime horizon);

 private:
  double per_ms_ = 0;
  std::array<double, 24> hour_{};
  std::array<double, 7> weekday_{};
  std::vector<SurgeWindow> surges_;
  engine::Calendar calendar_;
  // The piece [start, end) with its rate that the last lookup found. Most arrivals fall in
  // the same hour as the one before, and the calendar arithmetic (floor divisions of the
  // epoch time) was a tenth of an arrival's cost. A cache of a pure function of t: the
  // arrival times are exactly those computed without it.
  struct Piece {
    SimTime start = engine::kTimeNever;
    SimTime end = engine::kTimeNever;
    double rate = 0;
  };
  Piece piece_;
  void find_piece(SimTime t);
};

}  // namespace hotline::model
