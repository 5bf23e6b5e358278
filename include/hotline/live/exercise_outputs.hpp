// The files of one exercise, the same whether it was played live or replayed: alerts.csv,
// trace.jsonl, exercise-log.json and, once it has ended, the after-action review against the
// standard rules (review.json, review.html: after_action_review.hpp), published together in one
// output folder (manifest.json, command "exercise"). Both sides write them through this class, so a
// replay that reproduces the run reproduces the folder byte for byte.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hotline/live/exercise_log.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

class ExerciseOutputs {
 public:
  // Opens (and locks) the folder; throws report::OutputError if the environment refuses.
  ExerciseOutputs(const scenario::Scenario& scenario, const std::string& dir);
  ~ExerciseOutputs();
  ExerciseOutputs(const ExerciseOutputs&) = delete;
  ExerciseOutputs& operator=(const ExerciseOutputs&) = delete;

  // The writers, to attach to the model before it starts.
  std::vector<model::Observer*> observers();
  // Writes exercise-log.json (and the review if log.end is set) and publishes every file;
  // returns the published names. Throws LogError if the log does not apply to the scenario.
  std::vector<std::string> publish(const ExerciseLog& log);
  const std::string& dir() const { return dir_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string dir_;
};

}  // namespace hotline::live
