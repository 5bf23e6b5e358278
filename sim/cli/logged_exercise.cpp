#include "logged_exercise.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hotline/report/sha256.hpp"
#include "hotline/scenario/loader.hpp"

namespace hotline::cli {

namespace fs = std::filesystem;

LoggedExercise load_logged_exercise(const std::string& where, const std::string& scenario_arg,
                                    const std::string& unreadable) {
  std::string path = where;
  std::error_code ec;
  if (fs::is_directory(path, ec)) path = (fs::path(path) / "exercise-log.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenario::ScenarioError(path, 0, 0, unreadable);
  std::stringstream text;
  text << in.rdbuf();
  live::ExerciseLog log;
  try {
    log = live::exercise_log_from_json(text.str());
  } catch (const live::LogError& e) {
    throw scenario::ScenarioError(path, 0, 0, e.what());
  }
  std::string source = scenario_arg;
  if (source.empty()) {
    source = log.scenario_source;
    if (source.starts_with("<embedded:") && source.ends_with(".yaml>"))
      source = "bundled:" + source.substr(10, source.size() - 16);
  }
  scenario::Scenario sc = scenario::load_scenario(source);
  const std::string hash = report::sha256_hex(sc.source_text);
  if (hash != log.scenario_sha256)
    throw scenario::ScenarioError(
        path, 0, 0,
        fmt::format(
            "the scenario {} is not the one the exercise ran (SHA-256 {}, the log says {}): "
            "give that scenario with --scenario",
            sc.source_name, hash.substr(0, 12), log.scenario_sha256.substr(0, 12)));
  return LoggedExercise{std::move(path), std::move(log), std::move(sc)};
}

}  // namespace hotline::cli
