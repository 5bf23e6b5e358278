// hotline-sim: command-line driver. Parses arguments (CLI11), dispatches to one command and
// maps failures to exit codes (exit_codes.hpp): 0 ok, 2 invalid input (command line, --set,
// scenario), 3 the environment refused (output folder, disk, stdout, memory), 1 internal
// error (a bug), 128 + N stopped by signal N. Results go to files and stdout; human logs
// (spdlog) and errors to stderr.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "calibrate_command.hpp"
#include "compare_command.hpp"
#include "console_output.hpp"
#include "emit_command.hpp"
#include "exit_codes.hpp"
#include "help_formatter.hpp"
#include "hotline/report/output_error.hpp"
#include "hotline/scenario/key_table.hpp"
#include "hotline/scenario/loader.hpp"
#include "interrupts.hpp"
#include "live_client_command.hpp"
#include "merge_command.hpp"
#include "optimize_command.hpp"
#include "replay_command.hpp"
#include "review_command.hpp"
#include "roster_command.hpp"
#include "run_command.hpp"
#include "seed_text.hpp"
#include "serve_command.hpp"
#include "sweep_command.hpp"
#include "validate_command.hpp"

namespace {

using namespace hotline::cli;

constexpr const char* kDescription =
    "hotline-sim simulates a 7x24 anti-fraud warning hotline (China's 96110 line). Warning "
    "alerts about people being defrauded right now arrive by fraud type, risk grade and "
    "community; graded dispatch rules answer them with SMS, robot calls, operator calls from "
    "rostered duty desks, pushes down the region -> city -> county -> community chain and "
    "officer visits, racing each alert's hidden time to loss. A run reports the share of "
    "alerts dissuaded, money lost and avoided (yuan), time to first contact, SLA attainment "
    "and desk load. Scenarios are YAML files (see scenarios/tiny.yaml); the bundled ones are "
    "compiled in, so `run` works from any directory.";

constexpr const char* kTopFooter = R"TXT(Examples:
  hotline-sim run                                 # bundled default scenario (xizang.yaml)
  hotline-sim run bundled:tiny                    # a bundled scenario, even if ./tiny.yaml exists
  hotline-sim run scenarios/tiny.yaml --seed 42 --out results/tiny
  hotline-sim run xizang --set clock.horizon=30d --set desks.96110.roster.night.headcount=3
  hotline-sim run xizang --reps 20                # 20 replications, mean ± 95% CI
  hotline-sim compare xizang --vs-set desks.96110.roster.night.headcount=4 --reps 20
  hotline-sim sweep xizang --vary desks.96110.roster.night.headcount=1..5 --reps 20
  hotline-sim emit slurm staffing.yaml --reps 20 --shards 200   # a study on a Slurm cluster
  hotline-sim optimize xizang --vary-roster 96110 --target 'grade1.reached_within(10min) >= 0.95 per shift'
  hotline-sim validate my-region.yaml
  hotline-sim calibrate xizang --targets scenarios/xizang-targets.csv   # fit to counts
  hotline-sim serve xizang --speed 30             # a live exercise for trainees and a trainer
  hotline-sim replay exercises/exercise-1         # the exercise again, byte for byte
  hotline-sim review exercises/exercise-1 --branch-at 14:20   # what if the rules took over
  hotline-sim list-scenarios                      # the scenarios compiled in
  hotline-sim run --help                          # options of one command

Scenario arguments: a file that exists is that file (./tiny.yaml, even though a bundled tiny
exists); otherwise a bare name is a bundled scenario; bundled:NAME always is.

Exit codes: 0 success; 2 invalid input (command line, --set, scenario); 3 the environment
refused (output folder not writable or in use by another run, disk full, stdout not
writable, out of memory); 1 internal error (a bug: please report it); 130/143 stopped by
SIGINT/SIGTERM (temporary files removed; what was kept is printed); 75 a shard (sweep
--shard) stopped by a signal: run it again, it continues (docs/cluster.md).)TXT";

constexpr const char* kRunFooter =
    R"TXT(Outputs (in --out DIR; the whole set appears together when the run is complete, and
