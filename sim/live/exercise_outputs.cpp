#include "hotline/live/exercise_outputs.hpp"

#include "hotline/live/after_action_review.hpp"

#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"

namespace hotline::live {

struct ExerciseOutputs::Impl {
  Impl(const scenario::Scenario& s, const std::string& dir)
      : scenario(s),
        folder(dir),
        alerts(s, folder.create("alerts.csv"), report::CsvStyle{}),
        trace(s, folder.create("trace.jsonl")) {}
  const scenario::Scenario& scenario;
  report::OutputFolder folder;
  report::AlertCsvWriter alerts;
  report::TraceJsonlWriter trace;
};

ExerciseOutputs::ExerciseOutputs(const scenario::Scenario& scenario, const std::string& dir)
    : impl_(std::make_unique<Impl>(scenario, dir)), dir_(dir) {}
ExerciseOutputs::~ExerciseOutputs() = default;

std::vector<model::Observer*> ExerciseOutputs::observers() {
  return {&impl_->alerts, &impl_->trace};
}

std::vector<std::string> ExerciseOutputs::publish(const ExerciseLog& log) {
  impl_->folder.create("exercise-log.json").write(to_json(log));
  // The after-action review against the standard rules throughout, once the exercise has
  // ended; a replay of the log rebuilds the same bytes. It reruns the exercise twice at full
  // speed (a second or two for a day of xizang).
  if (log.end) {
    const ReviewFiles review = build_review(impl_->scenario, log, *log.end);
    impl_->folder.create("review.json").write(review.json);
    impl_->folder.create("review.html").write(review.html);
  }
  std::vector<std::string> names;
  for (const auto& f : impl_->folder.publish({"exercise", true, ""})) names.push_back(f.name);
  return names;
}

}  // namespace hotline::live
