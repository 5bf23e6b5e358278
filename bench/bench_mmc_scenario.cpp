// The M/M/c queue three times at the same lambda, c, mu and number of arrivals: as the two
// hand-written loops of mmc_reference.hpp (the server-heap recursion, with no event list, and
// the textbook event-list loop), and as a full hotline-sim run of bench/scenarios/mmc.yaml
// through the library (study::run_single, no output files). Prints arrivals/s of each and the
// model's ratio to each loop: the price of the general model over a single-purpose program.
//
// Usage: bench_mmc_scenario [--arrivals N] [--servers C] [--rho R] [--seed S]
//                           [--scenario PATH]   (default: bench/scenarios/mmc.yaml next to
//                                                the sources, set at build time)
// The scenario's rate, headcount and horizon are set with overrides so that the expected
// number of arrivals is N. The last line is machine-readable for scripts/bench.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "bench_support.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/single_run.hpp"
#include "mmc_reference.hpp"

#ifndef HOTLINE_BENCH_SCENARIOS
#define HOTLINE_BENCH_SCENARIOS "bench/scenarios"
#endif

namespace {

using namespace hotline;

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "bench_mmc_scenario: error: %s\n"
               "usage: bench_mmc_scenario [--arrivals N] [--servers C] [--rho R] [--seed S] "
               "[--scenario PATH]\n",
               why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  bench::MmcParams p;
  std::string path = HOTLINE_BENCH_SCENARIOS "/mmc.yaml";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") usage("help requested");
    if (i + 1 >= argc) usage("missing value after " + arg);
    const char* v = argv[++i];
    char* end = nullptr;
    if (arg == "--arrivals") {
      p.arrivals = std::strtoull(v, &end, 10);
      if (*end != '\0' || p.arrivals == 0) usage("--arrivals needs a positive integer");
    } else if (arg == "--servers") {
      const long c = std::strtol(v, &end, 10);
      if (*end != '\0' || c < 1 || c > 100'000) usage("--servers needs an integer in [1, 1e5]");
      p.servers = static_cast<int>(c);
    } else if (arg == "--rho") {
      p.rho = std::strtod(v, &end);
      if (*end != '\0' || !(p.rho > 0 && p.rho < 1)) usage("--rho needs a number in (0, 1)");
    } else if (arg == "--seed") {
      p.seed = std::strtoull(v, &end, 10);
      if (*end != '\0') usage("--seed needs an integer");
    } else if (arg == "--scenario") {
      path = v;
    } else {
      usage("unknown option " + arg);
    }
  }
  try {
    const double per_day = 86'400'000.0 / p.mean_interarrival_ms();
    const auto horizon_ms = static_cast<long long>(
        std::llround(static_cast<double>(p.arrivals) * p.mean_interarrival_ms()));
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.17g", per_day);
    const std::vector<scenario::Override> overrides = {
        {"fraud_types.calls.rate_per_day", rate},
        {"desks.desk.roster.all.headcount", std::to_string(p.servers)},
        {"clock.horizon", std::to_string(horizon_ms) + "ms"},
    };
    const scenario::Scenario s = scenario::load_scenario_file(path, overrides);

    const bench::MmcFigures ref = bench::run_mmc_reference(p);
    const bench::MmcFigures evl = bench::run_mmc_event_loop(p);

    study::SingleRunOptions run;
    run.seed = p.seed;
    run.keep_desk_hours = false;
    const auto t0 = std::chrono::steady_clock::now();
    const metrics::RunResult r = study::run_single(s, run);
    const double secs = bench::seconds_since(t0);
    const auto n = static_cast<double>(r.conservation.entered);
    const double model_rate = n / secs;

    std::printf("M/M/%d FIFO, rho=%.3f, mean service %.0f ms, %llu arrivals, seed %llu\n",
                p.servers, p.rho, p.mean_service_ms, static_cast<unsigned long long>(p.arrivals),
                static_cast<unsigned long long>(p.seed));
    std::printf("  reproduce              %s\n", bench::command_line(argc, argv).c_str());
    std::printf(
        "  hand loop, event list  %.3f s, %.4g arrivals/s, %.4g events/s (P(wait) %.4f, "
        "Erlang C %.4f)\n",
        evl.seconds, evl.arrivals_per_s, 2 * evl.arrivals_per_s, evl.waited_share,
        bench::erlang_c(p.servers, p.rho));
    std::printf("  hand loop, server heap %.3f s, %.4g arrivals/s (no event list; P(wait) %.4f)\n",
                ref.seconds, ref.arrivals_per_s, ref.waited_share);
    std::printf(
        "  hotline-sim scenario   %.3f s, %.0f arrivals, %llu events, %.4g arrivals/s, "
        "%.4g events/s\n",
        secs, n, static_cast<unsigned long long>(r.events), model_rate,
        static_cast<double>(r.events) / secs);
    std::printf("  ratio to event list    %.1f%% (target >= 50%%)\n",
                100.0 * model_rate / evl.arrivals_per_s);
    std::printf("  ratio to server heap   %.1f%%\n", 100.0 * model_rate / ref.arrivals_per_s);
    std::printf(
        "bench_mmc_scenario: loop_arrivals_per_s=%.6g event_loop_arrivals_per_s=%.6g "
        "model_arrivals_per_s=%.6g ratio=%.4f ratio_server_heap=%.4f\n",
        ref.arrivals_per_s, evl.arrivals_per_s, model_rate, model_rate / evl.arrivals_per_s,
        model_rate / ref.arrivals_per_s);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_mmc_scenario: %s\n", e.what());
    return 1;
  }
}
