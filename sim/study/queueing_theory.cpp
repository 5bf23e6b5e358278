#include "hotline/study/queueing_theory.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hotline::study::theory {

double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

double erlang_c(int c, double a) {
  const double b = erlang_b(c, a);
  const double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

double mmc_mean_wait(int c, double lambda, double mu) {
  const double a = lambda / mu;
  return erlang_c(c, a) / (c * mu - lambda);
}

ErlangA erlang_a(int c, double lambda, double mu, double theta) {
  // Birth-death chain on the number in system n: birth lambda, death min(n,c) mu + max(0,n-c)
  // theta. Unnormalised probabilities p_n built by ratios; the tail decays super-geometrically.
  std::vector<double> p{1.0};
  double total = 1.0;
  for (int n = 1; n < 100000; ++n) {
    const double death = (n <= c ? n * mu : c * mu + (n - c) * theta);
    p.push_back(p.back() * lambda / death);
    total += p.back();
    if (n > c && p.back() < 1e-18 * total) break;
  }
  ErlangA r;
  double queue_mean = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    const double pn = p[n] / total;
    if (static_cast<int>(n) >= c) r.p_wait += pn;
    if (static_cast<int>(n) > c) queue_mean += (static_cast<double>(n) - c) * pn;
  }
  // Abandonment rate = theta * E[queue]; Little's law on the queue gives the mean wait.
  r.p_abandon = theta * queue_mean / lambda;
  r.mean_wait = queue_mean / lambda;
  return r;
}

double erlang_a_service_level(int c, double lambda, double mu, double theta, double t) {
  if (lambda <= 0) return 1.0;
  if (c <= 0 && theta <= 0) return 0.0;
  if (theta <= 0 && lambda >= c * mu) return 0.0;  // unstable without abandonment
  std::vector<double> p{1.0};
  double total = 1.0;
  for (int n = 1; n < 100000; ++n) {
    const double death = (n <= c ? n * mu : c * mu + (n - c) * theta);
    p.push_back(p.back() * lambda / death);
    total += p.back();
    if (n > c && p.back() < 1e-16 * total) break;
  }
  double served_at_once = 0;
  for (int n = 0; n < c && n < static_cast<int>(p.size()); ++n) served_at_once += p[n] / total;
  const int k_max = std::max(0, static_cast<int>(p.size()) - c);  // queue positions seen
  if (k_max == 0) return served_at_once;
  // u[k] for k = 0..k_max-1 ahead; rate of leaving phase k: c mu + k theta (k ahead leave by
  // service or abandonment; at k = 0 the arrival itself is next).
  std::vector<double> rate(static_cast<std::size_t>(k_max));
  for (int k = 0; k < k_max; ++k) rate[static_cast<std::size_t>(k)] = c * mu + k * theta;
  const double fastest = rate.back() + theta;
  const int steps = std::clamp(static_cast<int>(std::ceil(t * fastest * 4.0)), 64, 200000);
  const double h = t / steps;
  std::vector<double> u(static_cast<std::size_t>(k_max), 0.0), k1(u), k2(u), k3(u), k4(u), tmp(u);
  auto deriv = [&](const std::vector<double>& x, std::vector<double>& d) {
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double next = k == 0 ? 1.0 : x[k - 1];
      d[k] = rate[k] * (next - x[k]) - theta * x[k];
    }
  };
  for (int s = 0; s < steps; ++s) {
    deriv(u, k1);
    for (std::size_t k = 0; k < u.size(); ++k) tmp[k] = u[k] + 0.5 * h * k1[k];
    deriv(tmp, k2);
    for (std::size_t k = 0; k < u.size(); ++k) tmp[k] = u[k] + 0.5 * h * k2[k];
    deriv(tmp, k3);
    for (std::size_t k = 0; k < u.size(); ++k) tmp[k] = u[k] + h * k3[k];
    deriv(tmp, k4);
    for (std::size_t k = 0; k < u.size(); ++k)
      u[k] += h / 6.0 * (k1[k] + 2 * k2[k] + 2 * k3[k] + k4[k]);
  }
  double level = served_at_once;
  for (int k = 0; k < k_max; ++k)
    level += p[static_cast<std::size_t>(c + k)] / total * u[static_cast<std::size_t>(k)];
  return level;
}

std::vector<double> cobham_mean_waits(int c, const std::vector<double>& lambdas, double mu) {
  double lambda = 0;
  for (double l : lambdas) lambda += l;
  const double w0 = erlang_c(c, lambda / mu) / (c * mu);
  std::vector<double> w;
  double s_prev = 0;
  for (double l : lambdas) {
    const double s = s_prev + l / (c * mu);
    w.push_back(w0 / ((1.0 - s_prev) * (1.0 - s)));
    s_prev = s;
  }
  return w;
}

}  // namespace hotline::study::theory
