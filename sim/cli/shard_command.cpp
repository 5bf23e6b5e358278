// `--shard I/N` of sweep and run (shard_command.hpp): one deterministic slice of a plan into
// one partial result (docs/cluster.md). Argument checks, the partial's header and the
// exit-code contract; the slice is study::shard_jobs, the run study::run_shard, the file
// report::PartialFile.
#include "shard_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <filesystem>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/report/partial_file.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/study/shard.hpp"
#include "interrupts.hpp"
#include "progress_reporter.hpp"
#include "sweep_command.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(option, 0, 0, message);
}

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

study::ShardSpec parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  study::ShardSpec s;
  if (slash == std::string::npos || !parse_int(std::string_view(text).substr(0, slash), s.index) ||
      !parse_int(std::string_view(text).substr(slash + 1), s.count) || s.count < 1 || s.index < 1 ||
      s.index > s.count)
    bad("--shard", fmt::format("expected I/N with 1 <= I <= N (shard 3 of 16: --shard 3/16; in a "
                               "Slurm array: --shard $((SLURM_ARRAY_TASK_ID + 1))/16), got '{}'",
                               text));
  return s;
}

int run_plan_shard(const PlanShard& ps) {
  const study::ShardSpec spec = parse_shard(ps.shard);
  const study::SweepPlan& plan = *ps.plan;
  const int reps = ps.reps;
  const std::vector<study::PlanJob> jobs =
      study::shard_jobs(static_cast<int>(plan.variants.size()), reps, spec);

  report::PartialHeader header;
  header.program_build = report::program_build();
  header.plan_sha256 = ps.digest;
  header.command = ps.command;
  header.arguments = ps.arguments;
  header.cwd = std::filesystem::current_path().string();
  header.shard_index = spec.index;
  header.shard_count = spec.count;
  for (const auto& j : jobs)
    header.keys.push_back(report::replication_key(
        plan.variants[static_cast<std::size_t>(j.variant)].canonical, plan.seed, j.replication));
  const std::string path = (std::filesystem::path(ps.out_dir) /
                            fmt::format("shard-{}-of-{}.part", spec.index, spec.count))
                               .string();
  report::PartialFile part(path, header);
  if (part.complete()) {
    if (!ps.quiet)
      spdlog::info("shard {}/{}: {} already holds its {} replications: nothing to do", spec.index,
                   spec.count, path, jobs.size());
    return kExitOk;
  }
  if (!ps.quiet)
    spdlog::info("shard {}/{}: {} of {} replications ({} finished earlier) into {}", spec.index,
                 spec.count, jobs.size(), plan.variants.size() * static_cast<std::size_t>(reps),
                 part.records(), path);

  ProgressReporter progress(!ps.quiet, 1.0);
  study::ShardOptions o;
  o.threads = ps.threads;
  o.stop = stop_flag();
  o.conservation = ps.conservation;
  o.desk_hours = ps.desk_hours;
  o.progress = [&](int done, int total) {
    progress.update(total > 0 ? static_cast<double>(done) / total : 1.0,
                    fmt::format("shard {}/{}: reps {}/{}", spec.index, spec.count, done, total));
  };
  const study::ShardResult result = study::run_shard(plan, jobs, part, o);
  progress.finish();
  part.publish(!result.interrupted);
  if (result.interrupted) {
    std::fprintf(stderr,
                 "hotline-sim: shard %d/%d stopped by %s: %d of %zu replications are in %s; run "
                 "the same command again to continue (exit %d: retry)\n",
                 spec.index, spec.count, signal_name(stop_signal()).c_str(), part.records(),
                 jobs.size(), path.c_str(), kExitRetry);
    return kExitRetry;
  }
  if (!ps.quiet)
    write_stdout(fmt::format(
        "shard {}/{}: {} replications run, {} finished earlier; {} is complete\n", spec.index,
        spec.count, result.replications_run, result.replications_skipped, path));
  return kExitOk;
}

int sweep_shard_command(const SweepArgs& args, const SweepSetup& setup) {
  parse_shard(*args.shard);  // a bad I/N first, whatever else is wrong
  if (setup.study.reps <= 0)
    bad("--shard",
        "a shard needs a fixed number of replications (--reps N): with --reps auto, how many a "
        "variant needs depends on the results of all of them, which no shard sees");
  if (args.resume) bad("--resume", "a shard always continues what it finished: leave out --resume");
  PlanShard ps;
  ps.plan = &setup.plan;
  ps.reps = setup.study.reps;
  ps.digest = setup.digest;
  ps.command = "sweep";
  ps.arguments = sweep_plan_arguments(args);
  ps.shard = *args.shard;
  ps.out_dir = args.out_dir;
  ps.threads = args.threads;
  ps.quiet = args.quiet;
  return run_plan_shard(ps);
}

}  // namespace hotline::cli
