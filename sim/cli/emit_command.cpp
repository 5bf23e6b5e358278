#include "emit_command.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/output_error.hpp"
#include "run_command.hpp"
#include "sweep_command.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(option, 0, 0, message);
}

// A word for bash, whatever it holds.
std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string absolute(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().string();
}

void write_script(const std::string& path, const std::string& text) {
  report::AtomicFile f(path);
  f.write(text);
  f.commit();
  std::error_code ec;
  std::filesystem::permissions(path,
                               std::filesystem::perms::owner_exec |
                                   std::filesystem::perms::group_exec |
                                   std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add, ec);
}

std::string common_directives(const EmitSlurmArgs& a) {
  std::string s;
  if (!a.partition.empty()) s += fmt::format("#SBATCH --partition={}\n", a.partition);
  if (!a.account.empty()) s += fmt::format("#SBATCH --account={}\n", a.account);
  return s;
}

constexpr const char* kEmitFooter = R"TXT(Examples:
  # 20 replications of every variant of staffing.yaml in 200 shards, arrays of at most 1000
  # tasks (the site's MaxArraySize: scontrol show config | grep MaxArraySize), 50 at a time:
  hotline-sim emit slurm staffing.yaml --reps 20 --shards 200 --concurrency 50 --out /scratch/me/staffing
  bash /scratch/me/staffing/slurm/submit.sh          # then: squeue --me
  # results: /scratch/me/staffing/result/sweep.csv (the same bytes as one `sweep`)
  # 64 replications of one national scenario in 16 shards; result/ is the run folder of
  # `run national.yaml --reps 64 --alerts-csv off` (summary.json, replications.csv, ...):
  hotline-sim emit slurm --run national.yaml --reps 64 --shards 16 --out /scratch/me/national

Exit codes of a shard: 0 done; 75 stopped by a signal, requeued and continued; anything else
(2 bad input, 3 environment, 1 bug) is not retried and the merge does not run. A shard
should take 10 to 60 minutes: --shards = total replication time / about 30 minutes, and
never more than the replications (docs/cluster.md, "Sizing shards").)TXT";

}  // namespace

namespace {

// What the shards run: the subcommand and its plan arguments (paths absolute, as the compute
// nodes see them), the plan's size and a name for the scripts' comments.
struct EmitPlan {
  std::string what;     // the study file, or the scenario
  std::string command;  // "sweep" or "run"
  std::vector<std::string> arguments;
  long variants = 1;
  int reps = 0;
};

EmitPlan study_plan(const EmitSlurmArgs& a) {
  if (!a.sets.empty() || !a.patches.empty())
    bad("--set", "--set and --patch go with --run SCENARIO; a study file has its own sets");
  SweepArgs sweep;
  sweep.study = absolute(a.study);
  sweep.reps = a.reps;
  sweep.out_dir = a.out_dir;
  const SweepSetup setup = setup_sweep(sweep);
  if (setup.study.reps <= 0)
    bad("--reps",
        "a sharded study needs a fixed number of replications: give --reps N (the study says "
        "auto)");
  return {sweep.study, "sweep", sweep_plan_arguments(sweep),
          static_cast<long>(setup.plan.variants.size()), setup.study.reps};
}

EmitPlan run_plan(const EmitSlurmArgs& a) {
  if (!a.study.empty()) bad("--run", "give either a study file or --run SCENARIO, not both");
  if (!a.reps) bad("--reps", "a sharded run needs its replications: --run SCENARIO --reps N");
  RunArgs run;
  std::error_code ec;
  // A file is named by its absolute path (the nodes' working directory is another); a
  // bundled name stays a name.
  run.scenario = std::filesystem::is_regular_file(a.run_scenario, ec) ? absolute(a.run_scenario)
                                                                      : a.run_scenario;
  run.sets = a.sets;
  for (const auto& p : a.patches) run.patches.push_back(absolute(p));
  run.reps = *a.reps;
  run.alerts_csv = false;
  run.shard = "1/1";
  check_shardable(run);
  const RunShardSetup setup = setup_run_shard(run);
  return {run.scenario, "run", run_plan_arguments(run, setup.desks_csv), 1, setup.reps};
}

}  // namespace

