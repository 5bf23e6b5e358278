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

#include "../memory_store.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/roster_optimiser.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "hotline/study/sweep.hpp"
#include "hotline/study/sweep_plan.hpp"

using namespace hotline;

using testing::MemoryStore;

namespace {

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
