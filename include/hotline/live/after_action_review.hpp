// The after-action review of a live exercise (docs/after-action-review.md): the trainees' run
// reproduced from the exercise log, and beside it the counterfactual, the same scenario, seed
// and alert stream decided by the scenario's standard rules; per alert where the outcome
// differs (and the decision that made the difference), the totals of both runs, a timeline,
// each trainee's score against the scenario's rubric (`training: rubric:`), and the pacing lag
// over the session.
//
// Contract:
// * The trainees' run applies the log's entries with time < `until`, as replay_exercise does,
//   and ends at `until`; the counterfactual applies:
//   - without branch_at: only the trainer's injects (surge, desk headcount, officers
//     unavailable, injected alerts), at their logged times; no desk is held, so the standard
//     rules decide every alert;
//   - with branch_at = T: every entry before T exactly as logged, then at T every held desk is
//     released, every alert still awaiting a decision gets the standard rules' plan
//     (`takeover` at T), and from T on only the trainer's injects.
// * Both runs start from the same seed; the alert stream (arrival times, attributes, hidden
//   time to loss) is the same in both, since arrivals draw from streams no decision touches
//   (docs/after-action-review.md, "Comparable alerts"). Alert ids therefore pair the rows.
// * Deterministic: the same scenario, log, `until` and options give the same bytes.
// * Throws LogError if the log does not apply to the scenario (a command refused or given
//   another sequence number, a desk that does not exist) or, reviewed to its end, the rerun's
//   trace fingerprint is not the log's result. Entries after `until` are ignored.
#pragma once

#include <optional>
#include <string>

#include "hotline/engine/time.hpp"
#include "hotline/live/exercise_log.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

struct ReviewOptions {
  // The standard rules take over from here; absent: the counterfactual is the standard rules
  // throughout.
  std::optional<engine::SimTime> branch_at;
};

// The two files, as text: review.json (docs/after-action-review.md, "review.json") and the
// self-contained review.html.
struct ReviewFiles {
  std::string json;
  std::string html;
};

// Reruns what the trainees did (the log's entries, to `until`) and the counterfactual on the
// same scenario, seed and alerts; compares them. `until`: log.end if the exercise has ended,
// else the exercise's current simulated time. Deterministic; throws LogError if the log does
// not apply to the scenario.
ReviewFiles build_review(const scenario::Scenario& scenario, const ExerciseLog& log,
                         engine::SimTime until, const ReviewOptions& options = {});

}  // namespace hotline::live
