// The model as a commandable, inspectable simulation: deferred decisions decided by command,
// command-log replay, injects, refused commands, late observers, finishing early.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/engine/time.hpp"
#include "hotline/model/hotline_model.hpp"
#include "hotline/scenario/loader.hpp"

using namespace hotline;
using engine::kMinute;
using engine::SimTime;
using model::TraceKind;

namespace {

// Everything a run tells its observers, as bytes, so two runs compare exactly.
struct Tape : model::Observer {
  std::string bytes;
  std::vector<model::TraceRecord> trace;
  std::vector<model::AlertRecord> alerts;
  void on_trace(const model::TraceRecord& r) override {
    trace.push_back(r);
    bytes.append(reinterpret_cast<const char*>(&r.time), sizeof r.time);
    const std::int64_t f[] = {static_cast<std::int64_t>(r.kind),
                              static_cast<std::int64_t>(r.alert),
                              r.unit,
                              r.desk,
                              r.step,
                              r.value,
                              r.wait_ms};
    bytes.append(reinterpret_cast<const char*>(f), sizeof f);
  }
  void on_alert_closed(const model::AlertRecord& a) override {
    alerts.push_back(a);
    const std::int64_t f[] = {static_cast<std::int64_t>(a.id),
                              a.fraud_type,
                              a.grade,
                              a.unit,
                              a.rule,
                              engine::ticks(a.arrival - engine::kTimeZero),
                              engine::ticks(a.first_contact - engine::kTimeZero),
                              static_cast<std::int64_t>(a.outcome),
                              a.sla_steps,
                              a.sla_met,
                              a.escalations};
    bytes.append(reinterpret_cast<const char*>(f), sizeof f);
    bytes.append(reinterpret_cast<const char*>(&a.amount), sizeof a.amount);
  }
  std::size_t count(TraceKind k) const {
    return static_cast<std::size_t>(
        std::count_if(trace.begin(), trace.end(), [k](const auto& r) { return r.kind == k; }));
  }
};

// What makes an alert the same person: arrival, type, grade, place, money, deadline.
struct Person {
  std::int64_t arrival;
  int type, grade, unit;
  double amount;
  std::int64_t deadline;
  auto operator<=>(const Person&) const = default;
};
std::vector<Person> people(const Tape& t) {
  std::vector<Person> out;
  for (const auto& a : t.alerts)
    out.push_back({engine::ticks(a.arrival - engine::kTimeZero), a.fraud_type, a.grade, a.unit,
                   a.amount, engine::ticks(a.deadline - engine::kTimeZero)});
  std::sort(out.begin(), out.end());
  return out;
}

// Defers every grade-1 alert; the test's driver decides each one by command later.
struct DeferGrade1 : model::Dispatcher {
  explicit DeferGrade1(const scenario::Scenario& s) : standard(s.rules) {}
  dispatch::StandardRules standard;
  std::vector<model::AlertView> deferred;
  model::Decision on_arrival(const model::AlertView& a) override {
    if (a.grade != 1) return standard.on_arrival(a);
    deferred.push_back(a);
    return model::Decision::defer();
  }
};

const scenario::Scenario& tiny() {
  static const scenario::Scenario s = scenario::load_scenario("tiny");
  return s;
}

Tape run_standard(const scenario::Scenario& s) {
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  REQUIRE(m.finish());
  return tape;
}

// Runs with DeferGrade1 and decides each deferred alert `delay` after it arrived, with the
// rule the standard rules would have chosen. Steps of at most `delay`, so no decision is late.
Tape run_deferred(const scenario::Scenario& s, engine::Duration delay,
                  model::CommandLog* log = nullptr) {
  DeferGrade1 d(s);
  model::HotlineModel m(s, s.seed, 0, d);
  Tape tape;
  m.add_observer(&tape);
  std::size_t decided = 0;
  while (m.now() < m.horizon()) {
    SimTime next = m.now() + delay;
    if (decided < d.deferred.size()) next = std::min(next, d.deferred[decided].arrival + delay);
    m.run_until(next);
    while (decided < d.deferred.size() && d.deferred[decided].arrival + delay <= m.now()) {
      const auto& a = d.deferred[decided++];
      const int rule = dispatch::first_matching_rule(s.rules, a);
      const model::Verdict v = m.submit(model::AssignRule{a.id, rule});
      // An alert lost in its first minutes is closed before anyone decides it.
      if (!v.accepted) CHECK(v.reason.find("not open") != std::string::npos);
    }
  }
  REQUIRE(m.finish());
  if (log) *log = m.command_log();
  return tape;
}

}  // namespace

