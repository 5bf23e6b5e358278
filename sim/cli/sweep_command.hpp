// `hotline-sim sweep`: a scenario run over a plan of variants (--vary KEY=LIST|A..B[:STEP] or
// a study file), R replications per variant or --reps auto until precise enough, on common
// random numbers. The procedure is study::run_sweep; replications live in DIR/sweep.db
// (report::ResultsDb), so running the same plan again reuses every finished one. This
// command builds the plan, checks the arguments, shows progress, writes sweep.csv and
// sweep.json through the output folder and prints the table. With --shard I/N it runs one
// slice of the plan into a partial result instead (shard_command.cpp); merge_command.cpp
// publishes the merged parts through publish_sweep, so both write the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotline/report/output_folder.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/study/sweep.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace CLI {
class App;
}

namespace hotline::cli {

struct SweepArgs {
  std::string scenario;              // positional; default: the bundled xizang
  std::string study;                 // --study FILE.yaml
  std::vector<std::string> varies;   // --vary KEY=LIST|A..B[:STEP]
  std::vector<std::string> sets;     // --set: every variant
  std::vector<std::string> patches;  // --patch: every variant, before the --sets
  // The options below replace the study file's when given (std::nullopt: not given).
  std::optional<std::string> reps;       // N or auto
  std::optional<std::string> precision;  // P (relative) or abs:P
  std::optional<int> min_reps, max_reps;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> kpis;
  std::optional<std::string> target;    // KPI>=X | KPI<=X
  std::optional<std::string> marginal;  // KPI of the marginal column
  int threads = 0;
  std::string out_dir = "out/sweep";
  bool resume = false;
  bool quiet = false;
  bool csv_bom = true;
  std::optional<std::string> shard;  // --shard I/N: one slice of the plan into a partial
};

// Returns the exit code (kExitOk; 128 + signal when interrupted, after publishing what
// finished marked incomplete). Throws ScenarioError for invalid input and OutputError when
// the output folder or the database cannot be written.
int sweep_command(const SweepArgs& args);

// What a sweep's arguments resolve to, before anything runs: the study and its plan (every
// variant loaded), the KPIs checked, the replication rule and the plan's digest (what makes
// two invocations, or a shard and a merge, the same plan). Throws ScenarioError.
struct SweepSetup {
  scenario::SweepStudy study;
  study::SweepPlan plan;
  std::vector<std::string> kpis;
  std::optional<scenario::Target> target;
  std::string marginal;
  std::vector<std::string> precision_kpis;
  std::string rule;
  std::string digest;
};
SweepSetup setup_sweep(const SweepArgs& args);

// The arguments that define the plan and its outputs (not --out, --threads, --quiet,
// --shard, --resume), as a command line parse_sweep_plan_arguments reads back: what a
// partial's header keeps so that merge rebuilds the same plan.
std::vector<std::string> sweep_plan_arguments(const SweepArgs& args);
SweepArgs parse_sweep_plan_arguments(const std::vector<std::string>& arguments);

// Writes sweep.csv, sweep.json and report.html through `folder`, records the run in `db`,
// prints the table unless quiet; returns the exit code (128 + signal when interrupted).
int publish_sweep(const SweepArgs& args, const SweepSetup& setup, report::OutputFolder& folder,
                  report::ResultsDb& db, const study::SweepResult& result);

// `sweep --shard I/N` (shard_command.cpp): runs the shard's slice of the plan into
// DIR/shard-I-of-N.part (report::PartialFile). Returns kExitOk when the shard holds all its
// replications, kExitRetry when a signal stopped it (what finished is kept).
int sweep_shard_command(const SweepArgs& args, const SweepSetup& setup);

// Declares the `sweep` subcommand's options (writing into `args`) and its help; main.cpp
// calls this, then sweep_command when the subcommand was given.
CLI::App* add_sweep_subcommand(CLI::App& app, SweepArgs& args);

}  // namespace hotline::cli
