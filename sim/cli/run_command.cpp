#include "run_command.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "exit_codes.hpp"
#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/console_summary.hpp"
#include "hotline/report/desk_hours_csv.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/report/study_report.hpp"
#include "hotline/report/summary_json.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/single_run.hpp"
#include "hotline/study/warmup_study.hpp"
#include "progress_reporter.hpp"

namespace hotline::cli {

namespace fs = std::filesystem;

namespace {

void make_out_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw std::runtime_error("cannot create output directory " + dir.string() + ": " +
                             (ec ? ec.message() : std::string("not a directory")));
  }
}

}  // namespace

int parse_reps(const std::string& text) {
  if (text == "auto") return 0;
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1) return -1;
  return value;
}

namespace {

std::vector<scenario::Override> overrides_of(const RunArgs& args) {
  std::vector<scenario::Override> overrides;
  overrides.reserve(args.sets.size() + 1);
  for (const auto& s : args.sets) overrides.push_back(scenario::parse_override(s));
  // A fixed --warmup is just another override, validated like the file's own value.
  if (!args.warmup.empty() && args.warmup != "auto")
    overrides.push_back(scenario::parse_override("clock.warmup=" + args.warmup));
  return overrides;
}

// The options that shape results, for the manifest (not --out, --quiet or --threads: they
// change where and how fast, never what).
std::vector<report::ManifestOption> manifest_options(const RunArgs& args, bool study) {
  std::vector<report::ManifestOption> o = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"trace", report::ManifestValue(args.trace)},
  };
  if (!args.warmup.empty()) o.push_back({"warmup", report::ManifestValue(args.warmup)});
  if (study) {
    o.push_back({"reps", report::ManifestValue(args.reps)});
    if (args.reps == "auto") {
      o.push_back({"precision", report::ManifestValue(args.precision)});
      o.push_back({"max_reps", report::ManifestValue(static_cast<std::uint64_t>(args.max_reps))});
    }
  }
  return o;
}

// desks.csv keeps one row per desk and hour in memory until the end; by default it is
// written only when that stays small (5 M rows, ~300 MB), and the user is told otherwise.
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

struct OutputPaths {
  std::string alerts, desks, summary, trace, replications;
};

