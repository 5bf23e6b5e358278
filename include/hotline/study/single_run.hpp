// One replication of one scenario, with the KPI collector and any extra observers attached.
//
// A scenario with `split: true` and more than one independent part (independent_parts.hpp)
// runs split: a model and a collector per part, on up to `threads` threads, merged in part
// order, so the result is byte for byte the same for any thread count. Its streams are the
// parts' (model_part.hpp): a split run draws other alerts than the same scenario unsplit, with
// the same distributions. A split run takes no observers and no dispatcher (their records
// would come from several models at once): it throws std::invalid_argument if given them.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/interrupted.hpp"

namespace hotline::study {

struct SingleRunOptions {
  std::uint64_t seed = 0;  // used as given (the CLI puts scenario.seed here by default)
  std::uint64_t replication = 0;
  bool keep_desk_hours = true;              // see metrics::KpiCollector::Options
  std::vector<model::Observer*> observers;  // e.g. CSV/trace writers; called after the KPIs
  // Called after each simulated day (and at the end) with the fraction of the horizon done.
  std::function<void(double)> progress;
  // Decides the alerts; null = the scenario's standard rules. Must outlive the run.
  model::Dispatcher* dispatcher = nullptr;
  // Polled between simulated days; when it turns true the run stops and throws Interrupted.
  const StopFlag* stop = nullptr;
  // Split runs only: threads that run the parts (each part on one); 1 = in the calling thread.
  int threads = 1;
};

// Whether run_single runs this scenario split, and in how many parts (1: not split).
int split_parts(const scenario::Scenario& scenario);

// Throws Interrupted (interrupted.hpp) when options.stop was set during the run, and
// std::logic_error when alerts are not conserved.
metrics::RunResult run_single(const scenario::Scenario& scenario, const SingleRunOptions& options);

}  // namespace hotline::study
