#include "hotline/study/warmup.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <limits>

namespace hotline::study {

std::size_t mser5_truncation(const std::vector<double>& series) {
  constexpr std::size_t kBatch = 5;
  const std::size_t nb = series.size() / kBatch;
  if (nb < 4) return 0;
  std::vector<double> b(nb);
  for (std::size_t i = 0; i < nb; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < kBatch; ++j) s += series[i * kBatch + j];
    b[i] = s / kBatch;
  }
  // Suffix sums give every candidate's mean and variance in O(nb).
  std::vector<double> sum(nb + 1, 0.0), sq(nb + 1, 0.0);
  for (std::size_t i = nb; i-- > 0;) {
    sum[i] = sum[i + 1] + b[i];
    sq[i] = sq[i + 1] + b[i] * b[i];
  }
  std::size_t best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= nb / 2; ++d) {
    const double n = static_cast<double>(nb - d);
    const double mean = sum[d] / n;
    const double ss = std::max(0.0, sq[d] - n * mean * mean);
    const double value = ss / (n * n);
    if (value < best_value) {
      best_value = value;
      best = d;
    }
  }
  return best * kBatch;
}

WarmupChoice choose_warmup(const std::vector<metrics::RunResult>& pilot) {
  WarmupChoice c;
  if (pilot.empty()) return c;
  const std::size_t hours = pilot.front().hourly.size();
  std::vector<double> queue(hours, 0.0), busy(hours, 0.0);
  for (const auto& r : pilot)
    for (std::size_t h = 0; h < hours && h < r.hourly.size(); ++h) {
      queue[h] += r.hourly[h].queue_mean / static_cast<double>(pilot.size());
      busy[h] += r.hourly[h].busy_mean / static_cast<double>(pilot.size());
    }
  c.series = {"total queue length", "total busy operators"};
  const std::size_t dq = mser5_truncation(queue), db = mser5_truncation(busy);
  c.series_hours = {static_cast<double>(dq), static_cast<double>(db)};
  c.hours = static_cast<double>(std::max(dq, db));
  c.explanation = fmt::format(
      "MSER-5 over {} hourly observations (mean of {} pilot replications, warm-up 0): total "
      "queue length suggests {} h, total busy operators {} h; the larger, {} h, is used.",
      hours, pilot.size(), dq, db, c.hours);
  return c;
}

}  // namespace hotline::study
