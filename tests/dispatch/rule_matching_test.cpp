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
