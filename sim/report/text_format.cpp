#include "hotline/report/text_format.hpp"

#include <fmt/format.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace hotline::report {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  if (seconds < 9.95) return fmt::format("{:.1f}s", seconds);
  const auto s = static_cast<std::int64_t>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  // Above an hour the seconds are noise for a reader; round to minutes / hours.
  const std::int64_t m = (s + 30) / 60;
  if (m < 24 * 60) return fmt::format("{}h{:02}m", m / 60, m % 60);
  const std::int64_t h = (m + 30) / 60;
  return fmt::format("{}d{:02}h", h / 24, h % 24);
}

std::string format_days(double days) {
  if (!std::isfinite(days) || days < 0) return "-";
  const double whole = std::round(days);
  if (std::fabs(days - whole) < 1e-9) return fmt::format("{:.0f}d", whole);
  return format_duration(days * 86400.0);
}

std::string format_time_left(double elapsed_s, double fraction) {
  if (!std::isfinite(elapsed_s) || !std::isfinite(fraction) || fraction < 0.01 || fraction >= 1.0 ||
      elapsed_s < 1.0)
    return {};
  return "about " + format_duration(elapsed_s * (1.0 - fraction) / fraction) + " left";
}

std::string format_money(double yuan) {
  if (!std::isfinite(yuan)) return "-";
  const double rounded = std::round(yuan);
  const bool negative = rounded < 0;
  const std::string digits = fmt::format("{:.0f}", std::fabs(rounded));
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_count(std::int64_t n) {
  const std::string digits =
      fmt::format("{}", n < 0 ? -(n + 1) + std::uint64_t{1} : std::uint64_t(n));
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (n < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_percent(double share, int decimals) {
  if (!std::isfinite(share)) return "-";
  return fmt::format("{:.{}f}%", share * 100.0, decimals < 0 ? 0 : decimals);
}

namespace {

bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_combining(std::uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0F71 && cp <= 0x0F84) ||  // incl. Tibetan
         (cp >= 0x0F8D && cp <= 0x0FBC) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

}  // namespace

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    std::uint32_t cp = b;
    if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07u;
    } else if (b >= 0xE0) {
      len = 3;
      cp = b & 0x0Fu;
    } else if (b >= 0xC2 && b < 0xE0) {
      len = 2;
      cp = b & 0x1Fu;
    } else if (b >= 0x80) {
      ++width;  // stray continuation or invalid lead byte
      ++i;
      continue;
    }
    if (i + len > s.size()) {
      width += s.size() - i;
      break;
    }
    bool valid = true;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0u) != 0x80u) valid = false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (!valid) {
      ++width;
      ++i;
      continue;
    }
    width += is_combining(cp) ? 0 : (is_wide(cp) ? 2 : 1);
    i += len;
  }
  return width;
}

namespace {

// round-half-even(v * 100) computed exactly from v's bits, for 0 <= v < 1e15.
bool exact_cents(double v, std::uint64_t& cents) {
  if (!(v >= 0.0 && v < 1e15)) return false;  // NaN, negative, huge: the general path
  const auto bits = std::bit_cast<std::uint64_t>(v);
  if ((bits >> 63) != 0) return false;  // -0.0 prints "-0.00"
  const int biased = static_cast<int>(bits >> 52);
  std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  int e = -1074;  // subnormal
  if (biased != 0) {
    m |= std::uint64_t{1} << 52;
    e = biased - 1075;
  }
  // v = m * 2^e with m < 2^53 and (v < 1e15) e <= -3, so v * 100 = x * 2^e with x < 2^60.
  const std::uint64_t x = m * 100;
  const int shift = -e;
  if (shift >= 64) {  // v * 100 < 2^60 * 2^-64: rounds to 0
    cents = 0;
    return true;
  }
  const std::uint64_t q = x >> shift;
  const std::uint64_t r = x & ((std::uint64_t{1} << shift) - 1);
  const std::uint64_t half = std::uint64_t{1} << (shift - 1);
  cents = q + ((r > half || (r == half && (q & 1) != 0)) ? 1 : 0);
  return true;
}

}  // namespace

void append_fixed2(std::string& out, double value) {
  char buf[kFixed2MaxChars];
  out.append(buf, write_fixed2(buf, value));
}

char* write_fixed2(char* out, double value) {
  std::uint64_t cents = 0;
  if (exact_cents(value, cents)) {
    char* p = std::to_chars(out, out + 24, cents / 100).ptr;
    const auto c = static_cast<unsigned>(cents % 100);
    *p++ = '.';
    *p++ = static_cast<char>('0' + c / 10);
    *p++ = static_cast<char>('0' + c % 10);
    return p;
  }
  return std::to_chars(out, out + kFixed2MaxChars, value, std::chars_format::fixed, 2).ptr;
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

}  // namespace hotline::report
