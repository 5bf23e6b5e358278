// The cost of the sweep machinery (plan, keys, results database, cache look-ups) against the
// same replications run one by one through study::run_single, on each thread count.
//
// Usage:
//   bench_sweep SCENARIO --vary KEY=LIST|A..B[:STEP]... [--set KEY=VALUE]... [--reps R]
//               [--threads 1,2] [--repeat N]
// For each thread count: the baseline (every (variant, replication) of the plan through
// run_single on T threads, nothing stored), then run_sweep into a fresh sweep.db, then the
// same sweep again (everything from the database). Each is timed N times (default 3) and the
// fastest kept, as wall time and as process CPU time. The last line is machine-readable
// ("bench_sweep: key=value ...").
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/study/single_run.hpp"
#include "hotline/study/sweep.hpp"

namespace {

using namespace hotline;
namespace fs = std::filesystem;

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "bench_sweep: error: %s\n"
               "usage: bench_sweep SCENARIO --vary KEY=LIST|A..B[:STEP]... [--set KEY=VALUE]...\n"
               "                   [--reps R] [--threads 1,2] [--repeat N]\n",
               why.c_str());
  std::exit(2);
}

// Process CPU time (every thread), in seconds: on a shared machine wall time also counts
// other programs' turns, CPU time only this one's work.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
  double wall = 1e300, cpu = 1e300;
  void keep_min(double w, double c) {
    wall = std::min(wall, w);
    cpu = std::min(cpu, c);
  }
};

double baseline(const study::SweepPlan& plan, int reps, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  const int total = static_cast<int>(plan.variants.size()) * reps;
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < total; i = next++) {
      study::SingleRunOptions so;
      so.seed = plan.seed;
      so.replication = static_cast<std::uint64_t>(i % reps);
      so.keep_desk_hours = false;
      const auto r =
          study::run_single(plan.variants[static_cast<std::size_t>(i / reps)].scenario, so);
      if (r.events == 0) std::abort();  // keep the result alive
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return bench::seconds_since(t0);
}

double sweep(const study::SweepPlan& plan, int reps, int threads, const fs::path& db_path,
             bool fresh, int& run) {
  if (fresh) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path.string() + suffix);
  }
  const auto t0 = std::chrono::steady_clock::now();
  report::ResultsDb db(db_path.string());
  study::SweepOptions o;
  o.reps = reps;
  o.threads = threads;
  const auto r = study::run_sweep(plan, db, o);
  run = r.replications_run;
  return bench::seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  scenario::SweepStudy s;
  s.scenario.clear();
  int reps = 10, repeat = 3;
  std::vector<int> threads = {1, 2};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      s.scenario = arg;
      continue;
    }
    if (i + 1 >= argc) usage("missing value after " + arg);
    const std::string v = argv[++i];
    if (arg == "--vary")
      s.factors.push_back(scenario::parse_vary(v));
    else if (arg == "--set")
      s.sets.push_back(v);
    else if (arg == "--reps")
      reps = std::atoi(v.c_str());
    else if (arg == "--repeat")
      repeat = std::atoi(v.c_str());
    else if (arg == "--threads") {
      threads.clear();
      for (std::size_t p = 0; p < v.size();) {
        const std::size_t c = v.find(',', p);
        threads.push_back(std::atoi(v.substr(p, c - p).c_str()));
        p = c == std::string::npos ? v.size() : c + 1;
      }
    } else
      usage("unknown option " + arg);
  }
  if (s.scenario.empty() || s.factors.empty() || reps < 1 || repeat < 1)
    usage("give a scenario, at least one --vary and positive --reps/--repeat");
  try {
    const auto t_plan = std::chrono::steady_clock::now();
    const study::SweepPlan plan = study::make_sweep_plan(s);
    const double plan_s = bench::seconds_since(t_plan);
    const fs::path dir = fs::temp_directory_path() / ("bench_sweep." + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path db = dir / "sweep.db";
    std::printf("%zu variants x %d replications; plan built in %.3f s (loading every variant)\n",
                plan.variants.size(), reps, plan_s);
    std::printf("%8s %22s %22s %20s %12s\n", "threads", "one by one wall/cpu", "sweep wall/cpu",
                "overhead wall/cpu", "cached rerun");
    std::string line = "bench_sweep:";
    for (const int t : threads) {
      Timing base, sw, cached;
      for (int k = 0; k < repeat; ++k) {
        int run = 0;
        double c0 = cpu_seconds();
        const double wb = baseline(plan, reps, t);
        base.keep_min(wb, cpu_seconds() - c0);
        c0 = cpu_seconds();
        const double ws = sweep(plan, reps, t, db, true, run);
        sw.keep_min(ws, cpu_seconds() - c0);
        if (run != static_cast<int>(plan.variants.size()) * reps) usage("the sweep ran too few");
        c0 = cpu_seconds();
        const double wc = sweep(plan, reps, t, db, false, run);
        cached.keep_min(wc, cpu_seconds() - c0);
        if (run != 0) usage("the cached sweep ran replications");
      }
      const double over_wall = 100.0 * (sw.wall - base.wall) / base.wall;
      const double over_cpu = 100.0 * (sw.cpu - base.cpu) / base.cpu;
      std::printf("%8d %9.3f s / %7.3f s %9.3f s / %7.3f s %8.1f%% / %6.1f%% %10.3f s\n", t,
                  base.wall, base.cpu, sw.wall, sw.cpu, over_wall, over_cpu, cached.wall);
      const std::string p = " threads" + std::to_string(t) + "_";
      line += p + "baseline_s=" + std::to_string(base.wall) + p +
              "sweep_s=" + std::to_string(sw.wall) + p +
              "overhead_wall_pct=" + std::to_string(over_wall) + p +
              "overhead_cpu_pct=" + std::to_string(over_cpu);
    }
    fs::remove_all(dir);
    std::printf("reproduce: %s\n%s\n", bench::command_line(argc, argv).c_str(), line.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sweep: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
