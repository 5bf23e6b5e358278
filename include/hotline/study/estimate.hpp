// Point estimates with confidence intervals across replications (Student t), and the
// two-sample (Welch) interval used to show what pairing gains.
#pragma once

#include <span>

namespace hotline::study {

struct Estimate {
  double mean = 0;
  double half_width = 0;  // of the confidence interval; 0 when n < 2
  double sd = 0;          // sample standard deviation
  int n = 0;
  double relative_half_width() const;  // half_width / |mean|; 0 if both are 0, inf if mean is 0
};

// Two-sided Student t quantile: the t with P(|T| <= t) = confidence for df degrees of freedom.
double student_t_critical(double confidence, double df);

Estimate estimate(std::span<const double> xs, double confidence = 0.95);

// Welch's interval for mean(b) - mean(a) from independent samples.
Estimate welch_difference(std::span<const double> a, std::span<const double> b,
                          double confidence = 0.95);

}  // namespace hotline::study
