#include "hotline/engine/time.hpp"

#include <cassert>
#include <cmath>

namespace hotline::engine {

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  CivilTime c;
  c.year = static_cast<int>(y + (m <= 2));
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  return c;
}

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  return a - floor_div(a, b) * b;
}
}  // namespace

Calendar::Calendar(const CivilTime& s) {
  start_epoch_ms_ = days_from_civil(s.year, s.month, s.day) * kDayMs +
                    ((s.hour * 60LL + s.minute) * 60LL + s.second) * 1000LL;
}

int Calendar::hour_of_day(SimTime t) const {
  return static_cast<int>(floor_mod(epoch_ms(t), kDayMs) / 3'600'000);
}

int Calendar::minute_of_day(SimTime t) const {
  return static_cast<int>(floor_mod(epoch_ms(t), kDayMs) / 60'000);
}

int Calendar::weekday(SimTime t) const {
  // 1970-01-01 was a Thursday (ISO weekday index 3).
  return static_cast<int>(floor_mod(floor_div(epoch_ms(t), kDayMs) + 3, 7));
}

std::int64_t Calendar::ms_of_week(SimTime t) const {
  return weekday(t) * kDayMs + floor_mod(epoch_ms(t), kDayMs);
}

SimTime Calendar::to_sim(const CivilTime& c) const {
  const std::int64_t e = days_from_civil(c.year, c.month, c.day) * kDayMs +
                         ((c.hour * 60LL + c.minute) * 60LL + c.second) * 1000LL;
  return at_ms(e - start_epoch_ms_);
}

CivilTime Calendar::to_civil(SimTime t) const {
  const std::int64_t e = epoch_ms(t);
  CivilTime c = civil_from_days(floor_div(e, kDayMs));
  const std::int64_t ms = floor_mod(e, kDayMs);
  c.hour = static_cast<int>(ms / 3'600'000);
  c.minute = static_cast<int>(ms / 60'000 % 60);
  c.second = static_cast<int>(ms / 1000 % 60);
  return c;
}

}  // namespace hotline::engine
