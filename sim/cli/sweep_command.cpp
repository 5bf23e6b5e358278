#include "sweep_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "folder_notes.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/report/sha256.hpp"
#include "hotline/report/sweep_page.hpp"
#include "hotline/report/sweep_report.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/study/kpi_names.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/sweep.hpp"
#include "interrupts.hpp"
#include "patch_files.hpp"
#include "progress_reporter.hpp"
#include "run_command.hpp"
#include "seed_text.hpp"

namespace hotline::cli {

namespace {

[[noreturn]] void bad(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(option, 0, 0, message);
}

// "0.05" (relative to |mean|) or "abs:0.02" (in the KPI's unit).
void parse_precision(const std::string& text, scenario::SweepStudy& s) {
  std::string_view v = text;
  s.precision_absolute = v.starts_with("abs:");
  if (s.precision_absolute) v.remove_prefix(4);
  double p = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || !(p > 0))
    bad("--precision",
        fmt::format("expected a positive number (relative: 0.05 = 5% of the mean) or abs:P (in "
                    "the KPI's unit: abs:0.01 = one percentage point of a share), got '{}'",
                    text));
  s.precision = p;
}

scenario::SweepStudy study_of(const SweepArgs& a) {
  scenario::SweepStudy s;
  if (!a.study.empty()) {
    if (!a.varies.empty() || !a.scenario.empty() || !a.sets.empty() || !a.patches.empty())
      bad("--study",
          "a study file defines the scenario, its --set values and the factors: give either "
          "--study FILE or SCENARIO with --vary/--set, not both");
    s = scenario::load_study_file(a.study);
  } else {
    if (a.varies.empty())
      bad("sweep",
          "nothing to vary: give --vary KEY=LIST|A..B[:STEP] (e.g. --vary "
          "desks.96110.roster.night.headcount=2..6) or --study FILE.yaml");
    s.scenario = a.scenario.empty() ? scenario::kDefaultScenario : a.scenario;
    s.sets = a.sets;
    s.patches = a.patches;
    for (const auto& v : a.varies) {
      s.factors.push_back(scenario::parse_vary(v));
      for (std::size_t i = 0; i + 1 < s.factors.size(); ++i)
        if (s.factors[i].name == s.factors.back().name || s.factors[i].key == s.factors.back().key)
          bad("--vary", fmt::format("two --vary give '{}': vary each key once (a list takes "
                                    "several values: KEY=1,2,3)",
                                    s.factors.back().name == s.factors[i].name ? s.factors[i].name
                                                                               : s.factors[i].key));
    }
  }
  if (a.reps) {
    const int r = parse_reps(*a.reps);
    if (r < 0)
      bad("--reps", fmt::format("expected a positive integer or 'auto', got '{}'", *a.reps));
    s.reps = r;
  }
  if (a.precision) parse_precision(*a.precision, s);
  if (a.min_reps) s.min_reps = *a.min_reps;
  if (a.max_reps) s.max_reps = *a.max_reps;
  if (s.max_reps < s.min_reps) bad("--max-reps", "--max-reps must be at least --min-reps");
  if (a.seed) s.seed = a.seed;
  if (!a.kpis.empty()) s.kpis = a.kpis;
  if (a.target) s.target = *a.target;
  if (a.marginal) s.marginal = *a.marginal;
  return s;
}

void check_kpi(const std::string& option, const std::string& name,
               const std::vector<std::string>& known) {
  if (const std::string msg = study::unknown_kpi_message(name, known); !msg.empty())
    bad(option, msg);
}

std::string replication_rule(const scenario::SweepStudy& s, const std::vector<std::string>& kpis) {
  if (s.reps > 0) return fmt::format("fixed: {} replications per variant", s.reps);
  return fmt::format(
      "auto: per variant, the fewest replications k (at least {}, at most {}) whose 95% CI "
      "half-width of every one of {} is within {} {}",
      s.min_reps, s.max_reps, fmt::join(kpis, ", "), s.precision,
      s.precision_absolute ? "(absolute, in the KPI's unit)" : "of |mean| (relative)");
}

// What makes two invocations the same plan: the keys of their variants and the rule.
std::string plan_digest(const study::SweepPlan& plan, const std::string& rule) {
  std::string text = fmt::format("seed {}\nrule {}\n", plan.seed, rule);
  for (const auto& v : plan.variants) text += report::sha256_hex(v.canonical) + "\n";
  return report::sha256_hex(text);
}

}  // namespace

