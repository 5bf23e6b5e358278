#include "hotline/report/civil_time_formatter.hpp"

namespace hotline::report {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

void put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

CivilTimeFormatter::CivilTimeFormatter(const engine::Calendar& calendar, Style style)
    : start_epoch_ms_(calendar.start_epoch_ms()), style_(style) {}

void CivilTimeFormatter::write(engine::SimTime t, char* out) {
  const std::int64_t ms = start_epoch_ms_ + engine::ticks(t);
  std::int64_t day = ms / kMsPerDay;
  std::int64_t in_day = ms % kMsPerDay;
  if (in_day < 0) {  // floor division for instants before 1970
    in_day += kMsPerDay;
    --day;
  }
  if (day != cached_day_) {
    const engine::CivilTime c = engine::civil_from_days(day);
    int year = c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year);
    cached_date_[0] = static_cast<char>('0' + year / 1000);
    cached_date_[1] = static_cast<char>('0' + year / 100 % 10);
    cached_date_[2] = static_cast<char>('0' + year / 10 % 10);
    cached_date_[3] = static_cast<char>('0' + year % 10);
    cached_date_[4] = '-';
    put2(cached_date_ + 5, c.month);
    cached_date_[7] = '-';
    put2(cached_date_ + 8, c.day);
    cached_day_ = day;
  }
  for (int i = 0; i < 10; ++i) out[i] = cached_date_[i];
  const int msec = static_cast<int>(in_day % 1000);
  const int sec = static_cast<int>(in_day / 1000);
  out[10] = 'T';
  put2(out + 11, sec / 3600);
  out[13] = ':';
  put2(out + 14, sec / 60 % 60);
  out[16] = ':';
  put2(out + 17, sec % 60);
  out[19] = '.';
  out[20] = static_cast<char>('0' + msec / 100);
  out[21] = static_cast<char>('0' + msec / 10 % 10);
  out[22] = static_cast<char>('0' + msec % 10);
  if (style_ == Style::spreadsheet) out[10] = ' ';  // and the caller takes 19 characters
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
