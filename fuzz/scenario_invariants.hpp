// The invariants include/hotline/spec/scenario.hpp promises for every loaded Scenario, checked
// independently of the loader. The fuzz harness calls this on every input that loads, so an
// input that is accepted but breaks a promise the model relies on (an index out of range, a
// probability of 1.5, overlapping shifts) is a finding just like a crash; the crash regression
// test calls it too. Header-only so that both can include it without a library.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::fuzz {

// Returns "" when every invariant holds, else a description of the first one broken.
inline std::string scenario_invariant_violation(const scenario::Scenario& s) {
  using scenario::InjectKind;
  using scenario::kGrades;
  using scenario::StepKind;
  const auto prob = [](double p) { return std::isfinite(p) && p >= 0.0 && p <= 1.0; };
  const auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  const auto dist_ok = [](const engine::Distribution& d) {
    const double m = d.mean();
    return std::isfinite(m) && m >= 0.0;
  };
  const auto sums_to_one = [](const auto& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return std::abs(sum - 1.0) < 1e-6;
  };
  const auto mean_one = [](const auto& profile) {
    double sum = 0;
    for (double x : profile) {
      if (!std::isfinite(x) || x < 0) return false;
      sum += x;
    }
    return std::abs(sum / static_cast<double>(profile.size()) - 1.0) < 1e-6;
  };
  const int n_units = static_cast<int>(s.units.size());
  const int n_types = static_cast<int>(s.fraud_types.size());
  const int n_kinds = static_cast<int>(s.desk_kinds.size());
  const int n_levels = static_cast<int>(s.levels.size());

  // Clock.
  if (s.clock.horizon.count() <= 0) return "clock.horizon <= 0";
  if (s.clock.warmup.count() < 0) return "clock.warmup < 0";
  if (s.clock.warmup >= s.clock.horizon) return "clock.warmup >= clock.horizon";

  // Units: pre-order tree, contiguous subtrees, leaves exactly at the last level.
  if (n_levels < 1) return "no levels";
  if (n_units < 1) return "no units";
  if (s.units[0].parent != -1 || s.units[0].level != 0) return "units[0] is not the root";
  if (s.units[0].subtree_size != n_units) return "root subtree_size != units.size()";
  std::set<std::string> unit_ids;
  for (int i = 0; i < n_units; ++i) {
    const auto& u = s.units[static_cast<std::size_t>(i)];
    const std::string at = "unit " + std::to_string(i) + " '" + u.id + "': ";
    if (!unit_ids.insert(u.id).second) return at + "duplicate id";
    if (u.level < 0 || u.level >= n_levels) return at + "level out of range";
    if (u.subtree_size < 1 || i + u.subtree_size > n_units) return at + "subtree out of range";
    if (i > 0) {
      if (u.parent < 0 || u.parent >= i) return at + "parent not before child";
      const auto& p = s.units[static_cast<std::size_t>(u.parent)];
      if (u.level != p.level + 1) return at + "level != parent level + 1";
      if (i + u.subtree_size > u.parent + p.subtree_size) return at + "subtree outside parent's";
    }
    if (!positive(u.weight)) return at + "weight not > 0";
    if (u.children.empty() != (u.level == n_levels - 1)) return at + "leaf not at last level";
    int covered = 1;
    for (int c : u.children) {
      if (c <= i || c >= i + u.subtree_size) return at + "child outside subtree";
      if (s.units[static_cast<std::size_t>(c)].parent != i) return at + "child's parent differs";
      covered += s.units[static_cast<std::size_t>(c)].subtree_size;
    }
    if (covered != u.subtree_size) return at + "children do not tile the subtree";
    if (u.officers.count < 0) return at + "officer count < 0";
    if (!prob(u.officers.availability)) return at + "officer availability outside [0,1]";
    if (!prob(u.officers.find_prob)) return at + "officer find_prob outside [0,1]";
    if (!dist_ok(u.officers.travel_time) || !dist_ok(u.officers.visit_duration))
      return at + "officer distribution with a negative or non-finite mean";
  }

  // Desks.
  std::set<int> push_receivers;
  std::set<std::string> desk_ids;
  for (const auto& d : s.desks) {
    const std::string at = "desk '" + d.id + "': ";
    if (!desk_ids.insert(d.id).second) return at + "duplicate id";
    if (d.kind_index < 0 || d.kind_index >= n_kinds) return at + "kind_index out of range";
    if (s.desk_kinds[static_cast<std::size_t>(d.kind_index)] != d.kind) return at + "kind name";
    if (d.unit < 0 || d.unit >= n_units) return at + "unit out of range";
    if (d.receives_pushes && !push_receivers.insert(d.unit).second)
      return at + "second push-receiving desk at one unit";
    if (d.queue_limit < -1) return at + "queue_limit < -1";
    if (!dist_ok(d.handling.call_answered) || !dist_ok(d.handling.call_unanswered) ||
        !dist_ok(d.handling.push))
      return at + "handling distribution with a negative or non-finite mean";
    // Shifts never overlap: mark every minute of the week at most once.
    std::vector<char> week(7 * 1440, 0);
    for (const auto& sh : d.shifts) {
      if (sh.start_minute < 0 || sh.start_minute >= 1440 || sh.end_minute < 0 ||
          sh.end_minute >= 1440)
        return at + "shift '" + sh.name + "' minute out of range";
      if (sh.headcount < 0) return at + "shift '" + sh.name + "' headcount < 0";
      const int length = sh.end_minute > sh.start_minute ? sh.end_minute - sh.start_minute
                                                         : sh.end_minute + 1440 - sh.start_minute;
      for (int day = 0; day < 7; ++day) {
        if (!sh.days[static_cast<std::size_t>(day)]) continue;
        for (int m = 0; m < length; ++m) {
          char& slot = week[static_cast<std::size_t>((day * 1440 + sh.start_minute + m) % 10080)];
          if (slot) return at + "shift '" + sh.name + "' overlaps another shift";
          slot = 1;
        }
      }
    }
  }

  // Fraud types.
  for (const auto& t : s.fraud_types) {
    const std::string at = "fraud type '" + t.id + "': ";
    if (!positive(t.rate_per_day)) return at + "rate_per_day not > 0";
    if (!mean_one(t.hour_profile) || !mean_one(t.weekday_profile))
      return at + "profile not normalised to mean 1";
    if (t.where_units.size() != t.where_weights.size()) return at + "where sizes differ";
    for (std::size_t k = 0; k < t.where_units.size(); ++k) {
      if (t.where_units[k] < 0 || t.where_units[k] >= n_units) return at + "where unit range";
      if (!positive(t.where_weights[k])) return at + "where weight not > 0";
    }
    for (double g : t.grade_mix)
      if (!prob(g)) return at + "grade share outside [0,1]";
    if (!sums_to_one(t.grade_mix)) return at + "grade_mix does not sum to 1";
    if (!dist_ok(t.amount)) return at + "amount distribution";
    for (int g = 0; g < kGrades; ++g)
      if (!dist_ok(t.time_to_loss[static_cast<std::size_t>(g)])) return at + "time_to_loss";
    if (!prob(t.answer_prob) || !prob(t.engaged_prob) || !prob(t.family_reach_prob))
      return at + "probability outside [0,1]";
    if (t.languages.size() != t.language_weights.size()) return at + "language sizes differ";
    for (double w : t.language_weights)
      if (!prob(w)) return at + "language share outside [0,1]";
    if (!t.languages.empty() && !sums_to_one(t.language_weights))
      return at + "language shares do not sum to 1";
  }

  for (const auto& sg : s.surges) {
    if (!positive(sg.multiplier)) return "surge '" + sg.name + "': multiplier not > 0";
    if (sg.multiplier > 1000) return "surge '" + sg.name + "': multiplier above 1000";
    for (int ft : sg.fraud_types)
      if (ft < 0 || ft >= n_types) return "surge '" + sg.name + "': fraud type out of range";
  }

  for (const auto& in : s.inbound) {
    const std::string at = "inbound '" + in.id + "': ";
    if (in.desk_kind < 0 || in.desk_kind >= n_kinds) return at + "desk_kind out of range";
    if (!positive(in.rate_per_day)) return at + "rate_per_day not > 0";
    if (!mean_one(in.hour_profile) || !mean_one(in.weekday_profile))
      return at + "profile not normalised to mean 1";
    if (!dist_ok(in.handling)) return at + "handling distribution";
    if (in.priority < 1 || in.priority > scenario::kPriorities)
      return at + "priority outside 1..kPriorities";
  }

  // Rules and plans.
  if (s.rules.empty()) return "no rules";
  for (const auto& r : s.rules) {
    const std::string at = "rule '" + r.name + "': ";
    for (int g : r.match.grades)
      if (g < 1 || g > kGrades) return at + "match grade out of range";
    for (int ft : r.match.fraud_types)
      if (ft < 0 || ft >= n_types) return at + "match fraud type out of range";
    if (std::isnan(r.match.amount_min) || std::isnan(r.match.amount_max) ||
        r.match.amount_min > r.match.amount_max)
      return at + "amount range";
    if (r.plan.empty()) return at + "empty plan";
    const int n_steps = static_cast<int>(r.plan.size());
    bool any_at_arrival = false;
    for (const auto& st : r.plan) {
      const std::string sat = at + "step '" + st.id + "': ";
      any_at_arrival = any_at_arrival || st.at_arrival;
      if (st.kind == StepKind::call && (st.desk_kind < 0 || st.desk_kind >= n_kinds))
        return sat + "call desk_kind out of range";
      if (st.kind == StepKind::push && (st.to_level < 0 || st.to_level >= n_levels))
        return sat + "push to_level out of range";
      if (st.attempts < 1) return sat + "attempts < 1";
      if (st.retry_interval.count() < 0 || st.sla.count() < 0) return sat + "negative duration";
      if (st.priority < 0 || st.priority > scenario::kPriorities)
        return sat + "priority outside 0..kPriorities";
      for (const auto* list : {&st.next, &st.on_late})
        for (int k : *list)
          if (k < 0 || k >= n_steps) return sat + "next/on_late step out of range";
    }
    if (!any_at_arrival) return at + "no step starts at arrival";
  }

  // Dissuasion: one probability per channel and fraud type.
  for (const auto& per_type : s.dissuasion.prob) {
    if (static_cast<int>(per_type.size()) != n_types) return "dissuasion table size";
    for (double p : per_type)
      if (!prob(p)) return "dissuasion probability outside [0,1]";
  }
  if (!prob(s.dissuasion.language_mismatch)) return "language_mismatch outside [0,1]";
  if (s.robot.lines < 0) return "robot.lines < 0";
  if (!dist_ok(s.robot.duration) || !dist_ok(s.sms.delay)) return "robot/sms distribution";

  // Injects: inside the run, in time order, every index in range, the kind's fields valid.
  const engine::Calendar calendar(s.clock.start);
  const engine::SimTime run_end = engine::kTimeZero + s.clock.horizon;
  engine::SimTime previous = engine::kTimeZero;
  for (std::size_t i = 0; i < s.injects.size(); ++i) {
    const auto& in = s.injects[i];
    const std::string at = "inject " + std::to_string(i) + ": ";
    const engine::SimTime t = calendar.to_sim(in.at);
    if (t < engine::kTimeZero || t >= run_end) return at + "at outside the run";
    if (t < previous) return at + "not in time order";
    previous = t;
    const bool windowed = in.kind != InjectKind::alert;
    if (windowed && in.duration.count() <= 0) return at + "duration not > 0";
    switch (in.kind) {
      case InjectKind::surge:
        if (!(std::isfinite(in.multiplier) && in.multiplier > 1.0)) return at + "multiplier <= 1";
        if (in.multiplier > 1000) return at + "multiplier above 1000 (the model refuses it)";
        for (int ft : in.fraud_types)
          if (ft < 0 || ft >= n_types) return at + "surge fraud type out of range";
        break;
      case InjectKind::desk_outage:
      case InjectKind::desk_headcount:
        if (in.desk < 0 || in.desk >= static_cast<int>(s.desks.size()))
          return at + "desk out of range";
        if (in.headcount < 0) return at + "headcount < 0";
        if (in.kind == InjectKind::desk_outage && in.headcount != 0)
          return at + "desk_outage with headcount != 0";
        break;
      case InjectKind::officers_unavailable:
        if (in.unit < 0 || in.unit >= n_units) return at + "unit out of range";
        if (in.count != -1 && in.count < 1) return at + "count neither -1 nor >= 1";
        break;
      case InjectKind::alert: {
        if (in.fraud_type < 0 || in.fraud_type >= n_types) return at + "fraud type out of range";
        if (in.grade < 1 || in.grade > kGrades) return at + "grade out of range";
        if (!std::isfinite(in.amount) || in.amount < 0) return at + "amount not >= 0";
        if (in.unit < 0 || in.unit >= n_units) return at + "unit out of range";
        if (!s.units[static_cast<std::size_t>(in.unit)].children.empty())
          return at + "alert unit is not a leaf";
        if (in.time_to_loss.count() <= 0) return at + "time_to_loss not > 0";
        const auto& langs = s.fraud_types[static_cast<std::size_t>(in.fraud_type)].languages;
        if (langs.empty() ? in.language != 0
                          : (in.language < 0 || in.language >= static_cast<int>(langs.size())))
          return at + "language out of range";
        break;
      }
    }
  }

  // costs: one finite, non-negative rate per desk kind; factors finite and >= 0.
  const auto& c = s.costs;
  if (c.desk_kind_hour.size() != s.desk_kinds.size()) return "costs: not one rate per desk kind";
  for (const double r : c.desk_kind_hour)
    if (!std::isfinite(r) || r < 0) return "costs: a desk kind's rate not >= 0";
  for (const double f : {c.officer_hour, c.night_factor, c.weekend_factor})
    if (!std::isfinite(f) || f < 0) return "costs: a rate or factor not >= 0";
  if ((c.night_from < 0) != (c.night_to < 0) || c.night_from >= 24 * 60 || c.night_to >= 24 * 60)
    return "costs: night hours out of range";

  // training.rubric: limits > 0; push levels below the root (or -1), one row per fraud type.
  const auto& rb = s.training.rubric;
  for (const auto d : rb.first_decision_within)
    if (d.count() <= 0) return "rubric: a first-decision limit not > 0";
  if (rb.escalate_within.count() <= 0) return "rubric: escalate_within not > 0";
  if (!rb.push_level_by_type.empty() && rb.push_level_by_type.size() != s.fraud_types.size())
    return "rubric: push tiers by type not one row per fraud type";
  const auto level_ok = [&](int l) {
    return l == -1 || (l >= 1 && l < static_cast<int>(s.levels.size()));
  };
  for (const int l : rb.push_level)
    if (!level_ok(l)) return "rubric: a push tier not a level below the root";
  for (const auto& row : rb.push_level_by_type)
    for (const int l : row)
      if (!level_ok(l)) return "rubric: a type's push tier not a level below the root";
  return "";
}

}  // namespace hotline::fuzz
