// Validation against queueing theory: where the model reduces to a textbook queue, the exact
// value must lie inside the simulated 99% confidence interval.
#include <doctest/doctest.h>

#include <cmath>

#include "hotline/study/estimate.hpp"
#include "validation_cases.hpp"

using namespace hotline;
using namespace hotline::testing;

namespace {

constexpr int kReps = 10;

void check_case(const ValidationCase& v) {
  const auto set = run_case(v, kReps);
  for (const auto& c : v.checks) {
    const int k = set.kpi_index(c.kpi);
    REQUIRE_MESSAGE(k >= 0, c.kpi);
    auto col = set.column(static_cast<std::size_t>(k));
    for (double& x : col) x *= c.scale;
    const auto e99 = study::estimate(col, 0.99);
    INFO(v.name << ": " << c.what << " exact " << c.exact << ", simulated " << e99.mean << " ± "
                << e99.half_width << " (99%)");
    CHECK(std::fabs(e99.mean - c.exact) <= e99.half_width);
  }
}

}  // namespace

TEST_CASE("the formulas reproduce textbook values") {
  // Erlang B(5, 4) = 0.1991 and C(5, 4) = 0.5541 (standard tables).
  CHECK(study::theory::erlang_b(5, 4.0) == doctest::Approx(0.19910).epsilon(1e-4));
  CHECK(study::theory::erlang_c(5, 4.0) == doctest::Approx(0.55411).epsilon(1e-4));
  // With very impatient customers nobody waits long; with none, Erlang A tends to Erlang C.
  const auto a = study::theory::erlang_a(5, 1.0 / 60, 1.0 / 240, 1e-9);
  CHECK(a.p_wait == doctest::Approx(study::theory::erlang_c(5, 4.0)).epsilon(1e-3));
  // Cobham with one class is the M/M/c mean wait.
  const auto w = study::theory::cobham_mean_waits(5, {1.0 / 60}, 1.0 / 240);
  CHECK(w[0] == doctest::Approx(study::theory::mmc_mean_wait(5, 1.0 / 60, 1.0 / 240)));
}

TEST_CASE("M/M/c waits match Erlang C") {
  check_case(validation_cases()[0]);
}
TEST_CASE("M/M/c+M abandonment and queue length match Erlang A") {
  check_case(validation_cases()[1]);
}
TEST_CASE("M/M/c/c blocking matches Erlang B") {
  check_case(validation_cases()[2]);
}
TEST_CASE("each desk of a tandem matches its own Erlang C") {
  check_case(validation_cases()[3]);
}
TEST_CASE("non-preemptive priority waits by grade match Cobham's formula") {
  check_case(validation_cases()[4]);
}

TEST_CASE("Little's law holds on every desk of every validation run") {
  for (const auto& v : validation_cases()) {
    const auto set = run_case(v, 2);
    for (const auto& run : set.runs)
      for (const auto& d : run.desks) {
        const double l = d.mean_queue;
        const double lw = d.arrival_rate_per_s * d.mean_queue_time_s;
        INFO(v.name << " desk " << d.id << ": L=" << l << " λW=" << lw);
        CHECK(std::fabs(l - lw) <= 0.02 * std::max(l, lw) + 0.01);
      }
  }
}
