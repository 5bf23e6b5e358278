// Each KPI on a small scripted scenario whose figures can be worked out by hand (issue 10):
// alerts arrive only where an inject puts them, every time is a constant, and the expected
// value of each KPI is derived in the comment above its check.
#include <doctest/doctest.h>

#include <algorithm>

#include "../model/scenario_builder.hpp"
#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/model/hotline_model.hpp"
#include "hotline/study/kpi_vector.hpp"

using namespace hotline;
using namespace hotline::testing;
using scenario::Channel;
using scenario::StepKind;

namespace {

metrics::RunResult run(const scenario::Scenario& s) {
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, 11, 0, rules);
  metrics::KpiCollector kpis(s);
  m.add_observer(&kpis);
  REQUIRE(m.finish());
  return kpis.result();
}

// No random arrivals (rate ~0): only the injected alerts.
scenario::Scenario scripted(int operators) {
  auto s = tiny_world(operators, 1e-9);
  s.reporting.reach_within = {10 * kMinute, 10 * kMinute, 10 * kMinute};
  return s;
}

void inject(scenario::Scenario& s, int hour, int minute, engine::Duration ttl, int grade = 1) {
  scenario::InjectSpec in;
  in.at = {2021, 9, 6, hour, minute, 0};
  in.kind = scenario::InjectKind::alert;
  in.fraud_type = 0;
  in.grade = grade;
  in.amount = 1000;
  in.unit = 1;
  in.time_to_loss = ttl;
  s.injects.push_back(in);
}

double kpi(const metrics::RunResult& r, const std::string& name) {
  const auto v = study::flatten_kpis(r);
  for (std::size_t i = 0; i < v.names.size(); ++i)
    if (v.names[i] == name) return v.values[i];
  FAIL("no KPI named " << name);
  return 0;
}

}  // namespace

TEST_CASE("reached within target counts contact within T, and a loss before contact as a miss") {
  auto s = scripted(1);
  s.desks[0].handling.call_answered = Distribution::constant(ms(8 * kMinute));
  s.rules[0].plan = {call_step("call")};
  // 02:00 dialled at once (contact at 0 min): hit. 02:01 waits 7 min behind it (contact at
  // 7 min): hit. 02:02 waits until 18:00 -> 02:18 (16 min): miss. 03:00 has a 2-minute
  // deadline but is answered at once (on the line until 8 min, then dissuaded): hit.
  inject(s, 2, 0, 10 * kHour);
  inject(s, 2, 1, 10 * kHour);
  inject(s, 2, 2, 10 * kHour);
  inject(s, 3, 0, 2 * kMinute);
  // 02:03 with a 1-minute deadline, queued behind the others: lost before contact, a miss.
  inject(s, 2, 3, 1 * kMinute);
  const auto r = run(s);
  const auto& g = r.by_grade[0];
  CHECK(g.alerts == 5);
  CHECK(g.reach_eligible == 5);
  CHECK(g.reached_in_target == 3);
  CHECK(g.reached_share() == doctest::Approx(0.6));
  CHECK(kpi(r, "grade1.reached_within_600s") == doctest::Approx(0.6));
  CHECK(g.lost == 1);
  CHECK(g.lost_in_queue == 1);
}

TEST_CASE("an alert still open and unreached when the run ends counts only if its window closed") {
  auto s = scripted(0);  // nobody ever dials
  s.rules[0].plan = {call_step("call")};
  inject(s, 10, 0, 20 * kHour);   // open at the end, its 10-min window long closed: a miss
  inject(s, 23, 55, 20 * kHour);  // window ends after midnight (the horizon): not counted
  const auto r = run(s);
  CHECK(r.all.open == 2);
  CHECK(r.all.reach_eligible == 1);
  CHECK(r.all.reached_in_target == 0);
}

TEST_CASE("interval service levels place alerts by their arrival time of day") {
  auto s = scripted(0);
  s.rules[0].plan = {step_of("sms", StepKind::sms)};  // dissuades after 5 s: reached
  s.reporting.intervals = {{"night", 1 * 60, 8 * 60}, {"rest", 8 * 60, 1 * 60}};
  inject(s, 2, 0, 10 * kHour);
  inject(s, 9, 0, 10 * kHour);
  inject(s, 9, 30, 10 * kHour);
  const auto r = run(s);
  CHECK(kpi(r, "grade1.reached_within_600s.night") == doctest::Approx(1.0));
  CHECK(kpi(r, "all.reached_within_target.rest") == doctest::Approx(1.0));
  int night_alerts = -1, h09 = -1;
  for (const auto& iv : r.intervals) {
    if (iv.interval == "night" && iv.grade == 1) night_alerts = static_cast<int>(iv.alerts);
    if (iv.interval == "h09" && iv.grade == 0) h09 = static_cast<int>(iv.alerts);
  }
  CHECK(night_alerts == 1);
  CHECK(h09 == 2);
}

