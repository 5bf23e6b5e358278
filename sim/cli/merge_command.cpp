#include "merge_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "exit_codes.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/partial_reader.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/study/shard.hpp"
#include "hotline/study/sweep.hpp"
#include "sweep_command.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& where, const std::string& message) {
  throw scenario::ScenarioError(where, 0, 0, message);
}

// Builds the plan where the shards did: relative paths in their arguments mean paths
// relative to the directory they ran in (a cluster's shared filesystem). Where that
// directory does not exist here, the current one (the plan digest catches any difference).
SweepSetup setup_in(const std::string& cwd, const SweepArgs& args) {
  const std::filesystem::path here = std::filesystem::current_path();
  std::error_code ec;
  const bool moved = !cwd.empty() && std::filesystem::is_directory(cwd, ec);
  if (moved) std::filesystem::current_path(cwd);
  try {
    SweepSetup setup = setup_sweep(args);
    if (moved) std::filesystem::current_path(here);
    return setup;
  } catch (...) {
    if (moved) std::filesystem::current_path(here);
    throw;
  }
}

struct PlannedKey {
  int variant = 0;
  int replication = 0;
  bool found = false;
  double wall_time_s = 0;
};

constexpr const char* kMergeFooter = R"TXT(Examples:
  # 16 shards of a study, then one merge (docs/cluster.md shows the Slurm version):
  for i in $(seq 1 16); do hotline-sim sweep --study staffing.yaml --reps 20 --shard $i/16 --out parts; done
  hotline-sim merge parts/*.part --out out/staffing

Parts may come in any order and more than once; a part of another plan (other study,
arguments or hotline-sim build) is refused. Missing replications are listed with the shard
that owes them, and nothing is published until every one is there. The outputs are the
single-process sweep's, byte for byte (manifest wall_time_s aside).)TXT";

// The parts named, a folder standing for the *.part files in it (sorted by name): a study of
// thousands of shards need not pass thousands of arguments.
std::vector<std::string> expand_parts(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (const auto& p : given) {
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
      bad(p, "no such file or folder (give the shards' .part files, or the folder holding them)");
    if (!std::filesystem::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(p))
      if (e.is_regular_file() && e.path().extension() == ".part")
        found.push_back(e.path().string());
    if (found.empty()) bad(p, "a folder without partial results (*.part)");
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

int merge_command(const MergeArgs& given) {
  MergeArgs margs = given;
  margs.parts = expand_parts(given.parts);
  if (margs.parts.empty()) bad("merge", "no partial results given (e.g. merge parts/*.part)");
  if (margs.out_dir.empty()) bad("--out", "give the output folder, e.g. --out out/staffing");

  report::PartialHeader first = report::PartialReader(margs.parts.front()).header();
  if (first.command != "sweep")
    bad(margs.parts.front(),
        fmt::format("a partial of '{}': merge joins the parts of a sweep", first.command));
  SweepArgs args = parse_sweep_plan_arguments(first.arguments);
  args.out_dir = margs.out_dir;
  args.threads = margs.threads;
  args.quiet = margs.quiet;
  const SweepSetup setup = setup_in(first.cwd, args);
  if (setup.digest != first.plan_sha256)
    bad(margs.parts.front(),
        fmt::format("its plan ({}) is not the one its arguments give here ({}): a scenario, "
                    "study or patch file changed since the shards ran",
                    first.plan_sha256.substr(0, 12), setup.digest.substr(0, 12)));
  if (first.program_build != report::program_build())
    bad(margs.parts.front(),
        fmt::format("written by another build of hotline-sim ({}; this is {}): merge with the "
                    "binary that ran the shards",
                    first.program_build, report::program_build()));
  const study::SweepPlan& plan = setup.plan;
  const int reps = setup.study.reps;

  report::OutputFolder folder(margs.out_dir);
  report::ResultsDb db(folder.path(report::ResultsDb::kFileName));
  std::unordered_map<std::string, PlannedKey> planned;
  std::vector<std::string> order;  // plan order
  for (std::size_t v = 0; v < plan.variants.size(); ++v)
    for (int r = 0; r < reps; ++r) {
      order.push_back(db.key(plan.variants[v].canonical, plan.seed, r));
      planned[order.back()] = PlannedKey{static_cast<int>(v), r};
    }

  int saved = 0, duplicates = 0, shard_count = first.shard_count;
  for (const auto& path : margs.parts) {
    report::PartialReader part(path);
    const report::PartialHeader& h = part.header();
    if (h.plan_sha256 != first.plan_sha256 || h.command != first.command)
      bad(path, fmt::format("a partial of another plan ({}; {} holds plan {}): merge the parts "
                            "of one study at a time",
                            h.plan_sha256.substr(0, 12), margs.parts.front(),
                            first.plan_sha256.substr(0, 12)));
    if (h.program_build != first.program_build)
      bad(path, fmt::format("written by another build of hotline-sim ({}; {} was written by {})",
                            h.program_build, margs.parts.front(), first.program_build));
    shard_count = h.shard_count;
    while (auto rec = part.next()) {
      const auto it = planned.find(rec->key);
      if (it == planned.end())
        bad(path, fmt::format("holds replication {} that is not in the plan", rec->key));
      if (it->second.found || db.has(rec->key)) {
        if (it->second.found) ++duplicates;
        if (!it->second.found) {
          it->second.found = true;
          it->second.wall_time_s = rec->replication_result.wall_time_s;
        }
        continue;
      }
      db.save(rec->key, rec->replication_result);
      it->second.found = true;
      it->second.wall_time_s = rec->replication_result.wall_time_s;
      ++saved;
    }
  }

  // Every replication of the plan, from this merge or an earlier one into the same folder.
  std::vector<std::string> missing;
  double wall = 0;
  for (const auto& key : order) {
    const PlannedKey& p = planned[key];
    if (!p.found && !db.has(key)) missing.push_back(key);
    wall += p.wall_time_s;
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 20; ++i) {
      const PlannedKey& p = planned[missing[i]];
      list += fmt::format("\n  {} replication {} (shard {}/{}): {}",
                          plan.variants[static_cast<std::size_t>(p.variant)].label(), p.replication,
                          study::shard_of(p.variant, p.replication, reps, shard_count), shard_count,
                          missing[i]);
    }
    if (missing.size() > 20) list += fmt::format("\n  ... and {} more", missing.size() - 20);
    bad("merge", fmt::format("{} of {} replications of the plan are in none of the parts; rerun "
                             "the shards named, then merge again (the {} read are kept in {}; "
                             "nothing else was written):{}",
                             missing.size(), order.size(), saved, db.path(), list));
  }
  if (!margs.quiet)
    spdlog::info("merge: {} parts, {} replications ({} new, {} duplicates) into {}",
                 margs.parts.size(), order.size(), saved, duplicates, db.path());

  study::SweepOptions o;
  o.reps = reps;
  o.threads = margs.threads;
  study::SweepResult result = study::run_sweep(plan, db, o);
  // What the single-process sweep says: every replication run by this study (in its shards).
  result.replications_run = result.replications_loaded + result.replications_run;
  result.replications_loaded = 0;
  result.wall_time_s = wall;
  return publish_sweep(args, setup, folder, db, result);
}

CLI::App* add_merge_subcommand(CLI::App& app, MergeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the partial results of a sharded sweep (sweep --shard I/N) into the sweep's "
      "outputs: sweep.db, sweep.csv, sweep.json, report.html. Streams the parts (memory does "
      "not grow with their number), refuses parts of another plan, takes duplicates once and "
      "lists the replications still missing with the shard that owes them.");
  cmd->footer(kMergeFooter);
  cmd->add_option("parts", a.parts,
                  "Partial results (shard-I-of-N.part files), or folders holding them")
      ->type_name("PART...")
      ->required();
  cmd->add_option("--out", a.out_dir, "Output folder (as sweep's --out)")
      ->type_name("DIR")
      ->required();
  cmd->add_option("--threads", a.threads, "Threads for the aggregation (default: the cores)")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet", a.quiet, "No table on stdout");
  return cmd;
}

}  // namespace hotline::cli
