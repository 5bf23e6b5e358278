// Graded dispatch: first matching rule wins; each clause narrows the match.
#include <doctest/doctest.h>

#include <vector>

#include "hotline/dispatch/standard_rules.hpp"

using namespace hotline;
using dispatch::AlertView;

namespace {
scenario::RuleSpec rule(std::vector<int> grades, std::vector<int> types, double lo = 0,
                        double hi = std::numeric_limits<double>::infinity()) {
  scenario::RuleSpec r;
  r.match.grades = std::move(grades);
  r.match.fraud_types = std::move(types);
  r.match.amount_min = lo;
  r.match.amount_max = hi;
  return r;
}
AlertView alert(int grade, int type, double amount) {
  AlertView a;
  a.grade = grade;
  a.fraud_type = type;
  a.amount = amount;
  return a;
}
}  // namespace

TEST_CASE("an empty match accepts every alert") {
  CHECK(dispatch::rule_matches(rule({}, {}).match, alert(3, 5, 1e9)));
}

TEST_CASE("grades, fraud types and the amount band each narrow a match") {
  const auto r = rule({1, 2}, {0}, 1000, 50000);
  CHECK(dispatch::rule_matches(r.match, alert(1, 0, 1000)));          // lower bound inclusive
  CHECK_FALSE(dispatch::rule_matches(r.match, alert(1, 0, 50000)));   // upper bound exclusive
  CHECK_FALSE(dispatch::rule_matches(r.match, alert(3, 0, 2000)));    // wrong grade
  CHECK_FALSE(dispatch::rule_matches(r.match, alert(1, 1, 2000)));    // wrong type
  CHECK_FALSE(dispatch::rule_matches(r.match, alert(2, 0, 999.99)));  // below the band
}

TEST_CASE("the first matching rule wins, in file order") {
  const std::vector<scenario::RuleSpec> rules = {rule({1}, {}), rule({}, {2}, 50000), rule({}, {})};
  CHECK(dispatch::first_matching_rule(rules, alert(1, 2, 90000)) == 0);
  CHECK(dispatch::first_matching_rule(rules, alert(2, 2, 90000)) == 1);
  CHECK(dispatch::first_matching_rule(rules, alert(2, 2, 100)) == 2);
  CHECK(dispatch::first_matching_rule(rules, alert(3, 0, 0)) == 2);
}

TEST_CASE("no matching rule gives -1") {
  const std::vector<scenario::RuleSpec> rules = {rule({1}, {})};
  CHECK(dispatch::first_matching_rule(rules, alert(2, 0, 10)) == -1);
}

TEST_CASE("the standard dispatcher applies the scenario's rules") {
  const std::vector<scenario::RuleSpec> rules = {rule({}, {1}), rule({}, {})};
  dispatch::StandardRules d(rules);
  CHECK(d.on_arrival(alert(1, 1, 5)).rule == 0);
  CHECK(d.on_arrival(alert(1, 0, 5)).rule == 1);
  CHECK(d.on_arrival(alert(1, 0, 5)).kind == model::Decision::Kind::plan);
}

TEST_CASE("a time window matches by minute of the day, wrapping past midnight") {
  scenario::MatchSpec m;
  m.from_minute = 22 * 60;
  m.to_minute = 8 * 60;
  AlertView a = alert(1, 0, 100);
  for (const auto& [minute, expected] : std::vector<std::pair<int, bool>>{{22 * 60, true},
                                                                          {23 * 60 + 59, true},
                                                                          {0, true},
                                                                          {8 * 60 - 1, true},
                                                                          {8 * 60, false},
                                                                          {12 * 60, false},
                                                                          {22 * 60 - 1, false}}) {
    a.minute_of_day = minute;
    CHECK(dispatch::rule_matches(m, a) == expected);
  }
  m.from_minute = 9 * 60;  // an ordinary window: [09:00, 17:00)
  m.to_minute = 17 * 60;
  a.minute_of_day = 9 * 60;
  CHECK(dispatch::rule_matches(m, a));
  a.minute_of_day = 17 * 60;
  CHECK_FALSE(dispatch::rule_matches(m, a));
}

TEST_CASE("days, places and languages each narrow the match") {
  scenario::MatchSpec m;
  AlertView a = alert(1, 0, 100);
  a.weekday = 5;  // Saturday
  a.leaf_unit = 7;
  a.language_code = "bo";
  CHECK(dispatch::rule_matches(m, a));
  CHECK_FALSE(m.conditional());
  m.days = {true, true, true, true, true, false, false};  // weekdays only
  CHECK(m.conditional());
  CHECK_FALSE(dispatch::rule_matches(m, a));
  a.weekday = 2;
  CHECK(dispatch::rule_matches(m, a));
  m.unit_ranges = {{2, 5}, {6, 9}};  // two subtrees in pre-order
  CHECK(dispatch::rule_matches(m, a));
  a.leaf_unit = 5;
  CHECK_FALSE(dispatch::rule_matches(m, a));
  a.leaf_unit = 8;
  m.languages = {"zh"};
  CHECK_FALSE(dispatch::rule_matches(m, a));
  m.languages = {"zh", "bo"};
  CHECK(dispatch::rule_matches(m, a));
}
