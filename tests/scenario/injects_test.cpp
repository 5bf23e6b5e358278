// `injects:` entries load into Scenario::injects with every name resolved to an index, in time
// order. The error messages are in the invalid corpus (tests/scenarios/invalid/inject_*.yaml).
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "../../fuzz/scenario_invariants.hpp"
#include "hotline/scenario/key_table.hpp"
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

// tiny.yaml (clock.start 2021-09-06T00:00, horizon 2d) with an `injects:` list appended.
Scenario tiny_with_injects(const std::string& injects, const std::vector<Override>& sets = {}) {
  return load_scenario_text(tiny_text() + "\ninjects:\n" + injects, "injects.yaml", sets);
}

std::string error_of(const std::string& injects, const std::vector<Override>& sets = {}) {
  try {
    (void)tiny_with_injects(injects, sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

int unit_index(const Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.units.size(); ++i)
    if (s.units[i].id == id) return static_cast<int>(i);
  return -1;
}

int desk_index(const Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.desks.size(); ++i)
    if (s.desks[i].id == id) return static_cast<int>(i);
  return -1;
}

int type_index(const Scenario& s, const std::string& id) {
  for (std::size_t i = 0; i < s.fraud_types.size(); ++i)
    if (s.fraud_types[i].id == id) return static_cast<int>(i);
  return -1;
}

bool same_time(const engine::CivilTime& c, int day, int hour, int minute) {
  return c.year == 2021 && c.month == 9 && c.day == day && c.hour == hour && c.minute == minute &&
         c.second == 0;
}

constexpr engine::Duration kMin{60 * 1000};

// One inject of each kind, in time order already.
const char* const kOneOfEach = R"(
  - at: "2021-09-06T14:00"
    surge: {types: [loan], multiplier: 3, for: 2h}
  - at: "2021-09-06T15:00"
    desk_outage: {desk: "96110", for: 1h}
  - at: "2021-09-06T16:00"
    headcount: {desk: "north-a:command", headcount: 3, for: 4h}
  - at: "2021-09-06T16:30"
    officers_unavailable: {unit: north, count: 1, for: 3h}
  - at: "2021-09-06T18:00:30"
    alert: {type: loan, grade: 1, amount: 500000, unit: "north-a/c2", time_to_loss: 40min,
            language: bo}
)";

}  // namespace

TEST_CASE("a scenario without injects has an empty timeline") {
  const Scenario s = load_scenario_text(tiny_text(), "tiny.yaml");
  CHECK(s.injects.empty());
  CHECK(tiny_with_injects("  []\n").injects.empty());
}

TEST_CASE("an inject of each kind loads with every field resolved") {
  const Scenario s = tiny_with_injects(kOneOfEach);
  CHECK(hotline::fuzz::scenario_invariant_violation(s) == "");
  REQUIRE(s.injects.size() == 5);

  const InjectSpec& surge = s.injects[0];
  CHECK(surge.kind == InjectKind::surge);
  CHECK(same_time(surge.at, 6, 14, 0));
  CHECK(surge.fraud_types == std::vector<int>{type_index(s, "loan")});
  CHECK(surge.multiplier == 3.0);
  CHECK(surge.duration == 120 * kMin);

  const InjectSpec& outage = s.injects[1];
  CHECK(outage.kind == InjectKind::desk_outage);
  CHECK(same_time(outage.at, 6, 15, 0));
  CHECK(outage.desk == desk_index(s, "96110"));
  CHECK(outage.desk >= 0);
  CHECK(outage.headcount == 0);
  CHECK(outage.duration == 60 * kMin);

  const InjectSpec& headcount = s.injects[2];
  CHECK(headcount.kind == InjectKind::desk_headcount);
  CHECK(same_time(headcount.at, 6, 16, 0));
  REQUIRE(headcount.desk >= 0);
  CHECK(s.desks[static_cast<std::size_t>(headcount.desk)].id == "north-a:command");
  CHECK(s.desks[static_cast<std::size_t>(headcount.desk)].unit == unit_index(s, "north-a"));
  CHECK(headcount.headcount == 3);
  CHECK(headcount.duration == 240 * kMin);

  const InjectSpec& officers = s.injects[3];
  CHECK(officers.kind == InjectKind::officers_unavailable);
  CHECK(same_time(officers.at, 6, 16, 30));
  CHECK(officers.unit == unit_index(s, "north"));
  CHECK(officers.unit > 0);
  CHECK(officers.count == 1);
  CHECK(officers.duration == 180 * kMin);

  const InjectSpec& alert = s.injects[4];
  CHECK(alert.kind == InjectKind::alert);
  CHECK(alert.at.day == 6);
  CHECK(alert.at.hour == 18);
  CHECK(alert.at.minute == 0);
  CHECK(alert.at.second == 30);
  CHECK(alert.fraud_type == type_index(s, "loan"));
  CHECK(alert.grade == 1);
  CHECK(alert.amount == 500000.0);
  CHECK(alert.unit == unit_index(s, "north-a/c2"));
  CHECK(s.units[static_cast<std::size_t>(alert.unit)].children.empty());
  CHECK(alert.time_to_loss == 40 * kMin);
  // loan's languages are {zh: 0.7, bo: 0.3}: bo is index 1.
  REQUIRE(s.fraud_types[static_cast<std::size_t>(alert.fraud_type)].languages.size() == 2);
  CHECK(alert.language == 1);
}

