#include "hotline/study/staffing_cost.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace hotline::study {

namespace {

constexpr int kDayMinutes = 24 * 60;
constexpr int kWeekMinutes = 7 * kDayMinutes;

// How often each minute of the week (Monday 00:00 = 0) occurs in the counted period.
std::array<double, kWeekMinutes> week_minute_counts(const scenario::Scenario& s) {
  std::array<double, kWeekMinutes> count{};
  const engine::CivilTime& c = s.clock.start;
  // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
  const std::int64_t days = engine::days_from_civil(c.year, c.month, c.day);
  const int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);
  const std::int64_t first = weekday * kDayMinutes + c.hour * 60 + c.minute;
  const std::int64_t from = engine::ticks(s.clock.warmup) / engine::ticks(engine::kMinute);
  const std::int64_t to = engine::ticks(s.clock.horizon) / engine::ticks(engine::kMinute);
  if (to <= from) return count;
  const std::int64_t n = to - from;
  const double weeks = static_cast<double>(n / kWeekMinutes);
  if (weeks > 0) count.fill(weeks);
  for (std::int64_t t = from + (n / kWeekMinutes) * kWeekMinutes; t < to; ++t)
    count[static_cast<std::size_t>((first + t) % kWeekMinutes)] += 1;
  return count;
}

int shift_minutes(const scenario::ShiftSpec& sh) {
  const int len = (sh.end_minute - sh.start_minute + kDayMinutes) % kDayMinutes;
  return len == 0 ? kDayMinutes : len;
}

}  // namespace

StaffingCost staffing_cost(const scenario::Scenario& s) {
  const scenario::CostSpec& costs = s.costs;
  StaffingCost out;
  out.priced = costs.given;
  out.days = std::max(0.0, static_cast<double>(engine::ticks(s.clock.horizon - s.clock.warmup)) /
                               static_cast<double>(engine::ticks(engine::kDay)));
  const std::array<double, kWeekMinutes> count = week_minute_counts(s);
  std::array<double, kWeekMinutes> weighted{};
  for (int m = 0; m < kWeekMinutes; ++m)
    weighted[static_cast<std::size_t>(m)] =
        count[static_cast<std::size_t>(m)] * costs.factor(m % kDayMinutes, m / kDayMinutes);

  out.by_kind.resize(s.desk_kinds.size());
  for (std::size_t k = 0; k < s.desk_kinds.size(); ++k) out.by_kind[k].kind = s.desk_kinds[k];
  for (const scenario::DeskSpec& d : s.desks) {
    // The loader gives every desk a kind; a hand-built scenario (tests, benches) may not.
    if (d.kind_index < 0 || static_cast<std::size_t>(d.kind_index) >= out.by_kind.size()) continue;
    DeskKindCost& kind = out.by_kind[static_cast<std::size_t>(d.kind_index)];
    const double rate = static_cast<std::size_t>(d.kind_index) < costs.desk_kind_hour.size()
                            ? costs.desk_kind_hour[static_cast<std::size_t>(d.kind_index)]
                            : 0.0;
    ++kind.desks;
    for (const scenario::ShiftSpec& sh : d.shifts) {
      double minutes = 0, priced = 0;
      const int len = shift_minutes(sh);
      for (int day = 0; day < 7; ++day) {
        if (!sh.days[static_cast<std::size_t>(day)]) continue;
        const int begin = day * kDayMinutes + sh.start_minute;
        for (int k = 0; k < len; ++k) {
          const auto m = static_cast<std::size_t>((begin + k) % kWeekMinutes);
          minutes += count[m];
          priced += weighted[m];
        }
      }
      kind.operator_hours += sh.headcount * minutes / 60.0;
      kind.yuan += rate * sh.headcount * priced / 60.0;
    }
  }
  for (const DeskKindCost& k : out.by_kind) {
    out.operator_hours += k.operator_hours;
    out.operator_yuan += k.yuan;
  }

  // Officers: the same capacity every day, so fold the week into minutes of the day.
  std::array<double, kDayMinutes> day_count{}, day_weighted{};
  for (int m = 0; m < kWeekMinutes; ++m) {
    day_count[static_cast<std::size_t>(m % kDayMinutes)] += count[static_cast<std::size_t>(m)];
    day_weighted[static_cast<std::size_t>(m % kDayMinutes)] +=
        weighted[static_cast<std::size_t>(m)];
  }
  double night_count = 0, night_weighted = 0, all_count = 0, all_weighted = 0;
  for (std::size_t m = 0; m < day_count.size(); ++m) {
    all_count += day_count[m];
    all_weighted += day_weighted[m];
  }
  for (const scenario::UnitSpec& u : s.units) {
    const scenario::OfficerSpec& o = u.officers;
    if (!u.children.empty() || o.count <= 0) continue;
    // As the model rosters them (sim/model/officers.cpp): at least one by day, the night
    // roster's round(count x night availability) in its window (never more than by day).
    const double day = std::max(1L, std::lround(o.count * o.availability));
    double minutes = day * all_count, priced = day * all_weighted;
    if (o.night_from >= 0) {
      night_count = night_weighted = 0;
      for (int m = 0; m < kDayMinutes; ++m)
        if (scenario::in_day_window(o.night_from, o.night_to, m)) {
          night_count += day_count[static_cast<std::size_t>(m)];
          night_weighted += day_weighted[static_cast<std::size_t>(m)];
        }
      const double night =
          std::min(day, static_cast<double>(std::lround(o.count * o.night_availability)));
      minutes += (night - day) * night_count;
      priced += (night - day) * night_weighted;
    }
    out.officer_hours += minutes / 60.0;
    out.officer_yuan += costs.officer_hour * priced / 60.0;
  }
  return out;
}

}  // namespace hotline::study