TEST_CASE("time to first dial and to first contact are measured apart") {
  auto s = scripted(1);
  s.fraud_types[0].answer_prob = 0;  // first attempt rings out (30 s) ...
  auto call = call_step("call", 1);
  call.next = {1};
  auto family = call_step("family");  // ... then a relative is reached at once
  family.family = true;
  family.at_arrival = false;
  s.fraud_types[0].family_reach_prob = 1.0;
  s.rules[0].plan = {call, family};
  inject(s, 2, 0, 10 * kHour);
  const auto r = run(s);
  CHECK(r.all.dial_mean_s == doctest::Approx(0.0));
  CHECK(r.all.contact_mean_s == doctest::Approx(30.0).epsilon(0.02));
}

TEST_CASE("would-pay splits the warned into saved, lost and not paid; only the saved avoid yuan") {
  auto s = tiny_world(0, 400);  // nobody dials: every SMS-less alert meets its deadline
  s.fraud_types[0].would_pay = {0.5, 0.5, 0.5};
  for (auto& d : s.fraud_types[0].time_to_loss) d = Distribution::constant(ms(30 * kMinute));
  s.dissuasion.prob[static_cast<int>(Channel::sms)] = {0.5};
  s.rules[0].plan = {step_of("sms", StepKind::sms)};
  const auto r = run(s);
  const auto& a = r.all;
  CHECK(a.alerts == a.dissuaded + a.lost + a.not_paid + a.open);
  CHECK(a.saved <= a.dissuaded);
  CHECK(a.would_pay == a.saved + a.lost + (a.open > 0 ? a.would_pay - a.saved - a.lost : 0));
  CHECK(a.avoided_yuan == doctest::Approx(1000.0 * static_cast<double>(a.saved)));
  CHECK(a.lost_yuan == doctest::Approx(1000.0 * static_cast<double>(a.lost)));
  // Every closed alert got its SMS within 5 s (open ones too, unless they arrived in the last
  // 5 s of the day).
  CHECK(a.warned >= a.alerts - a.open);
  CHECK(a.warned <= a.alerts);
  CHECK(a.saved_share() == doctest::Approx(0.5).epsilon(0.25));
  CHECK(a.lost_after_plan == a.lost);  // the SMS step ended: the plan had run out
}

TEST_CASE("desk waits over all arrivals count withdrawn tasks, per grade") {
  auto s = scripted(1);
  s.desks[0].handling.call_answered = Distribution::constant(ms(10 * kMinute));
  s.rules[0].plan = {call_step("call")};
  // Grade 1 at 02:00: served at once (wait 0). Grade 2 at 02:01: waits 9 min. Grade 3 at
  // 02:02 with a 3-min deadline: withdrawn after 3 min in the queue.
  inject(s, 2, 0, 10 * kHour, 1);
  inject(s, 2, 1, 10 * kHour, 2);
  inject(s, 2, 2, 3 * kMinute, 3);
  const auto r = run(s);
  const auto& d = r.desks[0];
  CHECK(d.all_tasks.tasks == 3);
  CHECK(d.all_tasks.waited == 2);
  CHECK(d.all_tasks.p_wait() == doctest::Approx(2.0 / 3.0));
  CHECK(d.all_tasks.mean_wait_all_s() == doctest::Approx((0 + 540 + 180) / 3.0));
  CHECK(d.by_grade[1].p_wait() == 0);
  CHECK(d.by_grade[2].mean_wait_all_s() == doctest::Approx(540.0));
  CHECK(d.by_grade[3].mean_wait_all_s() == doctest::Approx(180.0));
  CHECK(kpi(r, "desk.desk.grade3.p_wait_all") == doctest::Approx(1.0));
  // Over served tasks only (the old figure), the withdrawn one is left out.
  CHECK(d.mean_wait_s == doctest::Approx(270.0));
}

TEST_CASE("an officer pool is measured like a desk: busy officer time over available time") {
  auto s = scripted(0);
  s.rules[0].plan = {step_of("visit", StepKind::visit)};
  // One officer: 20 min out, 10 min talking, 20 min back = 50 busy minutes in a 24 h day.
  inject(s, 2, 0, 10 * kHour);
  const auto r = run(s);
  REQUIRE(r.pools.size() == 2);  // the community's parent (the region), and the robot lines
  const auto& p = r.pools[0];
  CHECK(p.pool == "officers");
  CHECK(p.id == "r:officers");
  CHECK(p.tasks == 1);
  CHECK(p.utilisation == doctest::Approx(50.0 / (24 * 60)));
  CHECK(p.staffed_hours == doctest::Approx(24.0));
  CHECK(r.pools[1].id == "robot");
}

TEST_CASE(
    "after-call work keeps the operator busy after the conversation; the outcome comes first") {
  auto s = scripted(1);
  s.desks[0].handling.after_call = Distribution::constant(ms(2 * kMinute));
  s.rules[0].plan = {call_step("call")};
  inject(s, 2, 0, 10 * kHour);  // dialled at once, talks 4 min, dissuaded at 02:04, free 02:06
  inject(s, 2, 1, 10 * kHour);  // waits for the operator until 02:06: 5 min
  const auto r = run(s);
  const auto& d = r.desks[0];
  CHECK(d.all_tasks.mean_wait_all_s() == doctest::Approx((0 + 300) / 2.0));
  CHECK(r.all.dissuaded == 2);
  // Busy 2 x (4 + 2) = 12 operator-minutes of 24 h.
  CHECK(d.utilisation == doctest::Approx(12.0 / (24 * 60)));
  CHECK(r.all.contact_mean_s == doctest::Approx(150.0));
}

