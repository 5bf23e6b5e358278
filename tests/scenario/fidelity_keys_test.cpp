// The issue-11 keys load into the spec as documented (tests/scenario/data/fidelity.yaml uses
// every one of them once), and a conditional rule does not count towards rule coverage.
#include <doctest/doctest.h>

#include <string>

#include "hotline/scenario/loader.hpp"
#include "load_error.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {
const std::string kFile = std::string(HOTLINE_SOURCE_DIR) + "/tests/scenario/data/fidelity.yaml";
constexpr std::int64_t kMin = 60'000;

std::string load_error(std::initializer_list<const char*> sets) {
  return testing::load_error(kFile, sets);
}
}  // namespace

TEST_CASE("breaks, after-call work, call times by grade and patience load as written") {
  const Scenario s = load_scenario_file(kFile);
  const DeskSpec& d = s.desks[0];
  REQUIRE(d.id == "96110");
  REQUIRE(d.shifts.size() == 2);
  REQUIRE(d.shifts[0].breaks.size() == 1);
  CHECK(d.shifts[0].breaks[0].start_minute == 12 * 60);
  CHECK(d.shifts[0].breaks[0].minutes == 30);
  CHECK(d.shifts[0].breaks[0].operators == 1);
  REQUIRE(d.shifts[1].breaks.size() == 1);
  CHECK(d.shifts[1].breaks[0].start_minute == 3 * 60);  // after midnight in a 20:00 shift
  CHECK(d.shifts[1].breaks[0].operators == 1);          // the default
  CHECK(d.handling.after_call.mean() == doctest::Approx(1.0 * kMin));
  CHECK(d.handling.after_push.is_zero());
  CHECK(d.handling.after_inbound.mean() == doctest::Approx(30'000));
  REQUIRE(d.handling.call_answered_by.size() == 1);
  CHECK(d.handling.call_answered_by[0].grades == std::vector<int>{1});
  CHECK(d.handling.call_answered_by[0].fraud_types == std::vector<int>{1});  // brushing
  CHECK(d.handling.call_answered_by[0].call_answered.mean() == doctest::Approx(9.0 * kMin));
  CHECK(s.desks[1].handling.call_answered_by.empty());  // another desk kind
  CHECK(s.inbound[0].patience.mean() == doctest::Approx(2.0 * kMin));
}

TEST_CASE("dissuasion factors, officers' nights and conditional matches load as written") {
  const Scenario s = load_scenario_file(kFile);
  REQUIRE(s.dissuasion.by_delay.size() == 3);
  CHECK(s.dissuasion.by_delay[1].first.count() == 60 * kMin);
  CHECK(s.dissuasion.by_delay[1].second == doctest::Approx(0.8));
  CHECK(s.dissuasion.by_attempt == std::vector<double>{1.0, 0.9});
  const UnitSpec& leaf = s.units.back();
  CHECK(leaf.officers.night_from == 22 * 60);
  CHECK(leaf.officers.night_to == 6 * 60);
  CHECK(leaf.officers.night_availability == doctest::Approx(0.5));
  CHECK(leaf.officers.cover_after.count() == 20 * kMin);
  CHECK(leaf.officers.cover_travel_factor == doctest::Approx(1.5));
  const MatchSpec& m = s.rules[0].match;
  CHECK(m.conditional());
  CHECK(m.from_minute == 22 * 60);
  CHECK(m.to_minute == 6 * 60);
  CHECK(m.days == std::array<bool, 7>{true, true, true, true, true, false, false});
  REQUIRE(m.unit_ranges.size() == 1);
  CHECK(s.units[static_cast<std::size_t>(m.unit_ranges[0].first)].id == "north");
  CHECK(m.languages == std::vector<std::string>{"bo"});
  CHECK_FALSE(s.rules.back().match.conditional());
}

TEST_CASE("a catch-all with a time window does not cover the alerts outside it") {
  const std::string err =
      load_error({"dispatch.rules.3.match.days=weekdays"});  // the last rule: the catch-all
  CHECK(err.find("no rule matches grade") != std::string::npos);
  CHECK(err.find("rules with hours, days, units or languages take only some") != std::string::npos);
}
