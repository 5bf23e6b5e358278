#include "run_command.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "exit_codes.hpp"
#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/console_summary.hpp"
#include "hotline/report/desk_hours_csv.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/report/summary_json.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/single_run.hpp"
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

int run_command(const RunArgs& args) {
  std::vector<scenario::Override> overrides;
  overrides.reserve(args.sets.size());
  for (const auto& s : args.sets) overrides.push_back(scenario::parse_override(s));

  const scenario::Scenario sc = scenario::load_scenario(args.scenario, overrides);
  const std::uint64_t seed = args.seed.value_or(sc.seed);
  spdlog::info("scenario {} ({}): {} units, {} desks, {} fraud types; seed {}", sc.name,
               sc.source_name, sc.units.size(), sc.desks.size(), sc.fraud_types.size(), seed);

  const fs::path out(args.out_dir);
  make_out_dir(out);
  const std::string alerts_path = (out / "alerts.csv").string();
  const std::string desks_path = (out / "desks.csv").string();
  const std::string summary_path = (out / "summary.json").string();
  const std::string trace_path = (out / "trace.jsonl").string();
  if (!args.trace && fs::exists(trace_path)) {
    spdlog::warn("{} is left over from an earlier run (this run has no --trace)", trace_path);
  }

  // Streamed to temp files; published only after the whole run succeeded.
  report::AlertCsvWriter alerts(sc, alerts_path);
  std::unique_ptr<report::TraceJsonlWriter> trace;
  if (args.trace) trace = std::make_unique<report::TraceJsonlWriter>(sc, trace_path);

  report::RunManifest manifest = report::make_manifest(sc, seed, 0);
  ProgressReporter progress(!args.quiet, manifest.horizon_days);

  study::SingleRunOptions options;
  options.seed = seed;
  options.replication = 0;
  options.observers.push_back(&alerts);
  if (trace) options.observers.push_back(trace.get());
  options.progress = [&progress](double fraction) { progress.update(fraction); };

  const auto t0 = std::chrono::steady_clock::now();
  const metrics::RunResult result = study::run_single(sc, options);
  const auto t1 = std::chrono::steady_clock::now();
  progress.finish();

  manifest.options = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"trace", report::ManifestValue(args.trace)},
  };
  manifest.events = result.events;
  manifest.wall_time_s = std::chrono::duration<double>(t1 - t0).count();

  report::write_summary_json(summary_path, sc, result, manifest);
  report::write_desk_hours_csv(desks_path, sc, result);
  alerts.commit();
  if (trace) trace->commit();

  if (!args.quiet) {
    report::ConsoleSummaryOptions console;
    console.files = {summary_path, alerts_path, desks_path};
    if (trace) console.files.push_back(trace_path);
    const std::string text = report::format_console_summary(sc, result, manifest, console);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  if (!result.conservation.ok()) {
    const auto& c = result.conservation;
    spdlog::error(
        "conservation check failed: {} alerts entered but {} dissuaded + {} lost + {} open = {} "
        "(a simulator bug; the outputs were written for inspection)",
        c.entered, c.dissuaded, c.lost, c.open, c.dissuaded + c.lost + c.open);
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace hotline::cli
