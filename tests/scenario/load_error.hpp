// The error a scenario file gives with some --set overrides (and patches), or "" when it
// loads: for tests that check located messages.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"

namespace hotline::testing {

inline std::string load_error(const std::string& file, std::initializer_list<const char*> sets,
                              const std::vector<scenario::Patch>& patches = {}) {
  std::vector<scenario::Override> o;
  for (const char* t : sets) o.push_back(scenario::parse_override(t));
  try {
    (void)scenario::load_scenario_file(file, o, patches);
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace hotline::testing
