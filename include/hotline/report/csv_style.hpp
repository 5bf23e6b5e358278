// How hotline-sim writes its CSV files (alerts.csv, desks.csv, replications.csv,
// comparison.csv), so they open correctly in Excel by double-click (a Chinese locale
// included) and still parse in pandas, R, DuckDB and Python's csv module:
//   - UTF-8, with a byte-order mark (EF BB BF) first unless CsvStyle::bom is off: without it
//     Excel reads UTF-8 as the locale's code page (GBK in China) and garbles every non-ASCII
//     name. pandas, DuckDB and readr skip the mark; Python's csv module wants the file opened
//     with encoding="utf-8-sig" (docs/outputs.md).
//   - date-times as "YYYY-MM-DD HH:MM:SS" (CivilTimeFormatter::Style::spreadsheet).
//   - RFC 4180 fields (append_csv_field), '\n' line ends, '.' decimal point.
// Every CSV writer starts its file with begin_csv() and formats times with csv_times().
#pragma once

#include <string_view>

#include "hotline/engine/time.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/civil_time_formatter.hpp"

namespace hotline::report {

struct CsvStyle {
  bool bom = true;  // `--csv-bom on|off`
};

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Writes what precedes the header line: the byte-order mark when style.bom.
inline void begin_csv(AtomicFile& file, const CsvStyle& style) {
  if (style.bom) file.write(kUtf8Bom);
}

// The date-time formatter of every CSV column holding a time.
inline CivilTimeFormatter csv_times(const engine::CivilTime& start) {
  return CivilTimeFormatter(engine::Calendar(start), CivilTimeFormatter::Style::spreadsheet);
}

}  // namespace hotline::report