SweepSetup setup_sweep(const SweepArgs& args) {
  SweepSetup setup;
  setup.study = study_of(args);
  setup.plan = study::make_sweep_plan(setup.study);
  const scenario::SweepStudy& study = setup.study;
  const scenario::Scenario& base = setup.plan.variants.front().scenario;
  for (const auto& w : base.warnings) std::fprintf(stderr, "%s\n", w.text().c_str());

  // Every KPI named is checked before anything runs.
  const std::vector<std::string> known = study::kpi_names(base);
  setup.kpis = study.kpis;
  if (setup.kpis.empty())
    setup.kpis = {study::reached_kpi_name(base, 1), "all.lost_yuan", "all.avoided_yuan"};
  for (const auto& k : setup.kpis) check_kpi("--kpi", k, known);
  if (!study.target.empty()) {
    setup.target = scenario::parse_target(study.target);
    check_kpi("--target", setup.target->kpi, known);
  }
  setup.marginal = study.marginal.empty() ? "all.avoided_yuan" : study.marginal;
  check_kpi("--marginal", setup.marginal, known);
  if (args.out_dir.empty())
    bad("--out", "the output directory is empty (give a folder, e.g. --out out/sweep)");

  setup.precision_kpis = setup.kpis;
  if (setup.target &&
      std::find(setup.kpis.begin(), setup.kpis.end(), setup.target->kpi) == setup.kpis.end())
    setup.precision_kpis.push_back(setup.target->kpi);
  setup.rule = replication_rule(study, setup.precision_kpis);
  setup.digest = plan_digest(setup.plan, setup.rule);
  return setup;
}

std::vector<std::string> sweep_plan_arguments(const SweepArgs& a) {
  std::vector<std::string> out;
  if (!a.scenario.empty()) out.push_back(a.scenario);
  auto add = [&out](const char* option, const std::string& value) {
    out.push_back(option);
    out.push_back(value);
  };
  if (!a.study.empty()) add("--study", a.study);
  for (const auto& v : a.varies) add("--vary", v);
  for (const auto& v : a.sets) add("--set", v);
  for (const auto& v : a.patches) add("--patch", v);
  if (a.reps) add("--reps", *a.reps);
  if (a.precision) add("--precision", *a.precision);
  if (a.min_reps) add("--min-reps", std::to_string(*a.min_reps));
  if (a.max_reps) add("--max-reps", std::to_string(*a.max_reps));
  if (a.seed) add("--seed", std::to_string(*a.seed));
  for (const auto& v : a.kpis) add("--kpi", v);
  if (a.target) add("--target", *a.target);
  if (a.marginal) add("--marginal", *a.marginal);
  add("--csv-bom", a.csv_bom ? "on" : "off");
  return out;
}

SweepArgs parse_sweep_plan_arguments(const std::vector<std::string>& arguments) {
  CLI::App app;
  SweepArgs args;
  CLI::App* cmd = add_sweep_subcommand(app, args);
  std::vector<std::string> reversed = {"sweep"};
  reversed.insert(reversed.end(), arguments.begin(), arguments.end());
  std::reverse(reversed.begin(), reversed.end());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    bad("partial", fmt::format("its sweep arguments do not parse ({}): was it written by another "
                               "version of hotline-sim?",
                               e.what()));
  }
  if (!*cmd) bad("partial", "its arguments are not those of a sweep");
  return args;
}

