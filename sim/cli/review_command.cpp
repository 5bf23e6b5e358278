#include "review_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "console_output.hpp"
#include "exit_codes.hpp"
#include "hotline/live/after_action_review.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/scenario/loader.hpp"
#include "logged_exercise.hpp"

namespace hotline::cli {

CLI::App* add_review_subcommand(CLI::App& app, ReviewArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "review",
      "The after-action review of a finished exercise: the same seed and alerts run under the "
      "scenario's standard rules, compared with what the trainees did (review.json, "
      "review.html; docs/after-action-review.md).");
  cmd->footer(R"TXT(What it does:
  Replays the exercise from its exercise-log.json (the trainees' run) and runs the
  counterfactual: the same scenario, seed and alert stream, with the trainer's injects, but
  every alert decided by the standard rules. It writes, per alert whose outcome differs, the
  decision that made the difference; totals of both runs (reached within target, yuan lost
  and avoided, escalations); a timeline; each trainee's score against the scenario's rubric
  (training: rubric:, defaults if none); and the pacing lag over the session.

  --branch-at T asks "from T on, what if the standard rules had taken over?": the log's
  entries before T are kept, at T every desk is released and every alert still waiting for
  a trainee gets the standard rules' plan; from T on only the trainer's injects are kept.
  T is a time of day of the exercise's first day (14:20, 14:20:30; on a later day add
  days: 1d14:20), or simulated seconds since the start (8400).

Examples:
  hotline-sim review exercises/exercise-1 --out out/review
  hotline-sim review exercises/exercise-1 --branch-at 14:20 --out out/review-1420
  hotline-sim review exercises/exercise-1/exercise-log.json --scenario my-region.yaml

An exercise that ended writes review.json and review.html into its own folder already (the
standard rules throughout); this command makes other branches, or reviews an older folder.)TXT");
  cmd->add_option("exercise", a.exercise, "The exercise's folder, or its exercise-log.json")
      ->required()
      ->type_name("EXERCISE_DIR");
  cmd->add_option("--branch-at", a.branch_at,
                  "The standard rules take over from this simulated time (HH:MM[:SS] of the "
                  "first day, Nd HH:MM, or seconds since the start)")
      ->type_name("TIME");
  cmd->add_option("--scenario", a.scenario,
                  "The scenario the exercise ran (default: the one the log names; its SHA-256 "
                  "must match)")
      ->type_name("SCENARIO");
  cmd->add_option("--out", a.out_dir, "Output folder (default out/review)")->type_name("DIR");
  return cmd;
}

namespace {

// "14:20", "14:20:30", "1d14:20" (days after the first), or whole/decimal seconds "8400".
// Simulated ms since the start (negative: before it), or nullopt if it is not one of these.
std::optional<std::int64_t> parse_branch_at(const std::string& text, const scenario::Scenario& s) {
  std::string t = text;
  std::int64_t days = 0;
  if (const auto d = t.find('d'); d != std::string::npos) {
    const auto r = std::from_chars(t.data(), t.data() + d, days);
    if (r.ec != std::errc() || r.ptr != t.data() + d || days < 0) return std::nullopt;
    t = t.substr(d + 1);
  }
  if (t.find(':') == std::string::npos) {
    if (days) return std::nullopt;
    double sec = -1;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), sec);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !(sec >= 0)) return std::nullopt;
    return static_cast<std::int64_t>(std::min(sec, 1e15) * 1000.0 + 0.5);  // 1e15 s: after any end
  }
  int hh = -1, mm = -1, ss = 0;
  char extra = 0;
  const int n = std::sscanf(t.c_str(), "%d:%d:%d%c", &hh, &mm, &ss, &extra);
  if (n < 2 || n > 3 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
    return std::nullopt;
  // Clock time of day of day `days` of the exercise (the scenario's clock.start is day 0).
  const engine::CivilTime start = s.clock.start;
  const std::int64_t start_of_day =
      -((start.hour * 3600LL + start.minute * 60LL + start.second) * 1000LL);
  return start_of_day + days * 86'400'000LL + (hh * 3600LL + mm * 60LL + ss) * 1000LL;
}

std::string civil_start(const scenario::Scenario& s) {
  const engine::CivilTime c = s.clock.start;
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute);
}

}  // namespace

int review_command(const ReviewArgs& a) {
  const LoggedExercise logged = load_logged_exercise(
      a.exercise, a.scenario,
      "cannot read the exercise log (give the exercise's folder or its exercise-log.json)");
  const std::string& path = logged.log_path;
  const live::ExerciseLog& log = logged.log;
  const scenario::Scenario& sc = logged.scenario;
  if (!log.end)
    throw scenario::ScenarioError(
        path, 0, 0,
        "the log has no end_ms: the exercise did not end (review a running exercise from the "
        "trainer's console instead)");
  live::ReviewOptions options;
  if (!a.branch_at.empty()) {
    const std::optional<std::int64_t> parsed = parse_branch_at(a.branch_at, sc);
    if (!parsed)
      throw scenario::ScenarioError(
          "--branch-at", 0, 0,
          fmt::format("'{}' is not a time of the exercise: give HH:MM[:SS] of its first day "
                      "(14:20), Nd HH:MM for a later day (1d14:20), or seconds since the start "
                      "(8400)",
                      a.branch_at));
    const std::int64_t ms = *parsed;
    if (ms < 0)
      throw scenario::ScenarioError(
          "--branch-at", 0, 0,
          fmt::format("'{}' is before the exercise started ({}): give a later time, or 1d{} "
                      "for that time the next day",
                      a.branch_at, civil_start(sc), a.branch_at));
    if (ms > engine::ticks(*log.end))
      throw scenario::ScenarioError(
          "--branch-at", 0, 0,
          fmt::format("'{}' is after the exercise ended ({} s after the start): give an "
                      "earlier time",
                      a.branch_at, engine::ticks(*log.end) / 1000));
    options.branch_at = engine::at_ms(ms);
  }
  live::ReviewFiles files;
  try {
    files = live::build_review(sc, log, *log.end, options);
  } catch (const live::LogError& e) {
    throw scenario::ScenarioError(path, 0, 0, e.what());
  }
  report::OutputFolder folder(a.out_dir);
  folder.create("review.json").write(files.json);
  folder.create("review.html").write(files.html);
  folder.publish({"review", true, ""});
  const nlohmann::json j = nlohmann::json::parse(files.json);
  const auto& t = j.at("totals").at("trainees");
  const auto& c = j.at("totals").at("standard");
  write_stdout(fmt::format(
      "reviewed {} to {} ({} alerts; counterfactual: {}): {} alerts differ\n"
      "  lost: {} alerts, {:.0f} yuan with the trainees; {} alerts, {:.0f} yuan under the "
      "standard rules\n"
      "  trainees scored: {}\n"
      "  files: {}/review.json, review.html, manifest.json\n",
      sc.name, j.at("until_clock").get<std::string>(), t.at("alerts").get<std::int64_t>(),
      options.branch_at ? "the standard rules from " +
                              j.at("counterfactual").at("branch_clock").get<std::string>()
                        : std::string("the standard rules throughout"),
      j.at("differences").get<std::int64_t>(), t.at("lost").get<std::int64_t>(),
      t.at("lost_yuan").get<double>(), c.at("lost").get<std::int64_t>(),
      c.at("lost_yuan").get<double>(), j.at("trainees").size(), a.out_dir));
  return kExitOk;
}

}  // namespace hotline::cli
