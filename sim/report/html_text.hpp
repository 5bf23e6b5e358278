// Text helpers of the HTML report and its SVG charts. Internal to the report layer.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <string_view>

namespace hotline::report::detail {

// `text` with &, <, >, " and ' escaped, for element content and attribute values alike.
inline std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A coordinate for SVG: two decimals, no exponent, "0" for non-finite input.
inline std::string svg_num(double v) {
  if (!std::isfinite(v)) return "0";
  return fmt::format("{:.2f}", v);
}

// A value as a data attribute, exactly (shortest round-trip form), so a test can compare the
// page with summary.json; "" for non-finite.
inline std::string data_num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}

}  // namespace hotline::report::detail
