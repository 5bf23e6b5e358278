// The `training: rubric:` section (the after-action review's scoring) loads into
// Scenario::training.rubric, has defaults when absent, and its mistakes are located errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "../../fuzz/scenario_invariants.hpp"
#include "hotline/scenario/loader.hpp"
#include "test_support.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {

const std::string& tiny_text() {
  static const std::string text =
      testing::read_text(std::string(HOTLINE_SOURCE_DIR) + "/scenarios/tiny.yaml");
  return text;
}

Scenario tiny_with(const std::string& training) {
  return load_scenario_text(tiny_text() + "\ntraining:\n" + training, "rubric.yaml");
}

std::string error_of(const std::string& training) {
  try {
    (void)tiny_with(training);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

int level(const Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.levels.size(); ++i)
    if (s.levels[i] == name) return static_cast<int>(i);
  return -2;
}

}  // namespace

TEST_CASE("a scenario without training: gets the default rubric") {
  const Scenario s = load_scenario_text(tiny_text(), "tiny.yaml");
  const RubricSpec& rb = s.training.rubric;
  CHECK_FALSE(rb.given);
  CHECK(rb.first_decision_within[0] == std::chrono::minutes(2));
  CHECK(rb.first_decision_within[1] == std::chrono::minutes(10));
  CHECK(rb.first_decision_within[2] == std::chrono::minutes(30));
  CHECK(rb.escalate_within == std::chrono::minutes(10));
  // No push tier given: the standard rules' plan decides what is expected (-1).
  for (int g = 1; g <= 3; ++g) CHECK(rb.expected_push_level(0, g) == -1);
  CHECK(rb.push_level_by_type.empty());
}

TEST_CASE("training.rubric: limits, push tiers by grade and by type") {
  const Scenario base = load_scenario_text(tiny_text(), "tiny.yaml");
  REQUIRE(base.levels.size() >= 3);
  REQUIRE(base.fraud_types.size() >= 2);
  const std::string lower = base.levels[base.levels.size() - 2];  // above the leaves
  const std::string leaf = base.levels.back();
  const Scenario s = tiny_with(
      "  rubric:\n    first_decision_within: {1: 90s, 3: 1h}\n"
      "    push_tier: {1: " +
      leaf + ", 2: " + lower +
      "}\n"
      "    push_tier_by_type:\n      - {type: " +
      base.fraud_types[1].id + ", 1: " + lower + "}\n    escalate_within: 4min\n");
  const RubricSpec& rb = s.training.rubric;
  CHECK(rb.given);
  CHECK(rb.first_decision_within[0] == std::chrono::seconds(90));
  CHECK(rb.first_decision_within[1] == std::chrono::minutes(10));  // default kept
  CHECK(rb.first_decision_within[2] == std::chrono::hours(1));
  CHECK(rb.escalate_within == std::chrono::minutes(4));
  CHECK(rb.expected_push_level(0, 1) == level(s, leaf));
  CHECK(rb.expected_push_level(0, 2) == level(s, lower));
  CHECK(rb.expected_push_level(0, 3) == -1);
  CHECK(rb.expected_push_level(1, 1) == level(s, lower));  // the type's own
  CHECK(rb.expected_push_level(1, 2) == level(s, lower));  // falls back to the grade's
  CHECK(fuzz::scenario_invariant_violation(s) == "");
}

TEST_CASE("the bundled xizang scenario carries a rubric") {
  const Scenario s = load_scenario("bundled:xizang");
  const RubricSpec& rb = s.training.rubric;
  CHECK(rb.given);
  CHECK(rb.first_decision_within[0] == std::chrono::minutes(2));
  CHECK(rb.escalate_within == std::chrono::minutes(5));
  CHECK(rb.expected_push_level(0, 1) == level(s, "community"));
  CHECK(rb.expected_push_level(0, 2) == level(s, "county"));
}

TEST_CASE("bad training.rubric YAML gives file:line:col errors that say what to fix") {
  const std::string unknown = error_of("  rubric:\n    escalate_after: 10min\n");
  CHECK(unknown.find("rubric.yaml:") == 0);
  CHECK(unknown.find("escalate_after") != std::string::npos);
  CHECK(unknown.find("escalate_within") != std::string::npos);  // the spelling meant
  const std::string level_err = error_of("  rubric:\n    push_tier: {1: contry}\n");
  CHECK(level_err.find("rubric.yaml:") == 0);
  CHECK(level_err.find("contry") != std::string::npos);
  const std::string zero = error_of("  rubric:\n    first_decision_within: {2: 0s}\n");
  CHECK(zero.find("rubric.yaml:") == 0);
  CHECK(zero.find("must be > 0") != std::string::npos);
  const std::string type =
      error_of("  rubric:\n    push_tier_by_type:\n      - {type: nope, 1: x}\n");
  CHECK(type.find("rubric.yaml:") == 0);
  CHECK(type.find("unknown fraud type 'nope'") != std::string::npos);
  // Located at the line and column of the offending value.
  const std::string located = error_of("  rubric:\n    escalate_within: -5min\n");
  const std::size_t lines = std::count(tiny_text().begin(), tiny_text().end(), '\n');
  CHECK(located.find("rubric.yaml:" + std::to_string(lines + 4) + ":22:") == 0);
}
