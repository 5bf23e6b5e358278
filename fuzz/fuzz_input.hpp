// How one fuzz input drives the loader, shared by the AFL++ harness and the crash regression
// test so that a saved crash replays exactly as it was found.
//
// Input format: a scenario in YAML whose leading lines may be `#set KEY=VALUE` (YAML comments,
// so the file also loads as it is). Each such line goes through scenario::parse_override and the
// overrides are applied by scenario::load_scenario_text to the whole text, as `--set` does.
//
// Contract checked (any break is a finding; the caller aborts):
//   * the only exception that may leave the loader is ScenarioError;
//   * its what() is one line "<file>:<line>:<col>: error: ..." (or "<file>: error: ..." when
//     not tied to a place) naming the input or "--set", with line and column >= 0;
//   * a scenario that loads satisfies every invariant of hotline/spec/scenario.hpp
//   (scenario_invariants.hpp).
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "scenario_invariants.hpp"

namespace hotline::fuzz {

struct FuzzOutcome {
  bool loaded = false;
  std::string override_error;  // the first `#set` line parse_override rejected (then skipped)
  std::string error;           // ScenarioError::what() when the input was rejected
  std::string finding;         // non-empty: a contract was broken (the harness aborts)
};

// Splits the leading `#set ` lines off as overrides. Malformed ones must fail with a clean
// ScenarioError from parse_override; they are then skipped so the rest still gets exercised.
inline std::vector<scenario::Override> overrides_of(std::string_view text, std::string& finding,
                                                    std::string& first_error) {
  std::vector<scenario::Override> out;
  constexpr std::string_view kPrefix = "#set ";
  std::size_t pos = 0;
  while (text.substr(pos).starts_with(kPrefix) && out.size() < 16) {
    const std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos + kPrefix.size(), end == std::string_view::npos
                                                                  ? std::string_view::npos
                                                                  : end - pos - kPrefix.size());
    if (line.ends_with('\r')) line.remove_suffix(1);
    try {
      out.push_back(scenario::parse_override(line));
    } catch (const scenario::ScenarioError& e) {
      if (first_error.empty()) first_error = e.what();
      if (std::string_view(e.what()).rfind("--set", 0) != 0)
        finding = "parse_override error does not name --set: " + std::string(e.what());
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

inline std::string error_format_problem(const scenario::ScenarioError& e, const std::string& file) {
  const std::string what = e.what();
  if (what.find('\n') != std::string::npos) return "error message spans several lines";
  if (e.line() < 0 || e.column() < 0) return "negative line or column";
  const bool named = what.rfind(file + ":", 0) == 0 || what.rfind("--set:", 0) == 0;
  if (!named) return "error does not start with the file name or --set";
  if (what.find(": error: ") == std::string::npos) return "error lacks ': error: '";
  return "";
}

inline FuzzOutcome run_fuzz_input(std::string_view text, const std::string& file = "fuzz.yaml") {
  FuzzOutcome out;
  const std::vector<scenario::Override> overrides =
      overrides_of(text, out.finding, out.override_error);
  if (!out.finding.empty()) return out;
  try {
    const scenario::Scenario s = scenario::load_scenario_text(text, file, overrides);
    out.loaded = true;
    const std::string broken = scenario_invariant_violation(s);
    if (!broken.empty()) out.finding = "loaded scenario breaks an invariant: " + broken;
  } catch (const scenario::ScenarioError& e) {
    out.error = e.what();
    const std::string problem = error_format_problem(e, file);
    if (!problem.empty()) out.finding = problem + ": " + out.error;
  } catch (const std::exception& e) {
    out.finding = std::string("exception other than ScenarioError escaped: ") + e.what();
  }
  return out;
}

}  // namespace hotline::fuzz