TEST_CASE(
    "a dispatcher that defers grade 1 and decides by command 2 minutes later delays exactly those "
    "plans") {
  const auto& s = tiny();
  const Tape standard = run_standard(s);
  const Tape deferred = run_deferred(s, 2 * kMinute);
  // The same people arrive in both runs: deciding later changes no arrival or attribute.
  CHECK(people(standard) == people(deferred));
  CHECK(standard.bytes != deferred.bytes);

  std::map<std::uint64_t, SimTime> arrival, matched, awaiting;
  for (const auto& r : deferred.trace) {
    if (r.kind == TraceKind::alert_arrival) arrival[r.alert] = r.time;
    if (r.kind == TraceKind::rule_matched) matched[r.alert] = r.time;
    if (r.kind == TraceKind::awaiting_decision) awaiting[r.alert] = r.time;
  }
  REQUIRE(!awaiting.empty());
  int decided = 0;
  for (const auto& a : deferred.alerts) {
    if (a.grade != 1) {
      CHECK(matched.at(a.id) == a.arrival);  // decided at once by the standard rules
      continue;
    }
    CHECK(awaiting.at(a.id) == a.arrival);
    if (matched.count(a.id)) {
      // Its plan starts exactly two minutes after arrival, so nobody is reached before that.
      CHECK(matched.at(a.id) == a.arrival + 2 * kMinute);
      if (a.first_contact != engine::kTimeNever) CHECK(a.first_contact >= a.arrival + 2 * kMinute);
      ++decided;
    } else {
      // Only an alert that closed (lost) within the two minutes goes undecided.
      CHECK(a.outcome == model::Outcome::lost);
      CHECK(a.closed - a.arrival <= 2 * kMinute);
    }
  }
  CHECK(decided > 0);
  // Grade 1 is reached later on average than under the standard rules.
  auto mean_first_contact = [](const Tape& t) {
    double sum = 0;
    int n = 0;
    for (const auto& a : t.alerts)
      if (a.grade == 1 && a.first_contact != engine::kTimeNever) {
        sum += static_cast<double>(engine::ticks(a.first_contact - a.arrival));
        ++n;
      }
    return n ? sum / n : 0.0;
  };
  CHECK(mean_first_contact(deferred) > mean_first_contact(standard) + 60'000.0);
}

TEST_CASE("replaying a command log reproduces the run byte for byte") {
  auto s = tiny();
  model::CommandLog log;
  Tape first = run_deferred(s, 2 * kMinute, &log);
  REQUIRE(log.size() > 10);
  for (std::size_t i = 1; i < log.size(); ++i) CHECK(log[i].sequence == log[i - 1].sequence + 1);

  // The replay's dispatcher defers the same alerts but decides nothing itself: the log does.
  DeferGrade1 d(s);
  model::HotlineModel m(s, s.seed, 0, d);
  Tape second;
  m.add_observer(&second);
  CHECK(model::replay_commands(m, log));
  REQUIRE(m.finish());
  CHECK(second.bytes == first.bytes);
  CHECK(m.command_log().size() == log.size());
}

TEST_CASE("injects submitted as commands replay byte for byte too") {
  const auto& s = tiny();
  auto drive = [&](model::HotlineModel& m) {
    m.run_until(engine::kTimeZero + 6 * engine::kHour);
    CHECK(m.submit(model::Surge{{}, 4.0, 3 * engine::kHour}).accepted);
    CHECK(m.submit(model::DeskHeadcount{0, 0, engine::kHour}).accepted);
    m.run_until(engine::kTimeZero + 20 * engine::kHour);
    CHECK(m.submit(model::OfficersUnavailable{0, -1, 4 * engine::kHour}).accepted);
    CHECK(m.submit(model::InjectAlert{0, 1, 250000, 5, 30 * kMinute, 0}).accepted);
  };
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel a(s, s.seed, 0, rules);
  Tape ta;
  a.add_observer(&ta);
  drive(a);
  REQUIRE(a.finish());
  model::HotlineModel b(s, s.seed, 0, rules);
  Tape tb;
  b.add_observer(&tb);
  CHECK(model::replay_commands(b, a.command_log()));
  REQUIRE(b.finish());
  CHECK(ta.bytes == tb.bytes);
  CHECK(ta.count(TraceKind::command_applied) == 4);
}

TEST_CASE(
    "a desk outage stops that desk's service for its window and leaves the alert stream "
    "unchanged") {
  const auto& s = tiny();
  const Tape base = run_standard(s);
  const SimTime from = engine::kTimeZero + 10 * engine::kHour;
  const SimTime to = from + 2 * engine::kHour;
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  m.run_until(from);
  const int desk = 0;  // the region's 96110 desk
  REQUIRE(m.submit(model::DeskHeadcount{desk, 0, to - from}).accepted);
  m.run_until(from + engine::kHour);
  const model::ModelSnapshot mid = m.snapshot();
  CHECK(mid.desks[desk].staffed == 0);
  CHECK(mid.desks[desk].rostered > 0);
  REQUIRE(m.finish());

  CHECK(people(base) == people(tape));
  CHECK(base.bytes != tape.bytes);
  bool down = false, up = false;
  for (const auto& r : tape.trace) {
    if (r.kind == TraceKind::roster_change && r.desk == desk && r.time == from) down = r.value == 0;
    if (r.kind == TraceKind::roster_change && r.desk == desk && r.time == to) up = r.value > 0;
    // Nobody starts serving at the desk while it is down.
    if (r.kind == TraceKind::service_start && r.desk == desk)
      CHECK((r.time < from || r.time >= to));
  }
  CHECK(down);
  CHECK(up);
}

TEST_CASE("a headcount inject staffs the desk as told for its window, then the roster again") {
  const auto& s = tiny();
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  m.run_until(engine::kTimeZero + 3 * engine::kHour);
  REQUIRE(m.submit(model::DeskHeadcount{0, 7, engine::kHour}).accepted);
  m.run_until(engine::kTimeZero + 3 * engine::kHour + 30 * kMinute);
  CHECK(m.snapshot().desks[0].staffed == 7);
  m.run_until(engine::kTimeZero + 5 * engine::kHour);
  const auto snap = m.snapshot();
  CHECK(snap.desks[0].staffed == snap.desks[0].rostered);
  REQUIRE(m.finish());
}

TEST_CASE(
    "officers made unavailable are not dispatched in their window and the alert stream is "
    "unchanged") {
  const auto& s = tiny();
  const Tape base = run_standard(s);
  REQUIRE(base.count(TraceKind::officer_dispatched) > 0);
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  m.run_until(engine::kTimeZero + engine::Duration{1});
  const SimTime from = m.now();
  const SimTime to = from + engine::kDay;
  REQUIRE(m.submit(model::OfficersUnavailable{0, -1, to - from}).accepted);  // the whole region
  m.run_until(from + engine::kHour);
  for (const auto& o : m.snapshot().officers) CHECK(o.unavailable == o.capacity);
  REQUIRE(m.finish());
  CHECK(people(base) == people(tape));
  int after = 0;
  for (const auto& r : tape.trace)
    if (r.kind == TraceKind::officer_dispatched) {
      CHECK((r.time < from || r.time >= to));
      after += r.time >= to;
    }
  CHECK(after > 0);  // they come back
}

TEST_CASE(
    "a surge adds alerts of its types inside its window only and keeps the scenario's own alerts") {
  const auto& s = tiny();
  const Tape base = run_standard(s);
  const SimTime from = engine::kTimeZero + 8 * engine::kHour;
  const SimTime to = from + 12 * engine::kHour;
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  m.run_until(from);
  REQUIRE(m.submit(model::Surge{{0}, 5.0, to - from}).accepted);
  REQUIRE(m.finish());
  // Every alert of the base run is there, the same person; the extra ones are type 0, inside.
  std::vector<Person> all = people(tape), own = people(base), extra;
  std::set_difference(all.begin(), all.end(), own.begin(), own.end(), std::back_inserter(extra));
  CHECK(all.size() == own.size() + extra.size());
  std::size_t own_in_window = 0;
  for (const auto& p : own)
    own_in_window += p.type == 0 && p.arrival >= engine::ticks(from - engine::kTimeZero) &&
                     p.arrival < engine::ticks(to - engine::kTimeZero);
  for (const auto& p : extra) {
    CHECK(p.type == 0);
    CHECK(p.arrival >= engine::ticks(from - engine::kTimeZero));
    CHECK(p.arrival < engine::ticks(to - engine::kTimeZero));
  }
  // Four times the type's own arrivals in the window, give or take Poisson noise.
  CHECK(extra.size() > 2 * own_in_window);
  CHECK(extra.size() < 8 * own_in_window + 10);
}

TEST_CASE(
    "an injected alert enters with exactly the attributes given and is dispatched like any other") {
  const auto& s = tiny();
  const Tape base = run_standard(s);
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  m.run_until(engine::kTimeZero + 5 * engine::kHour);
  const int leaf = static_cast<int>(s.units.size()) - 1;
  REQUIRE(s.units[leaf].children.empty());
  REQUIRE(m.submit(model::InjectAlert{1, 1, 888888, leaf, 45 * kMinute, 0}).accepted);
  REQUIRE(m.finish());
  std::vector<Person> all = people(tape), own = people(base), extra;
  std::set_difference(all.begin(), all.end(), own.begin(), own.end(), std::back_inserter(extra));
  REQUIRE(extra.size() == 1);
  CHECK(all.size() == own.size() + 1);
  const Person& p = extra[0];
  CHECK(p.arrival == engine::ticks(5 * engine::kHour));
  CHECK(p.type == 1);
  CHECK(p.grade == 1);
  CHECK(p.unit == leaf);
  CHECK(p.amount == 888888);
  CHECK(p.deadline == p.arrival + engine::ticks(45 * kMinute));
}

TEST_CASE("the scenario's injects timeline applies like the same commands submitted at that time") {
  auto s = tiny();
  scenario::InjectSpec in;
  in.at = {2021, 9, 6, 9, 0, 0};
  in.kind = scenario::InjectKind::desk_outage;
  in.desk = 0;
  in.duration = 90 * kMinute;
  s.injects = {in};
  const Tape timeline = run_standard(s);
  s.injects.clear();
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape commanded;
  m.add_observer(&commanded);
  m.run_until(engine::kTimeZero + 9 * engine::kHour);
  REQUIRE(m.submit(model::DeskHeadcount{0, 0, 90 * kMinute}).accepted);
  REQUIRE(m.finish());
  // Same effect; only the applied record's sequence differs (0: from the scenario).
  auto strip = [](Tape t) {
    std::vector<model::TraceRecord> out;
    for (auto r : t.trace) {
      if (r.kind == TraceKind::command_applied) r.value = 0;
      out.push_back(r);
    }
    return out;
  };
  const auto a = strip(timeline), b = strip(commanded);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    REQUIRE((x.time == y.time && x.kind == y.kind && x.alert == y.alert && x.unit == y.unit &&
             x.desk == y.desk && x.step == y.step && x.value == y.value && x.wait_ms == y.wait_ms));
  }
  CHECK(timeline.count(TraceKind::command_applied) == 1);
}