int publish_sweep(const SweepArgs& args, const SweepSetup& setup, report::OutputFolder& folder,
                  report::ResultsDb& db, const study::SweepResult& result) {
  const study::SweepPlan& plan = setup.plan;
  const scenario::SweepStudy& study = setup.study;
  const scenario::Scenario& base = plan.variants.front().scenario;
  report::RunManifest manifest = report::make_manifest(base, plan.seed, 0);
  manifest.options = {
      {"study", report::ManifestValue(args.study)},
      {"vary", report::ManifestValue(args.varies)},
      {"set", report::ManifestValue(study.sets)},
      {"patch", report::ManifestValue(patch_hashes(study.patches))},
      {"seed", report::ManifestValue(plan.seed)},
      {"replications", report::ManifestValue(setup.rule)},
      {"target", report::ManifestValue(study.target)},
  };
  manifest.wall_time_s = result.wall_time_s;
  const report::SweepView view =
      report::make_sweep_view(plan, setup.kpis, setup.target, setup.marginal);
  const std::string json = report::sweep_json(plan, result, manifest, view, setup.rule);
  db.record_run(plan, result, setup.digest, json);

  const report::CsvStyle csv{args.csv_bom};
  report::write_sweep_csv(folder.create("sweep.csv"), plan, result, csv);
  folder.create("sweep.json").write(json);
  // Last, and built before it is created: it lists the hashes of the files above, which
  // finished_file_rows finishes (report.html among them, were it created first).
  const std::string html = report::sweep_report_html(
      report::make_sweep_page(plan, result, view, manifest, report::finished_file_rows(folder)));
  folder.create("report.html").write(html);
  const std::string note =
      result.interrupted
          ? "interrupted: the variants marked incomplete hold only their finished replications; "
            "run again with --resume to continue"
          : "";
  folder.publish({"sweep", !result.interrupted, note});
  say_removed(folder);

  if (!args.quiet) {
    std::string text = report::format_sweep_console(plan, result, view);
    text += "\nFiles\n  " + folder.path("sweep.csv") + "  (every KPI, tidy)\n  " +
            folder.path("sweep.json") + "\n  " + folder.path("report.html") +
            "  (charts for people; open in a browser)\n  " + db.path() +
            "  (every replication; the cache of later sweeps)\n  " +
            folder.path(report::OutputFolder::kManifest) + " (the files above, with hashes)\n";
    write_stdout(text);
  }
  if (result.interrupted) {
    std::fprintf(stderr,
                 "hotline-sim: interrupted by %s: %d replications finished and are kept in %s; "
                 "the sweep is marked incomplete (rerun with --resume to continue)\n",
                 signal_name(stop_signal()).c_str(),
                 result.replications_run + result.replications_loaded, db.path().c_str());
    return interrupted_exit_code();
  }
  return kExitOk;
}

int sweep_command(const SweepArgs& args) {
  const SweepSetup setup = setup_sweep(args);
  if (args.shard) return sweep_shard_command(args, setup);
  const study::SweepPlan& plan = setup.plan;
  const scenario::SweepStudy& study = setup.study;

  // Before the folder is created: --resume of nothing must leave nothing behind.
  if (args.resume &&
      !std::filesystem::exists(std::filesystem::path(args.out_dir) / report::ResultsDb::kFileName))
    bad("--resume",
        fmt::format("{} holds no sweep to resume (run without --resume)",
                    (std::filesystem::path(args.out_dir) / report::ResultsDb::kFileName).string()));
  report::OutputFolder folder(args.out_dir);  // locks: one sweep per folder at a time
  report::ResultsDb db(folder.path(report::ResultsDb::kFileName));
  if (args.resume) {
    const auto last = db.last_run();
    if (!last)
      bad("--resume", fmt::format("{} holds no sweep to resume (run without --resume)", db.path()));
    if (last->complete)
      bad("--resume", fmt::format("the last sweep in {} is complete: nothing to resume (run "
                                  "without --resume to run it again from the database)",
                                  db.path()));
    if (last->plan_sha256 != setup.digest)
      bad("--resume",
          fmt::format("the interrupted sweep in {} had another plan (scenario, factors, seed or "
                      "replications differ): give the same arguments, or run without --resume",
                      db.path()));
  }

  const int total_variants = static_cast<int>(plan.variants.size());
  ProgressReporter progress(!args.quiet, 1.0);
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  study::SweepOptions o;
  o.reps = study.reps;
  o.auto_reps = study.reps == 0;
  o.precision = study.precision;
  o.precision_absolute = study.precision_absolute;
  o.min_reps = study.min_reps;
  o.max_reps = study.max_reps;
  o.precision_kpis = setup.precision_kpis;
  o.threads = args.threads;
  o.stop = stop_flag();
  o.progress = [&](int variants_done, int variants, int reps_done, int reps_planned) {
    const double fraction = reps_planned > 0 ? static_cast<double>(reps_done) / reps_planned : 0.0;
    // On a terminal, a bar of the replications done; in a log, words only. Short enough for
    // an 80-column terminal with the time left.
    const int filled = static_cast<int>(fraction * 10.0 + 1e-9);
    const std::string bar =
        tty ? fmt::format("[{:#<{}}{:-<{}}] ", "", filled, "", 10 - filled) : std::string();
    progress.update(fraction,
                    fmt::format("{}variants {}/{}, reps {}/{}{}", bar, variants_done, variants,
                                reps_done, reps_planned, o.auto_reps ? " so far" : ""));
  };
  if (!args.quiet)
    spdlog::info("sweep: {} variants x {} into {}", total_variants,
                 o.auto_reps ? "auto replications" : std::to_string(o.reps) + " replications",
                 db.path());
  const study::SweepResult result = study::run_sweep(plan, db, o);
  progress.finish();
  return publish_sweep(args, setup, folder, db, result);
}

}  // namespace hotline::cli

