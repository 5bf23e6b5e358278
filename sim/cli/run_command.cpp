#include "run_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "folder_notes.hpp"
#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/console_summary.hpp"
#include "hotline/report/desk_hours_csv.hpp"
#include "hotline/report/html_report.hpp"
#include "hotline/report/intervals_csv.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/report/sha256.hpp"
#include "hotline/report/study_report.hpp"
#include "hotline/report/summary_json.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"
#include "hotline/report/units_csv.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/single_run.hpp"
#include "hotline/study/warmup_study.hpp"
#include "interrupts.hpp"
#include "patch_files.hpp"
#include "progress_reporter.hpp"
#include "seed_text.hpp"
#include "shard_command.hpp"

namespace hotline::cli {

namespace fs = std::filesystem;

int parse_reps(const std::string& text) {
  if (text == "auto") return 0;
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1) return -1;
  return value;
}

namespace {

const char* alerts_file(const RunArgs& args) {
  return args.alerts_zstd ? "alerts.csv.zst" : "alerts.csv";
}

// The per-alert file's writer, with units.csv beside it for the compact columns (its lookup).
std::unique_ptr<report::AlertCsvWriter> make_alerts_writer(const RunArgs& args,
                                                           const scenario::Scenario& sc,
                                                           report::OutputFolder& folder) {
  if (!args.alerts_csv) return nullptr;
  const report::CsvStyle csv{args.csv_bom};
  const auto columns =
      args.alerts_compact ? report::AlertColumns::compact : report::AlertColumns::full;
  const int level = args.alerts_compact ? report::kZstdCompactLevel : report::kZstdDefaultLevel;
  auto writer = std::make_unique<report::AlertCsvWriter>(
      sc, folder.create(alerts_file(args), level), csv, columns);
  if (args.alerts_compact) report::write_units_csv(folder.create("units.csv"), sc, csv);
  return writer;
}

std::vector<scenario::Override> overrides_of(const RunArgs& args) {
  std::vector<scenario::Override> overrides;
  overrides.reserve(args.sets.size() + 1);
  for (const auto& s : args.sets) overrides.push_back(scenario::parse_override(s));
  // A fixed --warmup is just another override, validated like the file's own value.
  if (!args.warmup.empty() && args.warmup != "auto")
    overrides.push_back(scenario::parse_override("clock.warmup=" + args.warmup));
  return overrides;
}

// The options that shape results, for the manifest (not --out, --quiet, --threads or
// --csv-bom: they change where, how fast or how the bytes are dressed, never what).
std::vector<report::ManifestOption> manifest_options(const RunArgs& args, bool study) {
  std::vector<report::ManifestOption> o = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"patch", report::ManifestValue(patch_hashes(args.patches))},
      {"trace", report::ManifestValue(args.trace)},
  };
  if (!args.warmup.empty()) o.push_back({"warmup", report::ManifestValue(args.warmup)});
  // Only when not the default, so a default run's summary.json keeps its bytes.
  if (args.alerts_csv && args.alerts_compact)
    o.push_back({"alerts_columns", report::ManifestValue(std::string("compact"))});
  if (study) {
    o.push_back({"reps", report::ManifestValue(args.reps)});
    if (args.reps == "auto") {
      o.push_back({"precision", report::ManifestValue(args.precision)});
      o.push_back({"max_reps", report::ManifestValue(static_cast<std::uint64_t>(args.max_reps))});
    }
  }
  return o;
}

// A single run's desks.csv keeps one row per desk and hour in memory until the end; by
// default it is written only when that stays small (5 M rows, ~300 MB), and the user is told
// otherwise.
bool desks_csv_fits(const scenario::Scenario& sc) {
  constexpr double kMaxRows = 5e6;
  const double hours = std::ceil(static_cast<double>(engine::ticks(sc.clock.horizon)) / 3.6e6);
  const double rows = hours * static_cast<double>(sc.desks.size());
  if (rows <= kMaxRows) return true;
  spdlog::warn(
      "desks.csv skipped: {} desks x {:.0f} hours = {:.0f} rows would be held in memory; "
      "pass --desks-csv on to write it anyway",
      sc.desks.size(), hours, rows);
  return false;
}

