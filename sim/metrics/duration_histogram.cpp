#include "hotline/metrics/duration_histogram.hpp"

namespace hotline::metrics {

std::int64_t DurationHistogram::bucket_low(int b) {
  if (b < kLinear) return b;
  const int k = (b - kLinear) / kSub + 7;
  const int sub = (b - kLinear) % kSub;
  return static_cast<std::int64_t>(kSub + sub) << (k - 6);
}

std::int64_t DurationHistogram::bucket_high(int b) {
  if (b < kLinear) return b + 1;
  const int k = (b - kLinear) / kSub + 7;
  return bucket_low(b) + (std::int64_t{1} << (k - 6));
}

double DurationHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const double target = q * static_cast<double>(count_);
  double seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    if (counts_[b] == 0) continue;
    const double next = seen + static_cast<double>(counts_[b]);
    if (next >= target) {
      if (b < kLinear) return static_cast<double>(b);
      const double frac = (target - seen) / static_cast<double>(counts_[b]);
      const double lo = static_cast<double>(bucket_low(b));
      const double hi = static_cast<double>(bucket_high(b));
      return lo + frac * (hi - lo);
    }
    seen = next;
  }
  return static_cast<double>(bucket_low(kBuckets - 1));
}

void DurationHistogram::merge(const DurationHistogram& other) {
  for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  count_ += other.count_;
  sum_ += other.sum_;
}

}  // namespace hotline::metrics