int emit_slurm_command(const EmitSlurmArgs& a) {
  if (a.study.empty() && a.run_scenario.empty())
    bad("emit slurm",
        "give the study file (emit slurm STUDY.yaml) or a scenario (emit slurm --run SCENARIO "
        "--reps N)");
  const EmitPlan ep = a.run_scenario.empty() ? study_plan(a) : run_plan(a);
  const long jobs = ep.variants * ep.reps;
  const int shards = a.shards > 0 ? a.shards : static_cast<int>(std::min<long>(jobs, 1000));
  if (shards > jobs)
    bad("--shards",
        fmt::format("{} shards for {} replications ({} variant{} x {}): a shard "
                    "holds at least one replication, give at most {}",
                    shards, jobs, ep.variants, ep.variants == 1 ? "" : "s", ep.reps, jobs));

  const std::string out = absolute(a.out_dir);
  const std::string binary = a.binary.empty()
                                 ? std::filesystem::read_symlink("/proc/self/exe").string()
                                 : absolute(a.binary);
  const std::string slurm_dir = out + "/slurm";
  std::error_code ec;
  std::filesystem::create_directories(slurm_dir, ec);
  if (ec) throw report::OutputError(fmt::format("cannot create {}: {}", slurm_dir, ec.message()));

  std::string sweep_args = " " + ep.command;
  for (const auto& arg : ep.arguments) sweep_args += " " + quote(arg);

  const std::string shard = fmt::format(
      R"SH(#!/bin/bash
# One shard of {study} per array task (written by hotline-sim emit slurm; docs/cluster.md).
# Task ids count from 0 within each array; the array's first shard is $1 (submit.sh passes it).
#SBATCH --job-name=hotline-shard
#SBATCH --cpus-per-task={threads}
#SBATCH --mem={mem}
#SBATCH --time={time}
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --signal=B:USR1@{lead}
#SBATCH --output={out}/logs/shard-%A_%a.log
{common}set -u
HOTLINE_SIM=${{HOTLINE_SIM:-{binary}}}
first=${{1:?usage: sbatch --array=0-K shard.sbatch FIRST_SHARD}}
shard=$((first + SLURM_ARRAY_TASK_ID))
echo "shard $shard/{shards} on $(hostname) (job ${{SLURM_JOB_ID}}, restart ${{SLURM_RESTART_COUNT:-0}})"
"$HOTLINE_SIM"{sweep_args} --threads {threads} --shard "$shard/{shards}" \
    --out {parts} --quiet &
pid=$!
# Before the time limit Slurm sends USR1 to this shell only: pass it on, the shard finishes
# the replication in hand, saves and exits 75. A TERM (scancel, pre-emption) reaches the
# shard itself; the shell only keeps waiting for it.
trap 'kill -USR1 "$pid" 2>/dev/null' USR1
trap 'true' TERM
wait "$pid"
rc=$?
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid"
  rc=$?
done
case $rc in
  0) exit 0 ;;
  75)
    echo "shard $shard stopped before its end: requeued, it continues where it stopped"
    scontrol requeue "${{SLURM_ARRAY_JOB_ID}}_${{SLURM_ARRAY_TASK_ID}}"
    exit 0 ;;
  *)
    echo "shard $shard failed (exit $rc): not retried, a rerun cannot fix it (docs/cluster.md)"
    exit "$rc" ;;
esac
)SH",
      fmt::arg("study", ep.what), fmt::arg("threads", a.threads), fmt::arg("mem", a.mem),
      fmt::arg("time", a.time), fmt::arg("lead", a.signal_lead_s), fmt::arg("out", out),
      fmt::arg("common", common_directives(a)), fmt::arg("binary", quote(binary)),
      fmt::arg("shards", shards), fmt::arg("sweep_args", sweep_args),
      fmt::arg("parts", quote(out + "/parts")));

  const std::string merge = fmt::format(
      R"SH(#!/bin/bash
# Joins the shards of {study} (written by hotline-sim emit slurm; docs/cluster.md).
#SBATCH --job-name=hotline-merge
#SBATCH --cpus-per-task={threads}
#SBATCH --mem={mem}
#SBATCH --time={time}
#SBATCH --output={out}/logs/merge-%j.log
{common}set -u
HOTLINE_SIM=${{HOTLINE_SIM:-{binary}}}
exec "$HOTLINE_SIM" merge {parts} --out {result} --threads {threads}
)SH",
      fmt::arg("study", ep.what), fmt::arg("threads", a.threads), fmt::arg("mem", a.mem),
      fmt::arg("time", a.merge_time), fmt::arg("out", out),
      fmt::arg("common", common_directives(a)), fmt::arg("binary", quote(binary)),
      fmt::arg("parts", quote(out + "/parts")), fmt::arg("result", quote(out + "/result")));

  std::string arrays;
  const int per_array = std::max(1, a.array_max);
  const std::string limit = a.concurrency > 0 ? fmt::format("%{}", a.concurrency) : "";
  int count = 0;
  for (int first = 1; first <= shards; first += per_array) {
    const int size = std::min(per_array, shards - first + 1);
    arrays += fmt::format(
        "ids+=(\"$(sbatch --parsable --array=0-{}{} \"$here/shard.sbatch\" {} | cut -d';' "
        "-f1)\")\n",
        size - 1, limit, first);
    ++count;
  }
  const std::string submit = fmt::format(
      R"SH(#!/bin/bash
# Submits {study}: {shards} shards of {jobs} replications in {count} array(s) of at most
# {per_array} tasks, then the merge after every shard succeeded (written by hotline-sim emit
# slurm; docs/cluster.md). Arguments are passed to the merge job's sbatch (e.g. --wait).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p {out}/logs {out}/parts
ids=()
{arrays}dependency=$(IFS=:; echo "${{ids[*]}}")
echo "shard arrays: ${{ids[*]}}"
merge=$(sbatch --parsable --dependency="afterok:$dependency" --kill-on-invalid-dep=yes "$@" \
    "$here/merge.sbatch")
echo "merge job: ${{merge%%;*}} (results in {result})"
)SH",
      fmt::arg("study", ep.what), fmt::arg("shards", shards), fmt::arg("jobs", jobs),
      fmt::arg("count", count), fmt::arg("per_array", per_array), fmt::arg("out", quote(out)),
      fmt::arg("arrays", arrays), fmt::arg("result", out + "/result"));

  write_script(slurm_dir + "/shard.sbatch", shard);
  write_script(slurm_dir + "/merge.sbatch", merge);
  write_script(slurm_dir + "/submit.sh", submit);
  write_stdout(fmt::format(
      "{} variant{} x {} replications = {} replications in {} shards ({} array{} of at most {} "
      "tasks{})\n  {}/shard.sbatch\n  {}/merge.sbatch\n  {}/submit.sh   <- run this on the login "
      "node: bash {}/submit.sh\n",
      ep.variants, ep.variants == 1 ? "" : "s", ep.reps, jobs, shards, count, count == 1 ? "" : "s",
      per_array, a.concurrency > 0 ? fmt::format(", {} at a time", a.concurrency) : "", slurm_dir,
      slurm_dir, slurm_dir, slurm_dir));
  return kExitOk;
}

