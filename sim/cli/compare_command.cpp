#include "compare_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "folder_notes.hpp"
#include "hotline/report/comparison_report.hpp"
#include "hotline/report/html_report.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/paired_comparison.hpp"
#include "interrupts.hpp"
#include "patch_files.hpp"
#include "progress_reporter.hpp"

namespace hotline::cli {

namespace {
std::string describe(const std::string& name, const std::vector<std::string>& sets) {
  std::string d = name == scenario::kDefaultScenario ? "xizang (the bundled default)" : name;
  for (const auto& s : sets) d += " --set " + s;
  return d;
}
}  // namespace

int compare_command(const CompareArgs& args) {
  const bool vs_change = !args.vs_sets.empty() || !args.vs_patches.empty();
  if (args.vs.empty() == !vs_change)
    throw scenario::ScenarioError("compare", 0, 0,
                                  "give exactly one of --vs OTHER.yaml, or --vs-set KEY=VALUE "
                                  "and/or --vs-patch FILE.yaml");
  if (args.reps < 2)
    throw scenario::ScenarioError("--reps", 0, 0,
                                  "a paired comparison needs at least 2 replications");
  study::PairedComparisonOptions po;
  po.base = args.base;
  po.sets = args.sets;
  po.other = args.vs;
  po.other_sets = args.vs_sets;
  po.patches = args.patches;
  po.other_patches = args.vs_patches;
  po.reps = args.reps;
  po.threads = args.threads;
  po.seed = args.seed;
  po.kpis = args.kpis;  // checked before any replication runs
  po.stop = stop_flag();
  if (args.out_dir.empty())
    throw scenario::ScenarioError("--out", 0, 0,
                                  "the output directory is empty (give a folder, e.g. --out out)");
  // Opened (and locked) once the input is known to be valid, before the replications run:
  // a second run into the same folder is refused at once.
  std::optional<report::OutputFolder> folder;
  po.after_load = [&] { folder.emplace(args.out_dir); };
  ProgressReporter progress(!args.quiet, 2.0 * args.reps, "replication");
  po.progress = [&](int done, int planned) {
    progress.update(static_cast<double>(done) / planned);
  };
  const auto t0 = std::chrono::steady_clock::now();
  study::PairedComparison paired;
  try {
    paired = study::paired_comparison(po);
  } catch (const study::Interrupted&) {
    progress.finish();
    std::fprintf(stderr,
                 "hotline-sim: interrupted by %s before the comparison finished: nothing was "
                 "written (a comparison needs every pair; %s keeps the files of an earlier "
                 "run, if any)\n",
                 signal_name(stop_signal()).c_str(), args.out_dir.c_str());
    return interrupted_exit_code();
  }
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
      {"patch", report::ManifestValue(patch_hashes(args.patches))},
      {"vs_patch", report::ManifestValue(patch_hashes(args.vs_patches))},
      {"reps", report::ManifestValue(static_cast<std::uint64_t>(args.reps))},
  };
  for (const auto& r : c.base.runs) manifest.events += r.events;
  for (const auto& r : c.other.runs) manifest.events += r.events;
  manifest.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const report::CsvStyle csv{args.csv_bom};
  report::write_comparison_csv(folder->create("comparison.csv"), c, csv);
  folder->create("comparison.json").write(report::comparison_json(c, manifest, labels, verdicts));
  const std::string html = report::comparison_report_html(
      report::make_comparison_page(paired.base, c, labels.base, labels.other, labels.change,
                                   manifest, report::finished_file_rows(*folder)));
  folder->create("report.html").write(html);
  if (study::stop_requested(stop_flag())) {
    std::fprintf(stderr, "hotline-sim: interrupted by %s: nothing was written\n",
                 signal_name(stop_signal()).c_str());
    return interrupted_exit_code();
  }
  folder->publish({"compare", true, ""});
  say_removed(*folder);
  if (!args.quiet) {
    std::string text = report::format_comparison_console(c, manifest, labels, verdicts);
    text += "\nFiles\n  " + folder->path("comparison.csv") + "\n  " +
            folder->path("comparison.json") + "\n  " + folder->path("report.html") +
            " (charts; open in a browser)\n  " + folder->path(report::OutputFolder::kManifest) +
            " (the files above, with hashes)\n";
    write_stdout(text);
  }
  return kExitOk;
}

}  // namespace hotline::cli
