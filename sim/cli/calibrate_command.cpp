#include "calibrate_command.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "folder_notes.hpp"
#include "hotline/report/calibration_report.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/calibration.hpp"
#include "interrupts.hpp"
#include "progress_reporter.hpp"

namespace hotline::cli {

int calibrate_command(const CalibrateArgs& args) {
  if (args.targets.empty())
    throw scenario::ScenarioError("--targets", 0, 0,
                                  "give the counts to fit: --targets FILE.csv (format in "
                                  "docs/calibration.md, e.g. scenarios/xizang-targets.csv)");
  if (args.out_dir.empty())
    throw scenario::ScenarioError("--out", 0, 0,
                                  "the output directory is empty (give a folder, e.g. --out out)");
  study::CalibrationOptions co;
  co.scenario = args.scenario;
  co.sets = args.sets;
  co.targets = args.targets;
  co.reps = args.reps;
  co.iterations = args.iterations;
  co.threads = args.threads;
  co.seed = args.seed;
  co.stop = stop_flag();
  // Opened (and locked) once the input is known to be valid, before any replication runs.
  std::optional<report::OutputFolder> folder;
  co.after_load = [&] { folder.emplace(args.out_dir); };
  ProgressReporter progress(!args.quiet, static_cast<double>(args.iterations) * args.reps,
                            "replication", false);
  co.progress = [&](int done, int planned) {
    progress.update(static_cast<double>(done) / planned);
  };
  const auto t0 = std::chrono::steady_clock::now();
  study::Calibration c;
  try {
    c = study::calibrate(co);
  } catch (const study::Interrupted&) {
    progress.finish();
    std::fprintf(stderr,
                 "hotline-sim: interrupted by %s before the calibration finished: nothing was "
                 "written (%s keeps the files of an earlier run, if any)\n",
                 signal_name(stop_signal()).c_str(), args.out_dir.c_str());
    return interrupted_exit_code();
  }
  progress.finish();
  for (const scenario::ScenarioWarning& w : c.scenario.warnings)
    std::fprintf(stderr, "%s\n", w.text().c_str());

  report::RunManifest manifest = report::make_manifest(c.scenario, c.seed, 0);
  manifest.options = {
      {"seed", args.seed ? report::ManifestValue(*args.seed) : report::ManifestValue()},
      {"set", report::ManifestValue(args.sets)},
      {"targets", report::ManifestValue(args.targets)},
      {"reps", report::ManifestValue(static_cast<std::uint64_t>(args.reps))},
      {"iterations", report::ManifestValue(static_cast<std::uint64_t>(args.iterations))},
  };
  manifest.events = c.events;
  manifest.wall_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const report::CsvStyle csv{args.csv_bom};
  report::write_calibration_csv(folder->create("calibration.csv"), c, csv);
  folder->create("calibration.json").write(report::calibration_json(c, manifest));
  folder->create("patch.yaml").write(report::calibration_patch_yaml(c, args.command_line));
  folder->create("patch.set").write(report::calibration_set_lines(c));
  if (study::stop_requested(stop_flag())) {
    std::fprintf(stderr, "hotline-sim: interrupted by %s: nothing was written\n",
                 signal_name(stop_signal()).c_str());
    return interrupted_exit_code();
  }
  folder->publish({"calibrate", true, ""});
  say_removed(*folder);
  if (!c.converged)
    spdlog::warn(
        "not converged after {} iterations: some targets lie outside their 95% CI "
        "(more --iterations or --reps, or targets the scenario cannot meet)",
        c.iterations);
  if (!args.quiet) {
    std::string text = "hotline-sim " HOTLINE_VERSION ": calibrate " + c.scenario.name + " to " +
                       args.targets + "\n\n" + report::format_calibration_console(c);
    text += "\nFiles\n";
    for (const char* f : {"calibration.csv", "calibration.json", "patch.yaml", "patch.set"})
      text += "  " + folder->path(f) + "\n";
    text +=
        "  " + folder->path(report::OutputFolder::kManifest) + " (the files above, with hashes)\n";
    std::string sets;
    for (const auto& s : args.sets) sets += " --set " + s;
    text += "\nApply: hotline-sim run " + args.scenario + sets + " $(cat " +
            folder->path("patch.set") + "), or copy patch.yaml's keys into the scenario.\n";
    write_stdout(text);
  }
  return kExitOk;
}

}  // namespace hotline::cli
