// The model's life-cycle semantics on small hand-built scenarios.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/model/hotline_model.hpp"
#include "recorder.hpp"
#include "scenario_builder.hpp"

using namespace hotline;
using namespace hotline::testing;
using model::Outcome;
using model::TraceKind;
using scenario::StepKind;

namespace {

Recorder run(const scenario::Scenario& s, std::uint64_t seed = 11) {
  return record_run(s, seed);
}

}  // namespace

TEST_CASE("an answered call that persuades closes the alert as dissuaded by phone") {
  auto s = tiny_world(/*operators=*/5, /*rate_per_day=*/12);
  s.rules[0].plan = {call_step("call")};
  const Recorder rec = run(s);
  REQUIRE(rec.alerts.size() > 3);
  for (const auto& a : rec.alerts) {
    if (a.outcome == Outcome::open) continue;  // arrived in the last minutes of the day
    CHECK(a.outcome == Outcome::dissuaded);
    CHECK(a.channel == static_cast<int>(scenario::Channel::phone));
    CHECK(a.loss == 0);
    // Five operators and 12 alerts a day: nobody waits; the person answers as the operator
    // dials, and the 4-minute conversation ends in dissuasion.
    CHECK(a.first_dial == a.arrival);
    CHECK(a.first_contact == a.arrival);
    CHECK(a.closed - a.first_contact == 4 * kMinute);
  }
}

TEST_CASE("the money is lost when the deadline passes before anyone gets through") {
  auto s = tiny_world(1, 12);
  for (auto& d : s.fraud_types[0].time_to_loss) d = Distribution::constant(ms(1 * kMinute));
  s.fraud_types[0].answer_prob = 0;  // the call rings out after 30 s
  s.rules[0].plan = {call_step("call")};
  const Recorder rec = run(s);
  REQUIRE(!rec.alerts.empty());
  for (const auto& a : rec.alerts) {
    CHECK(a.outcome == Outcome::lost);
    CHECK(a.loss_where == model::LossWhere::after_plan);
    CHECK(a.loss == doctest::Approx(a.amount));
    CHECK(a.closed == a.deadline);
    CHECK(a.first_contact == engine::kTimeNever);
  }
}

TEST_CASE("a late call escalates to a visit, and the queued call is withdrawn when it succeeds") {
  auto s = tiny_world(1, 6);
  s.desks[0].shifts[0].headcount = 0;  // nobody ever picks up the queue
  auto call = call_step("call");
  call.sla = 3 * kMinute;
  call.on_late = {1};
  auto visit = step_of("visit", StepKind::visit);
  visit.at_arrival = false;
  s.rules[0].plan = {call, visit};
  const Recorder rec = run(s);
  REQUIRE(!rec.alerts.empty());
  std::size_t visited = 0;
  for (const auto& a : rec.alerts) {
    if (a.outcome != Outcome::dissuaded) continue;
    ++visited;
    CHECK(a.channel == static_cast<int>(scenario::Channel::visit));
    CHECK(a.escalations == 1);
    CHECK(a.sla_steps == 1);
    CHECK(a.sla_met == 0);
  }
  CHECK(visited > 0);
  CHECK(rec.count(TraceKind::sla_late) >= visited);
  CHECK(rec.count(TraceKind::dequeue_expired) == visited);
  CHECK(rec.count(TraceKind::service_start) == 0);
  // The first alert (the officer is free) is reached exactly 3 min + 20 min after arrival.
  const auto& first = rec.alerts.front();
  if (first.outcome == Outcome::dissuaded && first.id == 1)
    CHECK(first.first_contact - first.arrival == 23 * kMinute);
}

TEST_CASE("steps without a trigger start in parallel at arrival") {
  auto s = tiny_world(2, 6);
  s.dissuasion.prob[static_cast<int>(scenario::Channel::sms)] = {0.0};
  s.rules[0].plan = {step_of("sms", StepKind::sms), call_step("call")};
  const Recorder rec = run(s);
  REQUIRE(!rec.alerts.empty());
  // Both steps of alert 1 start at its arrival time.
  std::vector<engine::SimTime> starts;
  for (const auto& r : rec.trace)
    if (r.kind == TraceKind::step_start && r.alert == 1) starts.push_back(r.time);
  REQUIRE(starts.size() == 2);
  CHECK(starts[0] == starts[1]);
  CHECK(rec.count(TraceKind::sms_sent) > 0);
}

