// A seed given on the command line: digits only (CLI11 would let "-1" wrap around to
// 2^64-1), the whole text, no sign or space. The one parser of run, compare, calibrate,
// sweep and optimize.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>

namespace hotline::cli {

inline std::optional<std::uint64_t> parse_seed(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace hotline::cli
