#include "hotline/engine/random.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace hotline::engine {

// A GCC/Clang extension (hence __extension__, which keeps -Wpedantic quiet); Lemire's method
// needs the high half of a 64x64-bit product.
namespace {
__extension__ typedef unsigned __int128 U128;
}  // namespace

std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view name) {
  // Mix each component through SplitMix64 so nearby seeds/replications give unrelated streams.
  std::uint64_t state = seed;
  std::uint64_t h = splitmix64(state);
  state = h ^ (replication * 0xd1b54a32d192ed03ULL);
  h = splitmix64(state);
  state = h ^ hash_name(name);
  return splitmix64(state);
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
}

std::uint64_t Rng::below(std::uint64_t n) {
  assert(n > 0);
  U128 m = static_cast<U128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<U128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double sample_uniform(Rng& rng, double lo, double hi) {
  return lo + (hi - lo) * rng.uniform01();
}

double sample_standard_normal(Rng& rng) {
  const double u1 = rng.uniform01_open0();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double sample_normal(Rng& rng, double mean, double sd) {
  return mean + sd * sample_standard_normal(rng);
}

double sample_lognormal(Rng& rng, double mu, double sigma) {
  return std::exp(mu + sigma * sample_standard_normal(rng));
}

double sample_gamma(Rng& rng, double shape, double scale) {
  assert(shape > 0 && scale > 0);
  if (shape < 1.0) {
    // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
    const double g = sample_gamma(rng, shape + 1.0, 1.0);
    return scale * g * std::pow(rng.uniform01_open0(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = sample_standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform01_open0();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double sample_erlang(Rng& rng, int k, double mean) {
  assert(k >= 1);
  // Product of uniforms: one log instead of k. Each factor is >= 2^-53, so folding the product
  // into a log sum once it drops below 1e-280 keeps it from underflowing to 0 (which would
  // give +inf) for large k, and leaves results for small k bit-identical to the plain product.
  double prod = 1.0;
  double log_sum = 0.0;
  for (int i = 0; i < k; ++i) {
    prod *= rng.uniform01_open0();
    if (prod < 1e-280) {
      log_sum += std::log(prod);
      prod = 1.0;
    }
  }
  return -(mean / k) * (log_sum + std::log(prod));
}

double sample_triangular(Rng& rng, double lo, double mode, double hi) {
  const double u = rng.uniform01();
  if (hi <= lo) return lo;
  const double f = (mode - lo) / (hi - lo);
  if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode));
}

Categorical::Categorical(const std::vector<double>& weights) {
  const std::size_t n = weights.size();
  assert(n > 0);
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0);
  p_.resize(n);
  std::vector<double> prob(n, 0.0);
  std::vector<std::uint32_t> alias(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    p_[i] = weights[i] / total;
    scaled[i] = p_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (std::uint32_t i : large) prob[i] = 1.0;
  for (std::uint32_t i : small) prob[i] = 1.0;  // numerical leftovers
  columns_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    columns_[i] = Column{prob[i], static_cast<std::uint32_t>(i), alias[i]};
}

void Categorical::relabel(const std::vector<std::uint32_t>& labels) {
  assert(labels.size() == columns_.size());
  // Aliases are indices until every column is renamed: read them all before writing any.
  std::vector<Column> renamed(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i)
    renamed[i] = Column{columns_[i].prob, labels[i], labels[columns_[i].alias]};
  columns_.swap(renamed);
}

EmpiricalTable::EmpiricalTable(std::vector<double> values, std::vector<double> cumulative)
    : values_(std::move(values)), cum_(std::move(cumulative)) {
  assert(values_.size() == cum_.size() && values_.size() >= 2);
}

double EmpiricalTable::sample(Rng& rng) const {
  const double u = rng.uniform01();
  std::size_t lo = 0, hi = cum_.size() - 1;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (cum_[mid] <= u ? lo : hi) = mid;
  }
  const double span = cum_[hi] - cum_[lo];
  if (span <= 0) return values_[hi];
  return values_[lo] + (values_[hi] - values_[lo]) * (u - cum_[lo]) / span;
}

double EmpiricalTable::mean() const {
  double m = 0;
  for (std::size_t i = 1; i < values_.size(); ++i)
    m += (cum_[i] - cum_[i - 1]) * 0.5 * (values_[i] + values_[i - 1]);
  return m;
}

}  // namespace hotline::engine
