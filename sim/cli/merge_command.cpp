#include "merge_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/partial_reader.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/study/desk_hour_mean.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/shard.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "hotline/study/sweep.hpp"
#include "run_command.hpp"
#include "sweep_command.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& where, const std::string& message) {
  throw scenario::ScenarioError(where, 0, 0, message);
}

// Refuses the merge unless the plan rebuilt here from the first part's arguments (`digest`) is
// the one the shards ran and this binary is the build that ran them. `inputs`: what can have
// changed since ("scenario or patch", "scenario, study or patch"), for the message.
void check_plan_rebuilt(const std::string& first_path, const report::PartialHeader& first,
                        const std::string& digest, const char* inputs) {
  if (digest != first.plan_sha256)
    bad(first_path,
        fmt::format("its plan ({}) is not the one its arguments give here ({}): a {} file "
                    "changed since the shards ran",
                    first.plan_sha256.substr(0, 12), digest.substr(0, 12), inputs));
  if (first.program_build != report::program_build())
    bad(first_path,
        fmt::format("written by another build of hotline-sim ({}; this is {}): merge with the "
                    "binary that ran the shards",
                    first.program_build, report::program_build()));
}

// Refuses part `path` (header `h`) unless it belongs to the plan of `first`, the header of
// `first_path`, and was written by the same build. `what`: "run" or "study", for the message.
void check_same_plan(const std::string& path, const report::PartialHeader& h,
                     const std::string& first_path, const report::PartialHeader& first,
                     const char* what) {
  if (h.plan_sha256 != first.plan_sha256 || h.command != first.command)
    bad(path, fmt::format("a partial of another plan ({}; {} holds plan {}): merge the parts "
                          "of one {} at a time",
                          h.plan_sha256.substr(0, 12), first_path, first.plan_sha256.substr(0, 12),
                          what));
  if (h.program_build != first.program_build)
    bad(path, fmt::format("written by another build of hotline-sim ({}; {} was written by {})",
                          h.program_build, first_path, first.program_build));
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
  # 64 replications of one scenario in 8 shards: the folder of `run national --reps 64
  # --alerts-csv off`, byte for byte but wall_time_s:
  for i in $(seq 1 8); do hotline-sim run national --reps 64 --shard $i/8 --out run-parts; done
  hotline-sim merge run-parts --out out/national
  # A round of optimize --emit-batch: the batch's parts into the optimiser's store
  hotline-sim merge batch-parts --into-db out/optimize/sweep.db

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

// The working directory of the shards for the lifetime of this object (when it exists here),
// so that relative paths in their arguments (scenario, patches) mean what they meant there.
class InDirectory {
 public:
  explicit InDirectory(const std::string& dir) : here_(std::filesystem::current_path()) {
    std::error_code ec;
    moved_ = !dir.empty() && std::filesystem::is_directory(dir, ec);
    if (moved_) std::filesystem::current_path(dir);
  }
  ~InDirectory() {
    std::error_code ec;
    if (moved_) std::filesystem::current_path(here_, ec);
  }
  InDirectory(const InDirectory&) = delete;
  InDirectory& operator=(const InDirectory&) = delete;

 private:
  std::filesystem::path here_;
  bool moved_ = false;
};

// What the merge of a run's parts knows of one replication before the run folder is written.
struct RunSlot {
  bool found = false;
  std::vector<double> kpi_values;
  metrics::Conservation conservation;
  std::uint64_t events = 0;
  double wall_time_s = 0;
  std::size_t part = 0;      // which part holds it, for its desk hours
  std::uint64_t offset = 0;  // and where in that part
};

// merge of `run --reps N --shard I/N` parts: the run folder `run --reps N` writes.
int merge_run_parts(const MergeArgs& margs, const report::PartialHeader& first) {
  // Outputs and parts as the user named them, before moving to the shards' directory.
  const std::string out_dir = std::filesystem::absolute(margs.out_dir).string();
  std::vector<std::string> parts;
  for (const auto& p : margs.parts) parts.push_back(std::filesystem::absolute(p).string());
  InDirectory in_shards_dir(first.cwd);

  RunArgs args = parse_run_plan_arguments(first.arguments);
  args.out_dir = out_dir;
  args.threads = margs.threads;
  args.quiet = margs.quiet;
  const RunShardSetup setup = setup_run_shard(args);
  check_plan_rebuilt(margs.parts.front(), first, setup.digest, "scenario or patch");
  const scenario::Scenario& sc = setup.scenario;
  const int reps = setup.reps;
  std::unordered_map<std::string, int> replication_of;
  for (int r = 0; r < reps; ++r)
    replication_of[report::replication_key(setup.plan.variants.front().canonical, setup.seed, r)] =
        r;

  std::vector<RunSlot> slots(static_cast<std::size_t>(reps));
  std::shared_ptr<const std::vector<std::string>> names;
  std::vector<metrics::IntervalKpi> intervals;  // of one record: the rows of intervals.csv
  int duplicates = 0, shard_count = first.shard_count;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const std::string& path = margs.parts[p];
    report::PartialReader part(parts[p]);
    part.skip_desk_hours(true);  // read again one at a time below
    const report::PartialHeader& h = part.header();
    check_same_plan(path, h, margs.parts.front(), first, "run");
    shard_count = h.shard_count;
    while (auto rec = part.next()) {
      const auto it = replication_of.find(rec->key);
      if (it == replication_of.end())
        bad(path, fmt::format("holds replication {} that is not in the plan", rec->key));
      RunSlot& slot = slots[static_cast<std::size_t>(it->second)];
      if (slot.found) {
        ++duplicates;
        continue;
      }
      study::StoredReplication& r = rec->replication_result;
      if (!r.conservation)
        bad(path,
            fmt::format("replication {} has no conservation totals: not a run's part", it->second));
      if (!names) {
        names = r.kpi_names;
        intervals = r.intervals;
      } else if (*r.kpi_names != *names) {
        bad(path,
            fmt::format("replication {} has other KPI names than the parts before it", it->second));
      }
      slot.found = true;
      slot.kpi_values = std::move(r.kpi_values);
      slot.conservation = *r.conservation;
      slot.events = r.events;
      slot.wall_time_s = r.wall_time_s;
      slot.part = p;
      slot.offset = part.record_offset();
    }
  }

  std::vector<int> missing;
  for (int r = 0; r < reps; ++r)
    if (!slots[static_cast<std::size_t>(r)].found) missing.push_back(r);
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 20; ++i)
      list += fmt::format("\n  replication {} (shard {}/{})", missing[i],
                          study::shard_of(0, missing[i], reps, shard_count), shard_count);
    if (missing.size() > 20) list += fmt::format("\n  ... and {} more", missing.size() - 20);
    bad("merge", fmt::format("{} of {} replications of the run are in none of the parts; rerun "
                             "the shards named, then merge again (nothing was written):{}",
                             missing.size(), reps, list));
  }
  if (!margs.quiet)
    spdlog::info("merge: {} parts, {} replications ({} duplicates) into {}", parts.size(), reps,
                 duplicates, margs.out_dir);

  // The set run_replications would have aggregated, in replication order.
  study::ReplicationSet set;
  set.kpi_names = *names;
  set.planned = reps;
  double wall = 0;
  for (RunSlot& slot : slots) {
    set.kpi_values.push_back(std::move(slot.kpi_values));
    set.conservation += slot.conservation;
    set.events += slot.events;
    wall += slot.wall_time_s;
  }
  for (const auto& iv : intervals)
    set.interval_kpis.push_back({iv.interval, iv.grade, study::interval_kpi_name(sc, iv)});
  study::estimate_kpis(set);
  set.cost = study::staffing_cost(sc);
  if (setup.desks_csv) {
    // One series at a time, read again from its part, folded in replication order: the sums
    // (and so desks.csv) are those of the one-process run, whoever ran what.
    study::DeskHourMean mean;
    for (const RunSlot& slot : slots)
      mean.add(report::PartialReader::desk_hours_at(parts[slot.part], slot.offset));
    set.desk_hours_mean = mean.mean();
  }

  report::OutputFolder folder(out_dir);
  return publish_replicated_run(args, sc, setup.seed, setup.desks_csv, folder, set, {}, wall);
}

}  // namespace

