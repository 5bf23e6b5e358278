// Speed-of-light references for a hotline run: the two hand-written M/M/c FIFO loops of
// mmc_reference.hpp (the server-heap recursion and the event-list loop), timed alone.
//
// Usage: bench_mmc_reference [--arrivals N] [--servers C] [--rho R] [--seed S]
// The last line is "mmc_reference: arrivals/s=<float> event_loop_arrivals/s=<float>".
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_support.hpp"
#include "mmc_reference.hpp"

namespace {

using hotline::bench::MmcParams;

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "bench_mmc_reference: error: %s\n"
               "usage: bench_mmc_reference [--arrivals N] [--servers C] [--rho R] [--seed S]\n",
               why);
  std::exit(2);
}

MmcParams parse(int argc, char** argv) {
  MmcParams o;
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

}  // namespace

int main(int argc, char** argv) {
  const MmcParams o = parse(argc, argv);
  const auto f = hotline::bench::run_mmc_reference(o);
  const auto e = hotline::bench::run_mmc_event_loop(o);
  const double pw = hotline::bench::erlang_c(o.servers, o.rho);
  const double wq_theory = pw * o.mean_service_ms / (o.servers * (1.0 - o.rho));
  std::printf("M/M/%d FIFO, rho=%.3f, mean service %.0f ms, %llu arrivals, seed %llu\n", o.servers,
              o.rho, o.mean_service_ms, static_cast<unsigned long long>(o.arrivals),
              static_cast<unsigned long long>(o.seed));
  std::printf("  reproduce          %s\n", hotline::bench::command_line(argc, argv).c_str());
  std::printf("                     %-14s %-14s %s\n", "server heap", "event list", "theory");
  std::printf("  wall time          %-14.3f %-14.3f s\n", f.seconds, e.seconds);
  std::printf("  ns per arrival     %-14.2f %-14.2f\n",
              1e9 * f.seconds / static_cast<double>(o.arrivals),
              1e9 * e.seconds / static_cast<double>(o.arrivals));
  std::printf("  arrivals/s         %-14.4g %-14.4g\n", f.arrivals_per_s, e.arrivals_per_s);
  std::printf("  P(wait)            %-14.4f %-14.4f %.4f (Erlang C)\n", f.waited_share,
              e.waited_share, pw);
  std::printf("  mean wait (ms)     %-14.0f %-14.0f %.0f (Erlang C)\n", f.mean_wait_ms,
              e.mean_wait_ms, wq_theory);
  std::printf("  utilisation        %-14.4f %-14.4f %.4f (rho)\n", f.utilisation, e.utilisation,
              o.rho);
  std::printf("mmc_reference: arrivals/s=%.6g event_loop_arrivals/s=%.6g\n", f.arrivals_per_s,
              e.arrivals_per_s);
  return 0;
}
