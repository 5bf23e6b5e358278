#include <fmt/format.h>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario {

namespace {
std::string format_error(const std::string& file, int line, int column, const std::string& msg) {
  if (line <= 0) return fmt::format("{}: error: {}", file, msg);
  return fmt::format("{}:{}:{}: error: {}", file, line, column, msg);
}
}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(format_error(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(message) {}

}  // namespace hotline::scenario
