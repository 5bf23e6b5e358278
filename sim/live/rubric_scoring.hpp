// Each trainee's score against the scenario's rubric (Scenario::training.rubric, see
// docs/after-action-review.md "The rubric"), read from the trainees' run of a review.
// Internal to hotline_live.
//
// Who is scored for what:
// * first decision (per grade): every alert deferred to a desk while the trainee held it. Met
//   if the trainee's own first decision came within the grade's limit of the arrival; missed
//   if it came later, never came, or the exercise's takeover came first. Not scored: the
//   trainer decided it first, or it closed (or the review ended) before the limit without one.
// * push tier: every decision of the trainee that pushes (a plan with a push step: its first;
//   a push step); met if it reaches the expected level (the rubric's for the alert's type and
//   grade, else the level the standard rules' plan for the alert pushes to; neither: not
//   scored).
// * escalation: every SLA of one of the trainee's alerts that passed while the plan in force
//   had no on_late steps to start there (a single step, or a rule step without on_late); met
//   if the trainee decided again on the alert within escalate_within. Not scored if the alert
//   closed (or the review ended) before the limit with no decision.
#pragma once

#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/report/review_page.hpp"
#include "hotline/spec/scenario.hpp"
#include "review_run.hpp"

namespace hotline::live::detail {

// One score per trainee named in the log (take entries and decisions by "trainee:NAME"), in
// order of first appearance.
std::vector<report::ReviewTraineeScore> score_trainees(const scenario::Scenario& scenario,
                                                       const ExerciseLog& log,
                                                       const ReviewRun& trainees);

// The level a decision pushes to (a plan's first push step, or a push step), or -1.
int push_level_of(const scenario::Scenario& scenario, const model::Command& c);

}  // namespace hotline::live::detail