namespace hotline::cli {

namespace {

constexpr const char* kSweepFooter = R"TXT(Outputs (in --out DIR):
  sweep.db       SQLite: every replication under its content-addressed key, every sweep run,
                 its variants and parameters (tables in docs/studies.md, "Sweeps"). It is the
                 cache: the same variant, seed and replication is never run twice.
  sweep.csv      tidy: variant, <factor columns>, kpi, mean, half_width, n (every KPI)
  sweep.json     manifest (the replication rule included), factors, per-variant headline
                 KPIs, the target's bound and the marginal column
  manifest.json  the files above with their hashes; "complete": false after an interrupt

Examples:
  # The smallest night headcount that meets the grade-1 target with 95% confidence, and what
  # each extra operator saves (docs/studies.md, "Sweeps"):
  hotline-sim sweep xizang --vary night:desks.96110.roster.night.headcount=1..5 --reps 20 \
      --kpi grade1.reached_within_600s.night --target 'grade1.reached_within_600s.night>=0.95'
  hotline-sim sweep xizang --vary robot.lines=20,40,60 --vary desks.96110.roster.night.headcount=2..4
  hotline-sim sweep --study staffing.yaml --threads 2 --out out/staffing
  hotline-sim sweep --study staffing.yaml --out out/staffing --reps 40   # after 20: runs 20..39
  hotline-sim sweep --study staffing.yaml --out out/staffing --resume    # after Ctrl-C
  # On a cluster: shard 3 of 16 writes out/parts/shard-3-of-16.part; merge joins them
  hotline-sim sweep --study staffing.yaml --reps 20 --shard 3/16 --out out/parts
  hotline-sim merge out/parts/*.part --out out/staffing

Replication r of every variant sees the same alerts (common random numbers), so the marginal
column (each step of a single numeric factor against the step before) is a paired difference
with a narrow CI. --precision 0.05 is relative (5% of the mean); abs:0.01 is absolute (one
percentage point of a share). Results are identical for any --threads.)TXT";

}  // namespace

CLI::App* add_sweep_subcommand(CLI::App& app, SweepArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Run a scenario over a plan of variants: every combination of --vary values (or a study "
      "file's grid, list or Latin hypercube, pruned by constraints), R replications each or "
      "--reps auto, on common random numbers. Every replication is kept in DIR/sweep.db, so "
      "running the plan again (or with more replications) runs only what is missing. Prints "
      "one row per variant: KPIs with 95% CIs, whether --target is met at its one-sided 95% "
      "bound, and the paired gain over the previous step.");
  cmd->footer(kSweepFooter);
  cmd->add_option("scenario", a.scenario,
                  "Base scenario (file, bundled name or bundled:NAME, as for run; default: the "
                  "bundled xizang)")
      ->type_name("SCENARIO");
  cmd->add_option("--vary", a.varies,
                  "A factor: KEY=2,3,5 (a list) or KEY=A..B[:STEP] (a range, STEP 1 by "
                  "default); KEY is a --set path; NAME:KEY=... names the column. Repeat for a "
                  "grid of several factors")
      ->type_name("[NAME:]KEY=LIST|A..B[:STEP]")
      ->allow_extra_args(false);
  cmd->add_option("--study", a.study,
                  "A study file: scenario, factors, design (grid, list, lhs), constraints, reps, "
                  "KPIs, target (docs/studies.md, \"Study files\")")
      ->type_name("FILE.yaml");
  cmd->add_option("--set", a.sets, "Override applied to every variant; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--patch", a.patches,
                  "Patch (e.g. a roster from `hotline-sim roster`) merged into every variant "
                  "before the --set and --vary values; repeatable")
      ->type_name("FILE.yaml")
      ->allow_extra_args(false);
  cmd->add_option_function<std::string>(
         "--reps", [&a](const std::string& v) { a.reps = v; },
         "Replications per variant: a number (default 10), or 'auto' to add replications until "
         "every --kpi's (and the --target KPI's) 95% CI half-width is within --precision")
      ->type_name("N|auto");
  cmd->add_option_function<std::string>(
         "--precision", [&a](const std::string& v) { a.precision = v; },
         "For --reps auto: relative half-width (0.05 = 5% of the mean, the default) or abs:P "
         "in the KPI's unit (abs:0.01 = one point of a share)")
      ->type_name("P|abs:P");
  cmd->add_option_function<int>(
         "--min-reps", [&a](int v) { a.min_reps = v; }, "For --reps auto: at least this many (5)")
      ->type_name("N")
      ->check(CLI::Range(2, 100000));
  cmd->add_option_function<int>(
         "--max-reps", [&a](int v) { a.max_reps = v; }, "For --reps auto: at most this many (100)")
      ->type_name("N")
      ->check(CLI::Range(2, 100000));
  cmd->add_option_function<std::string>(
         "--seed",
         [&a](const std::string& v) {
           const auto s = parse_seed(v);
           if (!s)
             throw CLI::ValidationError("--seed", "expected an unsigned integer, got '" + v + "'");
           a.seed = *s;
         },
         "Seed for every variant (default: the base scenario's)")
      ->type_name("N");
  cmd->add_option("--kpi", a.kpis,
                  "KPI column of the table (repeatable; default: grade 1 reached within its "
                  "target, all.lost_yuan, all.avoided_yuan; names in docs/outputs.md)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  cmd->add_option_function<std::string>(
         "--target", [&a](const std::string& v) { a.target = v; },
         "A target, e.g. 'grade1.reached_within_600s>=0.8' (quoted: > is the shell's): the "
         "table says per variant whether "
         "its one-sided 95% bound meets it, and names the smallest step that does")
      ->type_name("KPI>=X|KPI<=X");
  cmd->add_option_function<std::string>(
         "--marginal", [&a](const std::string& v) { a.marginal = v; },
         "KPI of the marginal column (single numeric factor: each step minus the previous, "
         "paired; default all.avoided_yuan)")
      ->type_name("NAME");
  cmd->add_option("--threads", a.threads,
                  "Threads (default: the machine's cores); results are identical for any value")
      ->type_name("T")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--out", a.out_dir,
                  "Output directory (holds the database: reuse it to reuse runs)")
      ->capture_default_str()
      ->type_name("DIR");
  cmd->add_flag("--resume", a.resume,
                "Continue the interrupted sweep in --out (same arguments); finished replications "
                "are taken from the database");
  cmd->add_option_function<std::string>(
         "--shard", [&a](const std::string& v) { a.shard = v; },
         "Run only shard I of N of the plan (fixed --reps; every N-th replication) and write "
         "DIR/shard-I-of-N.part instead of the outputs: rerun after a kill, it skips what it "
         "finished; `hotline-sim merge` joins the parts (docs/cluster.md). Exit 75 = stopped by "
         "a signal, run it again")
      ->type_name("I/N");
  cmd->add_flag("--quiet", a.quiet, "No progress and no table on stdout");
  cmd->add_option_function<std::string>(
         "--csv-bom", [&a](const std::string& v) { a.csv_bom = v == "on"; },
         "Start sweep.csv with a UTF-8 byte-order mark (on, the default) or not (off)")
      ->type_name("on|off")
      ->check(CLI::IsMember({"on", "off"}));
  return cmd;
}

}  // namespace hotline::cli