CLI::App* add_emit_subcommand(CLI::App& app, EmitSlurmArgs& a) {
  CLI::App* emit = app.add_subcommand(
      "emit", "Write job scripts that run a study on a cluster (emit slurm STUDY.yaml).");
  emit->require_subcommand(1);
  CLI::App* cmd = emit->add_subcommand(
      "slurm",
      "Write the Slurm scripts of a study: job arrays of `sweep --shard I/N` sized to the "
      "site's array limit and concurrency, --requeue-safe (a shard stopped by its time limit or "
      "pre-empted continues where it stopped), and the merge job chained after them with "
      "--dependency=afterok. Prints what to submit.");
  cmd->footer(kEmitFooter);
  cmd->add_option("study", a.study, "Study file (as sweep --study); or --run SCENARIO")
      ->type_name("STUDY.yaml");
  cmd->add_option("--run", a.run_scenario,
                  "Instead of a study: the replications of one scenario (file or bundled name), "
                  "as `run SCENARIO --reps N --shard I/N`; the merge writes the run folder")
      ->type_name("SCENARIO");
  cmd->add_option("--set", a.sets, "With --run: an override of the scenario; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--patch", a.patches, "With --run: a patch of the scenario; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  cmd->add_option_function<std::string>(
         "--reps", [&a](const std::string& v) { a.reps = v; },
         "Replications per variant (replaces the study's; a sharded study needs a number; "
         "required with --run)")
      ->type_name("N");
  cmd->add_option("--shards", a.shards,
                  "Shards (default: one per replication, at most 1000); size them to 10-60 min")
      ->type_name("N")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--array-max", a.array_max,
                  "Tasks per array at most: the site's MaxArraySize (default 1000); more shards "
                  "make several arrays")
      ->type_name("M")
      ->check(CLI::Range(1, 4000000));
  cmd->add_option("--concurrency", a.concurrency,
                  "Tasks of an array running at once at most (--array=...%C; default no limit)")
      ->type_name("C")
      ->check(CLI::Range(1, 4000000));
  cmd->add_option("--threads", a.threads, "CPUs per shard (--cpus-per-task and --threads; 1)")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--time", a.time, "Time limit per shard (default 02:00:00)")->type_name("T");
  cmd->add_option("--merge-time", a.merge_time, "Time limit of the merge (default 01:00:00)")
      ->type_name("T");
  cmd->add_option("--mem", a.mem, "Memory per job (default 2G)")->type_name("SIZE");
  cmd->add_option("--partition", a.partition, "Slurm partition (default: the site's)")
      ->type_name("NAME");
  cmd->add_option("--account", a.account, "Slurm account (default: yours)")->type_name("NAME");
  cmd->add_option("--signal-lead", a.signal_lead_s,
                  "Seconds before the time limit at which a shard is told to stop and requeue "
                  "(default 300: more than one replication takes)")
      ->type_name("S")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--binary", a.binary, "hotline-sim on the compute nodes (default: this one)")
      ->type_name("PATH");
  cmd->add_option("--out", a.out_dir,
                  "Study folder on the shared filesystem: slurm/ (scripts), parts/, logs/, "
                  "result/ (default out/cluster)")
      ->type_name("DIR");
  return cmd;
}

}  // namespace hotline::cli
