// Exact results of textbook queues, used to validate the simulator where the model reduces to
// them. Rates per second, times in seconds. References:
//  - Erlang B and C: L. Kleinrock, Queueing Systems Vol. 1 (1975), sec. 3.4-3.6; the stable
//    recursion B(c) = a B(c-1) / (c + a B(c-1)) from Jagerman (1974).
//  - Erlang A (M/M/c+M): O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with
//    impatient customers", MSOM 4(3), 2002, and Mandelbaum & Zeltyn's "The M/M/n+G queue:
//    summary of performance measures" (2009 technical note), computed here by the exact
//    birth-death chain truncated where its tail is negligible.
//  - Non-preemptive priorities, M/M/c, equal service rates: A. Cobham, "Priority assignment in
//    waiting line problems", JORSA 2(1), 1954: W_k = W0 / ((1 - s_{k-1})(1 - s_k)), with
//    W0 = C(c, a) / (c mu) and s_k = sum_{i<=k} lambda_i / (c mu).
#pragma once

#include <vector>

namespace hotline::study::theory {

// Erlang B blocking probability for c servers and offered load a = lambda / mu.
double erlang_b(int c, double a);
// Erlang C probability of waiting (a < c).
double erlang_c(int c, double a);
// M/M/c mean wait in queue.
double mmc_mean_wait(int c, double lambda, double mu);

struct ErlangA {
  double p_wait = 0;     // an arrival finds all servers busy
  double p_abandon = 0;  // an arrival abandons before service
  double mean_wait = 0;  // mean time in queue over all arrivals (served and abandoned)
};
// M/M/c+M: exponential patience with rate theta.
ErlangA erlang_a(int c, double lambda, double mu, double theta);

// M/M/c+M service level: the probability that an arrival is served within t (its wait ends in
// service, not abandonment, no later than t); theta > 0, or theta = 0 with lambda < c mu
// (then it is Erlang C's 1 - C(c, a) e^-(c mu - lambda) t). Exact on the birth-death chain
// (truncated as erlang_a does): by PASTA the arrival finds n in system; with k = n - c ahead
// it waits through phases of rate c mu + j theta (j = k..1) and c mu, and abandons at rate
// theta meanwhile; u_k(t) = P(served within t | k ahead) solves
// u_k' = r_k (u_{k-1} - u_k) - theta u_k, u_k(0) = 0, u_{-1} = 1, integrated by RK4.
double erlang_a_service_level(int c, double lambda, double mu, double theta, double t);

// Mean wait of each priority class (index 0 = most urgent) in M/M/c with non-preemptive
// priorities and a common service rate.
std::vector<double> cobham_mean_waits(int c, const std::vector<double>& lambdas, double mu);

}  // namespace hotline::study::theory
