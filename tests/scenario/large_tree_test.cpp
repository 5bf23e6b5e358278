// A national-size organisation (about 2,800 counties with generated communities) loads whole.
// Its speed is measured by benchmarks and scripts/corpus-check (CPU limits), not here: a
// timed unit test fails on a busy machine.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "hotline/scenario/loader.hpp"

using namespace hotline::scenario;

TEST_CASE("a national tree of ~34,000 units loads with every unit and desk") {
  std::string text = R"(clock: {start: "2021-09-06T00:00", horizon: 1d}
levels: [country, province, city, county, community]
community_defaults:
  officers: {count: 2, travel_time: {dist: lognormal, mean: 30min, sd: 20min}, visit_duration: 20min}
organisation:
  id: cn
  children:
)";
  int counties = 0;
  for (int p = 0; p < 31; ++p) {
    text += "    - id: p" + std::to_string(p) + "\n      children:\n";
    for (int c = 0; c < 10; ++c) {
      text += "        - id: p" + std::to_string(p) + "c" + std::to_string(c) +
              "\n          children:\n";
      for (int k = 0; k < 9; ++k, ++counties)
        text += "            - {id: k" + std::to_string(counties) + ", generate: {count: 11}}\n";
    }
  }
  text += R"(desks:
  - id: hot
    unit: cn
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster: [{name: all, start: "00:00", end: "00:00", headcount: 100}]
  - id: cmd
    each: county
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster: [{name: all, start: "00:00", end: "00:00", headcount: 1}]
fraud_types:
  - {id: loan, rate_per_day: 1000, grades: {1: 1}, amount: 1000, time_to_loss: {1: 1h, 2: 2h, 3: 3h}, where: {p3: 1, k100/c5: 2}}
dispatch:
  rules: [{name: all, plan: [{id: call, step: call, desk: cmd, next: [push]}, {id: push, step: push, to: community, next: [visit]}, {id: visit, step: visit}]}]
)";
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario s = load_scenario_text(text, "national.yaml");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(counties == 2790);
  CHECK(s.units.size() == 1 + 31 + 310 + 2790 + 2790 * 11);
  CHECK(s.desks.size() == 1 + 2790);
  CHECK(s.units[0].subtree_size == static_cast<int>(s.units.size()));
  CHECK(s.fraud_types[0].where_units.size() == 2);
  MESSAGE("national tree loaded in " << seconds << " s");
}
