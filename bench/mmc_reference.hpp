// The hand-written M/M/c FIFO loop shared by bench_mmc_reference and bench_mmc_scenario: the
// smallest correct C++ program for the queue, with no event list at all. Under FIFO, customer i
// starts service at max(arrival_i, earliest time a server frees up) (the Kiefer-Wolfowitz
// recursion), so one tiny min-heap of the c servers' free times replaces the future-event set.
// Times are integer milliseconds and draws come from engine::Rng / sample_exponential, exactly
// as in the engine, so the gap between this figure and a full engine run is the price of
// generality.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "hotline/engine/random.hpp"
#include "hotline/engine/time.hpp"

namespace hotline::bench {

struct MmcParams {
  std::uint64_t arrivals = 10'000'000;
  int servers = 10;
  double rho = 0.9;
  std::uint64_t seed = 1;
  double mean_service_ms = 300'000.0;  // 5 minutes, a typical call
  double mean_interarrival_ms() const { return mean_service_ms / (servers * rho); }
};

struct MmcFigures {
  double seconds = 0;
  double waited_share = 0;
  double mean_wait_ms = 0;
  double utilisation = 0;
  double arrivals_per_s = 0;
};

// Min-heap of server free times supporting only "replace the minimum" (all a FIFO M/M/c
// needs: the customer takes the earliest-free server and that server's free time grows).
class ServerHeap {
 public:
  explicit ServerHeap(int c) : t_(static_cast<std::size_t>(c), 0) {}
  std::int64_t min() const { return t_[0]; }
  void replace_min(std::int64_t v) {
    const std::size_t n = t_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && t_[child + 1] < t_[child]) ++child;
      if (t_[child] >= v) break;
      t_[i] = t_[child];
      i = child;
    }
    t_[i] = v;
  }

 private:
  std::vector<std::int64_t> t_;
};

inline MmcFigures run_mmc_reference(const MmcParams& o) {
  using engine::duration_from_ms;
  using engine::sample_exponential;
  engine::Rng arrivals(o.seed, 0, "arrivals");
  engine::Rng service(o.seed, 0, "service");
  ServerHeap servers(o.servers);
  const double mean_ia = o.mean_interarrival_ms();

  std::int64_t now = 0, total_wait = 0, busy_ms = 0, last_departure = 0;
  std::uint64_t waited = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < o.arrivals; ++i) {
    now += duration_from_ms(sample_exponential(arrivals, mean_ia)).count();
    const std::int64_t free_at = servers.min();
    const std::int64_t start = free_at > now ? free_at : now;
    const std::int64_t s = duration_from_ms(sample_exponential(service, o.mean_service_ms)).count();
    const std::int64_t departure = start + s;
    servers.replace_min(departure);
    total_wait += start - now;
    waited += start > now;
    busy_ms += s;
    if (departure > last_departure) last_departure = departure;
  }
  const auto t1 = std::chrono::steady_clock::now();

  MmcFigures f;
  const double n = static_cast<double>(o.arrivals);
  f.seconds = std::chrono::duration<double>(t1 - t0).count();
  f.waited_share = static_cast<double>(waited) / n;
  f.mean_wait_ms = static_cast<double>(total_wait) / n;
  f.utilisation = static_cast<double>(busy_ms) / (static_cast<double>(last_departure) * o.servers);
  f.arrivals_per_s = n / f.seconds;
  return f;
}

// Erlang C: probability that an arrival waits, for offered load a = c*rho Erlangs.
inline double erlang_c(int c, double rho) {
  const double a = c * rho;
  double term = 1.0, sum = 1.0;  // sum of a^k/k! for k < c
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c / (1.0 - rho);  // a^c / c! / (1 - rho)
  return top / (sum + top);
}

}  // namespace hotline::bench