// A bare name found no file and got the bundled scenario; if NAME.yaml exists here, the user
// probably meant it.
void note_bundled_choice(const std::string& arg, const scenario::Scenario& sc) {
  if (!sc.source_name.starts_with("<embedded:") || arg.starts_with("bundled:")) return;
  const std::string file = arg.ends_with(".yaml") ? arg : arg + ".yaml";
  std::error_code ec;
  if (file != arg && fs::exists(file, ec))
    spdlog::warn("'{}' is the bundled {}; to run the file here, write {}", arg,
                 sc.source_name.substr(10, sc.source_name.size() - 11), file);
}

// The "Files" list of the console: published paths with a note per file, then the manifest.
std::vector<std::string> file_lines(const report::OutputFolder& folder,
                                    const std::vector<report::OutputFolder::PublishedFile>& files,
                                    bool replicated) {
  std::vector<std::string> lines;
  for (const auto& f : files) {
    std::string line = folder.path(f.name);
    if (replicated && f.name == "desks.csv") line += " (mean over replications)";
    if (replicated && (f.name.rfind("alerts.csv", 0) == 0 || f.name == "trace.jsonl"))
      line += " (replication 0)";
    if (f.name == "report.html") line += " (charts for people; open in a browser)";
    lines.push_back(std::move(line));
  }
  lines.push_back(folder.path(report::OutputFolder::kManifest) + " (the files above, with hashes)");
  return lines;
}

// Prints the console text; the results are already published, so say where they are if
// stdout fails.
void print_results(const std::string& text, const report::OutputFolder& folder) {
  try {
    write_stdout(text);
  } catch (const report::OutputError& e) {
    throw report::OutputError(std::string(e.what()) + " (the results in " + folder.dir() +
                              " are complete: see " + folder.path(report::OutputFolder::kManifest) +
                              ")");
  }
}

// `parts`: study::split_parts(sc), computed once by the caller.
int single_run(const RunArgs& args, const scenario::Scenario& sc, std::uint64_t seed,
               bool desks_csv, int parts) {
  report::OutputFolder folder(args.out_dir);
  const report::CsvStyle csv{args.csv_bom};
  // Streamed to temp files; published only after the whole run succeeded.
  std::unique_ptr<report::AlertCsvWriter> alerts = make_alerts_writer(args, sc, folder);
  std::unique_ptr<report::TraceJsonlWriter> trace;
  if (args.trace)
    trace = std::make_unique<report::TraceJsonlWriter>(sc, folder.create("trace.jsonl"));

  report::RunManifest manifest = report::make_manifest(sc, seed, 0);
  manifest.parts = parts;
  ProgressReporter progress(!args.quiet, manifest.horizon_days);

  study::SingleRunOptions options;
  options.seed = seed;
  options.replication = 0;
  options.keep_desk_hours = desks_csv;
  options.stop = stop_flag();
  options.threads = args.threads;  // a split scenario's parts (the same results for any count)
  if (alerts) options.observers.push_back(alerts.get());
  if (trace) options.observers.push_back(trace.get());
  options.progress = [&](double fraction) {
    progress.update(fraction);
    folder.check();  // a full disk stops the run now, not at the end
  };

  const auto t0 = std::chrono::steady_clock::now();
  const metrics::RunResult result = study::run_single(sc, options);
  const auto t1 = std::chrono::steady_clock::now();
  progress.finish();

  manifest.options = manifest_options(args, false);
  manifest.events = result.events;
  manifest.wall_time_s = std::chrono::duration<double>(t1 - t0).count();

  folder.create("summary.json").write(report::summary_json(sc, result, manifest));
  report::write_intervals_csv(folder.create("intervals.csv"), sc, result, csv);
  if (desks_csv)
    report::write_desk_hours_csv(folder.create("desks.csv"), sc, result.desk_hours, csv);
  // Last: it lists the hashes of the files above (finished first, then report.html created).
  const std::string html = report::run_report_html(
      report::make_run_page(sc, result, manifest, report::finished_file_rows(folder)));
  folder.create("report.html").write(html);
  if (study::stop_requested(stop_flag())) throw study::Interrupted();
  const auto published = folder.publish({"run", true, ""});
  say_removed(folder);

  if (!args.quiet) {
    report::ConsoleSummaryOptions console;
    console.files = file_lines(folder, published, false);
    print_results(report::format_console_summary(sc, result, manifest, console), folder);
  }
  return kExitOk;
}

