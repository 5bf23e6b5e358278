// `hotline-sim sweep`: a scenario run over a plan of variants (--vary KEY=LIST|A..B[:STEP] or
// a study file), R replications per variant or --reps auto until precise enough, on common
// random numbers. The procedure is study::run_sweep; replications live in DIR/sweep.db
// (report::ResultsDb), so running the same plan again reuses every finished one. This
// command builds the plan, checks the arguments, shows progress, writes sweep.csv and
// sweep.json through the output folder and prints the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
};

// Returns the exit code (kExitOk; 128 + signal when interrupted, after publishing what
// finished marked incomplete). Throws ScenarioError for invalid input and OutputError when
// the output folder or the database cannot be written.
int sweep_command(const SweepArgs& args);

// Declares the `sweep` subcommand's options (writing into `args`) and its help; main.cpp
// calls this, then sweep_command when the subcommand was given.
CLI::App* add_sweep_subcommand(CLI::App& app, SweepArgs& args);

}  // namespace hotline::cli
