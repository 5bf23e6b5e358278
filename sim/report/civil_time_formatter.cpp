#include "hotline/report/civil_time_formatter.hpp"

#include <array>
#include <cstring>

namespace hotline::report {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// "00" .. "99": two digits with one load instead of a division each.
constexpr auto kPairs = [] {
  std::array<char, 200> p{};
  for (int i = 0; i < 100; ++i) {
    p[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    p[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return p;
}();

void put2(char* p, unsigned v) {
  std::memcpy(p, kPairs.data() + 2 * v, 2);
}

}  // namespace

CivilTimeFormatter::CivilTimeFormatter(const engine::Calendar& calendar, Style style)
    : start_epoch_ms_(calendar.start_epoch_ms()), style_(style) {
  set_day(start_epoch_ms_);
}

void CivilTimeFormatter::set_day(std::int64_t epoch_ms) {
  std::int64_t day = epoch_ms / kMsPerDay;
  if (epoch_ms % kMsPerDay < 0) --day;  // floor division for instants before 1970
  const engine::CivilTime c = engine::civil_from_days(day);
  const int year = c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year);
  put2(cached_date_, static_cast<unsigned>(year / 100));
  put2(cached_date_ + 2, static_cast<unsigned>(year % 100));
  cached_date_[4] = '-';
  put2(cached_date_ + 5, static_cast<unsigned>(c.month));
  cached_date_[7] = '-';
  put2(cached_date_ + 8, static_cast<unsigned>(c.day));
  day_start_ms_ = day * kMsPerDay;
}

void CivilTimeFormatter::write(engine::SimTime t, char* out) {
  const std::int64_t ms = start_epoch_ms_ + engine::ticks(t);
  // Outputs come in (nearly) time order: almost always the cached day, one subtraction.
  if (ms < day_start_ms_ || ms - day_start_ms_ >= kMsPerDay) set_day(ms);
  // In 32 bits: a day has 86.4 M milliseconds; divisions by constants become multiplications.
  const auto in_day = static_cast<std::uint32_t>(ms - day_start_ms_);
  const std::uint32_t msec = in_day % 1000;
  const std::uint32_t sec = in_day / 1000;
  const std::uint32_t hour = sec / 3600;
  const std::uint32_t minute = sec / 60 - hour * 60;
  std::memcpy(out, cached_date_, 10);
  out[10] = style_ == Style::spreadsheet ? ' ' : 'T';  // and the caller takes 19 characters
  put2(out + 11, hour);
  out[13] = ':';
  put2(out + 14, minute);
  out[16] = ':';
  put2(out + 17, sec % 60);
  out[19] = '.';
  out[20] = static_cast<char>('0' + msec / 100);
  put2(out + 21, msec % 100);
}

void CivilTimeFormatter::append(std::string& out, engine::SimTime t) {
  if (t == engine::kTimeNever) return;
  char buf[kLength];
  write(t, buf);
  out.append(buf, length());
}

std::string CivilTimeFormatter::format(engine::SimTime t) {
  std::string s;
  append(s, t);
  return s;
}

}  // namespace hotline::report
