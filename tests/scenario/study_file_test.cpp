// Sweep definitions: --vary and --target arguments, and study files with located errors.
#include <doctest/doctest.h>

#include <string>

#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/study_file.hpp"

using namespace hotline::scenario;

namespace {

// The "file:line:col: error: ..." text of loading `text` as a study file.
std::string error_of(const std::string& text) {
  try {
    load_study_text(text, "study.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("--vary reads a list, a range with or without a step, and an optional name") {
  const Factor list = parse_vary("robot.lines=20, 40,60");
  CHECK(list.key == "robot.lines");
  CHECK(list.name == "robot.lines");
  CHECK(list.values == std::vector<std::string>{"20", "40", "60"});
  CHECK_FALSE(list.range);

  const Factor range = parse_vary("night:desks.96110.roster.night.headcount=1..5");
  CHECK(range.name == "night");
  CHECK(range.key == "desks.96110.roster.night.headcount");
  REQUIRE(range.range);
  CHECK(range.range->min == 1);
  CHECK(range.range->max == 5);
  CHECK_FALSE(range.range->step);

  const Factor stepped = parse_vary("clock.warmup=0.5..2:0.5");
  REQUIRE(stepped.range);
  CHECK(stepped.range->step == 0.5);
}

TEST_CASE("a malformed --vary names --vary and what to write instead") {
  CHECK_THROWS_WITH_AS(parse_vary("robot.lines"),
                       doctest::Contains("--vary:1:1: error: expected KEY=LIST"), ScenarioError);
  CHECK_THROWS_WITH_AS(parse_vary("robot.lines=5..2"), doctest::Contains("ends below its start"),
                       ScenarioError);
  CHECK_THROWS_WITH_AS(parse_vary("robot.lines=1..4:0"), doctest::Contains("positive STEP"),
                       ScenarioError);
  CHECK_THROWS_WITH_AS(parse_vary("robot.lines=1,,3"), doctest::Contains("empty value"),
                       ScenarioError);
}

TEST_CASE("--target reads KPI>=X and KPI<=X") {
  const Target t = parse_target("grade1.reached_within_600s>=0.9");
  CHECK(t.kpi == "grade1.reached_within_600s");
  CHECK(t.at_least);
  CHECK(t.value == 0.9);
  const Target u = parse_target("all.lost_yuan<=1e6");
  CHECK_FALSE(u.at_least);
  CHECK(u.value == 1e6);
  CHECK_THROWS_WITH_AS(parse_target("all.lost_yuan=3"), doctest::Contains("KPI>=X or KPI<=X"),
                       ScenarioError);
  CHECK_THROWS_WITH_AS(parse_target("all.lost_yuan>=lots"), doctest::Contains("expected a number"),
                       ScenarioError);
}

TEST_CASE("a study file gives the scenario, factors, design, constraints and replications") {
  const SweepStudy s = load_study_text(R"(
scenario: bundled:tiny
set: [clock.horizon=2d]
seed: 11
factors:
  - {name: night, key: desks.96110.roster.night.headcount, range: "1..3"}
  - {name: day, key: desks.96110.roster.day.headcount, values: [2, 3]}
constraints: ["night <= day", "night != 2"]
reps: auto
precision: 0.02
precision_mode: absolute
min_reps: 3
max_reps: 30
kpis: [grade1.reached_within_600s]
target: grade1.reached_within_600s>=0.8
marginal: all.lost_yuan
)",
                                       "study.yaml");
  CHECK(s.scenario == "bundled:tiny");
  CHECK(s.sets == std::vector<std::string>{"clock.horizon=2d"});
  CHECK(s.seed == 11u);
  REQUIRE(s.factors.size() == 2);
  CHECK(s.factors[0].name == "night");
  CHECK(s.factors[1].values == std::vector<std::string>{"2", "3"});
  CHECK(s.design == Design::grid);
  REQUIRE(s.constraints.size() == 2);
  CHECK(s.constraints[0].left == "night");
  CHECK(s.constraints[0].op == "<=");
  CHECK(s.constraints[0].right == "day");
  CHECK_FALSE(s.constraints[0].right_is_number);
  CHECK(s.constraints[1].right_is_number);
  CHECK(s.reps == 0);
  CHECK(s.precision == 0.02);
  CHECK(s.precision_absolute);
  CHECK(s.min_reps == 3);
  CHECK(s.max_reps == 30);
  CHECK(s.target == "grade1.reached_within_600s>=0.8");
  CHECK(s.marginal == "all.lost_yuan");
}

TEST_CASE("study-file errors name the line and column, and unknown keys list the allowed ones") {
  CHECK(error_of("factors:\n  - {key: robot.lines, values: [1]}\nrepz: 3\n") ==
        "study.yaml:3:1: error: unknown key 'repz' in the study file (did you mean 'reps'?) "
        "(allowed: scenario, set, seed, factors, design, variants, lhs, constraints, reps, "
        "precision, precision_mode, min_reps, max_reps, kpis, target, marginal, patch)");
  CHECK(error_of("factors:\n  - {key: robot.lines, range: \"9..3\"}\n") ==
        "study.yaml:2:31: error: range '9..3' ends below its start");
  CHECK(error_of("factors:\n  - {name: a, key: robot.lines, values: [1]}\n"
                 "constraints: [\"b < 3\"]\n")
            .starts_with("study.yaml:3:15: error: constraint 'b < 3': 'b' is not a factor name"));
  CHECK(error_of("factors:\n  - {name: a, key: robot.lines, values: [1, 2]}\ndesign: lhs\n"
                 "lhs: {samples: 4}\n")
            .starts_with("study.yaml:2:5: error: design: lhs samples ranges"));
  CHECK(error_of("factors:\n  - {key: robot.lines, values: [1], step: 2}\n")
            .starts_with("study.yaml:2:37: error: unknown key 'step' in a factor"));
  CHECK(error_of("factors:\n  - {name: a, key: robot.lines, values: [1]}\ndesign: list\n"
                 "variants:\n  - {b: 1}\n")
            .starts_with("study.yaml:5:6: error: unknown key 'b' in a variant"));
  CHECK(error_of("factors:\n  - {name: a, key: robot.lines, values: [1]}\n"
                 "  - {name: b, key: robot.lines, values: [2]}\n")
            .starts_with("study.yaml:3:5: error: two factors vary 'robot.lines'"));
  CHECK(error_of("reps: 3\n").starts_with("study.yaml:1:1: error: a study file needs 'factors'"));
  CHECK(error_of("factors: [\n").starts_with("study.yaml:"));
}
