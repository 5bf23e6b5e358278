#include "hotline/model/weekly_roster.hpp"

#include <algorithm>
#include <array>

namespace hotline::model {

namespace {
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kWeekMinutes = 7 * 24 * 60;
}  // namespace

WeeklyRoster::WeeklyRoster(const std::vector<scenario::ShiftSpec>& shifts) {
  // The headcount changes only where a shift starts or ends: evaluate it at those minutes of
  // the week (and minute 0) and keep the ones where it differs from the one before. Shifts
  // never overlap (the loader forbids it), but summing is exact either way. (A table of all
  // 10,080 minutes per desk cost a quarter of a second of set-up in a national scenario.)
  struct Span {
    std::int64_t begin, length;  // minutes of the week; may wrap past the end of the week
    int headcount;
  };
  std::vector<Span> spans;
  std::vector<std::int64_t> edges = {0};
  for (const scenario::ShiftSpec& s : shifts) {
    int len = s.end_minute - s.start_minute;
    if (len <= 0) len += 24 * 60;
    for (int d = 0; d < 7; ++d) {
      if (!s.days[d]) continue;
      const std::int64_t begin = d * 24 * 60 + s.start_minute;
      spans.push_back({begin, len, s.headcount});
      edges.push_back(begin % kWeekMinutes);
      edges.push_back((begin + len) % kWeekMinutes);
      // Breaks take operators off the floor; a break given at a time of day before the
      // shift's start falls on the shift's second calendar day (a shift past midnight).
      for (const scenario::BreakSpec& b : s.breaks) {
        const int offset = s.minutes_in(b.start_minute);
        const std::int64_t from = begin + offset;
        spans.push_back({from, b.minutes, -b.operators});
        edges.push_back(from % kWeekMinutes);
        edges.push_back((from + b.minutes) % kWeekMinutes);
      }
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  int current = -1;
  for (const std::int64_t m : edges) {
    int headcount = 0;
    for (const Span& sp : spans)
      if ((m - sp.begin + kWeekMinutes) % kWeekMinutes < sp.length) headcount += sp.headcount;
    headcount = std::max(headcount, 0);
    if (headcount != current) {
      current = headcount;
      points_.emplace_back(m * kMinuteMs, current);
    }
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
