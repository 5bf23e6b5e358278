// The automatic warm-up procedure (study::run_with_auto_warmup), on the bundled tiny scenario
// over 6 days, where MSER-5 finds a start-up transient of several hours.
#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/warmup_study.hpp"
#include "same_results.hpp"

using namespace hotline;

namespace {
scenario::Scenario six_days_of_tiny(const std::string& warmup = "0s") {
  return scenario::load_scenario("tiny", {{"clock.horizon", "6d"}, {"clock.warmup", warmup}});
}

study::WarmupStudyOptions options(int reps) {
  study::WarmupStudyOptions o;
  o.run.seed = 7;
  o.run.reps = reps;
  o.run.threads = 2;
  return o;
}
}  // namespace

TEST_CASE("automatic warm-up runs a pilot with no warm-up and applies the chosen one") {
  // The scenario's own warm-up is ignored by the pilot and replaced for the real run.
  const auto sc = six_days_of_tiny("1d");
  const auto w = study::run_with_auto_warmup(sc, options(3));

  REQUIRE(w.pilot.runs.size() == 5);
  for (const auto& r : w.pilot.runs) CHECK(r.warmup_days == 0);
  CHECK(w.choice.hours == study::choose_warmup(w.pilot.runs).hours);
  CHECK(w.choice.hours > 0);  // tiny starts empty: there is a transient to cut

  CHECK(w.scenario.clock.warmup ==
        engine::Duration{static_cast<std::int64_t>(w.choice.hours) * 3'600'000});
  CHECK(w.scenario.clock.horizon == sc.clock.horizon);
  CHECK(w.scenario.name == sc.name);
  REQUIRE(w.set.runs.size() == 3);
  for (const auto& r : w.set.runs) CHECK(r.warmup_days == doctest::Approx(w.choice.hours / 24));
}

TEST_CASE("the real run after an automatic warm-up is the chosen scenario run directly") {
  const auto o = options(3);
  const auto w = study::run_with_auto_warmup(six_days_of_tiny(), o);
  CHECK(testing::same_kpi_values(w.set, study::run_replications(w.scenario, o.run)));
}

TEST_CASE("the warm-up pilot runs at least 5 replications, or as many as the real run") {
  CHECK(study::run_with_auto_warmup(six_days_of_tiny(), options(2)).pilot.runs.size() == 5);
  CHECK(study::run_with_auto_warmup(six_days_of_tiny(), options(7)).pilot.runs.size() == 7);
  auto automatic = options(1);
  automatic.run.auto_reps = true;
  automatic.run.precision = 0.5;
  automatic.run.max_reps = 6;
  CHECK(study::run_with_auto_warmup(six_days_of_tiny(), automatic).pilot.runs.size() == 5);
}

TEST_CASE("the warm-up pilot gets none of the real run's observers or progress") {
  auto o = options(2);
  int hook_calls = 0;
  int observer_calls_before_hook = 0, observer_calls_after_hook = 0;
  int progress_calls_before_hook = 0;
  engine::Duration seen_warmup{-1};
  o.before_run = [&](const scenario::Scenario& chosen, const study::WarmupChoice& choice) {
    ++hook_calls;
    seen_warmup = chosen.clock.warmup;
    CHECK(choice.hours >= 0);
  };
  // Called on worker threads; the hook runs between the pilot's threads and the real run's.
  std::mutex m;
  o.run.observers_for = [&](int) {
    std::lock_guard lock(m);
    (hook_calls == 0 ? observer_calls_before_hook : observer_calls_after_hook)++;
    return std::vector<model::Observer*>{};
  };
  o.run.progress = [&](int, int) {
    if (hook_calls == 0) ++progress_calls_before_hook;
  };
  const auto w = study::run_with_auto_warmup(six_days_of_tiny(), o);
  CHECK(hook_calls == 1);
  CHECK(seen_warmup == w.scenario.clock.warmup);
  CHECK(observer_calls_before_hook == 0);
  CHECK(observer_calls_after_hook == 2);
  CHECK(progress_calls_before_hook == 0);
}