OutputPaths prepare_out_dir(const RunArgs& args) {
  const fs::path out(args.out_dir);
  make_out_dir(out);
  OutputPaths p{(out / "alerts.csv").string(), (out / "desks.csv").string(),
                (out / "summary.json").string(), (out / "trace.jsonl").string(),
                (out / "replications.csv").string()};
  if (!args.trace && fs::exists(p.trace))
    spdlog::warn("{} is left over from an earlier run (this run has no --trace)", p.trace);
  return p;
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int single_run(const RunArgs& args, const scenario::Scenario& sc, std::uint64_t seed,
               bool desks_csv) {
  const OutputPaths paths = prepare_out_dir(args);
  // Streamed to temp files; published only after the whole run succeeded.
  std::unique_ptr<report::AlertCsvWriter> alerts;
  if (args.alerts_csv) alerts = std::make_unique<report::AlertCsvWriter>(sc, paths.alerts);
  std::unique_ptr<report::TraceJsonlWriter> trace;
  if (args.trace) trace = std::make_unique<report::TraceJsonlWriter>(sc, paths.trace);

  report::RunManifest manifest = report::make_manifest(sc, seed, 0);
  ProgressReporter progress(!args.quiet, manifest.horizon_days);

  study::SingleRunOptions options;
  options.seed = seed;
  options.replication = 0;
  options.keep_desk_hours = desks_csv;
  if (alerts) options.observers.push_back(alerts.get());
  if (trace) options.observers.push_back(trace.get());
  options.progress = [&progress](double fraction) { progress.update(fraction); };

  const auto t0 = std::chrono::steady_clock::now();
  const metrics::RunResult result = study::run_single(sc, options);
  const auto t1 = std::chrono::steady_clock::now();
  progress.finish();

  manifest.options = manifest_options(args, false);
  manifest.events = result.events;
  manifest.wall_time_s = std::chrono::duration<double>(t1 - t0).count();

  report::write_summary_json(paths.summary, sc, result, manifest);
  std::vector<std::string> files = {paths.summary};
  if (desks_csv) {
    report::write_desk_hours_csv(paths.desks, sc, result);
    files.push_back(paths.desks);
  }
  if (alerts) {
    alerts->commit();
    files.push_back(paths.alerts);
  }
  if (trace) {
    trace->commit();
    files.push_back(paths.trace);
  }

  if (!args.quiet) {
    report::ConsoleSummaryOptions console;
    console.files = files;
    print(report::format_console_summary(sc, result, manifest, console));
  }
  return kExitOk;
}

// The files and progress of a replicated run's real replications. Set up once the scenario
// they run is known: after the pilot with --warmup auto. `sc` must outlive this.
struct ReplicatedOutputs {
  ReplicatedOutputs(const RunArgs& args, const scenario::Scenario& sc, int planned)
      : paths(prepare_out_dir(args)), progress(!args.quiet, planned, "replication") {
    // Per-alert files describe replication 0 (documented in --help).
    if (args.alerts_csv) alerts = std::make_unique<report::AlertCsvWriter>(sc, paths.alerts);
    if (args.trace) trace = std::make_unique<report::TraceJsonlWriter>(sc, paths.trace);
  }
  std::vector<model::Observer*> observers(int replication) const {
    std::vector<model::Observer*> obs;
    if (replication != 0) return obs;
    if (alerts) obs.push_back(alerts.get());
    if (trace) obs.push_back(trace.get());
    return obs;
  }

  OutputPaths paths;
  ProgressReporter progress;
  std::unique_ptr<report::AlertCsvWriter> alerts;
  std::unique_ptr<report::TraceJsonlWriter> trace;
};

int replicated_run(const RunArgs& args, const scenario::Scenario& loaded, std::uint64_t seed,
                   int reps, bool desks_csv) {
  const auto t0 = std::chrono::steady_clock::now();
  report::StudyInfo info;
  study::ReplicationOptions o;
  o.seed = seed;
  o.threads = args.threads;
  o.keep_desk_hours = desks_csv;
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
  std::optional<ReplicatedOutputs> out;  // refers to *sc
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
      out.emplace(args, *sc, planned);
    };
    study::WarmupStudy ws = study::run_with_auto_warmup(loaded, wo);
    info.warmup = std::move(ws.choice);
    set = std::move(ws.set);
  } else {
    out.emplace(args, *sc, planned);
    set = study::run_replications(*sc, o);
  }
  out->progress.finish();

  report::RunManifest manifest = report::make_manifest(*sc, seed, 0);
  manifest.options = manifest_options(args, true);
  for (const auto& r : set.runs) manifest.events += r.events;
  manifest.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const OutputPaths& paths = out->paths;
  report::write_study_summary_json(paths.summary, set, manifest, info);
  report::write_replications_csv(paths.replications, set);
  std::vector<std::string> files = {paths.summary, paths.replications};
  if (desks_csv) {
    metrics::RunResult mean;
    mean.desk_hours = study::mean_desk_hours(set.runs);
    report::write_desk_hours_csv(paths.desks, *sc, mean);
    files.push_back(paths.desks + " (mean over replications)");
  }
  if (out->alerts) {
    out->alerts->commit();
    files.push_back(paths.alerts + " (replication 0)");
  }
  if (out->trace) {
    out->trace->commit();
    files.push_back(paths.trace + " (replication 0)");
  }
  if (!args.quiet) print(report::format_study_console(*sc, set, manifest, info, files));
  return kExitOk;
}

}  // namespace

int run_command(const RunArgs& args) {
  const int reps = parse_reps(args.reps);
  if (reps < 0)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "expected a positive integer or 'auto', got '" + args.reps + "'");
  const scenario::Scenario sc = scenario::load_scenario(args.scenario, overrides_of(args));
  // Planning mistakes that still run: said even with --quiet, as "FILE:LINE:COL: warning: ...".
  for (const scenario::ScenarioWarning& w : sc.warnings)
    std::fprintf(stderr, "%s\n", w.text().c_str());
  const std::uint64_t seed = args.seed.value_or(sc.seed);
  spdlog::info("scenario {} ({}): {} units, {} desks, {} fraud types; seed {}", sc.name,
               sc.source_name, sc.units.size(), sc.desks.size(), sc.fraud_types.size(), seed);
  const bool desks_csv = args.desks_csv ? *args.desks_csv : desks_csv_fits(sc);
  if (reps == 1 && args.warmup != "auto") return single_run(args, sc, seed, desks_csv);
  return replicated_run(args, sc, seed, reps, desks_csv);
}

}  // namespace hotline::cli
