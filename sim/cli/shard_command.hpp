// One shard of a plan of fixed replications into one partial result (docs/cluster.md): the
// part `sweep --shard I/N` and `run --reps N --shard I/N` share. The caller checks its own
// arguments and builds the plan; this parses I/N, writes the partial's header, skips what an
// earlier attempt finished and keeps the exit-code contract: 0 when the shard holds all its
// replications (now or already), kExitRetry (75) when a signal stopped it after saving what
// finished; a ScenarioError (exit 2) for a bad --shard, an OutputError (exit 3) when the
// partial is of another plan or the shard already runs elsewhere.
#pragma once

#include <string>
#include <vector>

#include "hotline/study/shard.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::cli {

// "I/N" with 1 <= I <= N; throws ScenarioError (option --shard) naming the expected form.
study::ShardSpec parse_shard(const std::string& text);

struct PlanShard {
  const study::SweepPlan* plan = nullptr;
  int reps = 0;                        // fixed replications per variant
  std::string digest;                  // the plan's: a partial of another plan is refused
  std::string command;                 // "sweep" or "run": what merge rebuilds
  std::vector<std::string> arguments;  // the command's plan-defining arguments
  std::string shard;                   // "I/N" as given
  std::string out_dir;
  int threads = 0;
  bool quiet = false;
  bool conservation = false;  // records keep what a run folder needs (study::ShardOptions)
  bool desk_hours = false;
};

int run_plan_shard(const PlanShard& shard);

}  // namespace hotline::cli