int merge_command(const MergeArgs& given) {
  MergeArgs margs = given;
  if (!margs.into_db.empty() && !margs.out_dir.empty())
    bad("--into-db", "give either --out DIR (publish) or --into-db DB (only store), not both");
  if (margs.out_dir.empty() && margs.into_db.empty())
    bad("--out", "give the output folder, e.g. --out out/staffing");
  if (!margs.into_db.empty() && !std::filesystem::is_regular_file(margs.into_db))
    bad("--into-db", fmt::format("{} is not an existing sweep.db (--into-db adds to the store of "
                                 "an earlier sweep or optimize, e.g. out/optimize/sweep.db)",
                                 margs.into_db));
  // The options first, then the parts: a mistake in either is said before anything is read.
  margs.parts = expand_parts(given.parts);
  if (margs.parts.empty()) bad("merge", "no partial results given (e.g. merge parts/*.part)");

  report::PartialHeader first = report::PartialReader(margs.parts.front()).header();
  if (first.command == "run") {
    if (!margs.into_db.empty())
      bad("--into-db", "a run's parts make a run folder: give --out DIR, not --into-db");
    return merge_run_parts(margs, first);
  }
  if (first.command != "sweep")
    bad(margs.parts.front(),
        fmt::format("a partial of '{}': merge joins the parts of a sweep or of a run",
                    first.command));
  SweepArgs args = parse_sweep_plan_arguments(first.arguments);
  // With --into-db nothing is published: the store's folder stands in for --out.
  args.out_dir = margs.into_db.empty()
                     ? margs.out_dir
                     : std::filesystem::absolute(margs.into_db).parent_path().string();
  args.threads = margs.threads;
  args.quiet = margs.quiet;
  const SweepSetup setup = setup_in(first.cwd, args);
  check_plan_rebuilt(margs.parts.front(), first, setup.digest, "scenario, study or patch");
  const study::SweepPlan& plan = setup.plan;
  const int reps = setup.study.reps;

  std::optional<report::OutputFolder> folder;  // none with --into-db: only the store
  if (margs.into_db.empty()) folder.emplace(margs.out_dir);
  report::ResultsDb db(folder ? folder->path(report::ResultsDb::kFileName) : margs.into_db);
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
    check_same_plan(path, h, margs.parts.front(), first, "study");
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
  if (!folder) {
    if (!margs.quiet)
      write_stdout(fmt::format("{} replications of {} parts are in {} ({} new)\n", order.size(),
                               margs.parts.size(), db.path(), saved));
    return kExitOk;
  }

  study::SweepOptions o;
  o.reps = reps;
  o.threads = margs.threads;
  study::SweepResult result = study::run_sweep(plan, db, o);
  // What the single-process sweep says: every replication run by this study (in its shards).
  result.replications_run = result.replications_loaded + result.replications_run;
  result.replications_loaded = 0;
  result.wall_time_s = wall;
  return publish_sweep(args, setup, *folder, db, result);
}

