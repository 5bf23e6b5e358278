// A desk's headcount over the week, from its shifts: a sorted list of change points in
// milliseconds since Monday 00:00. Shifts do not overlap (the loader checks), so the headcount
// at any instant is that of the one shift covering it, or 0, less the operators on a
// scheduled break then (never below 0).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model {

class WeeklyRoster {
 public:
  WeeklyRoster() = default;
  explicit WeeklyRoster(const std::vector<scenario::ShiftSpec>& shifts);

  int headcount_at(std::int64_t ms_of_week) const;
  // First change point strictly after `t`, as a SimTime (kTimeNever if the roster is constant).
  engine::SimTime next_change(engine::SimTime t, const engine::Calendar& calendar) const;
  bool constant() const { return points_.size() <= 1; }

 private:
  std::vector<std::pair<std::int64_t, int>> points_;  // (ms of week, headcount from there on)
};

}  // namespace hotline::model
