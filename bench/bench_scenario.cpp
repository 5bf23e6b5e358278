// Runs a scenario through the library (study::run_single / run_replications, no CSV or JSON
// output, desk-hour rows off) and prints throughput and memory, so file I/O never counts.
//
// Usage:
//   bench_scenario SCENARIO [--set KEY=VALUE]... [--seed N] [--threads T]
//       one replication: alerts/s, events/s, peak and in-run resident memory; a split
//       scenario (split: true, national) runs its parts on T threads (default 1)
//   bench_scenario SCENARIO [--set ...] --replications R --threads 1,2
//       R replications at each thread count: wall time and speed-up over the first count
// SCENARIO is a file or a bundled name (xizang). The last line is machine-readable
// ("bench_scenario: key=value ...") for scripts/bench.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/single_run.hpp"

namespace {

using namespace hotline;

struct Options {
  std::string scenario;
  std::vector<scenario::Override> overrides;
  bool has_seed = false;
  std::uint64_t seed = 0;
  int replications = 0;  // 0 = single-run mode
  std::vector<int> threads;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "bench_scenario: error: %s\n"
               "usage: bench_scenario SCENARIO [--set KEY=VALUE]... [--seed N]\n"
               "                      [--replications R --threads T1,T2,...]\n",
               why.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") usage("help requested");
    if (arg.rfind("--", 0) != 0) {
      if (!o.scenario.empty()) usage("more than one scenario given");
      o.scenario = arg;
      continue;
    }
    if (i + 1 >= argc) usage("missing value after " + arg);
    const std::string v = argv[++i];
    char* end = nullptr;
    if (arg == "--set") {
      o.overrides.push_back(scenario::parse_override(v));
    } else if (arg == "--seed") {
      o.seed = std::strtoull(v.c_str(), &end, 10);
      if (*end != '\0') usage("--seed needs an integer");
      o.has_seed = true;
    } else if (arg == "--replications") {
      o.replications = static_cast<int>(std::strtol(v.c_str(), &end, 10));
      if (*end != '\0' || o.replications < 1) usage("--replications needs a positive integer");
    } else if (arg == "--threads") {
      std::size_t pos = 0;
      while (pos <= v.size()) {
        const std::size_t comma = v.find(',', pos);
        const std::string item = v.substr(pos, comma == std::string::npos ? comma : comma - pos);
        const long t = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || t < 1) usage("--threads needs a list like 1,2");
        o.threads.push_back(static_cast<int>(t));
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else {
      usage("unknown option " + arg);
    }
  }
  if (o.scenario.empty()) usage("no scenario given");
  if (o.replications > 0 && o.threads.empty()) o.threads = {1, 2};
  return o;
}

int single(const Options& o, const scenario::Scenario& s, double load_s, const std::string& cmd) {
  study::SingleRunOptions run;
  run.seed = o.has_seed ? o.seed : s.seed;
  run.keep_desk_hours = false;
  run.threads = o.threads.empty() ? 1 : o.threads.front();
  // Resident memory at a few points of the run: flat figures mean memory follows the alerts
  // in flight, not the alerts simulated so far.
  const double marks[] = {0.1, 0.5, 1.0};
  double rss_at[3] = {0, 0, 0};
  std::size_t next_mark = 0;
  run.progress = [&](double done) {
    while (next_mark < 3 && done >= marks[next_mark])
      rss_at[next_mark++] = bench::current_rss_mib();
  };
  const double rss_loaded = bench::current_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  const metrics::RunResult r = study::run_single(s, run);
  const double secs = bench::seconds_since(t0);
  const auto alerts = static_cast<double>(r.conservation.entered);
  const auto events = static_cast<double>(r.events);
  const double peak = bench::peak_rss_mib();

  std::printf("scenario %s (%s), %.0f simulated days, seed %llu\n", s.name.c_str(),
              s.source_name.c_str(), r.simulated_days, static_cast<unsigned long long>(run.seed));
  std::printf("  reproduce          %s\n", cmd.c_str());
  std::printf("  units / desks      %zu / %zu\n", s.units.size(), s.desks.size());
  std::printf("  parts / threads    %d / %d\n", study::split_parts(s), run.threads);
  std::printf("  load time          %.3f s\n", load_s);
  std::printf("  run wall time      %.3f s\n", secs);
  std::printf("  alerts             %.0f (dissuaded %lld, lost %lld, open %lld)\n", alerts,
              static_cast<long long>(r.conservation.dissuaded),
              static_cast<long long>(r.conservation.lost),
              static_cast<long long>(r.conservation.open));
  std::printf("  events             %.0f (%.2f per alert)\n", events,
              alerts > 0 ? events / alerts : 0);
  std::printf("  alerts/s           %.4g\n", alerts / secs);
  std::printf("  events/s           %.4g\n", events / secs);
  std::printf("  ns per event       %.1f\n", 1e9 * secs / events);
  std::printf(
      "  resident MiB       after load %.1f, at 10%% %.1f, 50%% %.1f, 100%% %.1f; peak %.1f\n",
      rss_loaded, rss_at[0], rss_at[1], rss_at[2], peak);
  std::printf(
      "bench_scenario: name=%s alerts=%.0f events=%.0f wall_s=%.4f alerts_per_s=%.6g "
      "events_per_s=%.6g peak_rss_mib=%.1f\n",
      s.name.c_str(), alerts, events, secs, alerts / secs, events / secs, peak);
  return 0;
}

int replications(const Options& o, const scenario::Scenario& s, const std::string& cmd) {
  std::printf("scenario %s (%s), %d replications\n", s.name.c_str(), s.source_name.c_str(),
              o.replications);
  std::printf("  reproduce          %s\n", cmd.c_str());
  double first = 0;
  std::string line =
      "bench_scenario: name=" + s.name + " replications=" + std::to_string(o.replications);
  for (int t : o.threads) {
    study::ReplicationOptions ro;
    ro.seed = o.has_seed ? o.seed : s.seed;
    ro.reps = o.replications;
    ro.threads = t;
    const auto t0 = std::chrono::steady_clock::now();
    const study::ReplicationSet set = study::run_replications(s, ro);
    const double secs = bench::seconds_since(t0);
    if (first == 0) first = secs;
    std::printf("  threads %-2d         %.3f s wall (%d used), speed-up %.2fx\n", t, secs,
                set.threads_used, first / secs);
    char buf[96];
    std::snprintf(buf, sizeof buf, " wall_s_t%d=%.4f speedup_t%d=%.3f", t, secs, t, first / secs);
    line += buf;
  }
  std::printf("%s\n", line.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    const std::string cmd = bench::command_line(argc, argv);
    const auto t0 = std::chrono::steady_clock::now();
    const scenario::Scenario s = scenario::load_scenario(o.scenario, o.overrides);
    const double load_s = bench::seconds_since(t0);
    return o.replications > 0 ? replications(o, s, cmd) : single(o, s, load_s, cmd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_scenario: %s\n", e.what());
    return 1;
  }
}
