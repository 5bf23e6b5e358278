// Expanding a sweep definition into its run plan: grid, list, Latin hypercube, constraints.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "hotline/study/sweep_plan.hpp"

using namespace hotline;
using Rows = std::vector<std::vector<std::string>>;

namespace {

scenario::SweepStudy two_factor_grid() {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("a=1..3"));
  s.factors.push_back(scenario::parse_vary("b=x,y"));
  return s;
}

}  // namespace

TEST_CASE("a grid is every combination, the first factor varying slowest") {
  CHECK(study::expand_design(two_factor_grid()) ==
        Rows{{"1", "x"}, {"1", "y"}, {"2", "x"}, {"2", "y"}, {"3", "x"}, {"3", "y"}});
}

TEST_CASE("a range steps from its start by STEP up to its end, without rounding drift") {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("p=0.1..0.5:0.1"));
  CHECK(study::expand_design(s) == Rows{{"0.1"}, {"0.2"}, {"0.3"}, {"0.4"}, {"0.5"}});
  scenario::SweepStudy t;
  t.factors.push_back(scenario::parse_vary("n=2..7:2"));
  CHECK(study::expand_design(t) == Rows{{"2"}, {"4"}, {"6"}});
}

TEST_CASE("constraints prune the plan: factor against factor, factor against number") {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("night=1..4"));
  s.factors.push_back(scenario::parse_vary("day=2..3"));
  s.constraints.push_back({"night", "<=", "day", false, 0, "night <= day"});
  s.constraints.push_back({"night", "!=", "2", true, 2, "night != 2"});
  CHECK(study::expand_design(s) == Rows{{"1", "2"}, {"1", "3"}, {"3", "3"}});
  s.constraints.push_back({"night", ">", "9", true, 9, "night > 9"});
  CHECK_THROWS_WITH_AS(study::expand_design(s), doctest::Contains("leave no variant"),
                       scenario::ScenarioError);
}

TEST_CASE("an explicit list keeps its order and drops repeats") {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("a=1"));
  s.factors.push_back(scenario::parse_vary("b=1"));
  s.design = scenario::Design::list;
  s.variants = {{"3", "1"}, {"1", "2"}, {"3", "1"}};
  CHECK(study::expand_design(s) == Rows{{"3", "1"}, {"1", "2"}});
}

TEST_CASE("a Latin hypercube puts one point in every stratum of every factor, the same each time") {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("a=0..10"));
  s.factors.push_back(scenario::parse_vary("b=100..200"));
  s.design = scenario::Design::lhs;
  s.lhs_samples = 10;
  s.lhs_seed = 3;
  const Rows rows = study::expand_design(s);
  REQUIRE(rows.size() == 10);
  CHECK(study::expand_design(s) == rows);  // deterministic
  for (std::size_t f = 0; f < 2; ++f) {
    const double lo = f == 0 ? 0 : 100, width = f == 0 ? 1 : 10;
    std::set<int> strata;
    for (const auto& r : rows) strata.insert(static_cast<int>((std::stod(r[f]) - lo) / width));
    CHECK(strata.size() == 10);  // each of the 10 strata exactly once
  }
  s.lhs_seed = 4;
  CHECK(study::expand_design(s) != rows);
}

TEST_CASE("a Latin hypercube over a stepped range snaps to the grid and keeps each point once") {
  scenario::SweepStudy s;
  s.factors.push_back(scenario::parse_vary("n=1..3:1"));
  s.design = scenario::Design::lhs;
  s.lhs_samples = 9;
  const Rows rows = study::expand_design(s);
  CHECK(rows.size() == 3);
  for (const auto& r : rows) CHECK((r[0] == "1" || r[0] == "2" || r[0] == "3"));
}

TEST_CASE("a plan's variants are the base plus one override per factor, each loaded") {
  scenario::SweepStudy s;
  s.scenario = "bundled:tiny";
  s.sets = {"clock.horizon=1d"};
  s.factors.push_back(scenario::parse_vary("night:desks.96110.roster.night.headcount=1..2"));
  const study::SweepPlan plan = study::make_sweep_plan(s);
  REQUIRE(plan.variants.size() == 2);
  CHECK(plan.seed == plan.variants[0].scenario.seed);
  CHECK(plan.variants[1].label() == "v2");
  REQUIRE(plan.variants[1].overrides.size() == 2);
  CHECK(plan.variants[1].overrides[1].path == "desks.96110.roster.night.headcount");
  CHECK(plan.variants[1].overrides[1].value == "2");
  CHECK(plan.variants[0].canonical != plan.variants[1].canonical);
  CHECK(plan.variants[0].canonical == study::make_sweep_plan(s).variants[0].canonical);
  s.factors[0] = scenario::parse_vary("desks.96110.roster.night.headcount=x");
  CHECK_THROWS_WITH_AS(study::make_sweep_plan(s), doctest::Contains("--set:1:"),
                       scenario::ScenarioError);
}
