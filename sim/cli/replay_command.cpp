#include "replay_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/live/exercise_outputs.hpp"
#include "hotline/scenario/loader.hpp"
#include "logged_exercise.hpp"

namespace hotline::cli {

CLI::App* add_replay_subcommand(CLI::App& app, ReplayArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Replay a served exercise from its log at full speed, without the server: the same "
      "alerts.csv, trace.jsonl, exercise-log.json and after-action review, byte for byte, and "
      "the same trace fingerprint (checked).");
  cmd->footer(R"TXT(Examples:
  hotline-sim replay exercises/exercise-1 --out out/replay
  cmp exercises/exercise-1/trace.jsonl out/replay/trace.jsonl && echo identical
  hotline-sim replay exercises/exercise-1/exercise-log.json --scenario my-region.yaml)TXT");
  cmd->add_option("log", a.log, "exercise-log.json, or the exercise's folder")
      ->required()
      ->type_name("LOG");
  cmd->add_option("--scenario", a.scenario,
                  "The scenario the exercise ran (default: the one the log names; its SHA-256 "
                  "must match)")
      ->type_name("SCENARIO");
  cmd->add_option("--out", a.out_dir, "Output folder (default out/replay)")->type_name("DIR");
  return cmd;
}

int replay_command(const ReplayArgs& a) {
  LoggedExercise logged = load_logged_exercise(
      a.log, a.scenario, "cannot read the exercise log (give exercise-log.json or its folder)");
  const std::string& path = logged.log_path;
  live::ExerciseLog& log = logged.log;
  const scenario::Scenario& sc = logged.scenario;
  const auto recorded = log.result;
  live::ExerciseOutputs outputs(sc, a.out_dir);
  live::ExerciseResult replayed;
  try {
    replayed = live::replay_exercise(sc, log, outputs.observers());
  } catch (const live::LogError& e) {
    throw scenario::ScenarioError(path, 0, 0, e.what());
  }
  log.result = replayed;
  outputs.publish(log);
  if (recorded && !(*recorded == replayed)) {
    std::fprintf(stderr,
                 "hotline-sim: error: the replay differs from the exercise: trace fingerprint %s "
                 "(%llu records), the log says %s (%llu records); files in %s (a bug: please "
                 "report it with the log)\n",
                 replayed.trace_fingerprint.c_str(),
                 static_cast<unsigned long long>(replayed.trace_records),
                 recorded->trace_fingerprint.c_str(),
                 static_cast<unsigned long long>(recorded->trace_records), a.out_dir.c_str());
    return kExitInternal;
  }
  write_stdout(fmt::format(
      "replayed {} entries of {} to {} ms: trace fingerprint {} ({} records, {} events){}\n"
      "  {} alerts: {} dissuaded, {} lost, {} not paid, {} open\n"
      "  files: {}/alerts.csv, trace.jsonl, exercise-log.json, review.json, review.html, "
      "manifest.json\n",
      log.entries.size(), sc.name, engine::ticks(*log.end), replayed.trace_fingerprint,
      replayed.trace_records, replayed.events, recorded ? ", the same as the live exercise" : "",
      replayed.entered, replayed.dissuaded, replayed.lost, replayed.not_paid, replayed.open,
      a.out_dir));
  return kExitOk;
}

}  // namespace hotline::cli
