// `hotline-sim optimize`: the cheapest roster (headcount per desk kind and shift) meeting every
// --target with confidence. The procedure is study::optimise_roster (docs/optimiser.md); its
// replications are cached in DIR/sweep.db (report::ResultsDb), so running again reuses them.
// This command parses and checks the arguments, shows progress, and writes roster.yaml (the
// recommendation as a --patch), optimise.json, optimise.csv and report.html through the
// output folder, then prints the tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotline::cli {

struct OptimizeArgs {
  std::string scenario;              // positional; default: the bundled xizang
  std::vector<std::string> targets;  // --target, repeatable
  std::vector<std::string> kinds;    // --vary-roster DESK[,DESK...] or all
  bool per_desk = false;             // --per-desk
  std::string cost = "staff_hours";  // --cost staff_hours|yuan
  std::vector<std::string> sets;
  std::vector<std::string> patches;
  std::string headcount;  // --headcount MIN..MAX ("" = 0..max(2 x given, given + 4))
  int sample_reps = 10;
  int fresh_reps = 10;
  int budget_reps = 0;
  int max_iterations = 40;
  double delta = 0.01;
  std::optional<std::uint64_t> seed, fresh_seed;
  int threads = 0;
  std::string out_dir = "out/optimize";
  bool quiet = false;
  bool csv_bom = true;
  // --emit-batch DIR: stop at the first batch whose replications --out's sweep.db lacks,
  // write it to DIR/batch-K.yaml (a study file) and exit 75; run it on shards, merge it
  // with --into-db OUT/sweep.db, run this again (docs/cluster.md, "optimize on shards").
  std::string emit_batch;
};

// Returns the exit code (kExitOk; 128 + signal when interrupted). Throws ScenarioError for
// invalid input and OutputError when the output folder or the database cannot be written.
int optimize_command(const OptimizeArgs& args);

CLI::App* add_optimize_subcommand(CLI::App& app, OptimizeArgs& args);

}  // namespace hotline::cli
