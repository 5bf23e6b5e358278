#include "compare_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "exit_codes.hpp"
#include "hotline/report/comparison_report.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/paired_comparison.hpp"
#include "progress_reporter.hpp"

namespace hotline::cli {

namespace fs = std::filesystem;

namespace {
std::string describe(const std::string& name, const std::vector<std::string>& sets) {
  std::string d = name.empty() ? "xizang (default)" : name;
  for (const auto& s : sets) d += " --set " + s;
  return d;
}
}  // namespace

int compare_command(const CompareArgs& args) {
  if (args.vs.empty() == args.vs_sets.empty())
    throw scenario::ScenarioError("compare", 0, 0,
                                  "give exactly one of --vs OTHER.yaml or --vs-set KEY=VALUE");
  if (args.reps < 2)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "a paired comparison needs at least 2 replications");
  study::PairedComparisonOptions po;
  po.base = args.base;
  po.sets = args.sets;
  po.other = args.vs;
  po.other_sets = args.vs_sets;
  po.reps = args.reps;
  po.threads = args.threads;
  po.seed = args.seed;
  po.kpis = args.kpis;  // checked before any replication runs
  ProgressReporter progress(!args.quiet, 2.0 * args.reps, "replication");
  po.progress = [&](int done, int planned) {
    progress.update(static_cast<double>(done) / planned);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const study::PairedComparison paired = study::paired_comparison(po);
  progress.finish();
  const study::Comparison& c = paired.comparison;

  report::ComparisonLabels labels;
  labels.base = describe(args.base, args.sets);
  labels.other = args.vs.empty()
                     ? labels.base + " --vs-set " + fmt::format("{}", fmt::join(args.vs_sets, " "))
                     : describe(args.vs, args.sets);
  labels.change = !args.label.empty() ? args.label
                  : !args.vs_sets.empty()
                      ? fmt::format("{}", fmt::join(args.vs_sets, ", "))
                      : fmt::format("{} vs {}", paired.other.name, paired.base.name);

  for (const scenario::Scenario* v : {&paired.base, &paired.other})
    for (const scenario::ScenarioWarning& w : v->warnings)
      std::fprintf(stderr, "%s\n", w.text().c_str());
  const auto verdicts = report::verdict_kpis(c, args.kpis);

  report::RunManifest manifest = report::make_manifest(paired.base, paired.seed, 0);
  manifest.options = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"vs", report::ManifestValue(args.vs)},
      {"vs_set", report::ManifestValue(args.vs_sets)},
      {"reps", report::ManifestValue(static_cast<std::uint64_t>(args.reps))},
  };
  for (const auto& r : c.base.runs) manifest.events += r.events;
  for (const auto& r : c.other.runs) manifest.events += r.events;
  manifest.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const fs::path out(args.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw std::runtime_error("cannot create output directory " + out.string());
  const std::string csv = (out / "comparison.csv").string();
  const std::string json = (out / "comparison.json").string();
  report::write_comparison_csv(csv, c);
  report::write_comparison_json(json, c, manifest, labels, verdicts);
  if (!args.quiet) {
    std::string text = report::format_comparison_console(c, manifest, labels, verdicts);
    text += "\nFiles\n  " + csv + "\n  " + json + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }
  return kExitOk;
}

}  // namespace hotline::cli
