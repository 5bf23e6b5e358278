// When the person is reached, when they can still be lost, and how SLA steps and would-pay
// are judged (issue 10): each rule on a small hand-built scenario whose times are exact.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/model/hotline_model.hpp"
#include "recorder.hpp"
#include "scenario_builder.hpp"

using namespace hotline;
using namespace hotline::testing;
using model::LossWhere;
using model::Outcome;
using model::TraceKind;
using scenario::Channel;
using scenario::StepKind;

namespace {

Recorder run(const scenario::Scenario& s, std::uint64_t seed = 11) {
  return record_run(s, seed);
}

void set_prob(scenario::Scenario& s, Channel ch, double p) {
  s.dissuasion.prob[static_cast<int>(ch)] = {p};
}

// A world with no random arrivals: only the scripted alerts of `injects` arrive.
scenario::Scenario scripted_world(int operators) {
  auto s = tiny_world(operators, 1e-9);
  return s;
}

}  // namespace

TEST_CASE("a person on the line with an operator is not lost during the call") {
  auto s = scripted_world(1);
  inject_alert(s, 60, 1 * kMinute);  // deadline 1 min into a 4-min conversation
  s.rules[0].plan = {call_step("call")};
  SUBCASE("dissuaded at the end of the conversation, after the deadline") {
    const Recorder rec = run(s);
    const auto& a = rec.alert(1);
    CHECK(a.outcome == Outcome::dissuaded);
    CHECK(a.first_contact == a.arrival);
    CHECK(a.closed - a.arrival == 4 * kMinute);
    CHECK(rec.count(TraceKind::loss_deferred) == 1);
  }
  SUBCASE("not dissuaded: lost when the conversation ends, not at the deadline") {
    set_prob(s, Channel::phone, 0.0);
    const Recorder rec = run(s);
    const auto& a = rec.alert(1);
    CHECK(a.outcome == Outcome::lost);
    CHECK(a.closed - a.arrival == 4 * kMinute);
    CHECK(a.loss_where == LossWhere::step);
  }
}

TEST_CASE("a relative on the line does not hold off the person's loss") {
  auto s = scripted_world(1);
  inject_alert(s, 60, 1 * kMinute);
  auto family = call_step("family");
  family.family = true;
  s.fraud_types[0].family_reach_prob = 1.0;
  s.rules[0].plan = {family};
  const Recorder rec = run(s);
  const auto& a = rec.alert(1);
  CHECK(a.first_contact == a.arrival);  // the relative answered
  CHECK(a.outcome == Outcome::lost);
  CHECK(a.closed == a.deadline);
  CHECK(rec.count(TraceKind::loss_deferred) == 0);
}

TEST_CASE("a visit reaches the person when the officer finds them; the outcome comes at its end") {
  auto s = scripted_world(1);
  inject_alert(s, 60, 25 * kMinute);  // the officer arrives at 20 min, talks 10 min
  s.rules[0].plan = {step_of("visit", StepKind::visit)};
  SUBCASE("dissuaded") {
    const Recorder rec = run(s);
    const auto& a = rec.alert(1);
    CHECK(a.first_contact - a.arrival == 20 * kMinute);
    CHECK(a.outcome == Outcome::dissuaded);
    CHECK(a.channel == static_cast<int>(Channel::visit));
    CHECK(a.closed - a.arrival == 30 * kMinute);
  }
  SUBCASE("not dissuaded: lost at the end of the visit, 5 min after the deadline") {
    set_prob(s, Channel::visit, 0.0);
    const Recorder rec = run(s);
    const auto& a = rec.alert(1);
    CHECK(a.outcome == Outcome::lost);
    CHECK(a.closed - a.arrival == 30 * kMinute);
  }
  SUBCASE("the officer is free again after the way back") {
    const Recorder rec = run(s);
    auto it = std::find_if(rec.trace.begin(), rec.trace.end(),
                           [](const auto& r) { return r.kind == TraceKind::officer_free; });
    REQUIRE(it != rec.trace.end());
    CHECK(it->time - rec.alert(1).arrival == 50 * kMinute);
  }
}