TEST_CASE("inbound callers hang up after their patience, counted as abandoned inbound calls") {
  auto s = tiny_world(0, 1e-9);  // nobody answers the desk
  scenario::InboundSpec in = inbound_calls(48, 3 * kMinute);
  in.patience = Distribution::constant(ms(1 * kMinute));
  s.inbound = {in};
  const auto r = run(s);
  const auto& d = r.desks[0];
  REQUIRE(r.inbound_calls > 20);
  // Every caller that hung up waited exactly a minute; the last may still be waiting.
  CHECK(d.inbound_abandoned >= r.inbound_calls - 1);
  CHECK(d.by_grade[0].mean_wait_all_s() == doctest::Approx(60.0));
  CHECK(kpi(r, "desk.desk.inbound_abandon_share") ==
        doctest::Approx(1.0).epsilon(1.0 / static_cast<double>(r.inbound_calls)));
}

TEST_CASE("answered calls of one grade take their own time at a desk") {
  auto s = scripted(1);
  s.desks[0].handling.call_answered_by = {
      {.grades = {2},
       .fraud_types = {},
       .call_answered = Distribution::constant(ms(10 * kMinute))}};
  s.rules[0].plan = {call_step("call")};
  inject(s, 2, 0, 10 * kHour, 2);  // grade 2: a 10-minute call
  inject(s, 4, 0, 10 * kHour, 1);  // grade 1: the desk's 4 minutes
  const auto r = run(s);
  CHECK(r.desks[0].utilisation == doctest::Approx(14.0 / (24 * 60)));
}

TEST_CASE("staffing per language and calls in language are desk KPIs of a desk with skill sets") {
  // Two operators: one speaks Mandarin, one Tibetan and Mandarin; a call waits 2 min for a
  // speaker. 01:00 a Tibetan alert (the bilingual operator, 4 min); 01:01 another, taken by
  // the Mandarin-only operator at 01:03; 02:00 a Mandarin alert, in language.
  auto s = tiny_world(2, 1e-9);
  s.languages = {{"zh", "普通话"}, {"bo", "藏语"}};
  s.desks[0].skill_sets = {{0}, {0, 1}};
  s.desks[0].language_fallback = 2 * kMinute;
  s.desks[0].shifts[0].staff = {1, 1};
  s.rules[0].plan = {call_step("call")};
  inject_alert(s, 60, 10 * kHour, 1);
  inject_alert(s, 61, 10 * kHour, 1);
  inject_alert(s, 120, 10 * kHour, 0);
  const auto v = study::flatten_kpis(run(s));
  const auto value = [&](const std::string& name) {
    const auto it = std::find(v.names.begin(), v.names.end(), name);
    REQUIRE(it != v.names.end());
    return v.values[static_cast<std::size_t>(it - v.names.begin())];
  };
  CHECK(value("desk.desk.in_language_share") == doctest::Approx(2.0 / 3.0));
  CHECK(value("desk.desk.staffed_hours.zh") == doctest::Approx(48.0));  // both, 24 h
  CHECK(value("desk.desk.staffed_hours.bo") == doctest::Approx(24.0));  // one, 24 h
  // A desk without skill sets has neither KPI.
  const auto plain = study::flatten_kpis(run(tiny_world(2, 24)));
  CHECK(std::none_of(plain.names.begin(), plain.names.end(), [](const std::string& n) {
    return n.find("in_language") != std::string::npos ||
           n.find("staffed_hours") != std::string::npos;
  }));
}

TEST_CASE("a desk-hour's service level is the share of waits that ended within answer_within") {
  // One operator, 4-minute calls: 01:00 an alert served at once, 01:00 a second that waits
  // 4 min, 01:00 a third that waits 8 min (its call starts 01:08, still hour 1): 1 of 3 in
  // 20 s. 02:00 one more, served at once: 1 of 1.
  auto s = tiny_world(1, 1e-9);
  s.rules[0].plan = {call_step("call")};
  for (int k = 0; k < 3; ++k) inject_alert(s, 60, 10 * kHour);
  inject_alert(s, 120, 10 * kHour);
  const metrics::RunResult r = run(s);
  const auto hour = [&](std::int64_t h) {
    const auto it = std::find_if(r.desk_hours.begin(), r.desk_hours.end(),
                                 [&](const metrics::DeskHour& x) { return x.hour == h; });
    REQUIRE(it != r.desk_hours.end());
    return *it;
  };
  CHECK(hour(1).waits_ended == 3);
  CHECK(hour(1).answered_in_time == 1);
  CHECK(hour(1).service_level() == doctest::Approx(1.0 / 3.0));
  CHECK(hour(2).waits_ended == 1);
  CHECK(hour(2).service_level() == doctest::Approx(1.0));
  CHECK(hour(0).waits_ended == 0);
  CHECK(hour(0).service_level() == 0.0);
}