files an earlier run left there are removed; a second run into the same DIR is refused):
  summary.json   every KPI (all, by grade, by fraud type, desks, conservation), the
                 staffing cost (scenario costs:) + manifest (program version, scenario
                 SHA-256, seed, options, wall time)
  alerts.csv     one row per alert, in the order alerts closed (sort by id for arrival order)
  alerts.csv.zst instead, with --alerts-csv zstd: the same rows compressed (zstdcat reads it)
  units.csv      with --alerts-columns compact: the units (number, id, name, ancestors) that
                 the compact alerts file's `unit` column refers to
  desks.csv      per desk and simulated hour: arrivals, queue, busy and staffed operators
  intervals.csv  reached within target per grade, by reporting interval and hour of day
  trace.jsonl    with --trace: every state change, one JSON object per line
  report.html    the results as one page for people (charts, no network): open in a browser
  manifest.json  the files of this run with their sizes and SHA-256; "complete": false when
                 an interrupted replicated run kept only its finished replications
CSV files are UTF-8 with a byte-order mark (Excel opens them by double-click; --csv-bom off
for tools that dislike it) and date-times like 2021-09-01 08:00:00.

Examples:
  hotline-sim run                                 # xizang.yaml, its own seed, into ./out
  hotline-sim run scenarios/tiny.yaml --seed 42 --out results/tiny --trace
  hotline-sim run xizang --set clock.horizon=30d --set fraud_types.loan.rate_per_day=50
  hotline-sim run my.yaml --quiet && jq .all.dissuaded_share out/summary.json
  hotline-sim run xizang --reps 20 --threads 2     # every KPI as mean ± 95% CI
  hotline-sim run xizang --reps auto --precision 0.02 --warmup auto
  hotline-sim run national --threads 2 --desks-csv off   # one year, 31 regions on 2 threads

With --reps: summary.json holds each KPI's mean, CI half-width, sd and n; replications.csv
one row per replication; desks.csv the mean over replications; alerts.csv and trace.jsonl
describe replication 0. Outputs are byte-identical for any --threads.
A scenario with split: true (national.yaml) runs each independent part (validate --parts)
as a model of its own, on --threads threads even for one replication; it writes no alerts.csv
or trace.jsonl (--set split=false runs it whole, with them).)TXT";

constexpr const char* kCompareFooter = R"TXT(Examples:
  hotline-sim compare xizang --vs-set desks.96110.roster.night.headcount=4 --reps 20 \
      --label "+2 night operators"
  hotline-sim compare base.yaml --vs proposal.yaml --reps 30 --kpi grade1.reached_within_600s
  hotline-sim compare surge --set clock.horizon=3d --vs-set robot.lines=60

A verdict reads: "+2 night operators: grade 1 SLA attainment 81.2% -> 93.5% (+12.3 ± 1.1
points)". The CI is of the paired difference; comparison.csv also gives the unpaired CI, to
show what pairing on the same alerts gains.)TXT";

constexpr const char* kRosterFooter = R"TXT(Examples:
  hotline-sim roster xizang --out roster.yaml
      every desk's roster of the bundled Xizang scenario, as a patch
  hotline-sim roster xizang --set desks.lhasa-chengguan:county_command.roster.night.headcount=2
      the same with one county desk's night shift changed: that desk gets an `instances:` entry
  hotline-sim run xizang --patch roster.yaml
      run with the (edited) rosters; same results as the --set that made them

One desk of an `each:` kind is addressed as desks.<unit>:<desk> in --set, and as an
`instances:` entry ({unit: ID, roster: [...]}) of that desk in a patch.)TXT";

constexpr const char* kCalibrateFooter =
    R"TXT(The targets file (CSV, UTF-8; a header line, then one row per count; lines starting
with # are comments):
  period_start,period_end,unit,fraud_type,warned,lost
  2021-09-01,2021-09-15,xz,*,8060,115
  2021-09-01,2021-09-15,lhasa,*,3320,
(the whole region xz, all fraud types; then one city, with no lost target: an empty cell)
  period_*    dates YYYY-MM-DD, both days included, inside the scenario's clock
  unit        a unit id (or display name); the root is the whole tree
  fraud_type  a fraud type id, or * for all
  warned      alerts that arrived in the period in the unit (KPI alerts, warm-up included)
  lost        of those, the ones lost (KPI lost)
  note        optional, ignored
