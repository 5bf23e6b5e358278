// Choosing the warm-up (initial-transient deletion) point with MSER-5 (White, 1997; White,
// Cobb & Spratt, 2000): batch an output series in means of 5, and truncate the d batches that
// minimise the squared standard error of the remaining mean, d limited to half the series.
#pragma once

#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"

namespace hotline::study {

// The MSER-5 truncation point, in observations of `series` (a multiple of 5).
std::size_t mser5_truncation(const std::vector<double>& series);

struct WarmupChoice {
  double hours = 0;                  // the truncation point chosen (max over series)
  std::vector<std::string> series;   // the series examined ...
  std::vector<double> series_hours;  // ... and each one's own MSER-5 point
  std::string explanation;           // one paragraph for the report
};

// Applies MSER-5 to the hourly series of the main KPIs of pilot runs (replication means):
// total queue length and total busy operators over all desks.
WarmupChoice choose_warmup(const std::vector<metrics::RunResult>& pilot);

}  // namespace hotline::study
