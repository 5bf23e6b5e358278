// The hand-written M/M/c FIFO loops shared by bench_mmc_reference and bench_mmc_scenario.
// run_mmc_reference is the smallest correct C++ program for the queue, with no event list at
// all; run_mmc_event_loop (below) is the textbook loop with a future-event list. Under FIFO,
// customer i starts service at max(arrival_i, earliest time a server frees up) (the
// Kiefer-Wolfowitz recursion), so one tiny min-heap of the c servers' free times replaces the
// future-event set. Times are integer milliseconds and draws come from engine::Rng /
// sample_exponential, exactly as in the engine, so the gap between this figure and a full engine
// run is the price of generality.
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

// What both loops report, from their totals over all arrivals.
inline MmcFigures make_figures(const MmcParams& o, double seconds, std::uint64_t waited,
                               std::int64_t total_wait, std::int64_t busy_ms,
                               std::int64_t last_departure) {
  MmcFigures f;
  const double n = static_cast<double>(o.arrivals);
  f.seconds = seconds;
  f.waited_share = static_cast<double>(waited) / n;
  f.mean_wait_ms = static_cast<double>(total_wait) / n;
  f.utilisation = static_cast<double>(busy_ms) / (static_cast<double>(last_departure) * o.servers);
  f.arrivals_per_s = n / f.seconds;
  return f;
}

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

  return make_figures(o, std::chrono::duration<double>(t1 - t0).count(), waited, total_wait,
                      busy_ms, last_departure);
}

// The same queue as a textbook event-scheduling loop: a binary min-heap of (time, sequence,
// kind) events holding the next arrival and one departure per busy server, and a FIFO ring of
// waiting arrival times. Two events per customer, as in a hand-written simulator with a
// future-event list (the "10 million arrivals, 20 million events a second" loop of issue #4).
// Same streams and integer-millisecond times as run_mmc_reference, so with no ties both give
// the same waits.
class EventHeap {
 public:
  struct Ev {
    std::int64_t time;
    std::uint64_t seq;  // insertion order breaks ties: departures and arrivals at one ms
    bool arrival;
  };
  explicit EventHeap(std::size_t reserve) { h_.reserve(reserve); }
  bool empty() const { return h_.empty(); }
  const Ev& top() const { return h_.front(); }
  void push(std::int64_t time, bool arrival) {
    Ev e{time, seq_++, arrival};
    std::size_t i = h_.size();
    h_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!less(e, h_[parent])) break;
      h_[i] = h_[parent];
      i = parent;
    }
    h_[i] = e;
  }
  void pop() {
    const Ev last = h_.back();
    h_.pop_back();
    const std::size_t n = h_.size();
    if (n == 0) return;
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && less(h_[child + 1], h_[child])) ++child;
      if (!less(h_[child], last)) break;
      h_[i] = h_[child];
      i = child;
    }
    h_[i] = last;
  }

 private:
  static bool less(const Ev& a, const Ev& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }
  std::vector<Ev> h_;
  std::uint64_t seq_ = 0;
};

inline MmcFigures run_mmc_event_loop(const MmcParams& o) {
  using engine::duration_from_ms;
  using engine::sample_exponential;
  engine::Rng arrivals(o.seed, 0, "arrivals");
  engine::Rng service(o.seed, 0, "service");
  const double mean_ia = o.mean_interarrival_ms();
  EventHeap events(static_cast<std::size_t>(o.servers) + 2);
  // FIFO of waiting customers' arrival times: a ring buffer that doubles when full.
  std::vector<std::int64_t> waiting(1024);
  std::size_t head = 0, count = 0;
  int busy = 0;
  std::uint64_t arrived = 0, waited = 0;
  std::int64_t total_wait = 0, busy_ms = 0, last_departure = 0;

  auto start_service = [&](std::int64_t now, std::int64_t arrived_at) {
    const std::int64_t s = duration_from_ms(sample_exponential(service, o.mean_service_ms)).count();
    total_wait += now - arrived_at;
    waited += now > arrived_at;
    busy_ms += s;
    ++busy;
    events.push(now + s, false);
  };

  const auto t0 = std::chrono::steady_clock::now();
  events.push(duration_from_ms(sample_exponential(arrivals, mean_ia)).count(), true);
  while (!events.empty()) {
    const EventHeap::Ev ev = events.top();
    events.pop();
    const std::int64_t now = ev.time;
    if (ev.arrival) {
      ++arrived;
      if (arrived < o.arrivals)
        events.push(now + duration_from_ms(sample_exponential(arrivals, mean_ia)).count(), true);
      if (busy < o.servers) {
        start_service(now, now);
      } else {
        if (count == waiting.size()) {
          std::vector<std::int64_t> bigger(2 * waiting.size());
          for (std::size_t k = 0; k < count; ++k) bigger[k] = waiting[(head + k) % waiting.size()];
          waiting.swap(bigger);
          head = 0;
        }
        waiting[(head + count) % waiting.size()] = now;
        ++count;
      }
    } else {
      --busy;
      last_departure = now;
      if (count > 0) {
        const std::int64_t arrived_at = waiting[head];
        head = (head + 1) % waiting.size();
        --count;
        start_service(now, arrived_at);
      }
    }
  }
  const auto t1 = std::chrono::steady_clock::now();

  return make_figures(o, std::chrono::duration<double>(t1 - t0).count(), waited, total_wait,
                      busy_ms, last_departure);
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
