#include "hotline/study/queueing_theory.hpp"

#include <cmath>

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