TEST_CASE("refused commands say why and change nothing") {
  const auto& s = tiny();
  const Tape base = run_standard(s);
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Tape tape;
  m.add_observer(&tape);
  m.run_until(engine::kTimeZero + 12 * engine::kHour);
  const std::vector<model::Command> bad = {
      model::AssignRule{999999, 0},                   // never entered
      model::AssignRule{1, 0},                        // closed long ago
      model::AssignStep{1, scenario::StepKind::sms},  // closed
      model::Escalate{424242},
      model::CloseAlert{0},
      model::Surge{{}, 1.0, engine::kHour},  // multiplier must exceed 1
      model::Surge{{}, std::nan(""), engine::kHour},
      model::Surge{{99}, 2.0, engine::kHour},      // unknown fraud type
      model::Surge{{}, 2.0, engine::Duration{0}},  // empty window
      model::DeskHeadcount{-1, 0, engine::kHour},
      model::DeskHeadcount{999, 0, engine::kHour},
      model::DeskHeadcount{0, -3, engine::kHour},
      model::OfficersUnavailable{99999, -1, engine::kHour},
      model::OfficersUnavailable{0, 0, engine::kHour},
      model::InjectAlert{0, 4, 10, 5, kMinute, 0},  // grade 4
      model::InjectAlert{0, 1, -5, 5, kMinute, 0},  // negative amount
      model::InjectAlert{0, 1, std::nan(""), 5, kMinute, 0},
      model::InjectAlert{0, 1, 10, 0, kMinute, 0},  // the root is not a community
      model::InjectAlert{0, 1, 10, 5, engine::Duration{0}, 0},
      model::InjectAlert{0, 1, 10, 5, kMinute, 7},  // no such language
  };
  for (const auto& c : bad) {
    const model::Verdict v = m.submit(c);
    CHECK_MESSAGE(!v.accepted, model::command_name(c));
    CHECK(!v.reason.empty());
    CHECK(v.sequence == 0);
  }
  // Commands about an open alert that do not apply to it.
  const auto snap = m.snapshot();
  for (const auto& a : snap.alerts) {
    CHECK(!m.submit(model::AssignRule{a.view.id, 99}).accepted);
    CHECK(!m.submit(model::AssignStep{a.view.id, scenario::StepKind::call, 999}).accepted);
    model::AssignStep push{a.view.id, scenario::StepKind::push};
    push.unit = 0;  // the root is not a push target
    CHECK(!m.submit(push).accepted);
    model::AssignStep call{a.view.id, scenario::StepKind::call, 0};
    call.attempts = 0;
    CHECK(!m.submit(call).accepted);
  }
  CHECK(m.command_log().empty());
  REQUIRE(m.finish());
  CHECK(tape.bytes == base.bytes);
  CHECK(!m.submit(model::Surge{{}, 2.0, engine::kHour}).accepted);  // the run has ended
}

