// Samplers and Distribution: pinned first values (so a change to any sampler is deliberate)
// and sample moments against the theoretical ones. Every statistical check uses a fixed seed,
// so it is deterministic; the tolerances (about 4 standard errors, or chi-square at p = 0.001)
// say the sampler is right, not that this seed was lucky.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hotline/engine/distribution.hpp"
#include "hotline/engine/random.hpp"

namespace {

using hotline::engine::Categorical;
using hotline::engine::Distribution;
using hotline::engine::EmpiricalTable;
using hotline::engine::Rng;

constexpr int kDraws = 200'000;

struct Moments {
  double mean = 0;
  double var = 0;  // sample variance
  double m4 = 0;   // fourth central moment, for the standard error of the variance
};

Moments moments_of(const std::function<double()>& draw, int n = kDraws) {
  std::vector<double> xs(n);
  double sum = 0;
  for (double& x : xs) {
    x = draw();
    sum += x;
  }
  Moments m;
  m.mean = sum / n;
  double s2 = 0, s4 = 0;
  for (double x : xs) {
    const double d = x - m.mean;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  m.var = s2 / (n - 1);
  m.m4 = s4 / n;
  return m;
}

// Mean within 4 standard errors of `mean`, variance within 4 standard errors of `var`.
void check_moments(const Moments& m, double mean, double var, int n = kDraws) {
  const double se_mean = std::sqrt(var / n);
  CHECK(std::abs(m.mean - mean) < 4 * se_mean);
  const double se_var = std::sqrt(std::max(m.m4 - m.var * m.var, 0.0) / n);
  CHECK(std::abs(m.var - var) < 4 * se_var);
}

// Mean only, with the standard error estimated from the sample itself.
void check_mean(const Moments& m, double mean, int n = kDraws) {
  const double se = std::sqrt(m.var / n);
  if (se == 0) {
    CHECK(m.mean == doctest::Approx(mean).epsilon(1e-12));
  } else {
    CHECK(std::abs(m.mean - mean) < 4 * se);
  }
}

// A value pinned from a transcendental function: allow a few ulps of libm difference.
doctest::Approx pinned(double v) {
  return doctest::Approx(v).epsilon(1e-12);
}

// One of each kind, with parameters in the ranges the hotline uses (ms).
std::vector<Distribution> one_of_each_kind() {
  return {
      Distribution::constant(30'000),
      Distribution::exponential(180'000),
      Distribution::uniform(10'000, 50'000),
      Distribution::lognormal(240'000, 120'000),
      Distribution::gamma(0.6, 50'000),
      Distribution::gamma(4.5, 20'000),
      Distribution::erlang(3, 90'000),
      Distribution::triangular(60'000, 120'000, 600'000),
      Distribution::empirical({0, 10'000, 30'000, 120'000}, {0, 0.2, 0.9, 1}),
  };
}

}  // namespace

TEST_CASE("each sampler's first value from Rng(7) is pinned") {
  {
    Rng r(7);
    CHECK(r.uniform01() == 0.055360436478333108);
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_uniform(r, 10, 20) == 10.553604364783331);
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_exponential(r, 1000) == pinned(2893.8900833408488));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_standard_normal(r) == pinned(1.1308649617728406));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_normal(r, 5, 2) == pinned(7.2617299235456816));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_lognormal(r, 1, 0.5) == pinned(4.7847437987305748));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_gamma(r, 0.5, 2) == pinned(1.045412881148907));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_gamma(r, 3, 2) == pinned(9.9448947583841125));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_erlang(r, 3, 300) == pinned(498.53537746195815));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_triangular(r, 1, 2, 5) == pinned(1.4705759725202006));
  }
  {
    Rng r(7);
    CHECK(hotline::engine::sample_bernoulli(r, 0.3));
  }
  {
    Rng r(7);
    const Categorical c({1, 2, 3, 4});
    CHECK(c.sample(r) == 0);
    CHECK(c.sample(r) == 3);
    CHECK(c.sample(r) == 2);
  }
  {
    Rng r(7);
    const EmpiricalTable t({0, 10, 30}, {0, 0.5, 1});
    CHECK(t.sample(r) == pinned(1.1072087295666622));
  }
}

TEST_CASE("exponential samples have mean m and variance m^2") {
  Rng r(101);
  check_moments(moments_of([&] { return hotline::engine::sample_exponential(r, 1000); }), 1000,
                1e6);
}

