#include "hotline/study/estimate.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace hotline::study {

double Estimate::relative_half_width() const {
  if (mean == 0) return half_width == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return half_width / std::fabs(mean);
}

double student_t_critical(double confidence, double df) {
  // Estimating every KPI of a replication set (thousands) asks for the same quantile each
  // time, and boost's quantile costs microseconds: remember the last one per thread.
  thread_local double last_confidence = -1, last_df = -1, last_value = 0;
  if (confidence == last_confidence && df == last_df) return last_value;
  boost::math::students_t dist(df);
  last_value = boost::math::quantile(dist, 0.5 + confidence / 2.0);
  last_confidence = confidence;
  last_df = df;
  return last_value;
}

namespace {
void mean_var(std::span<const double> xs, double& mean, double& var) {
  mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  var = 0;
  for (double x : xs) var += (x - mean) * (x - mean);
  var = xs.size() > 1 ? var / static_cast<double>(xs.size() - 1) : 0.0;
}
}  // namespace

Estimate estimate(std::span<const double> xs, double confidence) {
  Estimate e;
  e.n = static_cast<int>(xs.size());
  if (xs.empty()) return e;
  double var = 0;
  mean_var(xs, e.mean, var);
  e.sd = std::sqrt(var);
  if (e.n >= 2)
    e.half_width = student_t_critical(confidence, e.n - 1) * e.sd / std::sqrt(double(e.n));
  return e;
}

Estimate welch_difference(std::span<const double> a, std::span<const double> b, double confidence) {
  Estimate e;
  e.n = static_cast<int>(std::min(a.size(), b.size()));
  if (a.size() < 2 || b.size() < 2) return e;
  double ma, va, mb, vb;
  mean_var(a, ma, va);
  mean_var(b, mb, vb);
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double sa = va / na, sb = vb / nb;
  e.mean = mb - ma;
  e.sd = std::sqrt(va + vb);
  const double se = std::sqrt(sa + sb);
  if (se == 0) return e;
  // Welch-Satterthwaite degrees of freedom.
  const double df = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1));
  e.half_width = student_t_critical(confidence, df) * se;
  return e;
}

}  // namespace hotline::study
