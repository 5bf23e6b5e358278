// `hotline-sim merge PARTS... --out DIR`: joins the partial results of a sharded sweep
// (`sweep --shard I/N`, report::PartialFile) into the outputs the single-process sweep writes:
// DIR/sweep.db, sweep.csv, sweep.json, report.html, manifest.json (docs/cluster.md).
//
// Contract:
//  - The plan is rebuilt from the first partial's header (its sweep arguments, relative
//    paths read from its working directory); every partial must be of that plan (same plan
//    digest and program build), else nothing is published and the exit code is 2.
//  - Partials are read one record at a time into DIR/sweep.db: memory grows with the plan,
//    never with the number or size of the partials. A key held twice (a shard that ran twice,
//    two copies of a part) is taken once.
//  - A replication of the plan that no partial holds is listed (with the shard that owes it)
//    and nothing is published (exit 2); what was read stays in sweep.db, so merging again
//    with the missing shard's part adds only that.
//  - The outputs are those of `sweep` with the same arguments into an empty folder, byte for
//    byte, except manifest.wall_time_s: here the sum of the replications' own run times.
//  - Parts of `run --reps N --shard I/N` (header command "run") give the run folder of `run
//    --reps N` instead (summary.json, replications.csv, intervals.csv, desks.csv,
//    report.html), through the same writers, byte for byte but wall_time_s; records are
//    read once for their KPIs, desk-hour series a second time one at a time, in replication
//    order (memory: the KPI table and one series, whatever the number of parts).
//  - --into-db DB: a sweep's parts saved into the existing store DB, nothing published.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hotline::cli {

struct MergeArgs {
  std::vector<std::string> parts;
  std::string out_dir;
  // --into-db FOLDER/sweep.db instead of --out: a sweep's parts only added to an existing
  // store (an optimize folder's, for its next round: optimize --emit-batch); nothing else is
  // written. Missing replications are refused as with --out.
  std::string into_db;
  int threads = 0;
  bool quiet = false;
};

int merge_command(const MergeArgs& args);
CLI::App* add_merge_subcommand(CLI::App& app, MergeArgs& args);

}  // namespace hotline::cli
