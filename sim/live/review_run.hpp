// One run of an after-action review (after_action_review.hpp): the scenario driven through a
// selection of an exercise log's entries, with what the review needs of every alert collected
// on the way (its attributes, the desk it was deferred to and who held it, the decisions about
// it, its missed SLAs, its final record). Internal to hotline_live.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/model/commands.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live::detail {

// A command about one alert, as applied in the run.
struct AlertDecision {
  engine::SimTime time;
  std::string
      by;  // "trainee:NAME", "trainer", "takeover" (the exercise's), "branch" (the review's)
  model::Command command;
};

// An SLA of one of the alert's steps that passed first (sla_late).
struct MissedSla {
  engine::SimTime time;
  int step = -1;  // index into the plan in force then
};

struct ReviewedAlert {
  model::AlertView view;   // as the dispatcher saw it at arrival
  int desk = -1;           // the held desk it was deferred to; -1: the standard rules decided
  std::string holder;      // that desk's holder at arrival ("trainee:NAME"); "" if none
  int standard_rule = -1;  // the rule the standard rules give it at arrival (-1: no action)
  std::vector<AlertDecision> decisions;  // in the order applied
  std::vector<MissedSla> missed;
  model::AlertRecord record;  // its final state (open ones as reported at the end)
};

class ReviewRun {
 public:
  enum class Kind : std::uint8_t {
    trainees,  // every entry up to `until`, exactly as logged
    standard,  // the counterfactual: see after_action_review.hpp
  };

  // Runs at once. Throws LogError if an entry does not apply (a kept entry is refused, or
  // gets another sequence number than logged before the branch).
  ReviewRun(const scenario::Scenario& scenario, const ExerciseLog& log, engine::SimTime until,
            Kind kind, std::optional<engine::SimTime> branch_at);

  // By alert id - 1 (every alert that entered the run, injected ones included).
  const std::vector<ReviewedAlert>& alerts() const { return alerts_; }
  // The entries the run applied, in order, with the review's own takeovers at the branch
  // (by "branch") and, for takes and releases, the desk.
  const std::vector<LogEntry>& applied() const { return applied_; }
  engine::SimTime end() const { return end_; }
  // What the run produced (as replay_exercise computes it): for the trainees' run to the
  // exercise's end, the log's own result.
  const ExerciseResult& result() const { return result_; }

 private:
  ExerciseResult result_;
  std::vector<ReviewedAlert> alerts_;
  std::vector<LogEntry> applied_;
  engine::SimTime end_;
};

// Whether a command is a trainer's inject (kept in the counterfactual) rather than a decision
// about one alert (dropped there: the standard rules decide).
bool is_inject(const model::Command& c);
// The alert a decision is about (0 for injects).
std::uint64_t alert_of(const model::Command& c);

}  // namespace hotline::live::detail
