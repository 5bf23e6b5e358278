// Reading a finished exercise's log and the scenario it ran, for `replay` and `review`.
#pragma once

#include <string>

#include "hotline/live/exercise_log.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::cli {

struct LoggedExercise {
  std::string log_path;  // the exercise-log.json read (errors name it)
  live::ExerciseLog log;
  scenario::Scenario scenario;
};

// `where` is exercise-log.json or the exercise's folder; `scenario_arg` the --scenario given
// (empty: the one the log names, a bundled one as bundled:NAME). Throws ScenarioError naming
// the log when it cannot be read or parsed, or when the scenario's SHA-256 is not the log's
// (the message tells to pass the right one with --scenario); `unreadable` is the hint printed
// when the file cannot be opened.
LoggedExercise load_logged_exercise(const std::string& where, const std::string& scenario_arg,
                                    const std::string& unreadable);

}  // namespace hotline::cli