TEST_CASE("a command on an alert that closes in the same millisecond is refused when it runs") {
  auto s = tiny();
  // Everyone loses the money after exactly one hour.
  for (auto& ft : s.fraud_types)
    for (auto& d : ft.time_to_loss) d = engine::Distribution::constant(3'600'000);
  DeferGrade1 d(s);
  model::HotlineModel m(s, s.seed, 0, d);
  Tape tape;
  m.add_observer(&tape);
  while (d.deferred.empty() && m.now() < m.horizon()) m.run_until(m.now() + 10 * kMinute);
  REQUIRE(!d.deferred.empty());
  // Find a deferred alert still open; its loss is at arrival + 1 h: stop just there.
  const auto a = d.deferred.back();
  m.run_until(a.arrival + engine::kHour);
  const model::Verdict v = m.submit(model::AssignRule{a.id, 0});
  REQUIRE(v.accepted);  // open when submitted; the loss at this millisecond runs first
  m.run_until(a.arrival + engine::kHour + engine::Duration{1});
  CHECK(tape.count(TraceKind::command_refused) == 1);
  REQUIRE(m.finish());
}

TEST_CASE("a late observer's totals equal an early one's from the moment it joined") {
  const auto& s = tiny();
  struct Counter : model::Observer {
    SimTime from = engine::kTimeZero;
    std::map<int, int> kinds;
    int closed = 0;
    bool joined = false;
    model::RunTotals at_join;
    void on_trace(const model::TraceRecord& r) override {
      if (r.time >= from) ++kinds[static_cast<int>(r.kind)];
    }
    void on_alert_closed(const model::AlertRecord& a) override {
      if (a.closed >= from || a.outcome == model::Outcome::open) ++closed;
    }
    void on_join(const model::ModelSnapshot& snap) override {
      joined = true;
      at_join = snap.totals;
    }
  };
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Counter early, late;
  const SimTime join = engine::kTimeZero + 17 * engine::kHour + engine::Duration{3};
  early.from = join;
  m.add_observer(&early);
  m.run_until(join);
  m.add_observer(&late);
  CHECK(late.joined);
  CHECK(!early.joined);
  CHECK(late.at_join.entered > 0);
  REQUIRE(m.finish());
  CHECK(late.kinds == early.kinds);
  CHECK(late.closed == early.closed);
  CHECK(!late.kinds.empty());
}

