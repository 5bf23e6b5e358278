// `hotline-sim run`: load a scenario (with --set overrides), run one replication with the
// CSV/trace writers attached, write summary.json and desks.csv, print the console summary.
// With --reps or --warmup auto: replications (study::run_replications, or
// study::run_with_auto_warmup for --warmup auto), written as a study (report/study_report.hpp).
// Every file goes through one report::OutputFolder: the set is published together (with
// manifest.json), stale files of an earlier run are removed, a second run into the same
// --out is refused. SIGINT/SIGTERM stop the run (interrupts.hpp): a single run then writes
// nothing; a replicated run publishes its finished replications marked incomplete.
// With --reps N --shard I/N: one slice of the replications into DIR/shard-I-of-N.part
// (shard_command.hpp); `merge` of the parts publishes through publish_replicated_run, the
// writer of `run --reps`, so both give the same bytes (docs/cluster.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotline/report/output_folder.hpp"
#include "hotline/report/study_report.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::cli {

struct RunArgs {
  std::string scenario = "bundled:xizang";  // path or bundled name (scenario::load_scenario)
  std::optional<std::uint64_t> seed;        // --seed; default: the scenario's seed
  std::string out_dir = "out";              // --out
  std::vector<std::string> sets;            // --set KEY=VALUE, in command-line order
  std::vector<std::string> patches;         // --patch FILE.yaml, applied before the --sets
  bool trace = false;                       // --trace: also write trace.jsonl
  bool quiet = false;                       // --quiet: no progress, no summary on stdout
  std::string reps = "1";                   // --reps N or "auto"
  int threads = 0;                          // --threads (0 = the machine's cores)
  double precision = 0.05;            // --precision (relative CI half-width, with --reps auto)
  int max_reps = 200;                 // --max-reps (cap for --reps auto)
  std::string warmup;                 // --warmup DURATION or "auto"; empty = the scenario's
  bool alerts_csv = true;             // --alerts-csv on|off|zstd
  bool alerts_csv_given = false;      // --alerts-csv was on the command line
  bool alerts_zstd = false;           // --alerts-csv zstd: alerts.csv.zst instead of alerts.csv
  bool alerts_compact = false;        // --alerts-columns compact (and units.csv beside it)
  bool alerts_columns_given = false;  // --alerts-columns was on the command line
  std::optional<bool> desks_csv;      // --desks-csv on|off; unset = on unless too large
  bool csv_bom = true;                // --csv-bom on|off: UTF-8 byte-order mark in CSVs
  std::optional<std::string> shard;   // --shard I/N: one slice of --reps N into a partial
};

// Parses --reps: a positive integer or "auto"; returns 0 for auto, -1 when invalid.
int parse_reps(const std::string& text);

// Returns the exit code: kExitOk, or 128 + signal when interrupted (after saying on stderr
// what was and was not written). Throws scenario::ScenarioError for invalid input,
// report::OutputError when the environment refuses an output, and std::exception for other
// failures (a conservation failure: std::logic_error); outputs that were being streamed are
// then discarded (never left half-written, never beside the files of an earlier run).
int run_command(const RunArgs& args);

// --- Sharded replicated runs (`run --reps N --shard I/N`, docs/cluster.md) ---------------

// What a sharded run's arguments resolve to: the scenario (with --set, --patch and a fixed
// --warmup), the seed, the replications, whether desks.csv is written, and the plan (one
// variant, the scenario's canonical text: the keys a sweep of the same scenario uses) with its
// digest. `args` must be a run a shard accepts (check_shardable). Throws ScenarioError.
struct RunShardSetup {
  scenario::Scenario scenario;
  std::uint64_t seed = 0;
  int reps = 0;
  bool desks_csv = false;
  study::SweepPlan plan;
  std::string digest;
};
RunShardSetup setup_run_shard(const RunArgs& args);

// Throws ScenarioError (exit 2) for what a shard cannot do: --reps auto or 1, --warmup auto,
// --alerts-csv on|zstd, --trace (each says why and what to do instead).
void check_shardable(const RunArgs& args);

// The arguments that define a sharded run's plan and outputs (scenario, --set, --patch,
// --seed, --reps, --warmup, --desks-csv as resolved, --csv-bom), as a command line that
// parse_run_plan_arguments reads back: what a partial's header keeps for `merge`.
std::vector<std::string> run_plan_arguments(const RunArgs& args, bool desks_csv);
RunArgs parse_run_plan_arguments(const std::vector<std::string>& arguments);

// Writes the run folder of a replicated run (summary.json, replications.csv, intervals.csv,
// desks.csv when `desks_csv`, report.html, manifest.json) from `set` and prints the console
// summary unless quiet: what `run --reps` and `merge` of a run's parts both publish. Returns
// the exit code (128 + signal when the set is interrupted).
int publish_replicated_run(const RunArgs& args, const scenario::Scenario& sc, std::uint64_t seed,
                           bool desks_csv, report::OutputFolder& folder,
                           const study::ReplicationSet& set, report::StudyInfo info,
                           double wall_time_s);

}  // namespace hotline::cli
