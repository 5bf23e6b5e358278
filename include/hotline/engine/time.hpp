// Simulated time: integer 1 ms ticks carried in std::chrono types.
//
// `SimTime` counts milliseconds since the start of the run (the scenario's clock.start).
// `Calendar` maps a SimTime to civil time (hour of day, weekday) given the start instant,
// so rosters and arrival profiles can be expressed in wall-clock terms. No time zones: the
// scenario's clock is local time and has no daylight saving (China has none).
#pragma once

#include <cassert>
#include <chrono>
#include <cstdint>
#include <limits>

namespace hotline::engine {

using Duration = std::chrono::duration<std::int64_t, std::milli>;

struct SimClock {
  using rep = std::int64_t;
  using period = std::milli;
  using duration = Duration;
  using time_point = std::chrono::time_point<SimClock, Duration>;
  static constexpr bool is_steady = true;
};

using SimTime = SimClock::time_point;

inline constexpr SimTime kTimeZero{Duration{0}};
inline constexpr SimTime kTimeNever{Duration{std::numeric_limits<std::int64_t>::max()}};

inline constexpr Duration kSecond{1000};
inline constexpr Duration kMinute{60 * 1000};
inline constexpr Duration kHour{3600 * 1000};
inline constexpr Duration kDay{24 * 3600 * 1000};
inline constexpr Duration kWeek{7 * 24 * 3600 * 1000LL};

constexpr std::int64_t ticks(SimTime t) {
  return t.time_since_epoch().count();
}
constexpr std::int64_t ticks(Duration d) {
  return d.count();
}
constexpr SimTime at_ms(std::int64_t ms) {
  return SimTime{Duration{ms}};
}

// Rounds a (non-negative, finite) number of milliseconds to the nearest tick. Doubles enter
// time only here: samplers return doubles in ms, the run keeps integers. Halves round away
// from zero, exactly as std::llround, but inline: it runs once per scheduled event and the
// libm call cost more than the rest of the conversion.
inline Duration duration_from_ms(double ms) {
  assert(ms >= 0.0 && ms <= std::numeric_limits<double>::max());  // finite, not negative
  // Clamp absurd samples (heavy tails) to about 290 years rather than overflow.
  constexpr double kMax = 9.0e15;
  if (!(ms < kMax)) ms = kMax;
  // ms < 2^53: truncation is exact and so is the fraction ms - whole.
  auto whole = static_cast<std::int64_t>(ms);
  if (ms - static_cast<double>(whole) >= 0.5) ++whole;
  return Duration{whole};
}

// Civil date-time without a time zone. weekday: 0 = Monday ... 6 = Sunday (ISO order).
struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(int year, int month, int day);
// Inverse of days_from_civil.
CivilTime civil_from_days(std::int64_t days);

class Calendar {
 public:
  Calendar() = default;
  // `start` is the civil time at SimTime zero.
  explicit Calendar(const CivilTime& start);

  // Milliseconds since 1970-01-01T00:00 (local) at SimTime t.
  std::int64_t epoch_ms(SimTime t) const { return start_epoch_ms_ + ticks(t); }
  int hour_of_day(SimTime t) const;
  int minute_of_day(SimTime t) const;  // 0..1439
  // 0 = Monday ... 6 = Sunday.
  int weekday(SimTime t) const;
  // Milliseconds since Monday 00:00 of the week containing t, in [0, kWeek).
  std::int64_t ms_of_week(SimTime t) const;
  // SimTime of a civil instant (may be negative if before the start).
  SimTime to_sim(const CivilTime& c) const;
  CivilTime to_civil(SimTime t) const;
  std::int64_t start_epoch_ms() const { return start_epoch_ms_; }

 private:
  std::int64_t start_epoch_ms_ = 0;
};

}  // namespace hotline::engine
