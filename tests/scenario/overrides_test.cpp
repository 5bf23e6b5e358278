// --set overrides change the YAML tree before validation.
#include <doctest/doctest.h>

#include <string>

#include "hotline/scenario/loader.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {

Scenario tiny_with(std::initializer_list<const char*> sets) {
  std::vector<Override> o;
  for (const char* s : sets) o.push_back(parse_override(s));
  return load_scenario("tiny", o);
}

std::string error_of(std::initializer_list<const char*> sets) {
  try {
    (void)tiny_with(sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("parse_override splits at the first '='") {
  const Override o = parse_override("clock.horizon=30d");
  CHECK(o.path == "clock.horizon");
  CHECK(o.value == "30d");
  CHECK(parse_override("a=b=c").value == "b=c");
  CHECK_THROWS_WITH_AS(parse_override("clock.horizon"),
                       "--set:1:1: error: expected KEY=VALUE, got 'clock.horizon' (e.g. "
                       "clock.horizon=30d)",
                       ScenarioError);
  CHECK_THROWS_AS(parse_override("=3"), ScenarioError);
}

TEST_CASE("a valid override changes the value") {
  const Scenario s = tiny_with({"clock.horizon=30d", "seed=99"});
  CHECK(s.clock.horizon == engine::Duration{30LL * 86400 * 1000});
  CHECK(s.seed == 99);
}

TEST_CASE("list items are addressed by id, name or index") {
  const Scenario s =
      tiny_with({"desks.96110.roster.night.headcount=3", "fraud_types.loan.rate_per_day=50",
                 "fraud_types.1.rate_per_day=7", "dispatch.rules.urgent.plan.call.attempts=5"});
  CHECK(s.desks[0].shifts[1].headcount == 3);
  CHECK(s.fraud_types[0].rate_per_day == 50);
  CHECK(s.fraud_types[1].rate_per_day == 7);
  CHECK(s.rules[0].plan[1].attempts == 5);
}

TEST_CASE("an absent declared key can be set, creating its section") {
  const Scenario s =
      tiny_with({"fraud_types.brushing.answer_prob=0.4", "organisation.children.north.weight=0.9"});
  CHECK(s.fraud_types[1].answer_prob == 0.4);
  CHECK(s.units[1].weight == 0.9);
  std::vector<Override> o = {parse_override("clock.warmup=12h")};
  const Scenario t = load_scenario("tiny", o);
  CHECK(t.clock.warmup == engine::Duration{12LL * 3600 * 1000});
}

TEST_CASE("overrides can set a whole distribution or list") {
  const Scenario s =
      tiny_with({"sms.delay={dist: exponential, mean: 20s}", "fraud_types.loan.where={south: 1}"});
  CHECK(s.sms.delay.kind() == engine::Distribution::Kind::exponential);
  CHECK(s.sms.delay.mean() == 20000.0);
  REQUIRE(s.fraud_types[0].where_units.size() == 1);
  CHECK(s.units[s.fraud_types[0].where_units[0]].id == "south");
}

TEST_CASE("a bad path is an error pointing at the offending segment") {
  CHECK(error_of({"clock.horizn=3d"}) ==
        "--set:1:7: error: unknown key 'horizn' in clock (did you mean 'horizon'?)");
  CHECK(error_of({"desks.96111.roster.night.headcount=3"}) ==
        "--set:1:7: error: no item '96111' in desks (items: 96110, command; or a 0-based index "
        "below 2)");
  CHECK(error_of({"seed.value=3"}) ==
        "--set:1:6: error: 'seed' is a single value; it has no 'value'");
  CHECK(error_of({"clock..horizon=3d"}) ==
        "--set:1:7: error: empty segment in path 'clock..horizon'");
  CHECK(error_of({"fraud_types.loan.where.nowhere.x=1"}) ==
        "--set:1:24: error: 'nowhere' is not in fraud_types.loan.where");
}

TEST_CASE("a bad value is validated like the file's own, located in the --set text") {
  CHECK(error_of({"clock.horizon=30"}) ==
        "--set:1:15: error: duration '30' for 'horizon' has no unit (add a unit, e.g. 30s)");
  CHECK(error_of({"fraud_types.loan.rate_per_day=-1"}) ==
        "--set:1:31: error: 'rate_per_day' must be > 0, got -1");
  CHECK(error_of({"clock.warmup=3d"}) ==
        "--set:1:14: error: warmup (3d) must be shorter than the horizon (2d)");
  CHECK(error_of({"seed=[1, 2"}) ==
        "--set:1:6: error: YAML syntax: end of sequence flow not found");
  CHECK(error_of({"clock.horizon="}) == "--set:1:15: error: empty value for 'clock.horizon'");
  CHECK(error_of({"sms.delay={dist: exponential, mean: 0s}"}) ==
        "--set:1:37: error: exponential distribution needs 'mean' > 0");
}
