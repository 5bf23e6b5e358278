// Small, allocation-light text helpers shared by the report writers and the console tables.
// All output is locale-independent and deterministic (same input, same bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hotline::report {

// A duration for people: "0.4s", "45s", "3m12s", "2h05m", "1d03h"; "-" for a negative or
// non-finite value (e.g. a percentile of an empty sample).
std::string format_duration(double seconds);

// Simulated days for people: 15 -> "15d", 2.916667 -> "2d22h", 0.0625 -> "1h30m" (never a
// 6-digit fraction of a day).
std::string format_days(double days);

// The time a job still needs at the pace so far, for progress lines: "about 3m12s left".
// Empty while an estimate would mean nothing: under 1% done, under a second elapsed, or done.
std::string format_time_left(double elapsed_s, double fraction);

// Whole yuan with thousands separators: 1234567.8 -> "1,234,568". Non-finite -> "-".
std::string format_money(double yuan);

// An integer count with thousands separators: 321406 -> "321,406".
std::string format_count(std::int64_t n);

// A share in [0,1] as a percentage with `decimals` decimals: 0.953 -> "95.3%".
std::string format_percent(double share, int decimals = 1);

// Terminal columns taken by UTF-8 text: 1 per code point, 2 for East Asian wide characters
// (CJK, Hangul, full-width forms), 0 for combining marks. Invalid bytes count 1 each.
std::size_t display_width(std::string_view utf8);

// Appends `value` with exactly 2 decimals, the bytes printf's "%.2f" (and fmt's {:.2f}) give:
// the exact binary value rounded half to even. Non-negative values below 1e15 (every amount
// of yuan) take an integer path of a few dozen instructions; the rest go to std::to_chars.
void append_fixed2(std::string& out, double value);
// The same bytes written at `out`, which must have room for kFixed2MaxChars; returns the end.
inline constexpr std::size_t kFixed2MaxChars = 352;  // the longest %.2f of a double (-1.8e308)
char* write_fixed2(char* out, double value);

// Appends `field` as one RFC 4180 CSV field (quoted only if it holds ',', '"', CR or LF).
void append_csv_field(std::string& out, std::string_view field);

// Appends `text` as a JSON string literal, quotes included (control characters escaped;
// UTF-8 passed through unchanged).
void append_json_string(std::string& out, std::string_view text);

}  // namespace hotline::report
