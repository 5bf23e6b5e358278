// The roster optimiser's pieces (docs/optimiser.md): the integer program, Erlang A's service
// level for the start, targets per shift, and answers that do not depend on the thread count.
// Its comparison with brute force is tests/study/optimiser/ (too slow to repeat under the
// sanitizers).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/integer_program.hpp"
#include "hotline/study/queueing_theory.hpp"
#include "hotline/study/roster_optimiser.hpp"
#include "memory_store.hpp"

using namespace hotline;
using testing::MemoryStore;

TEST_CASE("the integer program finds the cheapest point meeting every row") {
  study::IntegerProgram p;
  p.cost = {3, 5};
  p.lower = {0, 0};
  p.upper = {10, 10};
  p.rows.push_back({{1, 1}, 4});  // x + y >= 4
  p.rows.push_back({{0, 1}, 1});  // y >= 1
  const auto s = study::solve_integer_program(p);
  REQUIRE(s.feasible);
  CHECK(s.x == std::vector<int>{3, 1});
  CHECK(s.objective == doctest::Approx(14));
  p.rows.push_back({{1, 1}, 25});  // beyond the bounds
  CHECK_FALSE(study::solve_integer_program(p).feasible);
}

TEST_CASE("Erlang A's service level: Erlang C's without abandonment, finite when overloaded") {
  using namespace hotline::study::theory;
  const double lambda = 1.0 / 60, mu = 1.0 / 240, t = 120;  // 4 erlangs, T = 2 min
  for (int c : {5, 6, 8}) {
    const double erlang_c_level = 1.0 - erlang_c(c, lambda / mu) * std::exp(-(c * mu - lambda) * t);
    CHECK(erlang_a_service_level(c, lambda, mu, 0.0, t) ==
          doctest::Approx(erlang_c_level).epsilon(1e-6));
    // Nearly patient people: nearly Erlang C (abandonment ahead of an arrival can also make
    // its wait shorter, so Erlang A is not below C in general).
    CHECK(erlang_a_service_level(c, lambda, mu, 1e-9, t) ==
          doctest::Approx(erlang_c_level).epsilon(1e-4));
  }
  // Overloaded without patience: nobody in time; with patience the queue stays finite.
  CHECK(erlang_a_service_level(3, lambda, mu, 0.0, t) == 0.0);
  CHECK(erlang_a_service_level(3, lambda, mu, 1.0 / 600, t) > 0.0);
  CHECK(erlang_a_service_level(2, 0.0, mu, 0.0, t) == 1.0);
  // More operators never serve fewer in time.
  double prev = 0;
  for (int c = 1; c <= 10; ++c) {
    const double v = erlang_a_service_level(c, lambda, mu, 1.0 / 600, t);
    CHECK(v >= prev - 1e-12);
    prev = v;
  }
}

TEST_CASE("targets resolve per shift to one KPI per reporting interval, with the reach time") {
  const auto s = scenario::load_scenario("tests/scenarios/optimiser/one_desk.yaml");
  const auto t = study::resolve_targets(s, {"grade1.reached_within(10min) >= 0.8 per shift"});
  REQUIRE(t.size() == 3);
  CHECK(t[0].kpi == "grade1.reached_within_600s.night");
  CHECK(t[2].kpi == "grade1.reached_within_600s.evening");
  CHECK(t[1].reach_s == doctest::Approx(600));
  CHECK_THROWS_WITH_AS(study::resolve_targets(s, {"grade1.reached_within(5min) >= 0.8"}),
                       doctest::Contains("not 300s"), scenario::ScenarioError);
}

TEST_CASE("the optimiser's answer and its counts do not depend on the thread count") {
  study::OptimiserOptions o;
  o.scenario = "tests/scenarios/optimiser/two_tier.yaml";
  o.kinds = {"all"};
  o.targets = {"grade1.reached_within(10min) >= 0.75 per shift"};
  o.max_headcount = 6;
  o.sample_reps = 4;
  o.fresh_reps = 4;
  o.seed = 3;
  o.pilot_reps = 1;
  MemoryStore one_store, two_store;
  o.threads = 1;
  const study::RosterOptimum one = study::optimise_roster(o, one_store);
  o.threads = 2;
  const study::RosterOptimum two = study::optimise_roster(o, two_store);
  REQUIRE(one.found);
  CHECK(one.recommended.roster == two.recommended.roster);
  CHECK(one.recommended_fresh.kpi[0].mean == two.recommended_fresh.kpi[0].mean);
  CHECK(one.replications_simulated == two.replications_simulated);
  CHECK(one.path.size() == two.path.size());
  CHECK(one.statement == two.statement);
}

TEST_CASE("a replication budget stops the search, not the fresh-seed check of its best roster") {
  study::OptimiserOptions o;
  o.scenario = "tests/scenarios/optimiser/one_desk.yaml";
  o.kinds = {"line"};
  o.targets = {"grade1.reached_within(10min) >= 0.8 per shift"};
  o.max_headcount = 6;
  o.sample_reps = 4;
  o.fresh_reps = 4;
  o.seed = 5;
  o.pilot_reps = 1;
  o.budget_reps = 6;  // the pilot and the start, then nothing more of the search
  o.threads = 2;
  MemoryStore store;
  const study::RosterOptimum r = study::optimise_roster(o, store);
  CHECK(r.stop_reason == "replication budget reached");
  CHECK_FALSE(r.proven_on_sample);
  if (r.found) {
    CHECK(r.recommended_fresh.kpi.size() == r.targets.size());
    CHECK(r.recommended_fresh.kpi[0].n == 4);
  }
  // What the search ran stopped at the first batch past the budget.
  CHECK(r.path.size() <= 2);
}

TEST_CASE("per desk, every instance of an each: kind has its own variables at its own price") {
  const auto s = scenario::load_scenario("bundled:xizang");
  const auto kind =
      study::roster_variables(s, {"county_command"}, study::RosterCost::staff_hours, 0, 4);
  const auto desks =
      study::roster_variables(s, {"county_command"}, study::RosterCost::staff_hours, 0, 4, true);
  REQUIRE(kind.size() == 2);
  REQUIRE(desks.size() == 2 * static_cast<std::size_t>(kind.front().instances));
  CHECK(desks.front().instances == 1);
  CHECK(desks.front().key.find(":county_command.roster.") != std::string::npos);
  // One operator at one of the 74 desks costs a 74th of one at all of them.
  CHECK(desks.front().unit_cost * kind.front().instances ==
        doctest::Approx(kind.front().unit_cost));
  // The key is one --set the loader takes.
  CHECK_NOTHROW(scenario::load_scenario(
      "bundled:xizang",
      {scenario::parse_override(
          study::roster_sets(desks, std::vector<int>(desks.size(), 2)).front())}));
}