TEST_CASE("a call blocked by a full queue meets its SLA when a retry dials within it") {
  auto s = scripted_world(1);
  // Nobody on duty for the first minute, and no waiting places: the first attempt (00:00:00)
  // and the second (00:00:30) are blocked; the third (00:01:00) is dialled by the operator
  // who just came on duty, well inside the 3-minute target.
  s.desks[0].queue_limit = 0;
  auto& shifts = s.desks[0].shifts;
  shifts[0].start_minute = 1;
  shifts[0].end_minute = 0;
  scenario::ShiftSpec gap = shifts[0];
  gap.name = "gap";
  gap.start_minute = 0;
  gap.end_minute = 1;
  gap.headcount = 0;
  shifts.push_back(gap);
  inject_alert(s, 0, 10 * kHour);
  auto call = call_step("call", /*attempts=*/3, /*retry=*/30 * kSecond);
  call.sla = 3 * kMinute;
  call.on_late = {1};
  auto visit = step_of("visit", StepKind::visit);
  visit.at_arrival = false;
  s.rules[0].plan = {call, visit};
  const Recorder rec = run(s);
  const auto& a = rec.alert(1);
  CHECK(rec.count(TraceKind::blocked) == 2);
  CHECK(a.first_dial - a.arrival == 1 * kMinute);
  CHECK(a.sla_steps == 1);
  CHECK(a.sla_met == 1);
  CHECK(a.escalations == 0);
  CHECK(rec.count(TraceKind::officer_dispatched) == 0);
}

TEST_CASE("an alert lost before its call is dialled counts as an SLA miss") {
  auto s = scripted_world(0);  // nobody ever dials
  inject_alert(s, 60, 2 * kMinute);
  auto call = call_step("call");
  call.sla = 5 * kMinute;  // the deadline comes first
  s.rules[0].plan = {call};
  const Recorder rec = run(s);
  const auto& a = rec.alert(1);
  CHECK(a.outcome == Outcome::lost);
  CHECK(a.loss_where == LossWhere::queue);
  CHECK(a.sla_steps == 1);
  CHECK(a.sla_met == 0);
}

TEST_CASE("a step cut short by a dissuasion elsewhere is not judged") {
  auto s = scripted_world(0);
  inject_alert(s, 60, 10 * kHour);
  auto call = call_step("call");
  call.sla = 5 * kMinute;
  s.rules[0].plan = {step_of("sms", StepKind::sms), call};  // the SMS dissuades after 5 s
  const Recorder rec = run(s);
  const auto& a = rec.alert(1);
  CHECK(a.outcome == Outcome::dissuaded);
  CHECK(a.channel == static_cast<int>(Channel::sms));
  CHECK(a.sla_steps == 0);
  CHECK(a.warned);
}

TEST_CASE("people who would not have paid are never lost, and dissuading them avoids nothing") {
  auto s = tiny_world(0, 200);  // nobody answers the queue: every deadline passes
  s.fraud_types[0].would_pay = {0.25, 0.25, 0.25};
  for (auto& d : s.fraud_types[0].time_to_loss) d = Distribution::constant(ms(10 * kMinute));
  s.rules[0].plan = {call_step("call")};
  const Recorder rec = run(s);
  std::size_t lost = 0, not_paid = 0;
  for (const auto& a : rec.alerts) {
    if (a.outcome == Outcome::open) continue;
    if (a.would_pay) {
      CHECK(a.outcome == Outcome::lost);
      ++lost;
    } else {
      CHECK(a.outcome == Outcome::not_paid);
      CHECK(a.loss == 0);
      ++not_paid;
    }
  }
  REQUIRE(lost + not_paid > 150);
  // About a quarter would have paid (binomial, n ~ 200: 4 sd is about 0.12).
  CHECK(static_cast<double>(lost) / static_cast<double>(lost + not_paid) ==
        doctest::Approx(0.25).epsilon(0.5));
  CHECK(rec.count(TraceKind::not_paid) == not_paid);
}

