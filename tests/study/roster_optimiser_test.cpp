// The roster optimiser against brute force on problems small enough to enumerate: every roster
// of the bounds run on the same sample (same seed, same replications), the cheapest whose
// one-sided 95% bounds meet every target is the optimum the optimiser must find. Issue 13 asks
// for equality in at least 19 of 20 seeds with fewer simulated replications than the brute
// force; the counts are printed (docs/optimiser.md quotes them).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/integer_program.hpp"
#include "hotline/study/queueing_theory.hpp"
#include "hotline/study/roster_optimiser.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "hotline/study/sweep.hpp"
#include "hotline/study/sweep_plan.hpp"

using namespace hotline;

namespace {

// A ResultStore in memory: the optimiser's cache for one test.
class MemoryStore final : public study::ResultStore {
 public:
  std::string key(const std::string& canonical, std::uint64_t seed, int replication) override {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on chains of operator+.
    std::string k = std::to_string(std::hash<std::string>{}(canonical));
    k += '/';
    k += std::to_string(seed);
    k += '/';
    k += std::to_string(replication);
    return k;
  }
  bool has(const std::string& key) override { return kept_.count(key) > 0; }
  std::optional<study::StoredReplication> load(const std::string& key) override {
    const auto it = kept_.find(key);
    if (it == kept_.end()) return std::nullopt;
    return it->second;
  }
  void save(const std::string& key, const study::StoredReplication& r) override {
    kept_.emplace(key, r);
  }

 private:
  std::map<std::string, study::StoredReplication> kept_;
};

struct Problem {
  std::string scenario;
  std::vector<std::string> kinds;
  std::string target;
  int max_headcount = 6;
};

struct BruteForce {
  bool found = false;
  double cost = 0;
  std::vector<int> roster;
  int replications = 0;
};

// Every roster in [0, max]^n on (seed, reps), judged as the optimiser judges.
BruteForce brute_force(const Problem& p, const std::vector<study::RosterVariable>& vars,
                       const std::vector<study::RosterTarget>& targets, std::uint64_t seed,
                       int reps) {
  // Every roster of the box that loads (the loader refuses a desk with nobody on any shift
  // while rules send it work: no target accepts such a roster).
  scenario::SweepStudy s;
  s.scenario = p.scenario;
  s.design = scenario::Design::list;
  for (const auto& v : vars) s.factors.push_back({v.label(), v.key, {}, std::nullopt});
  std::vector<int> at(vars.size(), 0);
  for (;;) {
    std::vector<scenario::Override> sets;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < at.size(); ++i) {
      values.push_back(std::to_string(at[i]));
      sets.push_back({vars[i].key, values.back()});
    }
    try {
      (void)scenario::load_scenario(p.scenario, sets);
      s.variants.push_back(values);
    } catch (const scenario::ScenarioError&) {
    }
    std::size_t i = 0;
    while (i < at.size() && at[i] == p.max_headcount) at[i++] = 0;
    if (i == at.size()) break;
    ++at[i];
  }
  s.seed = seed;
  const study::SweepPlan plan = study::make_sweep_plan(s);
  MemoryStore store;
  study::SweepOptions o;
  o.reps = reps;
  o.threads = 2;
  const study::SweepResult r = study::run_sweep(plan, store, o);
  BruteForce out;
  out.replications = r.replications_run;
  for (std::size_t i = 0; i < plan.variants.size(); ++i) {
    bool ok = true;
    for (const auto& t : targets) {
      const int k = r.variants[i].kpi_index(t.kpi);
      REQUIRE(k >= 0);
      const double b =
          study::one_sided_bound(r.variants[i].estimates[static_cast<std::size_t>(k)], t.at_least);
      ok = ok && (t.at_least ? b >= t.value : b <= t.value);
    }
    if (!ok) continue;
    const double cost = study::staffing_cost(plan.variants[i].scenario).operator_hours;
    if (!out.found || cost < out.cost) {
      out.found = true;
      out.cost = cost;
      out.roster.clear();
      for (const auto& v : plan.variants[i].values) out.roster.push_back(std::stoi(v));
    }
  }
  return out;
}

void check_against_brute_force(const Problem& p, const char* name) {
  constexpr int kSeeds = 20;
  constexpr int kReps = 6;
  int equal = 0, optimiser_reps = 0, brute_reps = 0, found = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    study::OptimiserOptions o;
    o.scenario = p.scenario;
    o.kinds = p.kinds;
    o.targets = {p.target};
    o.min_headcount = 0;
    o.max_headcount = p.max_headcount;
    o.sample_reps = kReps;
    o.fresh_reps = kReps;
    o.seed = static_cast<std::uint64_t>(seed);
    o.pilot_reps = 1;
    o.threads = 2;
    MemoryStore store;
    const study::RosterOptimum opt = study::optimise_roster(o, store);
    const BruteForce bf = brute_force(p, opt.variables, opt.targets, o.seed.value(), kReps);
    CHECK(opt.found == bf.found);
    if (bf.found) ++found;
    const bool same =
        opt.found == bf.found && (!bf.found || std::abs(opt.sample_optimum.cost - bf.cost) < 1e-6);
    if (same) ++equal;
    if (!same)
      MESSAGE(std::string(name), " seed ", seed, ": optimiser cost ", opt.sample_optimum.cost,
              ", brute force cost ", bf.cost);
    optimiser_reps += opt.replications_simulated;
    brute_reps += bf.replications;
  }
  std::printf(
      "%s: optimiser = brute force in %d of %d seeds (%d with a feasible roster); "
      "replications simulated: optimiser %d (fresh-seed check included), brute force "
      "%d\n",
      name, equal, kSeeds, found, optimiser_reps, brute_reps);
  CHECK(found >= 15);  // the problem is not trivially infeasible
  CHECK(equal >= 19);
  CHECK(optimiser_reps < brute_reps);
}

}  // namespace

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

TEST_CASE("one desk, three shifts, headcount 0..6: the optimiser's roster is the brute force's") {
  check_against_brute_force({"tests/scenarios/optimiser/one_desk.yaml",
                             {"line"},
                             "grade1.reached_within(10min) >= 0.8 per shift"},
                            "one desk");
}

TEST_CASE(
    "a county desk behind a city desk, 0..6 each: the optimiser's roster is the brute "
    "force's") {
  check_against_brute_force({"tests/scenarios/optimiser/two_tier.yaml",
                             {"city_desk", "county_desk"},
                             "grade1.reached_within(10min) >= 0.75 per shift"},
                            "two tiers");
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
