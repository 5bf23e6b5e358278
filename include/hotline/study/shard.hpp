// One shard of a batch of replications: a deterministic slice of a run plan that one process
// (a cluster job, a Slurm array task) runs on its own, saving each finished replication to a
// ResultStore (report::PartialFile: one self-describing partial result per shard).
//
// Contract:
//  - A batch is a list of (variant, replication) jobs in plan order: variant-major, job
//    j = variant * reps + replication for a sweep of `reps` fixed replications. Shard I of N
//    (1-based) holds the jobs j with j % N == I - 1: round robin, so an expensive variant is
//    spread over every shard, and the same (plan, N) gives the same slices on every machine.
//    Every job is in exactly one shard; a shard may be empty when N exceeds the jobs.
//  - run_shard runs the jobs of `jobs` whose key the store does not have (so a shard rerun
//    after a kill or a requeue skips what it finished), on `threads` threads, saving each one
//    as it finishes, in any order. What a replication computes does not depend on the shard,
//    the thread count or the order: the same key always holds the same values.
//  - Stop flag: replications in flight finish and are saved; no new one starts; the result is
//    marked interrupted when jobs were left.
//  - A replication that throws ends the shard after those in flight; the first error in job
//    order is rethrown (what was saved stays saved).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hotline/study/interrupted.hpp"
#include "hotline/study/result_store.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::study {

struct ShardSpec {
  int index = 1;  // 1-based
  int count = 1;
};

struct PlanJob {
  int variant = 0;
  int replication = 0;
};

// The jobs of shard `spec` of a plan of `variants` x `reps` fixed replications, in plan order.
std::vector<PlanJob> shard_jobs(int variants, int reps, ShardSpec spec);

// The 1-based shard of N that holds replication `replication` of `variant`.
int shard_of(int variant, int replication, int reps, int count);

struct ShardOptions {
  int threads = 0;  // 0 = the machine's cores
  // What each record keeps beyond a sweep's (run_for_store): a replicated run's shards keep
  // the conservation totals, and the desk-hour series when the run writes desks.csv.
  bool conservation = false;
  bool desk_hours = false;
  // (replications done, replications of the shard); called from worker threads, serialised.
  std::function<void(int, int)> progress;
  const StopFlag* stop = nullptr;
};

struct ShardResult {
  int replications_run = 0;      // computed now (saved to the store)
  int replications_skipped = 0;  // the store had them (an earlier attempt of this shard)
  bool interrupted = false;
  double wall_time_s = 0;
  int threads_used = 1;
};

ShardResult run_shard(const SweepPlan& plan, const std::vector<PlanJob>& jobs, ResultStore& store,
                      const ShardOptions& options);

// Replication `replication` of `variant` as a store keeps it (what run_sweep saves): KPIs in
// kpi_names order (`names`, shared), intervals, events and the wall time of the run; with
// `conservation` its conservation totals, with `desk_hours` its desk-hour series too.
StoredReplication run_for_store(const SweepVariant& variant, std::uint64_t seed, int replication,
                                std::shared_ptr<const std::vector<std::string>> names,
                                bool conservation = false, bool desk_hours = false);

}  // namespace hotline::study
