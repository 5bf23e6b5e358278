// WeeklyRoster against a brute-force table of the headcount in every minute of the week.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "hotline/model/weekly_roster.hpp"

using hotline::model::WeeklyRoster;
using hotline::scenario::ShiftSpec;

namespace {

constexpr int kWeekMinutes = 7 * 24 * 60;

std::vector<int> per_minute(const std::vector<ShiftSpec>& shifts) {
  std::vector<int> minute(kWeekMinutes, 0);
  for (const ShiftSpec& s : shifts) {
    int len = s.end_minute - s.start_minute;
    if (len <= 0) len += 24 * 60;
    for (int d = 0; d < 7; ++d)
      if (s.days[d])
        for (int m = 0; m < len; ++m)
          minute[(d * 24 * 60 + s.start_minute + m) % kWeekMinutes] += s.headcount;
  }
  return minute;
}

ShiftSpec shift(int start, int end, int headcount, std::array<bool, 7> days) {
  ShiftSpec s;
  s.start_minute = start;
  s.end_minute = end;
  s.headcount = headcount;
  s.days = days;
  return s;
}

void check_every_minute(const std::vector<ShiftSpec>& shifts) {
  const WeeklyRoster roster(shifts);
  const std::vector<int> expected = per_minute(shifts);
  for (int m = 0; m < kWeekMinutes; ++m)
    REQUIRE(roster.headcount_at(std::int64_t{m} * 60'000 + 59'999) == expected[m]);
}

}  // namespace

TEST_CASE("a roster's headcount matches its shifts in every minute of the week") {
  constexpr std::array<bool, 7> all = {true, true, true, true, true, true, true};
  constexpr std::array<bool, 7> weekdays = {true, true, true, true, true, false, false};
  constexpr std::array<bool, 7> sunday = {false, false, false, false, false, false, true};
  SUBCASE("three shifts around the clock, the night one past midnight") {
    check_every_minute(
        {shift(60, 480, 12, all), shift(480, 1020, 30, all), shift(1020, 60, 30, all)});
  }
  SUBCASE("weekday office hours only; Sunday night wraps into Monday") {
    check_every_minute({shift(540, 1080, 3, weekdays), shift(1320, 360, 1, sunday)});
  }
  SUBCASE("one shift of a whole day (start equals end)") {
    check_every_minute({shift(0, 0, 10, all)});
  }
  SUBCASE("no shifts: nobody on duty") {
    const WeeklyRoster roster(std::vector<ShiftSpec>{});
    CHECK(roster.headcount_at(0) == 0);
    CHECK(roster.constant());
  }
}

TEST_CASE("a break leaves its shift short by its operators for exactly its length") {
  ShiftSpec day;
  day.name = "day";
  day.days.fill(true);
  day.start_minute = 8 * 60;
  day.end_minute = 17 * 60;
  day.headcount = 4;
  day.breaks = {{.start_minute = 12 * 60, .minutes = 30, .operators = 1}};
  ShiftSpec night = day;
  night.name = "night";
  night.start_minute = 22 * 60;
  night.end_minute = 6 * 60;
  night.headcount = 2;
  night.breaks = {{.start_minute = 2 * 60, .minutes = 45, .operators = 2}};  // after midnight
  const WeeklyRoster r({day, night});
  constexpr std::int64_t kMin = 60'000;
  const std::int64_t tue = 24 * 60 * kMin;  // Tuesday 00:00, ms of the week
  CHECK(r.headcount_at(tue + (12 * 60 - 1) * kMin) == 4);
  CHECK(r.headcount_at(tue + 12 * 60 * kMin) == 3);
  CHECK(r.headcount_at(tue + (12 * 60 + 29) * kMin) == 3);
  CHECK(r.headcount_at(tue + (12 * 60 + 30) * kMin) == 4);
  // The night shift that started Monday 22:00 breaks on Tuesday 02:00-02:45, all of it.
  CHECK(r.headcount_at(tue + (2 * 60 - 1) * kMin) == 2);
  CHECK(r.headcount_at(tue + 2 * 60 * kMin) == 0);
  CHECK(r.headcount_at(tue + (2 * 60 + 45) * kMin) == 2);
}
