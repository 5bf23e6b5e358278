#include "hotline/model/weekly_roster.hpp"

#include <algorithm>
#include <array>

namespace hotline::model {

namespace {
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kWeekMinutes = 7 * 24 * 60;
}  // namespace

WeeklyRoster::WeeklyRoster(const std::vector<scenario::ShiftSpec>& shifts) {
  // Headcount per minute of the week; shifts never overlap, so assignment is exact. Summing
  // would also be well defined, but the loader forbids overlaps to keep rosters unambiguous.
  std::vector<int> minute(kWeekMinutes, 0);
  for (const scenario::ShiftSpec& s : shifts) {
    int len = s.end_minute - s.start_minute;
    if (len <= 0) len += 24 * 60;
    for (int d = 0; d < 7; ++d) {
      if (!s.days[d]) continue;
      const std::int64_t begin = d * 24 * 60 + s.start_minute;
      for (int m = 0; m < len; ++m) minute[(begin + m) % kWeekMinutes] += s.headcount;
    }
  }
  int current = -1;
  for (std::int64_t m = 0; m < kWeekMinutes; ++m)
    if (minute[m] != current) {
      current = minute[m];
      points_.emplace_back(m * kMinuteMs, current);
    }
}

int WeeklyRoster::headcount_at(std::int64_t ms_of_week) const {
  if (points_.empty()) return 0;
  auto it = std::upper_bound(points_.begin(), points_.end(), ms_of_week,
                             [](std::int64_t v, const auto& p) { return v < p.first; });
  return it == points_.begin() ? points_.back().second : std::prev(it)->second;
}

engine::SimTime WeeklyRoster::next_change(engine::SimTime t,
                                          const engine::Calendar& calendar) const {
  if (constant()) return engine::kTimeNever;
  const std::int64_t now = calendar.ms_of_week(t);
  auto it = std::upper_bound(points_.begin(), points_.end(), now,
                             [](std::int64_t v, const auto& p) { return v < p.first; });
  const std::int64_t week = engine::ticks(engine::kWeek);
  const std::int64_t target = it == points_.end() ? points_.front().first + week : it->first;
  return t + engine::Duration{target - now};
}

}  // namespace hotline::model
