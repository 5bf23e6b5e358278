// Replications: thread-count independence, confidence intervals, auto precision, and the
// narrowing that common random numbers give a paired comparison.
#include <doctest/doctest.h>

#include "hotline/study/paired_comparison.hpp"
#include "hotline/study/warmup.hpp"
#include "same_results.hpp"
#include "validation_cases.hpp"

using namespace hotline;
using namespace hotline::testing;

namespace {
scenario::Scenario busy_world() {
  auto s = single_desk_queue(4, 0.9, 4.0, 5);
  s.fraud_types[0].grade_mix = {0.3, 0.3, 0.4};
  s.fraud_types[0].answer_prob = 0.7;
  for (auto& d : s.fraud_types[0].time_to_loss) d = Distribution::exponential(30 * 60'000.0);
  auto call = call_step("call", 3, 2 * kMinute);
  call.sla = 3 * kMinute;
  s.rules[0].plan = {call};
  return s;
}

}  // namespace

TEST_CASE("replication results are bit-identical for 1, 2 and 4 threads") {
  const auto s = busy_world();
  study::ReplicationOptions o;
  o.seed = 3;
  o.reps = 6;
  o.threads = 1;
  const auto one = study::run_replications(s, o);
  o.threads = 2;
  const auto two = study::run_replications(s, o);
  o.threads = 4;
  const auto four = study::run_replications(s, o);
  CHECK(same_kpi_values(one, two));
  CHECK(same_kpi_values(one, four));
  REQUIRE(one.runs.size() == 6);
  // Different replications really are different.
  CHECK(one.kpi_values[0] != one.kpi_values[1]);
}

TEST_CASE("a KPI's confidence interval shrinks as replications are added") {
  const auto s = busy_world();
  study::ReplicationOptions o;
  o.seed = 3;
  o.reps = 4;
  const auto few = study::run_replications(s, o);
  o.reps = 16;
  const auto many = study::run_replications(s, o);
  const int k = few.kpi_index("all.dissuaded_share");
  REQUIRE(k >= 0);
  CHECK(many.estimates[k].half_width < few.estimates[k].half_width);
  CHECK(many.estimates[k].n == 16);
}

TEST_CASE("auto replications stop at the first precise prefix, whatever the thread count") {
  const auto s = busy_world();
  study::ReplicationOptions o;
  o.seed = 9;
  o.auto_reps = true;
  o.precision = 0.02;
  o.max_reps = 40;
  o.threads = 1;
  const auto a = study::run_replications(s, o);
  o.threads = 3;
  const auto b = study::run_replications(s, o);
  CHECK(a.runs.size() == b.runs.size());
  CHECK(a.runs.size() >= 5);
  if (a.precision_reached) {
    const int k = a.kpi_index("all.dissuaded_share");
    CHECK(a.estimates[k].relative_half_width() <= 0.02);
  }
  CHECK(same_kpi_values(a, b));
}

TEST_CASE("pairing on common random numbers narrows the CI of a staffing change") {
  const auto base = busy_world();
  auto more = base;
  more.desks[0].shifts[0].headcount = 5;
  study::ReplicationOptions o;
  o.seed = 17;
  o.reps = 12;
  const auto c = study::compare_variants(base, more, o);
  const auto* k = c.find("all.sla_attainment");
  REQUIRE(k != nullptr);
  CHECK(k->paired.mean > 0);  // one more operator answers sooner
  CHECK(k->significant());
  CHECK(k->paired.half_width < 0.7 * k->unpaired.half_width);
  const std::string line = study::verdict("+1 operator", *k);
  CHECK(line.find("+1 operator: all SLA attainment") == 0);
  CHECK(line.find("points") != std::string::npos);
}

TEST_CASE("MSER-5 truncates an initial transient and keeps a stationary series") {
  std::vector<double> series;
  for (int i = 0; i < 200; ++i) series.push_back(i < 40 ? 10.0 - i * 0.25 : (i % 2 ? 0.1 : -0.1));
  const auto d = study::mser5_truncation(series);
  CHECK(d >= 35);
  CHECK(d <= 45);
  std::vector<double> flat;
  for (int i = 0; i < 200; ++i) flat.push_back(i % 2 ? 1.0 : -1.0);
  CHECK(study::mser5_truncation(flat) == 0);
}