TEST_CASE("finish_now ends the run early with every alert accounted for") {
  const auto& s = tiny();
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  struct End : model::Observer {
    SimTime end = engine::kTimeNever;
    std::uint64_t open = 0, closed = 0;
    void on_alert_closed(const model::AlertRecord& a) override {
      ++closed;
      open += a.outcome == model::Outcome::open;
    }
    void on_run_end(SimTime t) override { end = t; }
  } end;
  m.add_observer(&end);
  const SimTime stop = engine::kTimeZero + 13 * engine::kHour;
  m.run_until(stop);
  const model::ModelSnapshot snap = m.snapshot();
  CHECK(m.finish_now());
  CHECK(m.finished());
  CHECK(end.end == stop);
  CHECK(end.closed == snap.totals.entered);
  CHECK(end.open == snap.totals.open);
  CHECK(snap.totals.entered == snap.totals.dissuaded + snap.totals.lost + snap.totals.open);
  const auto events = m.events_processed();
  m.run_until(m.horizon());  // nothing runs after the end
  CHECK(m.events_processed() == events);
  CHECK(m.finish());  // idempotent
}

TEST_CASE("a snapshot shows open alerts without their time to loss, and every desk") {
  const auto& s = tiny();
  DeferGrade1 d(s);
  model::HotlineModel m(s, s.seed, 0, d);
  // On to a moment when some grade-1 alert awaits its decision.
  while (m.snapshot().totals.awaiting == 0 && m.now() < m.horizon())
    m.run_until(m.now() + 10 * kMinute);
  const model::ModelSnapshot snap = m.snapshot();
  CHECK(snap.time == m.now());
  CHECK(snap.desks.size() == s.desks.size());
  CHECK(snap.alerts.size() == snap.totals.open);
  std::uint64_t awaiting = 0;
  for (std::size_t i = 0; i < snap.alerts.size(); ++i) {
    if (i) CHECK(snap.alerts[i - 1].view.id < snap.alerts[i].view.id);
    awaiting += snap.alerts[i].state == model::AlertState::awaiting_decision;
    if (snap.alerts[i].state == model::AlertState::awaiting_decision)
      CHECK(snap.alerts[i].view.grade == 1);
  }
  CHECK(awaiting == snap.totals.awaiting);
  CHECK(awaiting > 0);
  // A decision by command takes the alert out of the awaiting state.
  const auto id = std::find_if(snap.alerts.begin(), snap.alerts.end(), [](const auto& a) {
                    return a.state == model::AlertState::awaiting_decision;
                  })->view.id;
  model::AssignStep call{id, scenario::StepKind::call, 0};
  REQUIRE(m.submit(call).accepted);
  m.run_until(m.now() + engine::Duration{1});
  const auto after = m.snapshot();
  const auto it = std::find_if(after.alerts.begin(), after.alerts.end(),
                               [&](const auto& a) { return a.view.id == id; });
  REQUIRE(it != after.alerts.end());
  CHECK(it->state == model::AlertState::in_plan);
  REQUIRE(m.finish());
}

