// Simulated time and the civil calendar.
#include <doctest/doctest.h>

#include <cstdint>

#include "hotline/engine/time.hpp"

namespace {

using hotline::engine::at_ms;
using hotline::engine::Calendar;
using hotline::engine::civil_from_days;
using hotline::engine::CivilTime;
using hotline::engine::days_from_civil;
using hotline::engine::duration_from_ms;
using hotline::engine::kDay;
using hotline::engine::kHour;
using hotline::engine::kMinute;
using hotline::engine::kSecond;
using hotline::engine::kWeek;
using hotline::engine::SimTime;
using hotline::engine::ticks;

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

CivilTime civil(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  CivilTime c;
  c.year = y;
  c.month = mo;
  c.day = d;
  c.hour = h;
  c.minute = mi;
  c.second = s;
  return c;
}

bool same(const CivilTime& a, const CivilTime& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day && a.hour == b.hour &&
         a.minute == b.minute && a.second == b.second;
}

}  // namespace

TEST_CASE("days_from_civil has the epoch and known anchors") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1970, 1, 2) == 1);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(2021, 9, 1) == 18871);
}

TEST_CASE("days_from_civil counts consecutive days and civil_from_days inverts it") {
  // Walk every date from 1600-01-01 to 2400-12-31 (covers the 100/400-year leap rules and
  // negative day numbers) and check both directions against a plain day counter.
  std::int64_t expected = days_from_civil(1600, 1, 1);
  for (int y = 1600; y <= 2400; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        const std::int64_t n = days_from_civil(y, m, d);
        REQUIRE(n == expected);
        const CivilTime c = civil_from_days(n);
        REQUIRE(c.year == y);
        REQUIRE(c.month == m);
        REQUIRE(c.day == d);
        ++expected;
      }
    }
  }
  CHECK(expected - days_from_civil(1600, 1, 1) == 801 * 365 + 195);  // 195 leap years
}

TEST_CASE("weekday is 0 for Monday through 6 for Sunday on known dates") {
  const Calendar cal(civil(2021, 9, 1));
  CHECK(cal.weekday(at_ms(0)) == 2);                                   // 2021-09-01 was a Wednesday
  CHECK(cal.weekday(cal.to_sim(civil(2021, 11, 11, 13))) == 3);        // Thursday
  CHECK(cal.weekday(cal.to_sim(civil(2021, 9, 6))) == 0);              // Monday
  CHECK(cal.weekday(cal.to_sim(civil(2021, 9, 5, 23, 59, 59))) == 6);  // Sunday night
  CHECK(cal.weekday(cal.to_sim(civil(1970, 1, 1))) == 3);              // Thursday
  CHECK(cal.weekday(cal.to_sim(civil(1969, 12, 29))) == 0);  // negative epoch time: Monday
  for (int i = 0; i < 21; ++i) CHECK(cal.weekday(at_ms(0) + i * kDay) == (2 + i) % 7);
}

TEST_CASE("hour_of_day follows the start time and wraps at midnight") {
  const Calendar cal(civil(2021, 9, 1, 22, 30));
  CHECK(cal.hour_of_day(at_ms(0)) == 22);
  CHECK(cal.hour_of_day(at_ms(0) + 29 * kMinute) == 22);
  CHECK(cal.hour_of_day(at_ms(0) + 30 * kMinute) == 23);
  CHECK(cal.hour_of_day(at_ms(0) + 90 * kMinute - hotline::engine::Duration{1}) == 23);
  CHECK(cal.hour_of_day(at_ms(0) + 90 * kMinute) == 0);
  CHECK(cal.weekday(at_ms(0) + 90 * kMinute) == 3);  // past midnight: Thursday
  // Before the start (negative SimTime) still gives a valid hour.
  CHECK(cal.hour_of_day(at_ms(0) - 23 * kHour) == 23);
}

TEST_CASE("ms_of_week counts from Monday 00:00 and stays in [0, one week)") {
  const Calendar cal(civil(2021, 9, 1));  // Wednesday
  CHECK(cal.ms_of_week(at_ms(0)) == ticks(2 * kDay));
  CHECK(cal.ms_of_week(at_ms(0) + 5 * kHour + 7 * kSecond) ==
        ticks(2 * kDay + 5 * kHour + 7 * kSecond));
  CHECK(cal.ms_of_week(cal.to_sim(civil(2021, 9, 6))) == 0);  // next Monday
  CHECK(cal.ms_of_week(cal.to_sim(civil(2021, 9, 5, 23, 59, 59))) == ticks(kWeek - kSecond));
  for (std::int64_t h = -500; h < 500; h += 7) {
    const std::int64_t w = cal.ms_of_week(at_ms(0) + h * kHour);
    CHECK(w >= 0);
    CHECK(w < ticks(kWeek));
  }
}

TEST_CASE("to_sim and to_civil are inverse to the second") {
  const Calendar cal(civil(2021, 9, 1, 8, 15, 30));
  CHECK(cal.to_sim(civil(2021, 9, 1, 8, 15, 30)) == at_ms(0));
  CHECK(cal.to_sim(civil(2021, 9, 2, 8, 15, 30)) == at_ms(0) + kDay);
  CHECK(cal.to_sim(civil(2021, 9, 1, 8, 15, 29)) == at_ms(-1000));
  CHECK(same(cal.to_civil(at_ms(0)), civil(2021, 9, 1, 8, 15, 30)));
  // Across a month end, a year end and a leap day.
  CHECK(same(cal.to_civil(cal.to_sim(civil(2021, 12, 31, 23, 59, 59)) + kSecond),
             civil(2022, 1, 1, 0, 0, 0)));
  CHECK(same(cal.to_civil(cal.to_sim(civil(2024, 2, 28, 12)) + kDay), civil(2024, 2, 29, 12)));
  CHECK(same(cal.to_civil(at_ms(-1)), civil(2021, 9, 1, 8, 15, 29)));  // floors, not truncates
  for (std::int64_t s = -100'000; s < 40'000'000; s += 9'973) {
    const SimTime t = at_ms(s * 1000);
    REQUIRE(cal.to_sim(cal.to_civil(t)) == t);
  }
  CHECK(cal.epoch_ms(at_ms(0)) == cal.start_epoch_ms());
  CHECK(cal.start_epoch_ms() ==
        days_from_civil(2021, 9, 1) * 86'400'000 + ((8 * 60 + 15) * 60 + 30) * 1000);
}

TEST_CASE("duration_from_ms rounds to the nearest millisecond and clamps huge values") {
  CHECK(ticks(duration_from_ms(0.0)) == 0);
  CHECK(ticks(duration_from_ms(0.49)) == 0);
  CHECK(ticks(duration_from_ms(0.5)) == 1);
  CHECK(ticks(duration_from_ms(1234.6)) == 1235);
  CHECK(ticks(duration_from_ms(1e300)) == 9'000'000'000'000'000);
}