TEST_CASE("would_pay of 1 draws nothing: the run is the same as without it") {
  auto s = tiny_world(1, 200);
  s.fraud_types[0].answer_prob = 0.6;
  s.rules[0].plan = {call_step("call", 2)};
  const Recorder a = run(s);
  s.fraud_types[0].would_pay = {1.0, 1.0, 1.0};
  const Recorder b = run(s);
  REQUIRE(a.trace.size() == b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) CHECK(a.trace[i].time == b.trace[i].time);
}

TEST_CASE("a loss is placed where the alert was: queue, plan step, or after the plan") {
  auto s = scripted_world(1);
  s.fraud_types[0].answer_prob = 0;  // every attempt rings out after 30 s
  s.rules[0].plan = {call_step("call", /*attempts=*/2, /*retry=*/10 * kMinute)};
  SUBCASE("waiting for a retry: in the plan step") {
    inject_alert(s, 60, 5 * kMinute);
    CHECK(run(s).alert(1).loss_where == LossWhere::step);
  }
  SUBCASE("both attempts made: after the plan ran out") {
    inject_alert(s, 60, 20 * kMinute);
    CHECK(run(s).alert(1).loss_where == LossWhere::after_plan);
  }
}

TEST_CASE("an officer on the road turns back when the alert closes, free after the way back") {
  auto s = scripted_world(0);
  inject_alert(s, 60, 10 * kHour);
  // The SMS (5 s) dissuades while the officer (20 min away) is on the road.
  s.rules[0].plan = {step_of("sms", StepKind::sms), step_of("visit", StepKind::visit)};
  const Recorder rec = run(s);
  const auto& a = rec.alert(1);
  CHECK(a.channel == static_cast<int>(Channel::sms));
  CHECK(rec.count(TraceKind::officer_recalled) == 1);
  CHECK(rec.count(TraceKind::visit_on_site) == 0);
  auto it = std::find_if(rec.trace.begin(), rec.trace.end(),
                         [](const auto& r) { return r.kind == TraceKind::officer_free; });
  REQUIRE(it != rec.trace.end());
  CHECK(it->time - a.arrival == 10 * kSecond);  // 5 s out, 5 s back
}

TEST_CASE(
    "dissuasion factors: piecewise linear in the delay, and by the attempt that got through") {
  scenario::DissuasionSpec d;
  CHECK(d.factor(engine::Duration{0}, 1) == 1.0);  // nothing declared: unchanged
  d.by_delay = {{10 * kMinute, 1.0}, {30 * kMinute, 0.5}, {2 * kHour, 0.2}};
  CHECK(d.factor(5 * kMinute, 1) == doctest::Approx(1.0));
  CHECK(d.factor(20 * kMinute, 1) == doctest::Approx(0.75));
  CHECK(d.factor(30 * kMinute, 1) == doctest::Approx(0.5));
  CHECK(d.factor(75 * kMinute, 1) == doctest::Approx(0.35));
  CHECK(d.factor(10 * kHour, 1) == doctest::Approx(0.2));
  d.by_delay.clear();
  d.by_attempt = {1.0, 0.5};
  CHECK(d.factor(engine::Duration{0}, 1) == 1.0);
  CHECK(d.factor(engine::Duration{0}, 2) == 0.5);
  CHECK(d.factor(engine::Duration{0}, 5) == 0.5);  // the last value repeats
}

TEST_CASE("a conversation whose factor is 0 cannot dissuade, one whose factor is 1 always does") {
  auto s = scripted_world(1);
  inject_alert(s, 60, 10 * kHour);
  s.rules[0].plan = {call_step("call")};  // answered at once; phone success 1 in this world
  s.dissuasion.by_attempt = {0.0};
  CHECK(run(s).alert(1).outcome != Outcome::dissuaded);
  s.dissuasion.by_attempt = {1.0};
  CHECK(run(s).alert(1).outcome == Outcome::dissuaded);
  s.dissuasion.by_attempt.clear();
  s.dissuasion.by_delay = {{3 * kMinute, 1.0}, {4 * kMinute, 0.0}};  // the talk ends at 4 min
  CHECK(run(s).alert(1).outcome != Outcome::dissuaded);
}