TEST_CASE("a scenario file's injects timeline runs: each inject applies at its time") {
  const auto s = scenario::load_scenario(std::string(HOTLINE_SOURCE_DIR) +
                                         "/tests/model/data/tiny_injects.yaml");
  REQUIRE(s.injects.size() == 5);
  const Tape tape = run_standard(s);
  std::vector<std::int64_t> applied;
  for (const auto& r : tape.trace)
    if (r.kind == TraceKind::command_applied)
      applied.push_back(engine::ticks(r.time - engine::kTimeZero));
  const std::int64_t h = 3'600'000;
  CHECK(applied == std::vector<std::int64_t>{14 * h, 15 * h, 15 * h, 16 * h + h / 2, 18 * h});
  // The injected alert is there, with its attributes, and the 96110 desk went down at 15:00.
  const auto it = std::find_if(tape.alerts.begin(), tape.alerts.end(),
                               [](const auto& a) { return a.amount == 500000.0; });
  REQUIRE(it != tape.alerts.end());
  CHECK(it->arrival == engine::kTimeZero + 18 * engine::kHour);
  CHECK(it->deadline - it->arrival == 40 * kMinute);
  bool down = false;
  for (const auto& r : tape.trace)
    down |= r.kind == TraceKind::roster_change && r.desk == 0 &&
            r.time == engine::kTimeZero + 15 * engine::kHour && r.value == 0;
  CHECK(down);
  CHECK(tape.alerts.size() > run_standard(tiny()).alerts.size());
}
