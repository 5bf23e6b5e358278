#include "hotline/live/after_action_review.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "hotline/report/review_page.hpp"
#include "review_run.hpp"
#include "review_text.hpp"
#include "rubric_scoring.hpp"

namespace hotline::live {

namespace {

using detail::ReviewedAlert;
using detail::ReviewRun;

// As the KPI collector decides reached-within-target (docs/outputs.md): reached (first
// contact, or dissuaded earlier) within the grade's target; lost or not paid before it, or
// open past it, is a miss; open with the target time not over at the end is undecided.
std::string reach_of(const model::AlertRecord& a, engine::Duration target, engine::SimTime end) {
  engine::SimTime reached = a.first_contact;
  if (a.outcome == model::Outcome::dissuaded && a.closed < reached) reached = a.closed;
  if (reached != engine::kTimeNever) return reached - a.arrival <= target ? "hit" : "miss";
  if (a.outcome != model::Outcome::open) return "miss";
  return a.arrival + target <= end ? "miss" : "undecided";
}

report::ReviewSide side_of(const scenario::Scenario& s, const ReviewedAlert& a,
                           engine::SimTime end) {
  const model::AlertRecord& r = a.record;
  report::ReviewSide x;
  x.outcome = std::string(model::to_string(r.outcome));
  x.reach = reach_of(r, s.reporting.reach_within[static_cast<std::size_t>(r.grade - 1)], end);
  x.lost_yuan = r.outcome == model::Outcome::lost ? r.loss : 0;
  x.avoided_yuan = r.outcome == model::Outcome::dissuaded && r.would_pay ? r.amount : 0;
  x.escalations = r.escalations;
  x.first_contact_ms = r.first_contact == engine::kTimeNever ? -1 : engine::ticks(r.first_contact);
  x.closed_ms = r.closed == engine::kTimeNever ? -1 : engine::ticks(r.closed);
  x.channel = std::string(model::channel_name(r.channel));
  if (a.desk < 0) {
    x.decided_by = "standard_rules";
    x.decided_ms = engine::ticks(a.view.arrival);
    x.decision = a.standard_rule >= 0
                     ? detail::decision_text(s, model::AssignRule{a.view.id, a.standard_rule})
                     : "no action";
  } else if (!a.decisions.empty()) {
    x.decided_by = a.decisions.front().by;
    x.decided_ms = engine::ticks(a.decisions.front().time);
    x.decision = detail::decision_text(s, a.decisions.front().command);
  } else {
    x.decided_by = "none";
    x.decision = "awaited a decision at " + s.desks[static_cast<std::size_t>(a.desk)].id;
  }
  return x;
}

// The decisions about an alert in one run, comparable with the other run's.
std::vector<std::string> decision_trail(const scenario::Scenario& s, const ReviewedAlert& a) {
  std::vector<std::string> out;
  out.push_back(a.desk < 0 ? fmt::format("standard rules at arrival: rule {}", a.standard_rule)
                           : fmt::format("deferred to desk {}", a.desk));
  for (const auto& d : a.decisions)
    out.push_back(
        fmt::format("{} {} {}", engine::ticks(d.time), d.by, detail::decision_text(s, d.command)));
  return out;
}

// Which decision made the difference between the two runs of one alert.
void explain(const scenario::Scenario& s, const ReviewedAlert& t, const ReviewedAlert& c,
             engine::SimTime end, report::ReviewAlertRow& row) {
  const auto trail_t = decision_trail(s, t);
  const auto trail_c = decision_trail(s, c);
  const std::string standard =
      c.desk < 0
          ? (c.standard_rule >= 0
                 ? "the standard rules gave " +
                       detail::decision_text(s, model::AssignRule{c.view.id, c.standard_rule}) +
                       " at arrival"
                 : "the standard rules gave no action at arrival")
          : (c.decisions.empty()
                 ? std::string("nobody decided it")
                 : fmt::format("{} gave {} after {}", c.decisions.front().by,
                               detail::decision_text(s, c.decisions.front().command),
                               detail::span_text(c.decisions.front().time - c.view.arrival)));
  if (trail_t == trail_c || (t.desk < 0 && t.decisions.empty())) {
    row.cause_kind = "knock_on";
    row.cause = fmt::format(
        "decided alike in both runs ({}): the difference came from the load (queues, officers, "
        "robot lines) that decisions on other alerts changed",
        standard);
    return;
  }
  // The first decision of the trainees' run that the counterfactual did not make.
  std::size_t k = 0;
  while (k < trail_t.size() && k < trail_c.size() && trail_t[k] == trail_c[k]) ++k;
  const std::string desk =
      t.desk >= 0 ? s.desks[static_cast<std::size_t>(t.desk)].id : std::string();
  if (t.desk >= 0 && t.decisions.empty()) {
    row.cause_kind = "no_decision";
    row.cause = fmt::format(
        "deferred to {} (held by {}) and never decided: it waited {}{}; {}", desk, t.holder,
        detail::span_text(std::min(t.record.closed, end) - t.view.arrival),
        t.record.closed == engine::kTimeNever ? " to the end"
                                              : fmt::format(" until {}", row.trainees.outcome),
        standard);
    return;
  }
  const std::size_t d = k == 0 ? 0 : k - 1;  // index into decisions (trail[0] is the arrival)
  const detail::AlertDecision& first = t.decisions[std::min(d, t.decisions.size() - 1)];
  row.cause_kind = first.by == "takeover" ? "no_decision" : "decision";
  row.cause = fmt::format("{} at {} (+{} after arrival): {}; {}", first.by,
                          detail::civil_clock(s, first.time),
                          detail::span_text(first.time - t.view.arrival),
                          detail::decision_text(s, first.command), standard);
  if (first.by == "takeover")
    row.cause = fmt::format("no decision by {} at {}: ", t.holder, desk) + row.cause;
}

void add(report::ReviewTotals& t, const report::ReviewSide& x) {
  ++t.alerts;
  t.dissuaded += x.outcome == "dissuaded";
  t.lost += x.outcome == "lost";
  t.not_paid += x.outcome == "not_paid";
  t.open += x.outcome == "open";
  t.reach_eligible += x.reach != "undecided";
  t.reached_within_target += x.reach == "hit";
  t.lost_yuan += x.lost_yuan;
  t.avoided_yuan += x.avoided_yuan;
  t.escalations += x.escalations;
}

// The determinism check: the same alerts in both runs, hidden attributes included.
std::string stream_difference(const ReviewRun& a, const ReviewRun& b) {
  if (a.alerts().size() != b.alerts().size())
    return fmt::format("{} alerts in the trainees' run, {} in the counterfactual",
                       a.alerts().size(), b.alerts().size());
  for (std::size_t i = 0; i < a.alerts().size(); ++i) {
    const model::AlertRecord& x = a.alerts()[i].record;
    const model::AlertRecord& y = b.alerts()[i].record;
    if (x.fraud_type != y.fraud_type || x.grade != y.grade || x.unit != y.unit ||
        x.language != y.language || x.arrival != y.arrival || x.deadline != y.deadline ||
        x.amount != y.amount || x.would_pay != y.would_pay)
      return fmt::format("alert {} differs (arrival {} ms vs {} ms)", x.id,
                         engine::ticks(x.arrival), engine::ticks(y.arrival));
  }
  return "";
}

std::string duration_words(engine::Duration d) {
  const std::int64_t ms = engine::ticks(d);
  if (ms % 3'600'000 == 0) return fmt::format("{} h", ms / 3'600'000);
  if (ms % 60'000 == 0) return fmt::format("{} min", ms / 60'000);
  return fmt::format("{} s", ms / 1000.0);
}

}  // namespace

ReviewFiles build_review(const scenario::Scenario& s, const ExerciseLog& log, engine::SimTime until,
                         const ReviewOptions& options) {
  const ReviewRun trainees(s, log, until, ReviewRun::Kind::trainees, std::nullopt);
  const ReviewRun standard(s, log, until, ReviewRun::Kind::standard, options.branch_at);

  report::ReviewPage p;
  p.scenario = s.name;
  p.description = s.description;
  p.scenario_sha256 = log.scenario_sha256;
  p.seed = log.seed;
  p.start_ms = 0;
  p.until_ms = engine::ticks(until);
  p.start_clock = detail::civil_clock(s, engine::kTimeZero);
  p.until_clock = detail::civil_clock(s, until);
  p.ended = log.end && *log.end == until;
  if (options.branch_at) {
    p.branch_at_ms = engine::ticks(*options.branch_at);
    p.branch_clock = detail::civil_clock(s, *options.branch_at);
  }
  // The trainees' run is the exercise itself: to its end it must give the log's result.
  if (p.ended && log.result && !(trainees.result() == *log.result))
    throw LogError(fmt::format(
        "the review's rerun of the exercise differs from it (trace fingerprint {}, the log says "
        "{}): the log belongs to another scenario, seed or build",
        trainees.result().trace_fingerprint, log.result->trace_fingerprint));
  p.trainees_fingerprint = trainees.result().trace_fingerprint;
  p.alert_stream_note = stream_difference(trainees, standard);
  p.alert_stream_identical = p.alert_stream_note.empty();
  p.rubric_from_scenario = s.training.rubric.given;
  for (const auto d : s.reporting.reach_within) p.grade_targets.push_back(duration_words(d));
  p.trainees_by_grade.resize(scenario::kGrades);
  p.standard_by_grade.resize(scenario::kGrades);

  const std::size_t n = std::min(trainees.alerts().size(), standard.alerts().size());
  for (std::size_t i = 0; i < n; ++i) {
    const ReviewedAlert& t = trainees.alerts()[i];
    const ReviewedAlert& c = standard.alerts()[i];
    report::ReviewAlertRow row;
    row.id = t.view.id;
    row.arrival_ms = engine::ticks(t.view.arrival);
    row.clock = detail::civil_clock(s, t.view.arrival);
    const auto& ft = s.fraud_types[static_cast<std::size_t>(t.view.fraud_type)];
    row.type = ft.id;
    row.type_name = ft.name;
    row.grade = t.view.grade;
    row.amount = t.view.amount;
    const auto& unit = s.units[static_cast<std::size_t>(t.view.leaf_unit)];
    row.unit = unit.id;
    row.unit_name = unit.name;
    row.desk = t.desk >= 0 ? s.desks[static_cast<std::size_t>(t.desk)].id : "";
    row.trainees = side_of(s, t, until);
    row.standard = side_of(s, c, until);
    row.differs =
        row.trainees.outcome != row.standard.outcome || row.trainees.reach != row.standard.reach;
    if (row.differs) explain(s, t, c, until, row);
    add(p.trainees, row.trainees);
    add(p.standard, row.standard);
    add(p.trainees_by_grade[static_cast<std::size_t>(row.grade - 1)], row.trainees);
    add(p.standard_by_grade[static_cast<std::size_t>(row.grade - 1)], row.standard);
    p.alerts.push_back(std::move(row));
  }

  // The timeline: what people did (the trainees' run), the branch, and where outcomes parted.
  for (const LogEntry& e : trainees.applied()) {
    report::ReviewTimelineEvent ev;
    ev.t_ms = engine::ticks(e.time);
    ev.clock = detail::civil_clock(s, e.time);
    ev.by = e.by;
    if (e.kind == LogEntry::Kind::command) {
      ev.alert = detail::alert_of(e.command);
      ev.kind = detail::is_inject(e.command) ? "inject" : "decision";
      ev.text = detail::decision_text(s, e.command);
    } else {
      ev.kind = e.kind == LogEntry::Kind::take ? "take" : "release";
      ev.text = (e.kind == LogEntry::Kind::take ? "takes desk " : "releases desk ") +
                s.desks[static_cast<std::size_t>(e.desk)].id;
    }
    p.timeline.push_back(std::move(ev));
  }
  if (options.branch_at && *options.branch_at <= until) {
    int takeovers = 0;
    for (const LogEntry& e : standard.applied())
      takeovers += e.by == "branch" && e.kind == LogEntry::Kind::command;
    p.timeline.push_back(
        {p.branch_at_ms, p.branch_clock, "branch", "review", 0,
         fmt::format("counterfactual: every desk released, the standard rules decide from here "
                     "({} waiting alerts given their plans)",
                     takeovers)});
  }
  for (const auto& row : p.alerts) {
    if (!row.differs) continue;
    const std::int64_t t =
        row.trainees.closed_ms >= 0
            ? row.trainees.closed_ms
            : (row.standard.closed_ms >= 0 ? row.standard.closed_ms : row.arrival_ms);
    p.timeline.push_back(
        {t, detail::civil_clock(s, engine::at_ms(t)), "outcome_differs", "", row.id,
         fmt::format("alert {} (grade {}): {} with the trainees, {} under the "
                     "standard rules",
                     row.id, row.grade, row.trainees.outcome, row.standard.outcome)});
  }
  std::stable_sort(p.timeline.begin(), p.timeline.end(),
                   [](const auto& a, const auto& b) { return a.t_ms < b.t_ms; });

  p.scores = detail::score_trainees(s, log, trainees);
  for (const PacingSample& x : log.pacing)
    if (x.time <= until) p.pacing.push_back({engine::ticks(x.time), x.lag_s});
  return {report::review_json(p), report::review_html(p)};
}

}  // namespace hotline::live
