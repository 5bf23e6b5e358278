// Formats SimTime as ISO-like local civil time with milliseconds, "2021-09-01T08:15:02.123",
// for the CSV and trace writers. Caches the date of the last day seen: outputs are written
// in (nearly) time order, so almost every call skips the calendar arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hotline/engine/time.hpp"

namespace hotline::report {

class CivilTimeFormatter {
 public:
  static constexpr std::size_t kLength = 23;  // "YYYY-MM-DDTHH:MM:SS.mmm"

  explicit CivilTimeFormatter(const engine::Calendar& calendar);

  // Writes exactly kLength characters to `out` (no terminator). Years outside 0..9999 are
  // clamped into four digits (scenarios cannot produce them).
  void write(engine::SimTime t, char* out);
  // Appends the text, or nothing when t is engine::kTimeNever (an empty CSV field).
  void append(std::string& out, engine::SimTime t);
  std::string format(engine::SimTime t);

 private:
  std::int64_t start_epoch_ms_;
  std::int64_t cached_day_ = INT64_MIN;
  char cached_date_[10] = {};
};

}  // namespace hotline::report