TEST_CASE("an engaged line is retried after the interval, then the next step takes over") {
  auto s = tiny_world(3, 4);
  s.fraud_types[0].engaged_prob = 1.0;
  auto call = call_step("call", /*attempts=*/3, /*retry=*/2 * kMinute);
  call.next = {1};
  auto family = call_step("family");
  family.family = true;
  family.at_arrival = false;
  s.fraud_types[0].family_reach_prob = 1.0;
  s.rules[0].plan = {call, family};
  const Recorder rec = run(s);
  REQUIRE(!rec.alerts.empty());
  const auto& a = rec.alerts.front();
  REQUIRE(a.id == 1);
  CHECK(a.outcome == Outcome::dissuaded);
  CHECK(a.channel == static_cast<int>(scenario::Channel::family));
  // 3 attempts of 30 s with 2 min between them, then a 4 min family call.
  CHECK(a.closed - a.arrival == 3 * 30 * kSecond + 2 * 2 * kMinute + 4 * kMinute);
  std::size_t engaged = 0;
  for (const auto& r : rec.trace)
    if (r.kind == TraceKind::call_engaged && r.alert == 1) ++engaged;
  CHECK(engaged == 3);
}

TEST_CASE("a push hops down to the target level and its next step follows") {
  auto s = tiny_world(2, 6);
  auto push = step_of("push", StepKind::push);
  push.next = {1};
  auto visit = step_of("visit", StepKind::visit);
  visit.at_arrival = false;
  s.rules[0].plan = {push, visit};
  const Recorder rec = run(s);
  REQUIRE(!rec.alerts.empty());
  CHECK(rec.count(TraceKind::push_delivered) >= rec.count(TraceKind::visit_on_site));
  const auto& a = rec.alerts.front();
  // The community has no desk: the push is delivered at once, the officer takes 20 min.
  CHECK(a.channel == static_cast<int>(scenario::Channel::visit));
  CHECK(a.first_contact - a.arrival == 20 * kMinute);
}

TEST_CASE("every alert ends in exactly one final state") {
  auto s = tiny_world(1, 400);
  s.fraud_types[0].answer_prob = 0.5;
  s.fraud_types[0].engaged_prob = 0.3;
  s.fraud_types[0].grade_mix = {0.3, 0.3, 0.4};
  s.fraud_types[0].time_to_loss[0] = Distribution::exponential(ms(20 * kMinute));
  s.dissuasion.prob[static_cast<int>(scenario::Channel::phone)] = {0.5};
  auto call = call_step("call", 2);
  call.sla = 5 * kMinute;
  call.on_late = {1};
  call.next = {1};
  auto visit = step_of("visit", StepKind::visit);
  visit.at_arrival = false;
  s.rules[0].plan = {call, visit};
  const Recorder rec = run(s);
  std::size_t arrivals = rec.count(TraceKind::alert_arrival);
  REQUIRE(arrivals > 300);
  CHECK(rec.alerts.size() == arrivals);
  std::vector<std::uint64_t> ids;
  std::size_t d = 0, l = 0, o = 0;
  for (const auto& a : rec.alerts) {
    ids.push_back(a.id);
    d += a.outcome == Outcome::dissuaded;
    l += a.outcome == Outcome::lost;
    o += a.outcome == Outcome::open;
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK(d + l + o == arrivals);
  CHECK(d > 0);
  CHECK(l > 0);
}

TEST_CASE("the same seed gives the same trace; another seed another") {
  auto s = tiny_world(1, 200);
  s.fraud_types[0].answer_prob = 0.6;
  s.rules[0].plan = {call_step("call", 2)};
  const auto a = run(s, 5), b = run(s, 5), c = run(s, 6);
  REQUIRE(a.trace.size() == b.trace.size());
  bool same = true;
  for (std::size_t i = 0; i < a.trace.size(); ++i)
    same = same && a.trace[i].time == b.trace[i].time && a.trace[i].kind == b.trace[i].kind &&
           a.trace[i].alert == b.trace[i].alert;
  CHECK(same);
  CHECK((a.trace.size() != c.trace.size() || a.trace[5].time != c.trace[5].time));
}

TEST_CASE("an operator whose shift ends finishes the call in hand") {
  auto s = tiny_world(1, 100);
  // One operator from 00:00 to 12:00, then nobody: calls in progress at noon still finish.
  s.desks[0].shifts[0].start_minute = 0;
  s.desks[0].shifts[0].end_minute = 12 * 60;
  s.desks[0].handling.call_answered = Distribution::constant(ms(30 * kMinute));
  s.rules[0].plan = {call_step("call")};
  const Recorder rec = run(s);
  bool served_after_noon = false, ended_after_noon = false;
  for (const auto& r : rec.trace) {
    if (r.kind == TraceKind::service_start && r.time >= engine::at_ms(12 * 3600 * 1000))
      served_after_noon = true;
    if (r.kind == TraceKind::service_end && r.time > engine::at_ms(12 * 3600 * 1000))
      ended_after_noon = true;
  }
  CHECK_FALSE(served_after_noon);
  CHECK(ended_after_noon);
}
