#include "rubric_scoring.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "review_text.hpp"

namespace hotline::live::detail {

int push_level_of(const scenario::Scenario& s, const model::Command& c) {
  if (const auto* r = std::get_if<model::AssignRule>(&c)) {
    if (r->rule < 0 || r->rule >= static_cast<int>(s.rules.size())) return -1;
    for (const auto& st : s.rules[static_cast<std::size_t>(r->rule)].plan)
      if (st.kind == scenario::StepKind::push) return st.to_level;
    return -1;
  }
  if (const auto* st = std::get_if<model::AssignStep>(&c))
    if (st->kind == scenario::StepKind::push && st->unit >= 0 &&
        st->unit < static_cast<int>(s.units.size()))
      return s.units[static_cast<std::size_t>(st->unit)].level;
  return -1;
}

namespace {

constexpr const char* kTrainee = "trainee:";

std::string name_of(const std::string& by) {
  return by.rfind(kTrainee, 0) == 0 ? by.substr(8) : std::string();
}

// Whether step `step` of the plan in force at `t` starts on_late steps when its SLA passes.
bool plan_escalates(const scenario::Scenario& s, const ReviewedAlert& a, engine::SimTime t,
                    int step) {
  int rule = a.desk < 0 ? a.standard_rule : -1;
  for (const AlertDecision& d : a.decisions) {
    if (d.time >= t) break;
    if (const auto* r = std::get_if<model::AssignRule>(&d.command)) rule = r->rule;
    if (std::holds_alternative<model::AssignStep>(d.command)) rule = -1;
  }
  if (rule < 0 || rule >= static_cast<int>(s.rules.size())) return false;
  const auto& plan = s.rules[static_cast<std::size_t>(rule)].plan;
  return step >= 0 && step < static_cast<int>(plan.size()) &&
         !plan[static_cast<std::size_t>(step)].on_late.empty();
}

}  // namespace

std::vector<report::ReviewTraineeScore> score_trainees(const scenario::Scenario& s,
                                                       const ExerciseLog& log,
                                                       const ReviewRun& run) {
  const scenario::RubricSpec& rb = s.training.rubric;
  const engine::SimTime until = run.end();
  std::vector<report::ReviewTraineeScore> out;
  std::map<std::string, std::size_t> index;
  const auto trainee = [&](const std::string& name) -> report::ReviewTraineeScore& {
    auto [it, added] = index.emplace(name, out.size());
    if (added) {
      report::ReviewTraineeScore t;
      t.name = name;
      for (int g = 1; g <= scenario::kGrades; ++g)
        t.criteria.push_back({fmt::format("first_decision_grade{}", g),
                              fmt::format("grade-{} alerts decided within the limit", g),
                              span_text(rb.first_decision_within[static_cast<std::size_t>(g - 1)]),
                              0, 0, -1});
      t.criteria.push_back(
          {"push_tier", "pushes to the expected tier", "by grade and type", 0, 0, -1});
      t.criteria.push_back({"escalation", "missed SLAs followed by a decision within the limit",
                            span_text(rb.escalate_within), 0, 0, -1});
      out.push_back(std::move(t));
    }
    return out[it->second];
  };
  for (const LogEntry& e : log.entries) {
    if (e.time > until) break;
    const std::string name = name_of(e.by);
    if (name.empty()) continue;
    report::ReviewTraineeScore& t = trainee(name);
    if (e.kind == LogEntry::Kind::take && e.desk >= 0 &&
        e.desk < static_cast<int>(s.desks.size())) {
      const std::string& id = s.desks[static_cast<std::size_t>(e.desk)].id;
      if (std::find(t.desks.begin(), t.desks.end(), id) == t.desks.end()) t.desks.push_back(id);
    }
    if (e.kind == LogEntry::Kind::command && alert_of(e.command) > 0) ++t.decisions;
  }

  std::vector<double> decision_s_sum(out.size() * scenario::kGrades, 0.0);
  std::vector<int> decision_n(out.size() * scenario::kGrades, 0);
  const auto score = [](report::ReviewTraineeScore& t, std::size_t criterion, std::uint64_t alert,
                        bool met, std::string text) {
    ++t.criteria[criterion].scored;
    t.criteria[criterion].met += met;
    t.items.push_back({alert, t.criteria[criterion].id, met, std::move(text)});
  };

  for (const ReviewedAlert& a : run.alerts()) {
    const std::uint64_t id = a.view.id;
    const auto g = static_cast<std::size_t>(a.view.grade - 1);
    const engine::SimTime closed = a.record.closed;
    // Pushes: every decision of a trainee on any alert.
    for (const AlertDecision& d : a.decisions) {
      const std::string name = name_of(d.by);
      if (name.empty()) continue;
      const int level = push_level_of(s, d.command);
      if (level < 0) continue;
      int expected = rb.expected_push_level(a.view.fraud_type, a.view.grade);
      const bool by_rules = expected < 0;
      if (by_rules && a.standard_rule >= 0)
        expected = push_level_of(s, model::AssignRule{id, a.standard_rule});
      if (expected < 0) continue;
      score(trainee(name), scenario::kGrades, id, level == expected,
            fmt::format("alert {} (grade {}): {} reaches {}, expected {}{}", id, a.view.grade,
                        decision_text(s, d.command), s.levels[static_cast<std::size_t>(level)],
                        s.levels[static_cast<std::size_t>(expected)],
                        by_rules ? " (as the standard rules push)" : ""));
    }
    const std::string holder = name_of(a.holder);
    if (a.desk < 0 || holder.empty()) continue;
    report::ReviewTraineeScore& t = trainee(holder);
    const std::size_t ti = index.at(holder);
    ++t.alerts;
    // First decision.
    const engine::Duration limit = rb.first_decision_within[g];
    const engine::SimTime due = a.view.arrival + limit;
    const AlertDecision* first = a.decisions.empty() ? nullptr : &a.decisions.front();
    if (first && first->by == a.holder) {
      const engine::Duration took = first->time - a.view.arrival;
      decision_s_sum[ti * scenario::kGrades + g] += static_cast<double>(engine::ticks(took)) / 1000;
      ++decision_n[ti * scenario::kGrades + g];
      score(t, g, id, took <= limit,
            fmt::format("alert {} (grade {}): first decision after {} (limit {}): {}", id,
                        a.view.grade, span_text(took), span_text(limit),
                        decision_text(s, first->command)));
    } else if (first && first->by == "takeover") {
      score(t, g, id, false,
            fmt::format("alert {} (grade {}): no decision; the takeover decided it after {}", id,
                        a.view.grade, span_text(first->time - a.view.arrival)));
    } else if (!first && closed <= due) {
      // Closed (or not yet due) before the limit without a decision: no chance to score.
    } else if (!first && due <= until) {
      score(t, g, id, false,
            fmt::format("alert {} (grade {}): no decision within {} ({})", id, a.view.grade,
                        span_text(limit),
                        closed == engine::kTimeNever
                            ? "still waiting at the end"
                            : fmt::format("{} after {}", model::to_string(a.record.outcome),
                                          span_text(closed - a.view.arrival))));
    }
    // Escalation after a missed SLA the plan does not follow up by itself.
    for (const MissedSla& m : a.missed) {
      if (plan_escalates(s, a, m.time, m.step)) continue;
      const engine::SimTime escalate_due = m.time + rb.escalate_within;
      const AlertDecision* next = nullptr;
      for (const AlertDecision& d : a.decisions)
        if (d.time >= m.time && d.by == a.holder) {
          next = &d;
          break;
        }
      if (next && next->time <= escalate_due) {
        score(t, scenario::kGrades + 1, id, true,
              fmt::format("alert {}: SLA passed at {}; {} after {}", id, civil_clock(s, m.time),
                          decision_text(s, next->command), span_text(next->time - m.time)));
      } else if (next || (closed > escalate_due && escalate_due <= until)) {
        score(t, scenario::kGrades + 1, id, false,
              fmt::format(
                  "alert {}: SLA passed at {}; {}", id, civil_clock(s, m.time),
                  next ? fmt::format("{} only after {}", decision_text(s, next->command),
                                     span_text(next->time - m.time))
                       : fmt::format("no decision within {}", span_text(rb.escalate_within))));
      }
    }
  }
  for (std::size_t ti = 0; ti < out.size(); ++ti) {
    report::ReviewTraineeScore& t = out[ti];
    for (std::size_t g = 0; g < scenario::kGrades; ++g)
      if (decision_n[ti * scenario::kGrades + g] > 0)
        t.criteria[g].mean_s =
            decision_s_sum[ti * scenario::kGrades + g] / decision_n[ti * scenario::kGrades + g];
    for (const auto& c : t.criteria) {
      t.scored += c.scored;
      t.met += c.met;
    }
  }
  return out;
}

}  // namespace hotline::live::detail
