// Speed-of-light reference for a hotline run: the smallest correct C++ loop for an M/M/c FIFO
// queue, with no event list at all. Under FIFO, customer i starts service at
// max(arrival_i, earliest time a server frees up) (the Kiefer-Wolfowitz recursion), so one
// tiny min-heap of the c servers' free times replaces the future-event set. Times are integer
// milliseconds and draws come from engine::Rng / sample_exponential, exactly as in the engine,
// so the gap between this figure and a full engine run is the price of generality.
//
// Usage: bench_mmc_reference [--arrivals N] [--servers C] [--rho R] [--seed S]
// The last line is "mmc_reference: arrivals/s=<float>" for scripts.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "hotline/engine/random.hpp"
#include "hotline/engine/time.hpp"

namespace {

using hotline::engine::duration_from_ms;
using hotline::engine::Rng;
using hotline::engine::sample_exponential;

struct Options {
  std::uint64_t arrivals = 10'000'000;
  int servers = 10;
  double rho = 0.9;
  std::uint64_t seed = 1;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "bench_mmc_reference: error: %s\n"
               "usage: bench_mmc_reference [--arrivals N] [--servers C] [--rho R] [--seed S]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") usage("help requested");
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    const char* v = argv[++i];
    char* end = nullptr;
    if (arg == "--arrivals") {
      o.arrivals = std::strtoull(v, &end, 10);
      if (*end != '\0' || o.arrivals == 0) usage("--arrivals needs a positive integer");
    } else if (arg == "--servers") {
      const long c = std::strtol(v, &end, 10);
      if (*end != '\0' || c < 1 || c > 100'000) usage("--servers needs an integer in [1, 1e5]");
      o.servers = static_cast<int>(c);
    } else if (arg == "--rho") {
      o.rho = std::strtod(v, &end);
      if (*end != '\0' || !(o.rho > 0 && o.rho < 1)) usage("--rho needs a number in (0, 1)");
    } else if (arg == "--seed") {
      o.seed = std::strtoull(v, &end, 10);
      if (*end != '\0') usage("--seed needs an integer");
    } else {
      usage(("unknown option " + arg).c_str());
    }
  }
  return o;
}

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

// Erlang C: probability that an arrival waits, for offered load a = c*rho Erlangs.
double erlang_c(int c, double rho) {
  const double a = c * rho;
  double term = 1.0, sum = 1.0;  // sum of a^k/k! for k < c
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double top = term * a / c / (1.0 - rho);  // a^c / c! / (1 - rho)
  return top / (sum + top);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  constexpr double kMeanServiceMs = 300'000.0;  // 5 minutes, a typical call
  const double mean_interarrival_ms = kMeanServiceMs / (o.servers * o.rho);

  Rng arrivals(o.seed, 0, "arrivals");
  Rng service(o.seed, 0, "service");
  ServerHeap servers(o.servers);

  std::int64_t now = 0;
  std::int64_t total_wait = 0;
  std::int64_t busy_ms = 0;
  std::uint64_t waited = 0;
  std::int64_t last_departure = 0;

  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < o.arrivals; ++i) {
    now += duration_from_ms(sample_exponential(arrivals, mean_interarrival_ms)).count();
    const std::int64_t free_at = servers.min();
    const std::int64_t start = free_at > now ? free_at : now;
    const std::int64_t s = duration_from_ms(sample_exponential(service, kMeanServiceMs)).count();
    const std::int64_t departure = start + s;
    servers.replace_min(departure);
    total_wait += start - now;
    waited += start > now;
    busy_ms += s;
    if (departure > last_departure) last_departure = departure;
  }
  const auto t1 = std::chrono::steady_clock::now();

  const double secs = std::chrono::duration<double>(t1 - t0).count();
  const double n = static_cast<double>(o.arrivals);
  const double rate = n / secs;
  const double pw = erlang_c(o.servers, o.rho);
  const double wq_theory = pw * kMeanServiceMs / (o.servers * (1.0 - o.rho));

  std::printf("M/M/%d FIFO, rho=%.3f, mean service %.0f ms, %llu arrivals, seed %llu\n", o.servers,
              o.rho, kMeanServiceMs, static_cast<unsigned long long>(o.arrivals),
              static_cast<unsigned long long>(o.seed));
  std::printf("  wall time          %.3f s\n", secs);
  std::printf("  ns per arrival     %.2f\n", 1e9 * secs / n);
  std::printf("  P(wait)            %.4f   (Erlang C %.4f)\n", waited / n, pw);
  std::printf("  mean wait          %.0f ms (Erlang C %.0f ms)\n", total_wait / n, wq_theory);
  std::printf("  utilisation        %.4f   (rho %.4f)\n",
              static_cast<double>(busy_ms) / (static_cast<double>(last_departure) * o.servers),
              o.rho);
  std::printf("mmc_reference: arrivals/s=%.6g\n", rate);
  return 0;
}