Root rows fit fraud_types.<id>.rate_per_day (per type, or all types by one factor for *),
unit rows fit the units' weights, lost rows fit would_pay; every iteration runs --reps
replications on the same random streams and it stops when every target lies in the 95% CI
of its simulated count, or after --iterations.

Outputs (in --out DIR): calibration.csv and calibration.json (target against simulated,
fitted parameters, iterations), patch.yaml (the fitted keys in the scenario's syntax) and
patch.set (the same as --set lines).

Examples:
  hotline-sim calibrate xizang --targets scenarios/xizang-targets.csv --reps 10
  hotline-sim run xizang --patch out/calibrate/patch.yaml   (or $(cat out/calibrate/patch.set))
  hotline-sim calibrate xizang --targets scenarios/xizang-feb2021-targets.csv \
      --set clock.start=2021-02-01T00:00 --out out/calibrate-feb)TXT";

constexpr const char* kValidateFooter = R"TXT(Examples:
  hotline-sim validate scenarios/tiny.yaml
  hotline-sim validate scenarios/*.yaml xizang
  hotline-sim validate --strict my-region.yaml    # warnings fail too (for CI)
  hotline-sim validate --parts national           # which regions are independent sub-models

Prints "ok: FILE (N units, M desks, K fraud types, R rules)" per valid scenario and
"FILE:LINE:COL: error: ..." per invalid one; exits 2 if any is invalid. Planning mistakes
that still run print "FILE:LINE:COL: warning: ..." (stderr); --strict makes them errors.
--parts adds the scenario's independent parts: sets of communities that share no desk,
officer or robot line, with what joins them when there is only one. A scenario with
split: true runs its parts as models of their own, on --threads threads (docs/model.md,
"Split runs"; docs/performance.md).)TXT";

constexpr const char* kSchemaFooter = R"TXT(Example:
  hotline-sim schema > scenario.schema.json
  # then, in an editor with YAML language support, put this first line in a scenario:
  # yaml-language-server: $schema=./scenario.schema.json)TXT";

constexpr const char* kFormatDocFooter = R"TXT(Example:
  hotline-sim format-doc > docs/scenario-format.md)TXT";

constexpr const char* kListFooter = R"TXT(Example:
  hotline-sim list-scenarios
  hotline-sim run tiny            # run one of them by name)TXT";

int print_text(const std::string& text) {
  write_stdout(text);
  if (!text.empty() && text.back() != '\n') write_stdout("\n");
  return kExitOk;
}

CLI::Option* add_csv_bom_option(CLI::App* cmd, bool& target) {
  return cmd
      ->add_option_function<std::string>(
          "--csv-bom", [&target](const std::string& v) { target = v == "on"; },
          "Start CSV files with a UTF-8 byte-order mark (on, the default: Excel then reads "
          "Chinese names correctly) or not (off)")
      ->type_name("on|off")
      ->check(CLI::IsMember({"on", "off"}));
}

// Runs one command and maps what it throws to an exit code (exit_codes.hpp).
template <typename Command>
int guarded(Command&& command) {
  try {
    return command();
  } catch (const hotline::scenario::ScenarioError& e) {
    std::fputs(e.what(), stderr);
    std::fputc('\n', stderr);
    return kExitInvalid;
  } catch (const hotline::report::OutputError& e) {
    std::fprintf(stderr, "hotline-sim: error: %s\n", e.what());
    return kExitEnvironment;
  } catch (const std::bad_alloc&) {
    std::fputs(
        "hotline-sim: error: out of memory (the run needs more memory than this machine or its "
        "limits allow: try --desks-csv off, fewer --threads, or a shorter clock.horizon)\n",
        stderr);
    return kExitEnvironment;
  } catch (const std::system_error& e) {
    // Threads that cannot start, files that cannot be listed: the system refused.
    std::fprintf(stderr, "hotline-sim: error: the system refused: %s\n", e.what());
    return kExitEnvironment;
  } catch (const std::exception& e) {
    std::fprintf(stderr,
                 "hotline-sim: internal error: %s (a bug in hotline-sim; please report it with "
                 "the command line)\n",
                 e.what());
    return kExitInternal;
  }
}

void setup_logging() {
  // The default spdlog logger writes to stdout; results own stdout, so logs go to stderr.
  auto logger = spdlog::stderr_color_mt("hotline-sim");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
}

}  // namespace

int main(int argc, char** argv) {
  setup_logging();
  install_interrupt_handlers();

  CLI::App app{kDescription, "hotline-sim"};
  app.footer(kTopFooter);
  app.set_version_flag("--version", std::string("hotline-sim ") + HOTLINE_VERSION);
  app.require_subcommand(1);
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(30);
  app.formatter(formatter);  // subcommands created below inherit it

  RunArgs run;
  std::string seed_text;
  CLI::App* run_cmd = app.add_subcommand(
      "run",
      "Run a scenario (one replication, or --reps R) and write its results. The output directory "
      "receives "
      "summary.json, alerts.csv, desks.csv and report.html (plus trace.jsonl with --trace); "
      "stdout gets a "
      "summary of the KPIs per grade, per fraud type and per desk. Progress is shown on stderr "
      "for runs longer than a second.");
  run_cmd->footer(kRunFooter);
  run_cmd
      ->add_option("scenario", run.scenario,
                   "Scenario YAML file (an existing file is always that file), or a bundled "
                   "scenario: a bare name when no such file exists, or bundled:NAME (see "
                   "list-scenarios); default: the bundled xizang.yaml")
      ->type_name("SCENARIO");
  CLI::Option* seed_opt =
      run_cmd
          ->add_option("--seed", seed_text,
                       "Random seed (unsigned integer); default: the scenario's `seed` key")
          ->type_name("N")
          ->check(CLI::Validator(
              [](std::string& text) {
                return parse_seed(text)
                           ? std::string{}
                           : "expected an unsigned integer below 2^64, got '" + text + "'";
              },
              "N", "seed"));
  run_cmd->add_option("--out", run.out_dir, "Output directory, created if missing")
      ->capture_default_str()
      ->type_name("DIR");
  run_cmd
      ->add_option("--set", run.sets,
                   "Override one scenario value, e.g. clock.horizon=30d (durations take units: "
                   "ms, s, min, h, d); repeat for several")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  run_cmd
      ->add_option("--patch", run.patches,
                   "Merge a partial scenario (e.g. a roster written by `hotline-sim roster`) over "
                   "the scenario before the --set overrides; repeatable, applied in order")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  run_cmd->add_flag("--trace", run.trace, "Also write trace.jsonl (large: ~100 bytes per event)");
  run_cmd->add_flag("--quiet", run.quiet, "No progress and no summary on stdout; only errors");
  run_cmd
      ->add_option("--reps", run.reps,
                   "Replications: a number, or 'auto' to add replications until the 95% CI "
                   "half-width of all.dissuaded_share and all.lost_yuan is within --precision "
                   "of the mean. With more than one, every KPI is reported as mean ± half-width")
      ->type_name("N|auto")
      ->check(CLI::Validator(
          [](std::string& text) {
            return parse_reps(text) >= 0
                       ? std::string{}
                       : "expected a positive integer or 'auto', got '" + text + "'";
          },
          "N|auto", "reps"));
  run_cmd
      ->add_option("--threads", run.threads,
                   "Threads for replications, or for the parts of a split scenario (default: "
                   "the machine's cores); results are identical for any value")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  run_cmd
      ->add_option("--precision", run.precision,
                   "Target relative CI half-width for --reps auto (default 0.05 = 5%)")
      ->type_name("P")
      ->check(CLI::Range(1e-6, 1.0));
  run_cmd->add_option("--max-reps", run.max_reps, "Cap on replications for --reps auto")
      ->capture_default_str()
      ->type_name("N")
      ->check(CLI::Range(2, 100000));
  run_cmd
      ->add_option("--warmup", run.warmup,
                   "Warm-up: a duration (e.g. 2d) overriding clock.warmup, or 'auto' to choose "
                   "it with MSER-5 on pilot replications")
      ->type_name("DURATION|auto");
  run_cmd
      ->add_option_function<std::string>(
          "--alerts-csv",
          [&run](const std::string& v) {
            run.alerts_csv = v != "off";
            run.alerts_csv_given = true;
            run.alerts_zstd = v == "zstd";
          },
          "Write alerts.csv (on, the default), or not (off), or compressed as alerts.csv.zst "
          "(zstd: about a fifth of the size; read it with `zstdcat alerts.csv.zst` or pandas' "
          "read_csv, which decompresses .zst)")
      ->type_name("on|off|zstd")
      ->check(CLI::IsMember({"on", "off", "zstd"}));
  run_cmd
      ->add_option_function<std::string>(
          "--alerts-columns",
          [&run](const std::string& v) {
            run.alerts_compact = v == "compact";
            run.alerts_columns_given = true;
          },
          "Columns of the per-alert file: full (the default: ids, display names, local times) "
          "or compact (ids and integer seconds, no names, no seconds_to_contact or loss: about "
          "a third of the bytes; units.csv beside it gives each unit's id, name and ancestors; "
          "docs/outputs.md defines every column). With --alerts-csv zstd, a national year is "
          "about 0.9 GB instead of 1.8 GB")
      ->type_name("full|compact")
      ->check(CLI::IsMember({"full", "compact"}));
  run_cmd
      ->add_option_function<std::string>(
          "--desks-csv", [&run](const std::string& v) { run.desks_csv = v == "on"; },
          "Write desks.csv (on) or not (off). Default: on, unless desks x hours exceeds 5 million "
          "rows (a national year), which would hold gigabytes in memory")
      ->type_name("on|off")
      ->check(CLI::IsMember({"on", "off"}));
  add_csv_bom_option(run_cmd, run.csv_bom);
  run_cmd
      ->add_option_function<std::string>(
          "--shard", [&run](const std::string& v) { run.shard = v; },
          "With --reps N: run only shard I of N of the replications (every N-th) and write "
          "DIR/shard-I-of-N.part instead of the run folder; rerun after a kill, it skips what "
          "it finished; `hotline-sim merge DIR` writes the run folder (docs/cluster.md). No "
          "alerts.csv, --trace or --warmup auto. Exit 75 = stopped by a signal, run it again")
      ->type_name("I/N");

  CompareArgs cmp;
  std::string cmp_seed_text;
  CLI::App* compare_cmd = app.add_subcommand(
      "compare",
      "Compare two variants of a scenario on the same alerts. Runs R replications of each; "
      "replication r of both variants draws from the same named random streams (common random "
      "numbers), so they see the same alerts and the paired difference of every KPI has a "
      "narrow confidence interval. Prints verdict lines, both staffing costs and a table; writes "
      "comparison.csv, comparison.json and report.html (the comparison as a page with charts).");
  compare_cmd->footer(kCompareFooter);
  compare_cmd
      ->add_option("base", cmp.base,
                   "Base scenario (file, bundled name or bundled:NAME, as for run; default: the "
                   "bundled xizang)")
      ->type_name("BASE");
  compare_cmd->add_option("--set", cmp.sets, "Override applied to both variants; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  compare_cmd->add_option("--patch", cmp.patches, "Patch applied to both variants; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  compare_cmd
      ->add_option("--vs-patch", cmp.vs_patches,
                   "The other variant: the base with this patch (e.g. another roster); "
                   "repeatable, with or without --vs-set")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  compare_cmd->add_option("--vs", cmp.vs, "The other variant: another scenario file")
      ->type_name("OTHER");
  compare_cmd
      ->add_option("--vs-set", cmp.vs_sets,
                   "The other variant: the base with this override; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  compare_cmd->add_option("--reps", cmp.reps, "Paired replications")
      ->capture_default_str()
      ->type_name("R")
      ->check(CLI::Range(2, 100000));
  compare_cmd->add_option("--threads", cmp.threads, "Threads (default: the machine's cores)")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  CLI::Option* cmp_seed_opt =
      compare_cmd->add_option("--seed", cmp_seed_text, "Seed for both variants (default: base's)")
          ->type_name("N");
  compare_cmd
      ->add_option("--kpi", cmp.kpis,
                   "KPI for a verdict line, e.g. grade1.reached_within_600s.night (repeatable; "
                   "default: grade 1 reached within its target, all.lost, all.lost_yuan, "
                   "all.avoided_yuan, grade1.contact_p90_s; names in docs/outputs.md)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  compare_cmd->add_option("--label", cmp.label, "What the change is, e.g. \"+2 night operators\"")
      ->type_name("TEXT");
  compare_cmd->add_option("--out", cmp.out_dir, "Output directory")
      ->capture_default_str()
      ->type_name("DIR");
  compare_cmd->add_flag("--quiet", cmp.quiet, "No progress and no tables on stdout");
  add_csv_bom_option(compare_cmd, cmp.csv_bom);

  SweepArgs sweep;
  CLI::App* sweep_cmd = add_sweep_subcommand(app, sweep);
  MergeArgs merge;
  CLI::App* merge_cmd = add_merge_subcommand(app, merge);
  EmitSlurmArgs emit_slurm;
  CLI::App* emit_slurm_cmd = add_emit_subcommand(app, emit_slurm);
  OptimizeArgs optimize;
  CLI::App* optimize_cmd = add_optimize_subcommand(app, optimize);

  CalibrateArgs cal;
  std::string cal_seed_text;
  CLI::App* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit a scenario to published counts. Adjusts the arrival rates, unit weights and "
      "would-have-paid shares until the simulated counts of warned people and frauds match a "
      "targets file per period, unit and fraud type; prints target against simulated with 95% "
      "CIs and writes the fitted keys as a patch.");
  calibrate_cmd->footer(kCalibrateFooter);
  calibrate_cmd
      ->add_option("scenario", cal.scenario,
                   "Scenario to fit (file, bundled name or bundled:NAME, as for run; default: "
                   "the bundled xizang)")
      ->type_name("SCENARIO");
  calibrate_cmd->add_option("--targets", cal.targets, "Counts to fit (CSV, format below)")
      ->required()
      ->type_name("FILE.csv");
  calibrate_cmd->add_option("--set", cal.sets, "Override applied before fitting; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  calibrate_cmd->add_option("--reps", cal.reps, "Replications per iteration")
      ->capture_default_str()
      ->type_name("R")
      ->check(CLI::Range(2, 100000));
  calibrate_cmd
      ->add_option("--iterations", cal.iterations,
                   "Evaluations at most; stops earlier when every target is within its CI")
      ->capture_default_str()
      ->type_name("K")
      ->check(CLI::Range(1, 1000));
  calibrate_cmd->add_option("--threads", cal.threads, "Threads (default: the machine's cores)")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  CLI::Option* cal_seed_opt =
      calibrate_cmd->add_option("--seed", cal_seed_text, "Seed (default: the scenario's)")
          ->type_name("N");
  calibrate_cmd->add_option("--out", cal.out_dir, "Output directory")
      ->capture_default_str()
      ->type_name("DIR");
  calibrate_cmd->add_flag("--quiet", cal.quiet, "No progress and no tables on stdout");
  add_csv_bom_option(calibrate_cmd, cal.csv_bom);

  std::vector<std::string> to_validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check scenarios without running them. Checks YAML syntax, keys, types, units, ranges and "
      "cross-references (desks, units, fraud types, rule coverage). Each error names "
      "FILE:LINE:COL.");
  validate_cmd->footer(kValidateFooter);
  validate_cmd->add_option("scenario", to_validate, "Scenario files or bundled names")
      ->required()
      ->type_name("SCENARIO");
  bool validate_strict = false;
  std::vector<std::string> validate_patches;
  validate_cmd
      ->add_option("--patch", validate_patches,
                   "Check each scenario with this patch merged over it; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  bool validate_parts = false;
  validate_cmd->add_flag("--parts", validate_parts,
                         "Also print the scenario's independent parts and what joins them");
  validate_cmd->add_flag("--strict", validate_strict,
                         "Treat warnings (planning mistakes that still run, e.g. a surge outside "
                         "the run) as errors: exit 2 if any");

  CLI::App* list_cmd = app.add_subcommand(
      "list-scenarios", "List the scenarios compiled into the binary, usable by name in `run`.");
  list_cmd->footer(kListFooter);

  CLI::App* schema_cmd = app.add_subcommand(
      "schema",
      "Print a JSON Schema of the scenario format. The schema (draft 2020-12, on stdout) is for "
      "editors and linters; it is generated from the same key table the loader checks against.");
  schema_cmd->footer(kSchemaFooter);

  RosterArgs roster;
  CLI::App* roster_cmd = app.add_subcommand(
      "roster",
      "Write every desk's roster (shifts, headcounts, staff by language, breaks; each desk "
      "instance with its own) as a patch file that --patch reads back to the same rosters. "
      "Edit it, or let a study write one, and run it with --patch.");
  roster_cmd->footer(kRosterFooter);
  roster_cmd->add_option("scenario", roster.scenario, "Scenario (as for run)")
      ->type_name("SCENARIO");
  roster_cmd->add_option("--set", roster.sets, "Override applied first; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  roster_cmd->add_option("--patch", roster.patches, "Patch applied first; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  roster_cmd->add_option("--out", roster.out, "Write to this file (default: standard output)")
      ->type_name("FILE.yaml");

  CLI::App* format_doc_cmd = app.add_subcommand(
      "format-doc",
      "Print the scenario format reference. Markdown on stdout: every key with its type, unit, "
      "default and meaning, generated from the loader's key table.");
  format_doc_cmd->footer(kFormatDocFooter);

  ServeArgs serve;
  CLI::App* serve_cmd = add_serve_subcommand(app, serve);
  LiveClientArgs live_client;
  CLI::App* live_client_cmd = add_live_client_subcommand(app, live_client);
  ReplayArgs replay;
  CLI::App* replay_cmd = add_replay_subcommand(app, replay);
  ReviewArgs review;
  CLI::App* review_cmd = add_review_subcommand(app, review);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive here too, with exit code 0.
    const int code = app.exit(e);
    return finish_stdout(code == 0 ? kExitOk : kExitInvalid);
  }

  if (*run_cmd) {
    if (seed_opt->count() > 0) run.seed = parse_seed(seed_text);
    if (run.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return run_command(run); }));
  }
  if (*compare_cmd) {
    if (cmp_seed_opt->count() > 0) {
      cmp.seed = parse_seed(cmp_seed_text);
      if (!cmp.seed) {
        std::fprintf(stderr, "--seed: expected an unsigned integer, got '%s'\n",
                     cmp_seed_text.c_str());
        return kExitInvalid;
      }
    }
    if (cmp.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return compare_command(cmp); }));
  }
  if (*sweep_cmd) {
    if (sweep.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return sweep_command(sweep); }));
  }
  if (*merge_cmd) {
    if (merge.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return merge_command(merge); }));
  }
  if (*emit_slurm_cmd)
    return finish_stdout(guarded([&] { return emit_slurm_command(emit_slurm); }));
  if (*optimize_cmd) {
    if (optimize.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return optimize_command(optimize); }));
  }
  if (*calibrate_cmd) {
    if (cal_seed_opt->count() > 0) {
      cal.seed = parse_seed(cal_seed_text);
      if (!cal.seed) {
        std::fprintf(stderr, "--seed: expected an unsigned integer, got '%s'\n",
                     cal_seed_text.c_str());
        return kExitInvalid;
      }
    }
    cal.command_line = "hotline-sim";
    for (int i = 1; i < argc; ++i) cal.command_line += std::string(" ") + argv[i];
    if (cal.quiet) spdlog::set_level(spdlog::level::warn);
    return finish_stdout(guarded([&] { return calibrate_command(cal); }));
  }
  if (*validate_cmd)
    return finish_stdout(guarded([&] {
      return validate_command(to_validate, validate_strict, validate_patches, validate_parts);
    }));
  if (*roster_cmd) return finish_stdout(guarded([&] { return roster_command(roster); }));
  if (*serve_cmd) return finish_stdout(guarded([&] { return serve_command(serve); }));
  if (*live_client_cmd)
    return finish_stdout(guarded([&] { return live_client_command(live_client); }));
  if (*replay_cmd) return finish_stdout(guarded([&] { return replay_command(replay); }));
  if (*review_cmd) return finish_stdout(guarded([&] { return review_command(review); }));
  if (*list_cmd) return finish_stdout(guarded([&] { return list_scenarios_command(); }));
  if (*schema_cmd)
    return finish_stdout(
        guarded([&] { return print_text(hotline::scenario::scenario_json_schema()); }));
  if (*format_doc_cmd)
    return finish_stdout(
        guarded([&] { return print_text(hotline::scenario::scenario_format_markdown()); }));
  return kExitInvalid;  // unreachable: require_subcommand(1)
}