TEST_CASE("optional inject keys take their defaults") {
  const Scenario s = tiny_with_injects(R"(
  - at: "2021-09-06T01:00"
    surge: {multiplier: 1.5, for: 30min}
  - at: "2021-09-06T02:00"
    officers_unavailable: {unit: "north-b-1", for: 1h}
  - at: "2021-09-06T03:00"
    alert: {type: brushing, grade: 3, amount: 0, unit: "south-a/c1", time_to_loss: 1d}
)");
  REQUIRE(s.injects.size() == 3);
  CHECK(s.injects[0].fraud_types.empty());  // every type
  CHECK(s.injects[1].count == -1);          // all officers
  CHECK(s.injects[1].unit == unit_index(s, "north-b-1"));
  CHECK(s.injects[2].language == 0);  // the type's first language
  CHECK(s.injects[2].amount == 0.0);
  CHECK(s.injects[2].grade == 3);
  CHECK(hotline::fuzz::scenario_invariant_violation(s) == "");
}

TEST_CASE("injects are sorted by time and equal times keep file order") {
  const Scenario s = tiny_with_injects(R"(
  - at: "2021-09-07T12:00"
    desk_outage: {desk: "96110", for: 1h}
  - at: "2021-09-06T08:00"
    headcount: {desk: "96110", headcount: 1, for: 1h}
  - at: "2021-09-07T12:00"
    headcount: {desk: "96110", headcount: 2, for: 1h}
  - at: "2021-09-06T00:00"
    surge: {multiplier: 2, for: 1h}
  - at: "2021-09-07T12:00"
    headcount: {desk: "96110", headcount: 3, for: 1h}
  - at: "2021-09-07T23:59:59"
    officers_unavailable: {unit: tr, for: 1h}
)");
  REQUIRE(s.injects.size() == 6);
  CHECK(s.injects[0].kind == InjectKind::surge);  // at the very start: inside the run
  CHECK(s.injects[1].kind == InjectKind::desk_headcount);
  CHECK(s.injects[1].headcount == 1);
  // The three at 2021-09-07T12:00, in file order.
  CHECK(s.injects[2].kind == InjectKind::desk_outage);
  CHECK(s.injects[3].headcount == 2);
  CHECK(s.injects[4].headcount == 3);
  CHECK(s.injects[5].kind == InjectKind::officers_unavailable);  // the last second of the run
  CHECK(s.injects[5].unit == 0);
  CHECK(hotline::fuzz::scenario_invariant_violation(s) == "");
}

TEST_CASE("--set reaches inject fields by index and can add a timeline") {
  const Scenario s = tiny_with_injects(kOneOfEach, {parse_override("injects.0.surge.multiplier=4"),
                                                    parse_override("injects.4.alert.grade=2")});
  CHECK(s.injects[0].multiplier == 4.0);
  CHECK(s.injects[4].grade == 2);

  const Scenario added = load_scenario_text(
      tiny_text(), "tiny.yaml",
      {parse_override(
          R"(injects=[{at: "2021-09-06T09:00", desk_outage: {desk: "96110", for: 2h}}])")});
  REQUIRE(added.injects.size() == 1);
  CHECK(added.injects[0].kind == InjectKind::desk_outage);
  CHECK(added.injects[0].duration == 120 * kMin);

  // A bad value given by --set is reported at its column in the --set text.
  CHECK(error_of(kOneOfEach, {parse_override("injects.1.desk_outage.for=0s")}) ==
        "--set:1:27: error: 'for' must be > 0");
}

TEST_CASE("an each: desk kind named as an inject desk points at its instances") {
  const std::string injects = R"(  - at: "2021-09-06T15:00"
    desk_outage: {desk: command, for: 1h}
)";
  // tiny.yaml's lines, a blank line, "injects:", the entry: `desk:`'s value is on the line after.
  const auto line = static_cast<int>(std::count(tiny_text().begin(), tiny_text().end(), '\n')) + 4;
  CHECK(error_of(injects) ==
        fmt::format("injects.yaml:{}:25: error: 'command' is a desk kind with one desk at every "
                    "county; name one of them (e.g. 'north-a:command')",
                    line));
}

TEST_CASE("the injects example in docs/scenario-format.md loads with tiny.yaml") {
  const std::string md = scenario_format_markdown();
  const std::size_t section = md.find("## Injects");
  REQUIRE(section != std::string::npos);
  const std::size_t open = md.find("```yaml\ninjects:\n", section);
  REQUIRE(open != std::string::npos);
  const std::size_t body = open + std::string("```yaml\ninjects:\n").size();
  const std::size_t close = md.find("```", body);
  REQUIRE(close != std::string::npos);
  const Scenario s = tiny_with_injects(md.substr(body, close - body));
  REQUIRE(s.injects.size() == 5);
  CHECK(s.injects[0].kind == InjectKind::surge);
  CHECK(s.injects[1].kind == InjectKind::desk_outage);
  CHECK(s.injects[2].kind == InjectKind::desk_headcount);
  CHECK(s.injects[3].kind == InjectKind::officers_unavailable);
  CHECK(s.injects[4].kind == InjectKind::alert);
  CHECK(hotline::fuzz::scenario_invariant_violation(s) == "");
}
