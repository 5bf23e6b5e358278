#include <fmt/format.h>

#include <algorithm>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario {

namespace {

// Messages quote the user's keys and values, which may hold newlines or control characters
// (quoted scalars, block scalars) or be megabytes long; the contract is one readable line.
constexpr std::size_t kMaxMessageBytes = 2000;

std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxMessageBytes) + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (out.size() >= kMaxMessageBytes) {
      // Cut at a UTF-8 character boundary.
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
        out.pop_back();
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      out += "...";
      break;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F)
      out += fmt::format("\\x{:02X}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string format_error(const std::string& file, int line, int column, const std::string& msg) {
  if (line <= 0) return fmt::format("{}: error: {}", file, msg);
  return fmt::format("{}:{}:{}: error: {}", file, line, column, msg);
}

}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(format_error(one_line(file), line, column, one_line(message))),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(one_line(message)) {}

}  // namespace hotline::scenario