// The writers and progress of a replicated run's real replications, into `folder`. Set up
// once the scenario they run is known: after the pilot with --warmup auto. `sc` and `folder`
// must outlive this.
struct ReplicatedOutputs {
  ReplicatedOutputs(const RunArgs& args, const scenario::Scenario& sc, report::OutputFolder& folder,
                    int planned)
      : progress(!args.quiet, planned, "replication", args.reps != "auto") {
    // Per-alert files describe replication 0 (documented in --help).
    alerts = make_alerts_writer(args, sc, folder);
    if (args.trace)
      trace = std::make_unique<report::TraceJsonlWriter>(sc, folder.create("trace.jsonl"));
  }
  std::vector<model::Observer*> observers(int replication) const {
    std::vector<model::Observer*> obs;
    if (replication != 0) return obs;
    if (alerts) obs.push_back(alerts.get());
    if (trace) obs.push_back(trace.get());
    return obs;
  }

  ProgressReporter progress;
  std::unique_ptr<report::AlertCsvWriter> alerts;
  std::unique_ptr<report::TraceJsonlWriter> trace;
};

int replicated_run(const RunArgs& args, const scenario::Scenario& loaded, std::uint64_t seed,
                   int reps, bool desks_csv) {
  // Locked before the pilot, so a second run into the same folder is refused at once.
  report::OutputFolder folder(args.out_dir);
  const auto t0 = std::chrono::steady_clock::now();
  report::StudyInfo info;
  study::ReplicationOptions o;
  o.seed = seed;
  o.threads = args.threads;
  o.keep_desk_hours = desks_csv;
  o.stop = stop_flag();
  if (reps == 0) {
    o.auto_reps = true;
    o.precision = args.precision;
    o.max_reps = args.max_reps;
    info.auto_reps = true;
    info.precision = args.precision;
    info.precision_kpis = o.precision_kpis;
  } else {
    o.reps = reps;
  }

  const int planned = reps == 0 ? args.max_reps : reps;
  // The scenario of the real run: as loaded, or with the warm-up chosen by the pilot.
  scenario::Scenario chosen;
  const scenario::Scenario* sc = &loaded;
  std::optional<ReplicatedOutputs> out;  // refers to *sc and folder
  o.observers_for = [&](int r) { return out->observers(r); };
  o.progress = [&](int done, int) { out->progress.update(static_cast<double>(done) / planned); };

  study::ReplicationSet set;
  if (args.warmup == "auto") {
    study::WarmupStudyOptions wo;
    wo.run = o;
    wo.before_run = [&](const scenario::Scenario& s, const study::WarmupChoice& choice) {
      spdlog::info("warm-up: {}", choice.explanation);
      chosen = s;
      sc = &chosen;
      out.emplace(args, *sc, folder, planned);
    };
    study::WarmupStudy ws = study::run_with_auto_warmup(loaded, wo);
    info.warmup = std::move(ws.choice);
    set = std::move(ws.set);
  } else {
    out.emplace(args, *sc, folder, planned);
    set = study::run_replications(*sc, o);
  }
  out->progress.finish();

  if (set.interrupted) {
    if (set.replications == 0) throw study::Interrupted();  // nothing finished: nothing to keep
    info.complete = false;
    info.planned_reps = set.planned;
    info.stopped_by = signal_name(stop_signal());
  } else if (study::stop_requested(stop_flag())) {
    throw study::Interrupted();  // stopped while the results were being prepared
  }
  return publish_replicated_run(
      args, *sc, seed, desks_csv, folder, set, info,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace

void check_shardable(const RunArgs& args) {
  auto no = [](const std::string& option, const std::string& why) {
    throw scenario::ScenarioError(option, 0, 0, why);
  };
  const int reps = parse_reps(args.reps);
  if (reps == 0)
    no("--shard",
       "a shard needs a fixed number of replications (--reps N): with --reps auto, how many the "
       "run needs depends on the results of all of them, which no shard sees");
  if (reps == 1)
    no("--shard",
       "one replication is a single run, not a batch to shard: give --reps N with N >= 2, or "
       "run without --shard");
  if (args.warmup == "auto")
    no("--warmup",
       "--warmup auto chooses the warm-up from pilot runs before the replications, which no "
       "shard sees: run `hotline-sim run SCENARIO --warmup auto --reps 5` once, then shard with "
       "the warm-up it chose (--warmup 3d)");
  if (args.alerts_csv_given && args.alerts_csv)
    no("--alerts-csv",
       "alerts.csv describes replication 0 alone, which only one shard runs: a sharded run "
       "writes none (leave out --alerts-csv, or run replication 0 on its own: run SCENARIO)");
  if (args.alerts_columns_given)
    no("--alerts-columns",
       "alerts.csv describes replication 0 alone, which only one shard runs: a sharded run "
       "writes none (leave out --alerts-columns, or run replication 0 on its own: run SCENARIO)");
  if (args.trace)
    no("--trace",
       "trace.jsonl describes replication 0 alone, which only one shard runs: leave out "
       "--trace (or run replication 0 on its own: run SCENARIO --trace)");
}

namespace {

// `run --reps N --shard I/N`: refusals first (before the scenario is loaded), then the shard.
int run_shard(const RunArgs& args) {
  check_shardable(args);
  const RunShardSetup setup = setup_run_shard(args);
  PlanShard ps;
  ps.plan = &setup.plan;
  ps.reps = setup.reps;
  ps.digest = setup.digest;
  ps.command = "run";
  ps.arguments = run_plan_arguments(args, setup.desks_csv);
  ps.shard = *args.shard;
  ps.out_dir = args.out_dir;
  ps.threads = args.threads;
  ps.quiet = args.quiet;
  ps.conservation = true;
  ps.desk_hours = setup.desks_csv;
  return run_plan_shard(ps);
}

}  // namespace

int publish_replicated_run(const RunArgs& args, const scenario::Scenario& sc, std::uint64_t seed,
                           bool desks_csv, report::OutputFolder& folder,
                           const study::ReplicationSet& set, report::StudyInfo info,
                           double wall_time_s) {
  const report::CsvStyle csv{args.csv_bom};
  const int done = set.replications;
  report::RunManifest manifest = report::make_manifest(sc, seed, 0);
  manifest.parts = study::split_parts(sc);
  manifest.options = manifest_options(args, true);
  manifest.events = set.events;
  manifest.wall_time_s = wall_time_s;

  folder.create("summary.json").write(report::study_summary_json(set, manifest, info));
  report::write_replications_csv(folder.create("replications.csv"), set, csv);
  report::write_intervals_csv(folder.create("intervals.csv"), sc, set, csv);
  if (desks_csv)
    report::write_desk_hours_csv(folder.create("desks.csv"), sc, set.desk_hours_mean, csv);
  report::OutputFolder::Publication publication{"run", true, ""};
  if (set.interrupted) {
    publication.complete = false;
    publication.note = fmt::format(
        "interrupted by {} after {} of {}{} replications: these files hold replications 0 to "
        "{} only",
        info.stopped_by, done, info.auto_reps ? "at most " : "", set.planned, done - 1);
  }
  report::RunPage page =
      report::make_run_page(sc, set, manifest, report::finished_file_rows(folder));
  page.incomplete = publication.note;  // a page of a stopped run says so at the top
  folder.create("report.html").write(report::run_report_html(page));
  const auto published = folder.publish(publication);
  say_removed(folder);
  const std::vector<std::string> files = file_lines(folder, published, true);

  if (set.interrupted) {
    std::string text = fmt::format(
        "hotline-sim: interrupted by {} after {} of {}{} replications; kept the finished "
        "ones, marked incomplete (\"complete\": false in {} and summary.json):\n",
        info.stopped_by, done, info.auto_reps ? "at most " : "", set.planned,
        folder.path(report::OutputFolder::kManifest));
    for (const auto& f : files) text += "  " + f + "\n";
    text +=
        fmt::format("  not run: replications {} to {}; every KPI is over the {} that finished\n",
                    done, set.planned - 1, done);
    std::fputs(text.c_str(), stderr);
    return interrupted_exit_code();
  }
  if (!args.quiet)
    print_results(report::format_study_console(sc, set, manifest, info, files), folder);
  return kExitOk;
}

RunShardSetup setup_run_shard(const RunArgs& args) {
  RunShardSetup s;
  s.reps = parse_reps(args.reps);
  if (s.reps < 1)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "expected a positive integer, got '" + args.reps + "'");
  std::vector<scenario::Patch> patches;
  for (const auto& f : args.patches) patches.push_back(scenario::read_patch_file(f));
  const std::vector<scenario::Override> overrides = overrides_of(args);
  s.scenario = scenario::load_scenario(args.scenario, overrides, patches);
  s.seed = args.seed.value_or(s.scenario.seed);
  s.desks_csv = args.desks_csv ? *args.desks_csv : desks_csv_fits(s.scenario);
  study::SweepVariant v;
  v.index = 0;
  v.overrides = overrides;
  v.scenario = s.scenario;
  // The text a sweep's keys hash: a run and a sweep of the same scenario share replications.
  v.canonical = scenario::canonical_scenario_text(v.scenario, overrides, patches);
  s.plan.seed = s.seed;
  s.plan.variants.push_back(std::move(v));
  // What makes two shards (and a merge) the same plan: the scenario's keys' text, the seed,
  // the replications and whether the records carry desk hours.
  s.digest = report::sha256_hex(fmt::format("run\nseed {}\nreps {}\ndesks {}\n{}\n", s.seed, s.reps,
                                            s.desks_csv ? "on" : "off",
                                            report::sha256_hex(s.plan.variants.front().canonical)));
  return s;
}

std::vector<std::string> run_plan_arguments(const RunArgs& a, bool desks_csv) {
  std::vector<std::string> out = {a.scenario};
  auto add = [&out](const char* option, const std::string& value) {
    out.push_back(option);
    out.push_back(value);
  };
  for (const auto& v : a.sets) add("--set", v);
  for (const auto& v : a.patches) add("--patch", v);
  if (a.seed) add("--seed", std::to_string(*a.seed));
  add("--reps", a.reps);
  if (!a.warmup.empty()) add("--warmup", a.warmup);
  add("--desks-csv", desks_csv ? "on" : "off");
  add("--csv-bom", a.csv_bom ? "on" : "off");
  return out;
}

RunArgs parse_run_plan_arguments(const std::vector<std::string>& arguments) {
  auto bad = [](const std::string& why) {
    throw scenario::ScenarioError(
        "partial", 0, 0,
        fmt::format("its run arguments do not parse ({}): was it written by another version of "
                    "hotline-sim?",
                    why));
  };
  RunArgs a;
  a.alerts_csv = false;  // a sharded run writes none
  if (arguments.empty()) bad("no scenario");
  a.scenario = arguments.front();
  for (std::size_t i = 1; i < arguments.size(); i += 2) {
    if (i + 1 >= arguments.size()) bad(arguments[i] + " without its value");
    const std::string& option = arguments[i];
    const std::string& value = arguments[i + 1];
    if (option == "--set") {
      a.sets.push_back(value);
    } else if (option == "--patch") {
      a.patches.push_back(value);
    } else if (option == "--seed") {
      a.seed = parse_seed(value);
      if (!a.seed) bad("--seed " + value);
    } else if (option == "--reps") {
      a.reps = value;
    } else if (option == "--warmup") {
      a.warmup = value;
    } else if (option == "--desks-csv") {
      a.desks_csv = value == "on";
    } else if (option == "--csv-bom") {
      a.csv_bom = value == "on";
    } else {
      bad("unknown option " + option);
    }
  }
  return a;
}

namespace {

// A split scenario (split: true, several parts) writes no per-alert file and no trace: its
// parts' models run at once, each numbering its own alerts. Asked for, they are refused;
// otherwise alerts.csv is left out, and the log says why.
RunArgs split_run_args(const RunArgs& args, int parts) {
  if (parts <= 1) return args;
  auto no = [&](const std::string& option, const std::string& what) {
    throw scenario::ScenarioError(
        option, 0, 0,
        fmt::format("the scenario runs split into {} independent parts (split: true), which "
                    "writes no {}: leave out {}, or run it unsplit with --set split=false "
                    "(other streams: other alerts, the same distributions)",
                    parts, what, option));
  };
  if (args.alerts_csv_given && args.alerts_csv) no("--alerts-csv", "per-alert file");
  if (args.alerts_columns_given) no("--alerts-columns", "per-alert file");
  if (args.trace) no("--trace", "trace");
  RunArgs out = args;
  if (out.alerts_csv)
    spdlog::info("split into {} parts (split: true): no alerts.csv (--set split=false for one)",
                 parts);
  out.alerts_csv = false;
  return out;
}

}  // namespace

int run_command(const RunArgs& args) {
  if (args.shard) return run_shard(args);
  const int reps = parse_reps(args.reps);
  if (reps < 0)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "expected a positive integer or 'auto', got '" + args.reps + "'");
  if (args.out_dir.empty())
    throw scenario::ScenarioError("--out", 0, 0,
                                  "the output directory is empty (give a folder, e.g. --out out)");
  if (args.alerts_columns_given && !args.alerts_csv)
    throw scenario::ScenarioError("--alerts-columns", 0, 0,
                                  "chooses the columns of the per-alert file, which --alerts-csv "
                                  "off does not write: leave out one of the two");
  std::vector<scenario::Patch> patches;
  for (const auto& f : args.patches) patches.push_back(scenario::read_patch_file(f));
  const scenario::Scenario sc = scenario::load_scenario(args.scenario, overrides_of(args), patches);
  note_bundled_choice(args.scenario, sc);
  // Planning mistakes that still run: said even with --quiet, as "FILE:LINE:COL: warning: ...".
  for (const scenario::ScenarioWarning& w : sc.warnings)
    std::fprintf(stderr, "%s\n", w.text().c_str());
  const std::uint64_t seed = args.seed.value_or(sc.seed);
  spdlog::info("scenario {} from {}: {} units, {} desks, {} fraud types; seed {}", sc.name,
               report::describe_scenario_source(sc.source_name), sc.units.size(), sc.desks.size(),
               sc.fraud_types.size(), seed);
  const bool desks_csv = args.desks_csv ? *args.desks_csv : desks_csv_fits(sc);
  const int parts = study::split_parts(sc);
  const RunArgs split_args = split_run_args(args, parts);
  try {
    if (reps == 1 && args.warmup != "auto")
      return single_run(split_args, sc, seed, desks_csv, parts);
    return replicated_run(split_args, sc, seed, reps, desks_csv);
  } catch (const study::Interrupted&) {
    // The output folder is gone out of scope: its temp files are removed.
    std::fprintf(stderr,
                 "hotline-sim: interrupted by %s before the run finished: nothing was written "
                 "(temporary files removed; %s keeps the files of an earlier run, if any)\n",
                 signal_name(stop_signal()).c_str(), args.out_dir.c_str());
    return interrupted_exit_code();
  }
}

}  // namespace hotline::cli
