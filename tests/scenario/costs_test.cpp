// The `costs:` section loads into Scenario::costs with every desk kind's rate resolved; its
// mistakes are located errors.
#include <doctest/doctest.h>

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

Scenario tiny_with_costs(const std::string& costs) {
  return load_scenario_text(tiny_text() + "\ncosts:\n" + costs, "costs.yaml");
}

std::string error_of(const std::string& costs) {
  try {
    (void)tiny_with_costs(costs);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a scenario without costs: is not priced and every desk kind's rate is 0") {
  const Scenario s = load_scenario_text(tiny_text(), "tiny.yaml");
  CHECK_FALSE(s.costs.given);
  REQUIRE(s.costs.desk_kind_hour.size() == s.desk_kinds.size());
  for (const double r : s.costs.desk_kind_hour) CHECK(r == 0);
  CHECK(s.costs.factor(23 * 60, 6) == 1.0);
}

TEST_CASE("costs: resolves per desk kind, the default rate filling the kinds not named") {
  const Scenario s = tiny_with_costs(
      "  operator_hour: 40\n"
      "  by_desk: {command: 55}\n"
      "  night: {from: \"22:00\", to: \"06:00\", factor: 1.5}\n"
      "  weekend_factor: 2\n"
      "  officer_hour: 7\n");
  CHECK(s.costs.given);
  REQUIRE(s.desk_kinds == std::vector<std::string>{"96110", "command"});
  CHECK(s.costs.desk_kind_hour == std::vector<double>{40, 55});
  CHECK(s.costs.officer_hour == 7);
  CHECK(s.costs.night_from == 22 * 60);
  CHECK(s.costs.night_to == 6 * 60);
  // Factors multiply: a Sunday night costs 1.5 x 2; a Monday afternoon 1.
  CHECK(s.costs.factor(23 * 60, 6) == 3.0);
  CHECK(s.costs.factor(3 * 60, 0) == 1.5);
  CHECK(s.costs.factor(14 * 60, 0) == 1.0);
  CHECK(s.costs.factor(14 * 60, 5) == 2.0);
  CHECK(hotline::fuzz::scenario_invariant_violation(s) == "");
}

TEST_CASE("a costs: rate for a desk kind that does not exist is a located error with a hint") {
  const std::string e = error_of("  by_desk: {comand: 55}\n");
  CHECK(e.find("costs.yaml:") == 0);
  CHECK(e.find("comand") != std::string::npos);
  CHECK(e.find("command") != std::string::npos);  // the hint names the kind meant
}

TEST_CASE("a negative rate, an empty night and an unknown key in costs: are located errors") {
  CHECK(error_of("  operator_hour: -5\n").find("costs.yaml:") == 0);
  const std::string night = error_of("  night: {from: \"22:00\", to: \"22:00\"}\n");
  CHECK(night.find("costs.yaml:") == 0);
  CHECK(night.find("equal") != std::string::npos);
  const std::string unknown = error_of("  wage: 5\n");
  CHECK(unknown.find("costs.yaml:") == 0);
  CHECK(unknown.find("operator_hour") != std::string::npos);  // the allowed keys are listed
  CHECK(error_of("  night: {from: \"22:00\"}\n").find("to") != std::string::npos);
}
