// Replicated runs stop on request (the CLI's SIGINT/SIGTERM) keeping a clean prefix of
// finished replications, and fold desk-hour series as they finish, so memory does not grow
// with replications (issue 17).
#include <doctest/doctest.h>

#include <cstring>

#include "hotline/study/desk_hour_mean.hpp"
#include "hotline/study/paired_comparison.hpp"
#include "hotline/study/single_run.hpp"
#include "hotline/study/warmup_study.hpp"
#include "same_results.hpp"
#include "validation_cases.hpp"

using namespace hotline;
using namespace hotline::testing;

namespace {

scenario::Scenario small_world() {
  auto s = single_desk_queue(3, 0.8, 2.0, 4);
  s.rules[0].plan = {call_step("call", 2, 2 * kMinute)};
  return s;
}

bool same_desk_hours(const std::vector<metrics::DeskHour>& a,
                     const std::vector<metrics::DeskHour>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    if (x.desk != y.desk || x.hour != y.hour || x.arrivals != y.arrivals ||
        x.queue_max != y.queue_max ||
        std::memcmp(&x.queue_mean, &y.queue_mean, sizeof(double)) != 0 ||
        std::memcmp(&x.busy_mean, &y.busy_mean, sizeof(double)) != 0 ||
        std::memcmp(&x.staffed_mean, &y.staffed_mean, sizeof(double)) != 0 ||
        std::memcmp(&x.utilisation, &y.utilisation, sizeof(double)) != 0)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("desk hours are folded as replications finish: the same mean, none kept per run") {
  const auto s = small_world();
  // The reference: every replication's series kept and averaged at the end.
  std::vector<metrics::RunResult> runs;
  for (int r = 0; r < 7; ++r) {
    study::SingleRunOptions so;
    so.seed = 5;
    so.replication = static_cast<std::uint64_t>(r);
    runs.push_back(study::run_single(s, so));
  }
  const auto reference = study::mean_desk_hours(runs);
  REQUIRE(reference.size() == runs.front().desk_hours.size());
  REQUIRE_FALSE(reference.empty());

  study::ReplicationOptions o;
  o.seed = 5;
  o.reps = 7;
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    o.threads = threads;
    const auto set = study::run_replications(s, o);
    CHECK(same_desk_hours(set.desk_hours_mean, reference));
    for (const auto& r : set.runs) CHECK(r.desk_hours.empty());
  }
  o.auto_reps = true;
  o.min_reps = 3;
  o.max_reps = 7;
  o.precision = 1e-9;  // never reached: all 7
  o.threads = 2;
  const auto automatic = study::run_replications(s, o);
  REQUIRE(automatic.runs.size() == 7);
  CHECK(same_desk_hours(automatic.desk_hours_mean, reference));
}

TEST_CASE("DeskHourMean averages every field and recomputes utilisation") {
  metrics::DeskHour a;
  a.desk = 1;
  a.hour = 5;
  a.arrivals = 3;
  a.queue_max = 2;
  a.queue_mean = 1.0;
  a.busy_mean = 1.0;
  a.staffed_mean = 2.0;
  metrics::DeskHour b = a;
  b.arrivals = 4;
  b.queue_max = 5;
  b.queue_mean = 2.0;
  b.busy_mean = 3.0;
  study::DeskHourMean m;
  CHECK(m.mean().empty());
  m.add({a});
  m.add({b});
  const auto mean = m.mean();
  REQUIRE(mean.size() == 1);
  CHECK(m.count() == 2);
  CHECK(mean[0].desk == 1);
  CHECK(mean[0].hour == 5);
  CHECK(mean[0].arrivals == 4);   // 3.5 rounded
  CHECK(mean[0].queue_max == 4);  // 3.5 rounded
  CHECK(mean[0].queue_mean == 1.5);
  CHECK(mean[0].utilisation == doctest::Approx(2.0 / 2.0));
}

TEST_CASE("a single run that sees the stop flag throws Interrupted") {
  study::StopFlag stop{true};
  study::SingleRunOptions so;
  so.seed = 1;
  so.stop = &stop;
  CHECK_THROWS_AS(study::run_single(small_world(), so), study::Interrupted);
  stop = false;
  CHECK_NOTHROW(study::run_single(small_world(), so));
}

TEST_CASE("a stopped replicated run keeps the replications finished in a row from 0") {
  const auto s = small_world();
  study::StopFlag stop{false};
  study::ReplicationOptions o;
  o.seed = 9;
  o.reps = 10;
  o.threads = 1;
  o.stop = &stop;
  // The "signal" arrives once three replications are done.
  o.progress = [&](int done, int) {
    if (done == 3) stop = true;
  };
  const auto stopped = study::run_replications(s, o);
  CHECK(stopped.interrupted);
  CHECK(stopped.planned == 10);
  REQUIRE(stopped.runs.size() == 3);
  // Exactly what a 3-replication run gives: KPIs and the desk-hour mean.
  study::ReplicationOptions three;
  three.seed = 9;
  three.reps = 3;
  const auto reference = study::run_replications(s, three);
  CHECK_FALSE(reference.interrupted);
  CHECK(same_kpi_values(stopped, reference));
  CHECK(same_desk_hours(stopped.desk_hours_mean, reference.desk_hours_mean));

  // Stopped before anything finished: nothing kept, on any thread count.
  stop = true;
  o.progress = nullptr;
  o.threads = 2;
  const auto none = study::run_replications(s, o);
  CHECK(none.interrupted);
  CHECK(none.runs.empty());
  CHECK(none.desk_hours_mean.empty());
}

TEST_CASE("a stopped comparison or warm-up pilot throws Interrupted (no partial pairs)") {
  const auto s = small_world();
  study::StopFlag stop{true};
  study::ReplicationOptions o;
  o.seed = 2;
  o.reps = 3;
  o.stop = &stop;
  CHECK_THROWS_AS(study::compare_variants(s, s, o), study::Interrupted);
  study::WarmupStudyOptions wo;
  wo.run = o;
  bool reached_real_run = false;
  wo.before_run = [&](const scenario::Scenario&, const study::WarmupChoice&) {
    reached_real_run = true;
  };
  CHECK_THROWS_AS(study::run_with_auto_warmup(s, wo), study::Interrupted);
  CHECK_FALSE(reached_real_run);
}
