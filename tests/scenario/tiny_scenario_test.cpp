// The canonical example, scenarios/tiny.yaml, loads into the structs the model reads.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

#include "hotline/scenario/embedded.hpp"
#include "hotline/scenario/loader.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Scenario& tiny() {
  static const Scenario s =
      load_scenario_file(std::string(HOTLINE_SOURCE_DIR) + "/scenarios/tiny.yaml");
  return s;
}

int unit_index(const Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.units.size(); ++i)
    if (s.units[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("tiny.yaml loads with its metadata and clock") {
  const Scenario& s = tiny();
  CHECK(s.name == "tiny");
  CHECK(s.seed == 7);
  CHECK(s.clock.start.year == 2021);
  CHECK(s.clock.start.month == 9);
  CHECK(s.clock.start.day == 6);
  CHECK(s.clock.horizon == engine::Duration{2LL * 24 * 3600 * 1000});
  CHECK(s.clock.warmup == engine::Duration{0});
  CHECK(s.levels == std::vector<std::string>{"region", "city", "county", "community"});
  CHECK(s.source_text == read_text(std::string(HOTLINE_SOURCE_DIR) + "/scenarios/tiny.yaml"));
}

TEST_CASE("the organisation is flattened in pre-order with generated communities") {
  const Scenario& s = tiny();
  // tr, north, north-a + 3, north-b, north-b-1, south, south-a + 2
  REQUIRE(s.units.size() == 12);
  CHECK(s.units[0].id == "tr");
  CHECK(s.units[0].parent == -1);
  CHECK(s.units[0].subtree_size == 12);
  CHECK(s.units[1].id == "north");
  CHECK(s.units[2].id == "north-a");
  CHECK(s.units[3].id == "north-a/c1");
  CHECK(s.units[3].name == "North A community 1");
  CHECK(s.units[5].id == "north-a/c3");
  CHECK(s.units[2].subtree_size == 4);
  CHECK(s.units[2].children == std::vector<int>{3, 4, 5});
  const int sa = unit_index(s, "south-a");
  REQUIRE(sa > 0);
  CHECK(s.units[sa + 1].id == "south-a/c1");
  CHECK(s.units[sa + 1].name == "South A County 1");  // default template "{parent} {n}"
  CHECK(s.units[sa + 1].weight == 3);
  CHECK(s.units[sa + 2].weight == 1);
  for (std::size_t i = 0; i < s.units.size(); ++i) {
    const UnitSpec& u = s.units[i];
    if (u.children.empty()) CHECK(u.level == 3);
    if (u.parent >= 0) CHECK(s.units[u.parent].level == u.level - 1);
  }
}

TEST_CASE("officers resolve field by field: unit, then generate, then community_defaults") {
  const Scenario& s = tiny();
  const UnitSpec& riverside = s.units[unit_index(s, "north-b-1")];
  CHECK(riverside.officers.count == 4);
  CHECK(riverside.officers.availability == 0.75);
  CHECK(riverside.officers.travel_time.kind() == engine::Distribution::Kind::constant);
  CHECK(riverside.officers.travel_time.mean() == 15 * 60 * 1000.0);
  // visit_duration from community_defaults (triangular 10/20/45 min)
  CHECK(riverside.officers.visit_duration.mean() == doctest::Approx(25 * 60 * 1000.0));
  const UnitSpec& south1 = s.units[unit_index(s, "south-a/c1")];
  CHECK(south1.officers.count == 1);
  CHECK(south1.officers.availability == 0.5);  // from community_defaults
  CHECK(south1.officers.travel_time.kind() == engine::Distribution::Kind::exponential);
  CHECK(south1.officers.travel_time.mean() == doctest::Approx(90 * 60 * 1000.0));
  const UnitSpec& north1 = s.units[unit_index(s, "north-a/c1")];
  CHECK(north1.officers.count == 2);
  CHECK(north1.officers.travel_time.mean() == doctest::Approx(25 * 60 * 1000.0));
  CHECK(north1.officers.find_prob == 0.95);
}

TEST_CASE("desks expand into one instance per unit of an `each` level, grouped by kind") {
  const Scenario& s = tiny();
  CHECK(s.desk_kinds == std::vector<std::string>{"96110", "command"});
  REQUIRE(s.desks.size() == 4);  // one regional + three counties
  CHECK(s.desks[0].id == "96110");
  CHECK(s.desks[0].unit == 0);
  CHECK(s.desks[0].languages == std::vector<std::string>{"zh", "bo"});
  CHECK(s.desks[1].id == "north-a:command");
  CHECK(s.desks[2].id == "north-b:command");
  CHECK(s.desks[3].id == "south-a:command");
  for (int i = 1; i < 4; ++i) {
    CHECK(s.desks[i].kind == "command");
    CHECK(s.desks[i].kind_index == 1);
    CHECK(s.units[s.desks[i].unit].level == 2);
  }
  CHECK(s.desks[0].handling.call_unanswered.mean() == 45000.0);
  CHECK(s.desks[0].handling.call_answered.mean() == doctest::Approx(240000.0));
  CHECK(s.desks[1].handling.call_answered.kind() == engine::Distribution::Kind::gamma);
  CHECK(s.desks[1].handling.call_answered.mean() == doctest::Approx(300000.0));
}

TEST_CASE("shifts keep minutes after midnight and their days") {
  const Scenario& s = tiny();
  const auto& sh = s.desks[0].shifts;
  REQUIRE(sh.size() == 2);
  CHECK(sh[0].start_minute == 8 * 60);
  CHECK(sh[0].end_minute == 20 * 60);
  CHECK(sh[1].start_minute == 20 * 60);
  CHECK(sh[1].end_minute == 8 * 60);
  CHECK(sh[1].headcount == 1);
  const auto& cmd = s.desks[1].shifts;
  REQUIRE(cmd.size() == 3);
  CHECK(cmd[0].days == std::array<bool, 7>{true, true, true, true, true, false, false});
  CHECK(cmd[2].days == std::array<bool, 7>{false, false, false, false, false, true, true});
  CHECK(cmd[2].start_minute == cmd[2].end_minute);  // 24 h
}

TEST_CASE("fraud types have normalised profiles, grade mixes and distributions") {
  const Scenario& s = tiny();
  REQUIRE(s.fraud_types.size() == 2);
  const FraudTypeSpec& loan = s.fraud_types[0];
  CHECK(loan.rate_per_day == 40);
  const double hour_mean =
      std::accumulate(loan.hour_profile.begin(), loan.hour_profile.end(), 0.0) / 24;
  CHECK(hour_mean == doctest::Approx(1.0));
  const double day_mean =
      std::accumulate(loan.weekday_profile.begin(), loan.weekday_profile.end(), 0.0) / 7;
  CHECK(day_mean == doctest::Approx(1.0));
  CHECK(loan.hour_profile[10] > loan.hour_profile[2]);
  CHECK(loan.amount.kind() == engine::Distribution::Kind::lognormal);
  CHECK(loan.amount.mean() == doctest::Approx(15000.0));
  CHECK(loan.time_to_loss[0].mean() == doctest::Approx(30 * 60 * 1000.0));
  CHECK(loan.grade_mix[1] == 0.5);
  REQUIRE(loan.where_units.size() == 2);
  CHECK(s.units[loan.where_units[0]].id == "north");
  CHECK(loan.where_weights[1] == 0.3);
  CHECK(loan.languages == std::vector<std::string>{"zh", "bo"});
  const FraudTypeSpec& brushing = s.fraud_types[1];
  CHECK(brushing.name == "Order brushing / rebate");
  CHECK(brushing.hour_profile[0] == 1.0);  // flat default
  CHECK(brushing.where_units.empty());
  CHECK(brushing.languages == std::vector<std::string>{"zh"});
  CHECK(brushing.answer_prob == 0.7);
  CHECK(brushing.amount.kind() == engine::Distribution::Kind::empirical);
  CHECK(brushing.time_to_loss[0].kind() == engine::Distribution::Kind::erlang);
}

TEST_CASE("surges, inbound, robot, sms and dissuasion are read with defaults filled in") {
  const Scenario& s = tiny();
  REQUIRE(s.surges.size() == 1);
  CHECK(s.surges[0].fraud_types == std::vector<int>{1});
  CHECK(s.surges[0].start.hour == 18);
  CHECK(s.surges[0].multiplier == 3);
  REQUIRE(s.inbound.size() == 1);
  CHECK(s.inbound[0].desk_kind == 0);
  CHECK(s.inbound[0].hour_profile[5] == 1.0);
  CHECK(s.robot.lines == 4);
  CHECK(s.robot.duration.mean() == doctest::Approx(45000.0));
  CHECK(s.sms.delay.mean() == 10000.0);
  const auto phone = s.dissuasion.prob[static_cast<int>(Channel::phone)];
  CHECK(phone == std::vector<double>{0.6, 0.5});
  CHECK(s.dissuasion.prob[static_cast<int>(Channel::visit)] == std::vector<double>{0.95, 0.95});
}

TEST_CASE("dispatch rules resolve steps, desks, levels and arrival steps") {
  const Scenario& s = tiny();
  REQUIRE(s.rules.size() == 3);
  const RuleSpec& urgent = s.rules[0];
  CHECK(urgent.match.grades == std::vector<int>{1});
  REQUIRE(urgent.plan.size() == 4);
  CHECK(urgent.plan[0].kind == StepKind::sms);
  CHECK(urgent.plan[0].at_arrival);
  const StepSpec& call = urgent.plan[1];
  CHECK(call.kind == StepKind::call);
  CHECK(call.at_arrival);
  CHECK(call.desk_kind == 0);
  CHECK(call.attempts == 3);
  CHECK(call.retry_interval == engine::Duration{120000});
  CHECK(call.priority == 1);
  CHECK(call.sla == engine::Duration{180000});
  CHECK(call.next == std::vector<int>{2});
  CHECK(call.on_late == std::vector<int>{2});
  CHECK_FALSE(urgent.plan[2].at_arrival);
  CHECK(urgent.plan[2].to_level == 3);
  CHECK_FALSE(urgent.plan[3].at_arrival);
  CHECK(s.rules[1].match.amount_min == 50000);
  CHECK(s.rules[1].plan[1].family);
  CHECK(s.rules[1].plan[1].desk_kind == 1);
  CHECK(s.rules[2].match.grades.empty());
  CHECK(s.rules[2].plan[0].kind == StepKind::robot_call);
}

TEST_CASE("bundled scenarios are found by name, with or without .yaml") {
  bool has_tiny = false;
  for (const auto& e : embedded_scenarios()) has_tiny = has_tiny || e.file_name == "tiny.yaml";
  REQUIRE(has_tiny);
  const Scenario a = load_scenario("tiny");
  const Scenario b = load_scenario("tiny.yaml");
  CHECK(a.source_name == "<embedded:tiny.yaml>");
  CHECK(a.units.size() == b.units.size());
  CHECK(a.source_text == tiny().source_text);
  CHECK_THROWS_AS(load_scenario("no-such-scenario"), ScenarioError);
}

TEST_CASE("a UTF-8 byte order mark at the start is skipped") {
  const Scenario s = load_scenario_text("\xEF\xBB\xBF" + tiny().source_text, "bom.yaml");
  CHECK(s.units.size() == 12);
  CHECK(s.source_text.substr(0, 3) == "\xEF\xBB\xBF");
}

TEST_CASE("every bundled scenario loads, and bundled:xizang is the default's name") {
  bool has_xizang = false;
  for (const auto& e : embedded_scenarios()) {
    CAPTURE(e.file_name);
    CHECK_NOTHROW((void)load_scenario(std::string(e.file_name)));
    has_xizang = has_xizang || e.file_name == "xizang.yaml";
  }
  if (has_xizang) CHECK(load_scenario(kDefaultScenario).source_name == "<embedded:xizang.yaml>");
}