CLI::App* add_merge_subcommand(CLI::App& app, MergeArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the partial results of a sharded sweep (sweep --shard I/N) into the sweep's "
      "outputs: sweep.db, sweep.csv, sweep.json, report.html; or of a sharded run (run --reps "
      "N --shard I/N) into its run folder: summary.json, replications.csv, intervals.csv, "
      "desks.csv, report.html. Streams the parts (memory does not grow with their number), "
      "refuses parts of another plan, takes duplicates once and lists the replications still "
      "missing with the shard that owes them.");
  cmd->footer(kMergeFooter);
  cmd->add_option("parts", a.parts,
                  "Partial results (shard-I-of-N.part files), or folders holding them")
      ->type_name("PART...")
      ->required();
  cmd->add_option("--out", a.out_dir,
                  "Output folder: a sweep's (as sweep's --out) or a run's (as run's --out)")
      ->type_name("DIR");
  cmd->add_option("--into-db", a.into_db,
                  "Instead of --out: add a sweep's parts to this existing sweep.db and publish "
                  "nothing (the next round of optimize --emit-batch)")
      ->type_name("DB");
  cmd->add_option("--threads", a.threads, "Threads for the aggregation (default: the cores)")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet", a.quiet, "No table on stdout");
  return cmd;
}

}  // namespace hotline::cli