TEST_CASE("a visit asked for at night waits for the officers' morning when none is on call") {
  auto s = scripted_world(0);
  s.units[1].officers.night_from = 0;  // 00:00-06:00: nobody on call
  s.units[1].officers.night_to = 6 * 60;
  s.units[1].officers.night_availability = 0;
  inject_alert(s, 2 * 60, 10 * kHour);  // 02:00
  inject_alert(s, 7 * 60, 10 * kHour);  // 07:00: the officer is free by day
  s.rules[0].plan = {step_of("visit", StepKind::visit)};
  const Recorder rec = run(s);
  std::vector<engine::SimTime> dispatched;
  for (const auto& r : rec.trace)
    if (r.kind == TraceKind::officer_dispatched) dispatched.push_back(r.time);
  REQUIRE(dispatched.size() == 2);
  CHECK(dispatched[0] == engine::at_ms(6 * 3'600'000));
  CHECK(dispatched[1] == engine::at_ms(7 * 3'600'000));
  CHECK(rec.alert(1).first_contact - rec.alert(1).arrival == 4 * kHour + 20 * kMinute);
}

TEST_CASE(
    "an officer from the next community covers a visit that waited long enough, a longer way") {
  auto s = scripted_world(0);
  // A second community under the same parent, with its own officer.
  scenario::UnitSpec next = s.units[1];
  next.id = "c2";
  s.units.push_back(next);
  s.units[0].children = {1, 2};
  s.units[0].subtree_size = 3;
  s.units[1].officers.cover_after = 5 * kMinute;
  s.units[1].officers.cover_travel_factor = 1.5;
  inject_alert(s, 60, 10 * kHour);  // 01:00: the community's own officer goes (50 min busy)
  inject_alert(s, 61, 10 * kHour);  // 01:01: waits; at 01:06 the officer of c2 comes, 30 min
  s.rules[0].plan = {step_of("visit", StepKind::visit)};
  const Recorder rec = run(s);
  CHECK(rec.count(TraceKind::officer_cover) == 1);
  const auto& second = rec.alert(2);
  CHECK(second.first_contact - second.arrival == 5 * kMinute + 30 * kMinute);
  auto it = std::find_if(rec.trace.begin(), rec.trace.end(), [](const auto& r) {
    return r.kind == TraceKind::officer_dispatched && r.alert == 2;
  });
  REQUIRE(it != rec.trace.end());
  CHECK(it->unit == 2);
}

TEST_CASE("a surge marked inbound multiplies inbound calls as well as alerts") {
  auto s = scripted_world(1);
  s.clock.horizon = 20 * engine::kDay;
  scenario::InboundSpec in = inbound_calls(48, 1 * kMinute);
  s.inbound = {in};
  scenario::SurgeSpec sg;
  sg.name = "festival";
  sg.start = {2021, 9, 6, 0, 0, 0};
  sg.end = {2021, 9, 16, 0, 0, 0};  // the first 10 of 20 days
  sg.multiplier = 3;
  s.surges = {sg};
  const auto ratio = [&](bool inbound) {
    s.surges[0].inbound = inbound;
    const Recorder rec = run(s);
    double first = 0, second = 0;
    for (const auto& r : rec.trace)
      if (r.kind == TraceKind::inbound_arrival)
        (r.time < engine::at_ms(10 * 24 * 3'600'000LL) ? first : second) += 1;
    REQUIRE(second > 300);
    return first / second;
  };
  // About 1,440 against 480 calls: the ratio's sd is about 0.16.
  CHECK(ratio(true) == doctest::Approx(3.0).epsilon(0.25));
  CHECK(ratio(false) == doctest::Approx(1.0).epsilon(0.15));
}
