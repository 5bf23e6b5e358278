// Formats SimTime as local civil time, in one of two styles: ISO 8601 with milliseconds,
// "2021-09-01T08:15:02.123", for trace.jsonl; or "2021-09-01 08:15:02" (whole seconds, the
// milliseconds dropped) for the CSV files, which Excel reads as a date-time in any locale
// (it reads the ISO form as text) and pandas, R and DuckDB parse as well. Caches the date of the
// last day seen: outputs are written in (nearly) time order, so almost every call skips the
// calendar arithmetic. write() costs a few dozen instructions (4 times a row of alerts.csv).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hotline/engine/time.hpp"

namespace hotline::report {

class CivilTimeFormatter {
 public:
  enum class Style {
    iso_milliseconds,  // "YYYY-MM-DDTHH:MM:SS.mmm"
    spreadsheet,       // "YYYY-MM-DD HH:MM:SS"
  };
  static constexpr std::size_t kLength = 23;  // the longest text, iso_milliseconds

  explicit CivilTimeFormatter(const engine::Calendar& calendar,
                              Style style = Style::iso_milliseconds);

  // Characters written per time: 23 (iso_milliseconds) or 19 (spreadsheet).
  std::size_t length() const { return style_ == Style::spreadsheet ? 19 : kLength; }
  // Writes exactly length() characters to `out` (no terminator); `out` must hold kLength.
  // Years outside 0..9999 are clamped into four digits (scenarios cannot produce them).
  void write(engine::SimTime t, char* out);
  // Appends the text, or nothing when t is engine::kTimeNever (an empty CSV field).
  void append(std::string& out, engine::SimTime t);
  std::string format(engine::SimTime t);

 private:
  void set_day(std::int64_t epoch_ms);  // caches the date of that instant's day

  std::int64_t start_epoch_ms_;
  Style style_;
  std::int64_t day_start_ms_ = 0;  // epoch ms of the cached day's midnight
  char cached_date_[10] = {};
};

}  // namespace hotline::report
