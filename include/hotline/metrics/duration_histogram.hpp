// A log-linear histogram of non-negative durations in ms (HDR-style): exact below 128 ms,
// then 64 sub-buckets per power of two, so any quantile is within 1.6% of the true value.
// Fixed memory (about 3,700 counters) whatever the number of samples: a national year of
// alerts does not grow it.
#pragma once

#include <array>
#include <cstdint>

namespace hotline::metrics {

class DurationHistogram {
 public:
  void add(std::int64_t ms);
  std::int64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  // The q-quantile (0..1) in ms, interpolated within its bucket; 0 if empty.
  double quantile(double q) const;
  void merge(const DurationHistogram& other);

  static int bucket_of(std::int64_t ms);
  static std::int64_t bucket_low(int bucket);
  static std::int64_t bucket_high(int bucket);  // exclusive

 private:
  static constexpr int kLinear = 128;
  static constexpr int kSub = 64;
  static constexpr int kBuckets = kLinear + (63 - 7) * kSub;
  std::array<std::int64_t, kBuckets> counts_{};
  std::int64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace hotline::metrics
