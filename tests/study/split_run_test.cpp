// One replication on several cores (issue 18, target 3): a scenario with `split: true` runs
// each independent part as a model of its own and merges the parts' KPIs in part order, so
// the bundled national scenario gives the same bits on 1, 2 and 4 threads; its parts' streams
// add up to the whole's rates; a scenario of one part runs exactly as unsplit.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/single_run.hpp"

using namespace hotline;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Every KPI, the hourly totals, the desk-hour rows and the counts, bit for bit.
bool same_results(const metrics::RunResult& a, const metrics::RunResult& b) {
  if (!same_bits(study::flatten_kpi_values(a), study::flatten_kpi_values(b))) return false;
  if (a.events != b.events || a.inbound_calls != b.inbound_calls ||
      a.conservation.entered != b.conservation.entered ||
      a.conservation.open != b.conservation.open || a.warnings != b.warnings)
    return false;
  if (a.hourly.size() != b.hourly.size() || a.desk_hours.size() != b.desk_hours.size())
    return false;
  for (std::size_t h = 0; h < a.hourly.size(); ++h)
    if (std::memcmp(&a.hourly[h], &b.hourly[h], sizeof(metrics::HourTotal)) != 0) return false;
  for (std::size_t i = 0; i < a.desk_hours.size(); ++i) {
    const auto& x = a.desk_hours[i];
    const auto& y = b.desk_hours[i];
    if (x.desk != y.desk || x.hour != y.hour || x.arrivals != y.arrivals ||
        x.waits_ended != y.waits_ended || x.answered_in_time != y.answered_in_time ||
        std::memcmp(&x.queue_mean, &y.queue_mean, sizeof(double)) != 0 ||
        std::memcmp(&x.busy_mean, &y.busy_mean, sizeof(double)) != 0 ||
        std::memcmp(&x.staffed_mean, &y.staffed_mean, sizeof(double)) != 0)
      return false;
  }
  return true;
}

metrics::RunResult run(const scenario::Scenario& s, int threads) {
  study::SingleRunOptions o;
  o.seed = s.seed;
  o.threads = threads;
  return study::run_single(s, o);
}

scenario::Scenario national(const char* horizon) {
  return scenario::load_scenario("national", {{"clock.horizon", horizon}});
}

}  // namespace

TEST_CASE("the national scenario runs split into its 31 regions") {
  const scenario::Scenario s = national("2d");
  CHECK(s.split);
  CHECK(study::split_parts(s) == 31);
  scenario::Scenario whole = s;
  whole.split = false;
  CHECK(study::split_parts(whole) == 1);
}

TEST_CASE("a split national run gives the same bits on 1, 2 and 4 threads") {
  const scenario::Scenario s = national("2d");
  const metrics::RunResult one = run(s, 1);
  const metrics::RunResult two = run(s, 2);
  const metrics::RunResult four = run(s, 4);
  CHECK(one.conservation.ok());
  CHECK(one.conservation.entered > 150'000);  // ~109,600 alerts a day
  CHECK(one.desks.size() == s.desks.size());
  CHECK(one.desk_hours.size() >= s.desks.size() * 48);
  CHECK(same_results(one, two));
  CHECK(same_results(one, four));
}

TEST_CASE("a split run's parts add up to the whole run's rates and staffing") {
  // Same distributions, other streams: counts agree within Poisson noise, rosters exactly.
  const scenario::Scenario s = national("2d");
  scenario::Scenario whole = s;
  whole.split = false;
  const metrics::RunResult split = run(s, 2);
  const metrics::RunResult unsplit = run(whole, 1);
  const auto entered = [](const metrics::RunResult& r) {
    return static_cast<double>(r.conservation.entered);
  };
  const double sd = std::sqrt(entered(unsplit));
  CHECK(std::fabs(entered(split) - entered(unsplit)) < 5 * sd);
  CHECK(std::fabs(static_cast<double>(split.inbound_calls - unsplit.inbound_calls)) <
        5 * std::sqrt(static_cast<double>(unsplit.inbound_calls)) + 1);
  REQUIRE(split.desks.size() == unsplit.desks.size());
  double split_tasks = 0, unsplit_tasks = 0;
  for (std::size_t d = 0; d < split.desks.size(); ++d) {
    CHECK(split.desks[d].id == unsplit.desks[d].id);
    CHECK(split.desks[d].staffed_hours == unsplit.desks[d].staffed_hours);
    split_tasks += static_cast<double>(split.desks[d].tasks);
    unsplit_tasks += static_cast<double>(unsplit.desks[d].tasks);
  }
  // Tasks per alert (calls, pushes down the chain, retries): a mean over ~200,000 alerts.
  const double per_split = split_tasks / entered(split);
  const double per_unsplit = unsplit_tasks / entered(unsplit);
  CHECK(per_split == doctest::Approx(per_unsplit).epsilon(0.02));
  // One robot pool per region, each with its own two lines.
  REQUIRE(split.pools.size() == unsplit.pools.size());
  int robot_pools = 0;
  for (std::size_t p = 0; p < split.pools.size(); ++p) {
    CHECK(split.pools[p].id == unsplit.pools[p].id);
    CHECK(split.pools[p].staffed_hours == unsplit.pools[p].staffed_hours);
    if (split.pools[p].pool == "robot") {
      ++robot_pools;
      CHECK(split.pools[p].id.ends_with(":robot"));
      CHECK(split.pools[p].staffed_hours == doctest::Approx(2 * 24.0));  // after the warm-up day
    }
  }
  CHECK(robot_pools == 31);
}

TEST_CASE("a scenario of one part runs the same with split on or off") {
  // Xizang's regional 96110 desk joins all of its cities: nothing to split.
  scenario::Scenario s = scenario::load_scenario("xizang", {{"clock.horizon", "3d"}});
  s.split = false;
  const metrics::RunResult off = run(s, 1);
  s.split = true;
  CHECK(study::split_parts(s) == 1);
  CHECK(same_results(off, run(s, 2)));
}

TEST_CASE("a split run takes no observers and no dispatcher") {
  const scenario::Scenario s = national("2d");
  study::SingleRunOptions o;
  model::Observer observer;
  o.observers.push_back(&observer);
  CHECK_THROWS_AS(study::run_single(s, o), std::invalid_argument);
  study::SingleRunOptions d;
  dispatch::StandardRules rules(s.rules);
  d.dispatcher = &rules;
  CHECK_THROWS_AS(study::run_single(s, d), std::invalid_argument);
}

TEST_CASE("a split run reports progress from the calling thread, and stops on request") {
  const scenario::Scenario s = national("3d");
  study::SingleRunOptions o;
  o.threads = 2;
  const auto caller = std::this_thread::get_id();
  std::vector<double> seen;
  bool other_thread = false;
  o.progress = [&](double f) {
    other_thread |= std::this_thread::get_id() != caller;
    seen.push_back(f);
  };
  run_single(s, o);
  CHECK_FALSE(other_thread);
  REQUIRE(seen.size() >= 2);
  CHECK(seen.back() == 1.0);
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);

  study::StopFlag stop{false};
  study::SingleRunOptions st;
  st.threads = 2;
  st.stop = &stop;
  st.progress = [&](double) { stop = true; };  // asked to stop after the first day
  CHECK_THROWS_AS(study::run_single(s, st), study::Interrupted);
}
