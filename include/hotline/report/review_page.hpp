// The after-action review of a live exercise as a plain page (live's build_review fills it):
// review.json and the self-contained review.html (no script, no network; inline-SVG charts
// from bar_chart.hpp and band_chart.hpp; display names in Chinese beside the ids).
//
// Contract for readers and tests: review.json's fields are documented in
// docs/after-action-review.md ("review.json"); its totals are the sums of its per-alert rows.
// In review.html every chart is an <svg data-chart="ID">, every total an element with
// data-total="NAME" data-trainees and data-standard (exact), every differing alert a row
// <tr data-alert="ID">. Deterministic: the same page gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotline::report {

// One alert in one of the two runs.
struct ReviewSide {
  std::string outcome;  // dissuaded, lost, not_paid, open
  std::string reach;    // hit, miss, undecided (open, its target time not over at the end)
  double lost_yuan = 0;
  double avoided_yuan = 0;             // dissuaded and would have paid: its amount
  int escalations = 0;                 // on_late triggers fired (escalate commands included)
  std::int64_t first_contact_ms = -1;  // -1: never reached
  std::int64_t closed_ms = -1;         // -1: open at the end
  std::string channel;                 // what dissuaded it; "" otherwise
  // Who first decided it: standard_rules (at arrival), trainee:NAME, trainer, takeover,
  // branch (the review's takeover at --branch-at) or none (awaited a decision to the end).
  std::string decided_by;
  std::int64_t decided_ms = -1;  // when (-1: none)
  std::string decision;          // what, in words: "rule 'grade 1'", "call from 96110", ...
};

struct ReviewAlertRow {
  std::uint64_t id = 0;
  std::int64_t arrival_ms = 0;
  std::string clock;  // arrival, civil time
  std::string type, type_name;
  int grade = 1;
  double amount = 0;
  std::string unit, unit_name;
  std::string desk;  // the held desk it was deferred to in the trainees' run; "" = none
  ReviewSide trainees, standard;
  bool differs = false;  // outcome or reached-within-target differ
  // Which decision made the difference: decision (the trainees' decision on this alert
  // differed), no_decision (it waited for a trainee who did not decide in time), knock_on
  // (both runs decided it alike: load changed by decisions on other alerts did it), "" if the
  // rows do not differ.
  std::string cause_kind;
  std::string cause;  // in words, naming the decision, who gave it and when
};

// Sums over the per-alert rows of one run.
struct ReviewTotals {
  std::int64_t alerts = 0, dissuaded = 0, lost = 0, not_paid = 0, open = 0;
  std::int64_t reach_eligible = 0, reached_within_target = 0;
  double lost_yuan = 0, avoided_yuan = 0;
  std::int64_t escalations = 0;
};

struct ReviewTimelineEvent {
  std::int64_t t_ms = 0;
  std::string clock;
  std::string kind;  // take, release, decision, inject, branch, outcome_differs
  std::string by;
  std::uint64_t alert = 0;  // 0: none
  std::string text;
};

// One criterion of the rubric for one trainee.
struct ReviewCriterion {
  std::string id;     // first_decision_grade1..3, push_tier, escalation
  std::string label;  // for people
  std::string limit;  // "2 min", "county", ...
  int scored = 0, met = 0;
  double mean_s = -1;  // first_decision: mean seconds to the first decision (-1: none)
};

struct ReviewTraineeScore {
  std::string name;  // as in the log ("li" for trainee:li)
  std::vector<std::string> desks;
  int alerts = 0;  // deferred to a desk while this trainee held it
  int decisions = 0;
  std::vector<ReviewCriterion> criteria;
  int scored = 0, met = 0;  // over every criterion
  // Each scored item, for the trainer: alert, criterion id, met, in words.
  struct Item {
    std::uint64_t alert = 0;
    std::string criterion;
    bool met = false;
    std::string text;
  };
  std::vector<Item> items;
};

struct ReviewPacingSample {
  std::int64_t t_ms = 0;
  double lag_s = 0;
};

struct ReviewPage {
  std::string scenario, scenario_sha256, description;
  std::uint64_t seed = 0;
  std::int64_t start_ms = 0, until_ms = 0;
  std::string start_clock, until_clock;
  bool ended = false;              // the exercise had ended (until = its end)
  std::int64_t branch_at_ms = -1;  // -1: the standard rules throughout
  std::string branch_clock;
  std::string trainees_fingerprint;        // the trainees' run's trace fingerprint (= the log's)
  bool alert_stream_identical = true;      // the determinism check (docs/after-action-review.md)
  std::string alert_stream_note;           // what differed, if anything
  bool rubric_from_scenario = false;       // false: the defaults
  std::vector<std::string> grade_targets;  // reach_within per grade, in words
  std::vector<ReviewAlertRow> alerts;      // every alert, by id
  ReviewTotals trainees, standard;
  std::vector<ReviewTotals> trainees_by_grade, standard_by_grade;  // index grade - 1
  std::vector<ReviewTimelineEvent> timeline;
  std::vector<ReviewTraineeScore> scores;
  std::vector<ReviewPacingSample> pacing;
};

std::string review_json(const ReviewPage& page);  // pretty, stable key order, ends in "\n"
std::string review_html(const ReviewPage& page);

}  // namespace hotline::report
