// The sweep procedure: every variant of a plan (sweep_plan.hpp) run for R replications, or
// until precise enough, with results cached in a ResultStore (result_store.hpp).
//
// Contract:
//  - Replication r of every variant uses the named random streams of (seed, r): all variants
//    see the same alerts (common random numbers), so differences between variants are paired.
//  - Each (variant, replication) has the key store.key(variant.canonical, seed, r). A key the
//    store has is loaded, never run again; a replication that runs is saved as soon as it
//    finishes (in any order), so an interrupted sweep keeps everything that finished.
//  - Fixed reps: replications 0..R-1 of every variant. Auto reps: per variant, replications
//    are added (min_reps first, then batches of `threads`) until the first prefix of
//    k >= min_reps replications in which every precision KPI's 95% half-width is within
//    `precision` (relative: of |mean|; absolute: in the KPI's unit); at most max_reps. The
//    chosen k depends only on the results, never on the thread count; a variant uses exactly
//    its first k replications (more may be stored).
//  - Outputs (estimates, chosen counts) are identical for any thread count and whether the
//    replications were run or loaded.
//  - Stop flag: replications in flight finish and are saved; the rest are not started; the
//    result is marked interrupted (unless nothing was left to start) and each variant's
//    estimates cover its first replications that are available.
//  - A replication that throws (std::logic_error when alerts are not conserved) ends the
//    sweep after the replications in flight: the first error in plan order is rethrown, and
//    what was saved stays saved.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hotline/study/estimate.hpp"
#include "hotline/study/interrupted.hpp"
#include "hotline/study/result_store.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::study {

struct SweepOptions {
  int reps = 10;  // fixed replications per variant (ignored when auto_reps)
  bool auto_reps = false;
  double precision = 0.05;
  bool precision_absolute = false;
  int min_reps = 5;
  int max_reps = 100;
  std::vector<std::string> precision_kpis;  // auto reps: every one must be precise enough
  int threads = 0;                          // 0 = the machine's cores
  // (variants finished, variants, replications done, replications planned so far); planned
  // grows in auto mode. Called from worker threads, serialised.
  std::function<void(int, int, int, int)> progress;
  const StopFlag* stop = nullptr;
};

struct VariantOutcome {
  std::vector<std::string> keys;                // of the replications used, in order
  std::vector<std::string> kpi_names;           // flatten_kpis order
  std::vector<std::vector<double>> kpi_values;  // [replication][kpi], replications used
  std::vector<Estimate> estimates;              // per KPI over the replications used
  bool precision_reached = true;                // auto: a precise prefix was found
  bool complete = true;                         // false when interrupted before its reps
  int reps() const { return static_cast<int>(kpi_values.size()); }
  int kpi_index(const std::string& name) const;  // -1 if absent
};

struct SweepResult {
  std::vector<VariantOutcome> variants;  // plan order
  int replications_run = 0;              // computed now (saved to the store)
  int replications_loaded = 0;           // taken from the store
  bool interrupted = false;
  double wall_time_s = 0;
  int threads_used = 1;
};

SweepResult run_sweep(const SweepPlan& plan, ResultStore& store, const SweepOptions& options);

// The one-sided 95% bound of a mean: mean - t(0.95, n-1) sd / sqrt(n) when `lower`, else
// mean + ...; the mean itself when n < 2.
double one_sided_bound(const Estimate& e, bool lower);

// The paired difference b - a of KPI `kpi` over the replications both variants used (the
// first min(n_a, n_b)): same replication index, same alerts. n = 0 when the KPI is absent.
Estimate paired_difference(const VariantOutcome& a, const VariantOutcome& b,
                           const std::string& kpi);

}  // namespace hotline::study
