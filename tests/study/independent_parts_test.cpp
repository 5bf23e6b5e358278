// Which parts of a scenario are independent sub-models (issue 18, target 3): the bundled
// national scenario's regions each have their own robot pool and are 31 parts, one per region;
// one robot pool for the nation joins them all; Xizang's regional 96110 desk joins all of its
// cities.
#include "hotline/study/independent_parts.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "hotline/scenario/loader.hpp"

using namespace hotline;

namespace {

int leaves(const scenario::Scenario& s) {
  int n = 0;
  for (const auto& u : s.units) n += u.children.empty();
  return n;
}

// The unit just below the root that holds unit u.
int region_of(const scenario::Scenario& s, int u) {
  while (s.units[static_cast<std::size_t>(u)].level > 1)
    u = s.units[static_cast<std::size_t>(u)].parent;
  return u;
}

}  // namespace

TEST_CASE("one robot pool for the nation joins the national scenario's regions") {
  const scenario::Scenario s =
      scenario::load_scenario("national", {{"robot.per_region", "false"}, {"robot.lines", "40"}});
  const study::IndependentParts p = study::independent_parts(s);
  CHECK(p.count == 1);
  CHECK(p.communities.at(0) == leaves(s));
  REQUIRE(p.joined_by.size() == 1);
  CHECK(p.joined_by[0].find("the robot pool (40 lines)") == 0);
  CHECK(p.robot_pool_part == std::vector<int>{0});
}

TEST_CASE("without robot lines the national scenario splits into one part per region") {
  const scenario::Scenario s = scenario::load_scenario("national", {{"robot.lines", "0"}});
  const study::IndependentParts p = study::independent_parts(s);
  CHECK(p.count == 31);
  CHECK(p.joined_by.empty());
}

TEST_CASE("with a robot pool per region the national scenario splits into one part per region") {
  const scenario::Scenario s = scenario::load_scenario("national", {});
  REQUIRE(s.robot.per_region);
  const study::IndependentParts p = study::independent_parts(s);
  CHECK(p.count == 31);
  CHECK(p.joined_by.empty());
  int total = 0;
  for (int c : p.communities) total += c;
  CHECK(total == leaves(s));
  // Each part is exactly one region: same part <=> same region.
  std::set<std::pair<int, int>> part_region;
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    if (!s.units[u].children.empty()) continue;
    part_region.insert({p.unit_part[u], region_of(s, static_cast<int>(u))});
  }
  CHECK(part_region.size() == 31);
  // Every desk someone routes to is in the part of its own unit's region.
  for (std::size_t d = 0; d < s.desks.size(); ++d) {
    if (p.desk_part[d] < 0) continue;
    const int region = region_of(s, s.desks[d].unit);
    CHECK(part_region.count({p.desk_part[d], region}) == 1);
  }
  // Each region's robot pool is in that region's part.
  const scenario::RobotPools pools = scenario::robot_pools(s);
  REQUIRE(pools.unit.size() == 31);
  for (std::size_t r = 0; r < pools.unit.size(); ++r)
    CHECK(part_region.count({p.robot_pool_part[r], pools.unit[r]}) == 1);
}

// Two communities of one county, each with its own desk: independent, unless both have
// officers, which report as one pool of the county (RunResult::pools) and so stay together.
constexpr const char* kTwoCommunities = R"YAML(
scenario: {name: two-communities}
seed: 3
clock: {start: "2021-09-06T00:00", horizon: 2d, warmup: 0s}
levels: [region, county, community]
community_defaults:
  officers: {count: 2, travel_time: 30min, visit_duration: 20min}
organisation:
  id: r
  name: Region
  children:
    - id: k
      generate: {count: 2}
desks:
  - id: hot
    each: community
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster:
      - {name: all-week, days: all, start: "00:00", end: "00:00", headcount: 1}
fraud_types:
  - id: loan
    rate_per_day: 20
    grades: {1: 0.2, 2: 0.5, 3: 0.3}
    amount: {dist: lognormal, mean: 10000, sd: 5000}
    time_to_loss: {1: 30min, 2: 3h, 3: 1d}
dissuasion:
  phone: 0.6
dispatch:
  rules:
    - name: all
      match: {}
      plan:
        - {id: call, step: call, desk: hot, sla: 1h, next: [visit]}
        - {id: visit, step: visit}
)YAML";

TEST_CASE("communities with officers under one parent stay in one part, even without cover") {
  const scenario::Scenario with = scenario::load_scenario_text(kTwoCommunities, "two.yaml");
  CHECK(study::independent_parts(with).count == 1);
  CHECK(study::independent_parts(with).joined_by.empty());  // within one region: not listed
  const scenario::Scenario without = scenario::load_scenario_text(
      kTwoCommunities, "two.yaml", {{"community_defaults.officers.count", "0"}});
  CHECK(study::independent_parts(without).count == 2);
}

TEST_CASE("Xizang's regional 96110 desk joins all its cities into one part") {
  const scenario::Scenario s = scenario::load_scenario("xizang");
  const study::IndependentParts p = study::independent_parts(s);
  CHECK(p.count == 1);
  bool desk_named = false;
  for (const std::string& j : p.joined_by) desk_named |= j.find("desk '") == 0;
  CHECK(desk_named);
}
