// Named random streams and our own samplers.
//
// A stream is keyed by (scenario seed, replication index, stable name such as
// "arrivals/type=loan"): adding a unit or a fraud type never shifts another stream's draws,
// and two what-if variants share every stream they both use (common random numbers).
// Generator: xoshiro256++ seeded through SplitMix64. All samplers here are our own code so
// results do not depend on the standard library's distributions.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace hotline::engine {

// FNV-1a 64-bit hash of a stream name; stable across platforms and releases.
std::uint64_t hash_name(std::string_view name);
// SplitMix64 step: mixes a 64-bit state into a well-distributed output.
std::uint64_t splitmix64(std::uint64_t& state);
// The seed of a named stream.
std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view name);

class Rng {
 public:
  Rng() : Rng(0) {}
  explicit Rng(std::uint64_t seed);
  // A named stream (see file comment).
  Rng(std::uint64_t seed, std::uint64_t replication, std::string_view name)
      : Rng(stream_seed(seed, replication, name)) {}

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double uniform01_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer in [0, n) (Lemire's multiply-shift with rejection; unbiased).
  std::uint64_t below(std::uint64_t n);

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// ---- Samplers (all parameters in the caller's unit; durations are in milliseconds) ----
double sample_uniform(Rng& rng, double lo, double hi);
inline double sample_exponential(Rng& rng, double mean) {
  return -mean * std::log(rng.uniform01_open0());
}
double sample_standard_normal(Rng& rng);  // Box-Muller, one output per two uniforms
double sample_normal(Rng& rng, double mean, double sd);
// Log-normal with the given parameters of the underlying normal.
double sample_lognormal(Rng& rng, double mu, double sigma);
// Gamma(shape k > 0, scale theta) by Marsaglia and Tsang (2000).
double sample_gamma(Rng& rng, double shape, double scale);
// Erlang with k phases and the given overall mean (sum of k exponentials of mean/k).
double sample_erlang(Rng& rng, int k, double mean);
// Triangular on [lo, hi] with the given mode.
double sample_triangular(Rng& rng, double lo, double mode, double hi);
inline bool sample_bernoulli(Rng& rng, double p) {
  return rng.uniform01() < p;
}

// Discrete distribution over indices 0..n-1 with given non-negative weights (Walker/Vose alias
// method: O(n) build, O(1) draw from a single uniform). sample() returns the drawn index's
// label: the index itself unless relabel() gave the indices other names.
class Categorical {
 public:
  Categorical() = default;
  explicit Categorical(const std::vector<double>& weights);
  std::size_t sample(Rng& rng) const {
    const std::size_t n = columns_.size();
    if (n == 1) return columns_[0].self;
    // One uniform: integer part picks the column, fraction decides column vs alias.
    const double u = rng.uniform01() * static_cast<double>(n);
    std::size_t i = static_cast<std::size_t>(u);
    if (i >= n) i = n - 1;
    const double frac = u - static_cast<double>(i);
    const Column& c = columns_[i];
    return frac < c.prob ? c.self : c.alias;
  }
  // Names index i labels[i] in what sample() returns (same draws, same probabilities): a large
  // table then yields, say, a unit id directly, without a second lookup (and cache miss) in a
  // table of labels.
  void relabel(const std::vector<std::uint32_t>& labels);
  std::size_t size() const { return columns_.size(); }
  // The normalised probability of index i.
  double probability(std::size_t i) const { return p_[i]; }

 private:
  // A column's threshold and the labels of its own index and of its alias side by side: one
  // cache miss per draw on large tables (an alert's community among ~28,000 in the national
  // scenario).
  struct Column {
    double prob;
    std::uint32_t self;
    std::uint32_t alias;
  };
  std::vector<Column> columns_;
  std::vector<double> p_;
};

// Empirical continuous distribution from a table of (value, cumulative probability) points
// with linear interpolation between them (the first point must have cumulative 0 and the last
// cumulative 1; values non-decreasing).
class EmpiricalTable {
 public:
  EmpiricalTable() = default;
  EmpiricalTable(std::vector<double> values, std::vector<double> cumulative);
  double sample(Rng& rng) const;
  double mean() const;

 private:
  std::vector<double> values_;
  std::vector<double> cum_;
};

}  // namespace hotline::engine