TEST_CASE("uniform samples have mean (lo+hi)/2 and variance (hi-lo)^2/12") {
  Rng r(102);
  check_moments(moments_of([&] { return hotline::engine::sample_uniform(r, 10, 20); }), 15,
                100.0 / 12);
}

TEST_CASE("normal samples have the requested mean and variance") {
  Rng r(103);
  check_moments(moments_of([&] { return hotline::engine::sample_normal(r, 5, 2); }), 5, 4);
  Rng s(104);
  check_moments(moments_of([&] { return hotline::engine::sample_standard_normal(s); }), 0, 1);
}

TEST_CASE("Distribution::lognormal(mean, sd) samples have that mean and variance") {
  Rng r(105);
  const Distribution d = Distribution::lognormal(240'000, 120'000);
  check_moments(moments_of([&] { return d.sample(r); }), 240'000, 120'000.0 * 120'000.0);
  CHECK(d.mean() == pinned(240'000));
}

TEST_CASE("gamma samples have mean k*theta and variance k*theta^2 for shape below and above 1") {
  for (double shape : {0.3, 0.5, 0.9, 1.0, 2.5, 9.0}) {
    CAPTURE(shape);
    Rng r(106);
    check_moments(moments_of([&] { return hotline::engine::sample_gamma(r, shape, 2.0); }),
                  shape * 2.0, shape * 4.0);
  }
}

TEST_CASE("erlang samples have the given mean and variance mean^2/k") {
  for (int k : {1, 2, 3, 10}) {
    CAPTURE(k);
    Rng r(107);
    check_moments(moments_of([&] { return hotline::engine::sample_erlang(r, k, 300); }), 300,
                  300.0 * 300.0 / k);
  }
}

TEST_CASE("erlang with many phases stays finite and keeps its moments") {
  // A product of k uniforms underflows to 0 near k ~ 700; the sampler must not return inf.
  Rng r(108);
  const int k = 2000;
  const int n = 2'000;
  const Moments m = moments_of(
      [&] {
        const double x = hotline::engine::sample_erlang(r, k, 1000);
        REQUIRE(std::isfinite(x));
        return x;
      },
      n);
  check_moments(m, 1000, 1000.0 * 1000.0 / k, n);
}

TEST_CASE("triangular samples have mean (a+b+c)/3 and the textbook variance") {
  Rng r(109);
  const double a = 1, b = 2, c = 5;
  const double var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
  check_moments(moments_of([&] { return hotline::engine::sample_triangular(r, a, b, c); }),
                (a + b + c) / 3, var);
  // Degenerate modes at either end still stay in range.
  Rng s(110);
  for (int i = 0; i < 10'000; ++i) {
    const double lo = hotline::engine::sample_triangular(s, 0, 0, 1);
    const double hi = hotline::engine::sample_triangular(s, 0, 1, 1);
    REQUIRE(lo >= 0);
    REQUIRE(lo <= 1);
    REQUIRE(hi >= 0);
    REQUIRE(hi <= 1);
  }
}

TEST_CASE("bernoulli(p) is true with frequency p") {
  Rng r(111);
  check_moments(moments_of([&] { return hotline::engine::sample_bernoulli(r, 0.3) ? 1.0 : 0.0; }),
                0.3, 0.21);
  Rng s(112);
  for (int i = 0; i < 1000; ++i) {
    REQUIRE_FALSE(hotline::engine::sample_bernoulli(s, 0.0));
    REQUIRE(hotline::engine::sample_bernoulli(s, 1.0));
  }
}

TEST_CASE("Categorical frequencies match the normalised weights (chi-square)") {
  const std::vector<double> weights = {1, 2, 3, 4, 0, 10};
  const Categorical c(weights);
  REQUIRE(c.size() == weights.size());
  double total = 0;
  for (double w : weights) total += w;
  for (std::size_t i = 0; i < weights.size(); ++i)
    CHECK(c.probability(i) == doctest::Approx(weights[i] / total));
  Rng r(113);
  std::vector<int> counts(weights.size());
  for (int i = 0; i < kDraws; ++i) ++counts[c.sample(r)];
  CHECK(counts[4] == 0);  // zero weight is never drawn
  double chi2 = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0) continue;
    const double e = kDraws * weights[i] / total;
    chi2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  // 4 degrees of freedom (5 non-empty cells): P(chi2 > 18.47) = 0.001.
  CHECK(chi2 < 18.47);
}

TEST_CASE("a one-entry Categorical always draws index 0") {
  const Categorical c({2.5});
  Rng r(114);
  for (int i = 0; i < 100; ++i) REQUIRE(c.sample(r) == 0);
  CHECK(c.probability(0) == 1.0);
}

TEST_CASE("a relabelled Categorical draws the labels of the indices the original draws") {
  const std::vector<double> weights = {5, 1, 0, 3, 7, 2};
  const std::vector<std::uint32_t> labels = {40, 11, 97, 3, 250, 8};
  const Categorical plain(weights);
  Categorical named(weights);
  named.relabel(labels);
  Rng a(116), b(116);
  for (int i = 0; i < 10'000; ++i) REQUIRE(named.sample(b) == labels[plain.sample(a)]);
  CHECK(named.probability(4) == plain.probability(4));  // probabilities stay by index

  Categorical one({2.5});
  one.relabel({77});
  Rng r(117);
  CHECK(one.sample(r) == 77);
}

TEST_CASE("EmpiricalTable sample mean matches mean() and values stay within the table") {
  const EmpiricalTable t({0, 10, 30}, {0, 0.5, 1});
  CHECK(t.mean() == doctest::Approx(12.5));
  Rng r(115);
  const double var = 0.5 * (100.0 / 3) + 0.5 * (1300.0 / 3) - 12.5 * 12.5;
  check_moments(moments_of([&] {
                  const double x = t.sample(r);
                  REQUIRE(x >= 0);
                  REQUIRE(x <= 30);
                  return x;
                }),
                12.5, var);
  // A flat step (two points with equal cumulative) and a jump (equal values) are both fine.
  const EmpiricalTable u({0, 5, 5, 20}, {0, 0.4, 0.4, 1});
  Rng s(116);
  check_mean(moments_of([&] { return u.sample(s); }), u.mean());
}

TEST_CASE("Distribution::mean() matches the sample mean for every kind") {
  for (const Distribution& d : one_of_each_kind()) {
    CAPTURE(d.describe());
    Rng r(117);
    check_mean(moments_of([&] { return d.sample(r); }), d.mean());
  }
}

TEST_CASE("Distribution::scaled(f) scales the mean and every sample by f") {
  for (const Distribution& d : one_of_each_kind()) {
    for (double f : {0.5, 2.0, 1.0 / 1000}) {
      CAPTURE(d.describe());
      CAPTURE(f);
      const Distribution s = d.scaled(f);
      CHECK(s.kind() == d.kind());
      CHECK(s.mean() == doctest::Approx(f * d.mean()).epsilon(1e-9));
      // Same stream: the scaled distribution draws f times the original's values.
      Rng r1(118), r2(118);
      for (int i = 0; i < 1000; ++i) {
        const double x = d.sample(r1);
        REQUIRE(s.sample(r2) == doctest::Approx(f * x).epsilon(1e-9));
      }
    }
  }
}

TEST_CASE("Distribution samples are clamped at zero from below") {
  const Distribution d = Distribution::uniform(-10, 10);
  Rng r(119);
  int zeros = 0;
  for (int i = 0; i < 10'000; ++i) {
    const double x = d.sample(r);
    REQUIRE(x >= 0);
    zeros += x == 0;
  }
  CHECK(zeros > 4000);
  CHECK(zeros < 6000);
}

TEST_CASE("Distribution::describe names the kind and its parameters") {
  CHECK(Distribution::constant(5).describe() == "constant(5)");
  CHECK(Distribution::exponential(180000).describe() == "exponential(mean=180000)");
  CHECK(Distribution::uniform(1, 2).describe() == "uniform(1, 2)");
  CHECK(Distribution::lognormal(240000, 120000).describe() == "lognormal(mean=240000, sd=120000)");
  CHECK(Distribution::gamma(2, 3).describe() == "gamma(shape=2, scale=3)");
  CHECK(Distribution::erlang(3, 90).describe() == "erlang(k=3, mean=90)");
  CHECK(Distribution::triangular(1, 2, 3).describe() == "triangular(1, 2, 3)");
  CHECK(Distribution::empirical({0, 1}, {0, 1}).describe() == "empirical(2 points)");
  CHECK(Distribution().kind() == Distribution::Kind::constant);
  CHECK(Distribution().mean() == 0);
}
