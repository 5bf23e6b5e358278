// Builds small scenarios in code, so model tests do not depend on the YAML loader: one region
// with one community, one 24/7 desk, one fraud type and one rule whose plan the test sets.
#pragma once

#include <utility>

#include "hotline/spec/scenario.hpp"

namespace hotline::testing {

using engine::Distribution;
using engine::kHour;
using engine::kMinute;
using engine::kSecond;

inline double ms(engine::Duration d) {
  return static_cast<double>(d.count());
}

inline scenario::Scenario tiny_world(int operators = 1, double rate_per_day = 24) {
  scenario::Scenario s;
  s.name = "built";
  s.seed = 11;
  s.clock.start = {2021, 9, 6, 0, 0, 0};
  s.clock.horizon = engine::kDay;
  s.levels = {"region", "community"};
  scenario::UnitSpec root;
  root.id = "r";
  root.name = "Region";
  root.subtree_size = 2;
  root.children = {1};
  scenario::UnitSpec leaf;
  leaf.id = "c";
  leaf.name = "Community";
  leaf.level = 1;
  leaf.parent = 0;
  leaf.officers.count = 1;
  leaf.officers.travel_time = Distribution::constant(ms(20 * kMinute));
  leaf.officers.visit_duration = Distribution::constant(ms(10 * kMinute));
  leaf.officers.find_prob = 1.0;
  s.units = {root, leaf};
  scenario::DeskSpec desk;
  desk.id = "desk";
  desk.kind = "desk";
  desk.unit = 0;
  desk.languages = {"zh"};
  desk.handling.call_answered = Distribution::constant(ms(4 * kMinute));
  desk.handling.call_unanswered = Distribution::constant(ms(30 * kSecond));
  desk.handling.push = Distribution::constant(ms(2 * kMinute));
  scenario::ShiftSpec all_day;
  all_day.name = "all";
  all_day.days.fill(true);
  all_day.start_minute = 0;
  all_day.end_minute = 0;
  all_day.headcount = operators;
  desk.shifts = {all_day};
  s.desk_kinds = {"desk"};
  s.desks = {desk};
  scenario::FraudTypeSpec ft;
  ft.id = "loan";
  ft.name = "Loan";
  ft.rate_per_day = rate_per_day;
  ft.hour_profile.fill(1.0);
  ft.weekday_profile.fill(1.0);
  ft.grade_mix = {1.0, 0.0, 0.0};
  ft.amount = Distribution::constant(1000);
  for (auto& d : ft.time_to_loss) d = Distribution::constant(ms(10 * kHour));
  ft.answer_prob = 1.0;
  ft.engaged_prob = 0.0;
  ft.languages = {"zh"};
  ft.language_weights = {1.0};
  s.fraud_types = {ft};
  s.languages = {{"zh", "zh"}};
  for (auto& p : s.dissuasion.prob) p = {1.0};
  s.robot.lines = 1;
  s.robot.duration = Distribution::constant(ms(30 * kSecond));
  s.sms.delay = Distribution::constant(ms(5 * kSecond));
  scenario::RuleSpec rule;
  rule.name = "all";
  s.rules = {rule};
  return s;
}

// A scripted grade-1 alert of 1,000 yuan at `minute` after the start of tiny_world's first
// day, in the community (unit 1), with the given hidden time to loss and language (an index
// into Scenario::languages).
inline void inject_alert(scenario::Scenario& s, int minute, engine::Duration time_to_loss,
                         int language = 0) {
  scenario::InjectSpec in;
  in.at = {2021, 9, 6, minute / 60, minute % 60, 0};
  in.kind = scenario::InjectKind::alert;
  in.fraud_type = 0;
  in.grade = 1;
  in.amount = 1000;
  in.unit = 1;
  in.time_to_loss = time_to_loss;
  in.language = language;
  s.injects.push_back(in);
}

inline scenario::StepSpec call_step(std::string id, int attempts = 1,
                                    engine::Duration retry = engine::kMinute) {
  scenario::StepSpec st;
  st.id = std::move(id);
  st.kind = scenario::StepKind::call;
  st.desk_kind = 0;
  st.attempts = attempts;
  st.retry_interval = retry;
  return st;
}

inline scenario::StepSpec step_of(std::string id, scenario::StepKind kind) {
  scenario::StepSpec st;
  st.id = std::move(id);
  st.kind = kind;
  if (kind == scenario::StepKind::push) st.to_level = 1;
  return st;
}

// Inbound calls at the world's desk: a flat profile, constant handling time.
inline scenario::InboundSpec inbound_calls(double rate_per_day, engine::Duration handling) {
  scenario::InboundSpec in;
  in.id = "consult";
  in.desk_kind = 0;
  in.rate_per_day = rate_per_day;
  in.hour_profile.fill(1.0);
  in.weekday_profile.fill(1.0);
  in.handling = Distribution::constant(ms(handling));
  return in;
}

}  // namespace hotline::testing
