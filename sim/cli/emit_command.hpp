// `hotline-sim emit slurm STUDY.yaml` (or `emit slurm --run SCENARIO --reps N`): writes the
// Slurm job scripts that run a study's sweep (or a scenario's replications) as shards of job
// arrays and merge them (docs/cluster.md):
//   DIR/slurm/shard.sbatch   one array task = one shard (`sweep --shard I/N`, or `run --reps
//                            N --shard I/N`), --requeue-safe:
//                            SIGUSR1 before the time limit stops the shard after the
//                            replication in hand, exit 75 requeues the task, which then skips
//                            what it finished; any other failure is not retried
//   DIR/slurm/merge.sbatch   `merge DIR/parts --out DIR/result`
//   DIR/slurm/submit.sh      sbatch of ceil(N / array-max) arrays (each at most --array-max
//                            tasks, at most --concurrency running), then the merge job with
//                            --dependency=afterok on every array; arguments go to the merge's
//                            sbatch (e.g. --wait)
// The plan is loaded and checked first (bad input exits 2 before anything is written).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotline::cli {

struct EmitSlurmArgs {
  std::string study;  // study file
  // --run SCENARIO instead of a study: `run --reps N --shard I/N` shards of one scenario
  // (with --set and --patch), merged into the run folder.
  std::string run_scenario;
  std::vector<std::string> sets, patches;
  std::optional<std::string> reps;  // replaces the study's
  int shards = 0;                   // 0: one per replication, at most 1000
  int array_max = 1000;             // the site's MaxArraySize (task ids 0..array_max-1)
  int concurrency = 0;              // %C: at most C tasks of an array at once; 0 = no limit
  int threads = 1;                  // --cpus-per-task and the shard's --threads
  std::string time = "02:00:00";    // per shard
  std::string merge_time = "01:00:00";
  std::string mem = "2G";
  std::string partition, account;
  int signal_lead_s = 300;  // SIGUSR1 this long before the time limit
  std::string binary;       // default: this hotline-sim
  std::string out_dir = "out/cluster";
};

int emit_slurm_command(const EmitSlurmArgs& args);
// Declares `emit` with its `slurm` subcommand; returns the `slurm` one.
CLI::App* add_emit_subcommand(CLI::App& app, EmitSlurmArgs& args);

}  // namespace hotline::cli
