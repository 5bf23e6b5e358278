// Shared by the live tests: the xizang scenario loaded once, message helpers, a temp folder.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/spec/scenario.hpp"

namespace live_test {

inline const hotline::scenario::Scenario& xizang() {
  static const hotline::scenario::Scenario s = hotline::scenario::load_scenario("bundled:xizang");
  return s;
}

inline nlohmann::json parse(const std::string& text) {
  return nlohmann::json::parse(text);
}

// The texts of a given type.
inline std::vector<nlohmann::json> of_type(const std::vector<std::string>& texts,
                                           const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& t : texts)
    if (auto j = parse(t); j.value("type", "") == type) out.push_back(std::move(j));
  return out;
}

// What a trainee must never see, in any message.
inline bool leaks_hidden(const std::string& text) {
  for (const char* word : {"time_to_loss", "deadline", "would_pay", "would-pay"})
    if (text.find(word) != std::string::npos) return true;
  return false;
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() /
                 ("hotline-live-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(p);
  return p;
}

}  // namespace live_test
