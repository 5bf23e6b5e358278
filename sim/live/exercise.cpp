#include "hotline/live/exercise.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hotline/live/exercise_outputs.hpp"

namespace hotline::live {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

std::string_view to_string(ExerciseState s) {
  switch (s) {
    case ExerciseState::created:
      return "created";
    case ExerciseState::running:
      return "running";
    case ExerciseState::paused:
      return "paused";
    case ExerciseState::ended:
      return "ended";
  }
  return "?";
}

struct Exercise::Open {
  model::AlertView view;
  int desk = -1;  // deferred to this desk; -1: decided by the standard rules
  bool awaiting = false;
  bool contacted = false;  // its first contact has been counted
  bool in_time = false;    // ... and it came within the grade's reach_within target
};

// Collects, inside the event loop, what the clients are told after the slice. The vectors
// keep their capacity between slices, so the loop does not allocate once warm.
class Exercise::Recorder : public model::Observer {
 public:
  Recorder() {
    traces.reserve(8192);
    closed.reserve(4096);
  }
  model::TraceMask trace_kinds() const override {
    using K = model::TraceKind;
    model::TraceMask m = 0;
    for (K k : {K::awaiting_decision, K::rule_matched, K::contact, K::sla_late, K::command_applied,
                K::command_refused})
      m |= model::trace_bit(k);
    return m;
  }
  void on_trace(const model::TraceRecord& r) override { traces.push_back(r); }
  void on_alert_closed(const model::AlertRecord& r) override {
    // Only what everyone may see: the hidden deadline and would-pay stay here.
    closed.push_back({r.id, r.outcome, r.closed, r.channel});
  }
  struct Closed {
    std::uint64_t id;
    model::Outcome outcome;
    engine::SimTime time;
    int channel;
  };
  std::vector<model::TraceRecord> traces;
  std::vector<Closed> closed;
};

struct Exercise::OutputsHolder {
  OutputsHolder(const scenario::Scenario& s, const std::string& dir) : outputs(s, dir) {}
  ExerciseOutputs outputs;
};

// What handle() answers the sender.
struct Exercise::Reply {
  json id;  // the client's message id, echoed
  std::vector<std::string> texts;
  void add(ordered j) {
    if (!id.is_null()) j["id"] = id;
    texts.push_back(j.dump());
  }
  void error(std::string_view code, const std::string& message) {
    add({{"v", kProtocolVersion}, {"type", "error"}, {"code", code}, {"message", message}});
  }
};

namespace {

// A refusal the client can act on: the code and a message saying what to send instead.
struct Refusal {
  std::string code;
  std::string message;
};

// The run's totals as the snapshot and the kpis message carry them (the trainer's only).
ordered totals_json(const model::RunTotals& t) {
  return {{"entered", t.entered},
          {"dissuaded", t.dissuaded},
          {"lost", t.lost},
          {"not_paid", t.not_paid},
          {"open", t.open},
          {"awaiting", t.awaiting},
          {"amount_lost", t.amount_lost},
          {"amount_protected", t.amount_protected},
          {"commands", t.commands}};
}

ordered msg(std::string_view type, engine::SimTime t) {
  return {{"v", kProtocolVersion}, {"type", type}, {"time_ms", engine::ticks(t)}};
}

std::string civil(const scenario::Scenario& s, engine::SimTime t) {
  const engine::CivilTime c = engine::Calendar(s.clock.start).to_civil(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour,
                     c.minute, c.second);
}

template <class Items>
int find_id(const Items& items, const std::string& id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<int>(i);
  return -1;
}

int find_rule(const scenario::Scenario& s, const json& v) {
  if (v.is_number_integer()) {
    const int r = v.get<int>();
    return r >= 0 && r < static_cast<int>(s.rules.size()) ? r : -1;
  }
  if (!v.is_string()) return -1;
  for (std::size_t i = 0; i < s.rules.size(); ++i)
    if (s.rules[i].name == v.get<std::string>()) return static_cast<int>(i);
  return -1;
}

const std::string& str(const json& m, const char* key) {
  static const std::string empty;
  const auto it = m.find(key);
  return it != m.end() && it->is_string() ? it->get_ref<const std::string&>() : empty;
}

double num(const json& m, const char* key, double fallback) {
  const auto it = m.find(key);
  return it != m.end() && it->is_number() ? it->get<double>() : fallback;
}

// An integer field within [lo, hi]; refused (not cast) when out of range or fractional.
int integer(const json& m, const char* key, int fallback, int lo, int hi) {
  const double v = num(m, key, fallback);
  if (!(v >= lo && v <= hi) || v != std::floor(v))
    throw Refusal{"bad_field", fmt::format("\"{}\" must be an integer from {} to {}", key, lo, hi)};
  return static_cast<int>(v);
}

engine::Duration seconds(const json& m, const char* key, double fallback) {
  const double s = num(m, key, fallback);
  if (!(s >= 0 && s <= 366.0 * 86400))
    throw Refusal{"bad_field", fmt::format("\"{}\" must be 0 to 31,622,400 seconds", key)};
  return engine::duration_from_ms(s * 1000.0);
}

// The officers of every community that has some: on duty, taken away by an inject, on a
// visit, visits waiting (the same for everybody: nothing about any alert).
ordered officers_json(const scenario::Scenario& s, const model::ModelSnapshot& snap) {
  ordered out = ordered::array();
  for (const auto& o : snap.officers)
    out.push_back({{"unit", s.units[static_cast<std::size_t>(o.unit)].id},
                   {"capacity", o.capacity},
                   {"unavailable", o.unavailable},
                   {"busy", o.busy},
                   {"queued", o.queued}});
  return out;
}

ordered desk_load_json(const scenario::Scenario& s, const model::DeskSnapshot& d) {
  return {{"id", s.desks[static_cast<std::size_t>(d.desk)].id},
          {"queued", d.queued},
          {"staffed", d.staffed},
          {"rostered", d.rostered},
          {"busy", d.busy}};
}

// The alert a decision is about (0: an inject, about none).
std::uint64_t alert_of(const model::Command& c) {
  return std::visit(
      [](const auto& x) -> std::uint64_t {
        if constexpr (requires { x.alert; })
          return x.alert;
        else
          return 0;
      },
      c);
}

// The protocol's `decide` action a command stands for (the trainer's decision log).
const char* action_of(const model::Command& c) {
  if (const auto* s = std::get_if<model::AssignStep>(&c)) {
    switch (s->kind) {
      case scenario::StepKind::sms:
        return "sms";
      case scenario::StepKind::robot_call:
        return "robot_call";
      case scenario::StepKind::call:
        return "call";
      case scenario::StepKind::push:
        return "push";
      case scenario::StepKind::visit:
        return "visit";
    }
  }
  if (std::holds_alternative<model::AssignRule>(c)) return "plan";
  if (std::holds_alternative<model::Escalate>(c)) return "escalate";
  if (std::holds_alternative<model::CloseAlert>(c)) return "close";
  return "inject";
}

const char* state_name(model::AlertState s) {
  switch (s) {
    case model::AlertState::awaiting_decision:
      return "awaiting_decision";
    case model::AlertState::in_plan:
      return "in_plan";
    case model::AlertState::no_action:
      return "no_action";
  }
  return "?";
}

}  // namespace

Exercise::Exercise(int id, const scenario::Scenario& scenario, ExerciseOptions options)
    : id_(id),
      scenario_(scenario),
      options_(std::move(options)),
      dispatcher_(scenario),
      model_(scenario, options_.seed, 0, dispatcher_),
      recorder_(std::make_unique<Recorder>()),
      runner_(PacedRunner::Options{options_.speed, options_.policy, std::chrono::seconds(1),
                                   std::chrono::milliseconds(200)}),
      desk_holder_(scenario.desks.size()) {
  model_.add_observer(recorder_.get());
  model_.add_observer(&result_);
  if (!options_.out_dir.empty()) {
    outputs_ = std::make_unique<OutputsHolder>(scenario, options_.out_dir);
    for (model::Observer* o : outputs_->outputs.observers()) model_.add_observer(o);
  }
  log_.scenario_source = scenario.source_name;
  log_.scenario_name = scenario.name;
  log_.scenario_sha256 = options_.scenario_sha256;
  log_.seed = options_.seed;
  log_.takeover_ms = engine::ticks(options_.takeover);
  const engine::Calendar cal(scenario.clock.start);
  for (const auto& in : scenario.injects) inject_times_.push_back(cal.to_sim(in.at));
}

Exercise::~Exercise() = default;

int Exercise::desk_held_by(const std::string& name) const {
  for (std::size_t d = 0; d < desk_holder_.size(); ++d)
    if (desk_holder_[d] == name) return static_cast<int>(d);
  return -1;
}

std::vector<std::string> Exercise::join(const Participant& who) {
  ordered hello = msg("hello", model_.now());
  hello["exercise"] = id_;
  hello["role"] = who.role == Role::trainer ? "trainer" : "trainee";
  hello["name"] = who.name;
  hello["scenario"] = scenario_.name;
  hello["state"] = to_string(state_);
  hello["speed"] = runner_.speed();
  return {hello.dump(), snapshot_for(who)};
}

std::string Exercise::snapshot_for(const Participant& who) {
  const bool trainer = who.role == Role::trainer;
  const int own = trainer ? -1 : desk_held_by(who.name);
  const model::ModelSnapshot snap = model_.snapshot();
  ordered j = msg("snapshot", snap.time);
  j["exercise"] = id_;
  j["clock"] = civil(scenario_, snap.time);
  j["horizon_ms"] = engine::ticks(model_.horizon());
  j["state"] = to_string(state_);
  j["speed"] = runner_.speed();
  j["your_desk"] = own >= 0 ? json(scenario_.desks[static_cast<std::size_t>(own)].id) : json();
  ordered desks = ordered::array();
  for (const auto& d : snap.desks) {
    const auto& spec = scenario_.desks[static_cast<std::size_t>(d.desk)];
    desks.push_back({{"id", spec.id},
                     {"kind", spec.kind},
                     {"unit", scenario_.units[static_cast<std::size_t>(spec.unit)].id},
                     {"unit_name", scenario_.units[static_cast<std::size_t>(spec.unit)].name},
                     {"held_by", desk_holder_[static_cast<std::size_t>(d.desk)].empty()
                                     ? json()
                                     : json(desk_holder_[static_cast<std::size_t>(d.desk)])},
                     {"queued", d.queued},
                     {"staffed", d.staffed},
                     {"rostered", d.rostered},
                     {"busy", d.busy}});
  }
  j["desks"] = std::move(desks);
  // The organisation (region -> city -> county -> community) in pre-order, and what the
  // console shows by name: fraud types and languages.
  ordered levels = ordered::array();
  for (const auto& l : scenario_.levels) levels.push_back(l);
  j["levels"] = std::move(levels);
  ordered units = ordered::array();
  for (const auto& u : scenario_.units)
    units.push_back(
        {{"id", u.id},
         {"name", u.name},
         {"level", u.level},
         {"parent",
          u.parent >= 0 ? json(scenario_.units[static_cast<std::size_t>(u.parent)].id) : json()}});
  j["units"] = std::move(units);
  j["officers"] = officers_json(scenario_, snap);
  ordered types = ordered::array();
  for (const auto& f : scenario_.fraud_types) types.push_back({{"id", f.id}, {"name", f.name}});
  j["fraud_types"] = std::move(types);
  ordered langs = ordered::array();
  for (const auto& l : scenario_.languages) langs.push_back({{"code", l.code}, {"name", l.name}});
  j["languages"] = std::move(langs);
  ordered alerts = ordered::array();
  for (const auto& a : snap.alerts) {
    const auto it = open_.find(a.view.id);
    const int desk = it != open_.end() ? it->second.desk : -1;
    if (!trainer && (own < 0 || desk != own)) continue;
    const auto& v = a.view;
    alerts.push_back(
        {{"id", v.id},
         {"type", scenario_.fraud_types[static_cast<std::size_t>(v.fraud_type)].id},
         {"type_name", scenario_.fraud_types[static_cast<std::size_t>(v.fraud_type)].name},
         {"grade", v.grade},
         {"amount", v.amount},
         {"unit", scenario_.units[static_cast<std::size_t>(v.leaf_unit)].id},
         {"unit_name", scenario_.units[static_cast<std::size_t>(v.leaf_unit)].name},
         {"language", std::string(v.language_code)},
         {"arrival_ms", engine::ticks(v.arrival)},
         {"waiting_ms", engine::ticks(snap.time - v.arrival)},
         {"state", state_name(a.state)},
         // A plan a trainee put together step by step has an index past the scenario's
         // rules (the model keeps it as a plan of its own): no rule name.
         {"rule", v.rule >= 0 && v.rule < static_cast<int>(scenario_.rules.size())
                      ? json(scenario_.rules[static_cast<std::size_t>(v.rule)].name)
                      : json()},
         {"desk", desk >= 0 ? json(scenario_.desks[static_cast<std::size_t>(desk)].id) : json()}});
  }
  j["alerts"] = std::move(alerts);
  ordered rules = ordered::array();
  for (const auto& r : scenario_.rules) rules.push_back(r.name);
  j["rules"] = std::move(rules);
  if (trainer) {
    j["totals"] = totals_json(snap.totals);
    j["reached"] = ordered::parse(reached_text());
    ordered injects = ordered::array();
    for (std::size_t i = 0; i < inject_times_.size(); ++i)
      injects.push_back({{"time_ms", engine::ticks(inject_times_[i])},
                         {"clock", civil(scenario_, inject_times_[i])},
                         {"played", i < next_inject_}});
    j["scheduled_injects"] = std::move(injects);
  }
  return j.dump();
}

void Exercise::send(Outgoing::To to, const std::string& trainee, std::string text) {
  outbox_.push_back({to, trainee, std::make_shared<const std::string>(std::move(text))});
}

// To the trainer, and to the trainee holding the desk the alert was deferred to.
void Exercise::send_alert(std::uint64_t alert, std::string text) {
  auto shared = std::make_shared<const std::string>(std::move(text));
  outbox_.push_back({Outgoing::To::trainer, "", shared});
  const auto it = open_.find(alert);
  if (it == open_.end() || it->second.desk < 0) return;
  const std::string& holder = desk_holder_[static_cast<std::size_t>(it->second.desk)];
  if (!holder.empty()) outbox_.push_back({Outgoing::To::trainee, holder, shared});
}

std::vector<Outgoing> Exercise::take_outbox() {
  std::vector<Outgoing> out;
  out.swap(outbox_);
  return out;
}

void Exercise::advance_to(engine::SimTime t) {
  model_.run_until(std::min(t, model_.horizon()));
  after_slice();
}

void Exercise::after_slice() {
  for (const auto& a : dispatcher_.arrivals()) {
    open_[a.view.id] = Open{a.view, a.desk, a.desk >= 0};
    const auto& v = a.view;
    if (v.grade >= 1 && v.grade <= scenario::kGrades)
      ++reach_[static_cast<std::size_t>(v.grade - 1)].entered;
    ordered j = msg("alert", v.arrival);
    j["alert"] = {{"id", v.id},
                  {"type", scenario_.fraud_types[static_cast<std::size_t>(v.fraud_type)].id},
                  {"type_name", scenario_.fraud_types[static_cast<std::size_t>(v.fraud_type)].name},
                  {"grade", v.grade},
                  {"amount", v.amount},
                  {"unit", scenario_.units[static_cast<std::size_t>(v.leaf_unit)].id},
                  {"unit_name", scenario_.units[static_cast<std::size_t>(v.leaf_unit)].name},
                  {"language", std::string(v.language_code)},
                  {"arrival_ms", engine::ticks(v.arrival)},
                  {"waiting_ms", engine::ticks(model_.now() - v.arrival)}};
    j["desk"] = a.desk >= 0 ? json(scenario_.desks[static_cast<std::size_t>(a.desk)].id) : json();
    j["decided_by"] = a.desk >= 0 ? "trainee" : "standard_rules";
    j["rule"] = a.rule >= 0 ? json(scenario_.rules[static_cast<std::size_t>(a.rule)].name) : json();
    send_alert(v.id, j.dump());
  }
  dispatcher_.clear_arrivals();
  for (const auto& r : recorder_->traces) {
    using K = model::TraceKind;
    ordered j;
    if (r.kind == K::command_applied || r.kind == K::command_refused) {
      j = msg(r.kind == K::command_applied ? "command_applied" : "command_refused", r.time);
      j["sequence"] = r.value;
      j["alert"] = r.alert ? json(r.alert) : json();
      if (r.alert) {
        send_alert(r.alert, j.dump());
      } else {
        send(Outgoing::To::trainer, "", j.dump());
      }
      continue;
    }
    if (r.alert == 0) continue;
    j = msg("alert_state", r.time);
    j["alert"] = r.alert;
    switch (r.kind) {
      case K::awaiting_decision:
        j["state"] = "awaiting_decision";
        if (auto it = open_.find(r.alert); it != open_.end()) it->second.awaiting = true;
        break;
      case K::rule_matched:
        j["state"] = "in_plan";
        j["rule"] = r.step >= 0 && r.step < static_cast<int>(scenario_.rules.size())
                        ? json(scenario_.rules[static_cast<std::size_t>(r.step)].name)
                        : json();
        break;
      case K::contact:
        j["state"] = "contacted";
        if (auto it = open_.find(r.alert); it != open_.end() && !it->second.contacted) {
          it->second.contacted = true;
          const int g = it->second.view.grade;
          if (g >= 1 && g <= scenario::kGrades &&
              r.time - it->second.view.arrival <=
                  scenario_.reporting.reach_within[static_cast<std::size_t>(g - 1)]) {
            ++reach_[static_cast<std::size_t>(g - 1)].reached;
            it->second.in_time = true;
          }
        }
        break;
      case K::sla_late:
        j["state"] = "late";
        break;
      default:
        continue;
    }
    send_alert(r.alert, j.dump());
  }
  recorder_->traces.clear();
  for (const auto& c : recorder_->closed) {
    ordered j = msg("outcome", c.time == engine::kTimeNever ? model_.now() : c.time);
    j["alert"] = c.id;
    j["outcome"] = std::string(model::to_string(c.outcome));
    j["channel"] = c.channel >= 0 ? json(std::string(model::channel_name(c.channel))) : json();
    send_alert(c.id, j.dump());
    if (auto it = open_.find(c.id); it != open_.end() && !it->second.in_time) {
      const int g = it->second.view.grade;
      if (g >= 1 && g <= scenario::kGrades) ++reach_[static_cast<std::size_t>(g - 1)].missed;
    }
    open_.erase(c.id);
  }
  recorder_->closed.clear();
  while (next_inject_ < inject_times_.size() && inject_times_[next_inject_] < model_.now()) {
    ordered j = msg("inject", inject_times_[next_inject_]);
    j["by"] = "scenario";
    j["index"] = next_inject_;
    send(Outgoing::To::trainer, "", j.dump());
    ++next_inject_;
  }
}

void Exercise::tick(Clock::time_point now) {
  if (state_ == ExerciseState::running) {
    advance_to(runner_.target(model_.now(), now));
    runner_.reached(model_.now(), Clock::now());
    if (now - last_pacing_ >= std::chrono::seconds(1)) {
      last_pacing_ = now;
      log_.pacing.push_back({model_.now(), std::chrono::duration<double>(runner_.lag()).count()});
    }
    // Alerts left undecided too long: the standard rules take over.
    if (options_.takeover > engine::Duration::zero()) {
      std::vector<std::pair<std::uint64_t, int>> late;
      for (const auto& [id, o] : open_)
        if (o.awaiting && model_.now() - o.view.arrival >= options_.takeover)
          late.emplace_back(id, dispatcher_.standard_rule(o.view));
      for (const auto& [id, rule] : late) {
        Reply ignored;
        if (rule >= 0)
          submit(model::AssignRule{id, rule}, "takeover", ignored);
        else
          submit(model::CloseAlert{id}, "takeover", ignored);
        open_[id].awaiting = false;
      }
    }
    if (model_.now() >= model_.horizon()) end();
  }
  if (state_ != ExerciseState::ended && now - last_report_ >= options_.report_every)
    publish_periodic(now);
}

void Exercise::publish_periodic(Clock::time_point now) {
  last_report_ = now;
  const model::ModelSnapshot snap = model_.snapshot();
  ordered clock = msg("clock", snap.time);
  clock["clock"] = civil(scenario_, snap.time);
  clock["state"] = to_string(state_);
  clock["speed"] = runner_.speed();
  clock["policy"] = to_string(runner_.policy());
  clock["lag_ms"] = std::chrono::duration<double, std::milli>(runner_.lag()).count();
  clock["max_lag_ms"] = std::chrono::duration<double, std::milli>(runner_.max_lag()).count();
  clock["slipped_ms"] = engine::ticks(runner_.slipped());
  send(Outgoing::To::everyone, "", clock.dump());
  ordered load = msg("desk_load", snap.time);
  ordered desks = ordered::array();
  for (const auto& d : snap.desks) desks.push_back(desk_load_json(scenario_, d));
  load["desks"] = std::move(desks);
  load["officers"] = officers_json(scenario_, snap);
  send(Outgoing::To::everyone, "", load.dump());
  ordered kpis = msg("kpis", snap.time);
  kpis["totals"] = totals_json(snap.totals);
  kpis["reached"] = ordered::parse(reached_text());
  send(Outgoing::To::trainer, "", kpis.dump());
}

void Exercise::submit(const model::Command& c, const std::string& by, Reply& reply) {
  const model::Verdict v = model_.submit(c);
  ordered j = msg("verdict", model_.now());
  j["command"] = std::string(model::command_name(c));
  j["accepted"] = v.accepted;
  if (v.accepted) {
    j["sequence"] = v.sequence;
    LogEntry e;
    e.time = model_.now();
    e.kind = LogEntry::Kind::command;
    e.sequence = v.sequence;
    e.by = by;
    e.command = c;
    log_.entries.push_back(std::move(e));
  } else {
    j["reason"] = v.reason;
  }
  if (by.starts_with("trainee:") || by == "takeover") {
    // The trainer follows every trainee's decisions as they are made.
    ordered d = msg("decision", model_.now());
    d["by"] = by;
    d["command"] = j["command"];
    d["action"] = action_of(c);
    d["accepted"] = v.accepted;
    d["alert"] = alert_of(c) ? json(alert_of(c)) : json();
    if (!v.accepted) d["reason"] = v.reason;
    send(Outgoing::To::trainer, "", d.dump());
  }
  reply.add(std::move(j));
}

std::string Exercise::reached_text() const {
  // Eligible as in the run's KPI (docs/outputs.md): reached in time, closed without that, or
  // still open with its target over.
  std::array<std::uint64_t, scenario::kGrades> overdue{};
  for (const auto& [id, o] : open_) {
    const int g = o.view.grade;
    if (!o.in_time && g >= 1 && g <= scenario::kGrades &&
        model_.now() - o.view.arrival >=
            scenario_.reporting.reach_within[static_cast<std::size_t>(g - 1)])
      ++overdue[static_cast<std::size_t>(g - 1)];
  }
  ordered out = ordered::array();
  for (int g = 1; g <= scenario::kGrades; ++g) {
    const ReachCount& r = reach_[static_cast<std::size_t>(g - 1)];
    out.push_back(
        {{"grade", g},
         {"target_s", std::chrono::duration_cast<std::chrono::seconds>(
                          scenario_.reporting.reach_within[static_cast<std::size_t>(g - 1)])
                          .count()},
         {"entered", r.entered},
         {"eligible", r.reached + r.missed + overdue[static_cast<std::size_t>(g - 1)]},
         {"reached", r.reached}});
  }
  return out.dump();
}

void Exercise::end() {
  if (state_ == ExerciseState::ended) return;
  state_ = ExerciseState::ended;
  runner_.pause(model_.now());
  model_.finish_now();
  after_slice();
  log_.end = model_.now();
  log_.result = result_.result(model_.events_processed());
  ordered j = msg("ended", model_.now());
  j["exercise"] = id_;
  j["clock"] = civil(scenario_, model_.now());
  if (outputs_) {
    try {
      outputs_->outputs.publish(log_);
      published_dir_ = outputs_->outputs.dir();
      j["outputs"] = published_dir_;
    } catch (const std::exception& e) {
      j["outputs_error"] = e.what();
    }
  }
  const ExerciseResult& r = *log_.result;
  j["result"] = {{"trace_fingerprint", r.trace_fingerprint},
                 {"trace_records", r.trace_records},
                 {"events", r.events},
                 {"entered", r.entered},
                 {"dissuaded", r.dissuaded},
                 {"lost", r.lost},
                 {"not_paid", r.not_paid},
                 {"open", r.open}};
  send(Outgoing::To::everyone, "", j.dump());
}

void Exercise::end_now() {
  end();
}

std::vector<std::string> Exercise::handle(const Participant& who, std::string_view text,
                                          Clock::time_point now) {
  Reply reply;
  const json m = json::parse(text, nullptr, false);
  if (m.is_discarded() || !m.is_object()) {
    reply.error("malformed",
                "expected one JSON object per message, e.g. {\"v\":1,\"type\":\"snapshot\"}");
    return reply.texts;
  }
  if (auto it = m.find("id"); it != m.end() && (it->is_string() || it->is_number_integer()))
    reply.id = *it;
  if (auto it = m.find("v"); it != m.end() && *it != kProtocolVersion) {
    reply.error("version", fmt::format("this server speaks protocol version {}", kProtocolVersion));
    return reply.texts;
  }
  const std::string& type = str(m, "type");
  const bool trainer = who.role == Role::trainer;
  const std::string by = trainer ? "trainer" : "trainee:" + who.name;
  try {
    if (type == "ping") {
      reply.add(msg("pong", model_.now()));
    } else if (type == "snapshot") {
      reply.add(ordered::parse(snapshot_for(who)));
    } else if (type == "create") {
      // The server answers a trainer's create itself; this is what anyone else gets.
      if (trainer)
        throw Refusal{"state", "create goes to the server (over the socket), not to an exercise"};
      throw Refusal{"forbidden", "only the trainer creates exercises"};
    } else if (type == "take_desk" || type == "release_desk") {
      if (trainer) throw Refusal{"forbidden", "only trainees take desks"};
      if (state_ == ExerciseState::ended) throw Refusal{"ended", "the exercise has ended"};
      const int mine = desk_held_by(who.name);
      int desk = -1;
      if (type == "take_desk") {
        desk = find_id(scenario_.desks, str(m, "desk"));
        if (desk < 0)
          throw Refusal{
              "bad_field",
              "\"desk\" must name a desk instance of the scenario (see the snapshot's desks)"};
        const auto& t = options_.takeable;
        if (!t.empty() && std::find(t.begin(), t.end(), str(m, "desk")) == t.end())
          throw Refusal{"not_a_role",
                        "desk " + str(m, "desk") + " is not open to trainees in this exercise"};
        const std::string& holder = desk_holder_[static_cast<std::size_t>(desk)];
        if (!holder.empty() && holder != who.name)
          throw Refusal{"desk_taken", "desk " + scenario_.desks[static_cast<std::size_t>(desk)].id +
                                          " is held by " + holder};
      }
      if (mine >= 0 && mine != desk) {
        desk_holder_[static_cast<std::size_t>(mine)].clear();
        dispatcher_.hold(mine, false);
        log_.entries.push_back({model_.now(), LogEntry::Kind::release, 0, by, mine, {}});
      }
      if (desk >= 0 && mine != desk) {
        desk_holder_[static_cast<std::size_t>(desk)] = who.name;
        dispatcher_.hold(desk, true);
        log_.entries.push_back({model_.now(), LogEntry::Kind::take, 0, by, desk, {}});
      }
      ordered j = msg("desk", model_.now());
      j["desk"] = desk >= 0 ? json(scenario_.desks[static_cast<std::size_t>(desk)].id) : json();
      reply.add(j);
      reply.texts.push_back(snapshot_for(who));
      ordered all = msg("desk_holders", model_.now());
      ordered holders = ordered::object();
      for (std::size_t d = 0; d < desk_holder_.size(); ++d)
        if (!desk_holder_[d].empty()) holders[scenario_.desks[d].id] = desk_holder_[d];
      all["holders"] = std::move(holders);
      send(Outgoing::To::everyone, "", all.dump());
    } else if (type == "decide") {
      if (state_ == ExerciseState::ended) throw Refusal{"ended", "the exercise has ended"};
      const auto ait = m.find("alert");
      if (ait == m.end() || !ait->is_number_unsigned())
        throw Refusal{"bad_field", "\"alert\" must be an alert id (a positive integer)"};
      const std::uint64_t alert = ait->get<std::uint64_t>();
      const auto open = open_.find(alert);
      if (!trainer) {
        const int mine = desk_held_by(who.name);
        if (mine < 0) throw Refusal{"forbidden", "take a desk first (take_desk)"};
        if (open == open_.end() || open->second.desk != mine)
          throw Refusal{"forbidden",
                        fmt::format("alert {} is not an open alert of your desk", alert)};
      }
      const std::string& action = str(m, "action");
      model::Command c;
      if (action == "plan") {
        const int rule = find_rule(scenario_, m.contains("rule") ? m.at("rule") : json());
        if (rule < 0)
          throw Refusal{"bad_field",
                        "\"rule\" must name a rule of the scenario (see the snapshot's rules)"};
        c = model::AssignRule{alert, rule};
      } else if (action == "escalate") {
        c = model::Escalate{alert};
      } else if (action == "close") {
        c = model::CloseAlert{alert};
      } else if (action == "call" || action == "sms" || action == "robot_call" ||
                 action == "push" || action == "visit") {
        model::AssignStep s;
        s.alert = alert;
        s.kind = action == "call"         ? scenario::StepKind::call
                 : action == "sms"        ? scenario::StepKind::sms
                 : action == "robot_call" ? scenario::StepKind::robot_call
                 : action == "push"       ? scenario::StepKind::push
                                          : scenario::StepKind::visit;
        if (action == "call") {
          const std::string& desk = str(m, "desk");
          if (!desk.empty()) {
            s.desk = find_id(scenario_.desks, desk);
            if (s.desk < 0) throw Refusal{"bad_field", "\"desk\" must name a desk instance"};
          } else {
            const int mine = desk_held_by(who.name);
            if (mine < 0) throw Refusal{"bad_field", "a call needs \"desk\" (the desk that calls)"};
            s.desk = mine;
          }
          s.attempts = integer(m, "attempts", 1, 1, 20);
          s.retry_interval = seconds(m, "retry_interval_s", 0);
          s.family = m.value("family", false);
        }
        if (action == "push") {
          s.unit = find_id(scenario_.units, str(m, "unit"));
          if (s.unit < 0)
            throw Refusal{"bad_field",
                          "a push needs \"unit\": an ancestor unit id of the alert's community"};
        }
        s.sla = seconds(m, "sla_s", 0);
        c = s;
      } else {
        throw Refusal{
            "bad_field",
            "\"action\" must be one of plan, call, sms, robot_call, push, visit, escalate, close"};
      }
      submit(c, by, reply);
      if (open != open_.end()) open->second.awaiting = false;
    } else if (type == "inject") {
      if (!trainer) throw Refusal{"forbidden", "only the trainer injects"};
      if (state_ == ExerciseState::ended) throw Refusal{"ended", "the exercise has ended"};
      const std::string& kind = str(m, "kind");
      model::Command c;
      if (kind == "surge") {
        model::Surge s;
        if (auto it = m.find("fraud_types"); it != m.end() && it->is_array())
          for (const auto& t : *it) {
            const int ft =
                t.is_string() ? find_id(scenario_.fraud_types, t.get<std::string>()) : -1;
            if (ft < 0) throw Refusal{"bad_field", "\"fraud_types\" must list fraud type ids"};
            s.fraud_types.push_back(ft);
          }
        s.multiplier = num(m, "multiplier", 2.0);
        s.duration = seconds(m, "duration_s", 3600);
        c = s;
      } else if (kind == "desk_outage" || kind == "desk_headcount") {
        model::DeskHeadcount d;
        d.desk = find_id(scenario_.desks, str(m, "desk"));
        if (d.desk < 0) throw Refusal{"bad_field", "\"desk\" must name a desk instance"};
        d.headcount = kind == "desk_outage" ? 0 : integer(m, "headcount", -1, 0, 10000);
        d.duration = seconds(m, "duration_s", 3600);
        c = d;
      } else if (kind == "officers_unavailable") {
        model::OfficersUnavailable o;
        o.unit = find_id(scenario_.units, str(m, "unit"));
        if (o.unit < 0) throw Refusal{"bad_field", "\"unit\" must name a unit"};
        o.count = integer(m, "count", -1, -1, 1000000);
        o.duration = seconds(m, "duration_s", 3600);
        c = o;
      } else if (kind == "alert") {
        model::InjectAlert a;
        a.fraud_type = find_id(scenario_.fraud_types, str(m, "fraud_type"));
        if (a.fraud_type < 0) throw Refusal{"bad_field", "\"fraud_type\" must name a fraud type"};
        a.unit = find_id(scenario_.units, str(m, "unit"));
        if (a.unit < 0) throw Refusal{"bad_field", "\"unit\" must name a community (leaf unit)"};
        a.grade = integer(m, "grade", 1, 1, 3);
        a.amount = num(m, "amount", 10000);
        a.time_to_loss = seconds(m, "time_to_loss_s", 3600);
        const std::string& lang = str(m, "language");
        a.language = 0;
        if (!lang.empty()) {
          a.language = -1;
          for (std::size_t i = 0; i < scenario_.languages.size(); ++i)
            if (scenario_.languages[i].code == lang) a.language = static_cast<int>(i);
          if (a.language < 0)
            throw Refusal{"bad_field", "\"language\" must be a language code of the scenario"};
        }
        c = a;
      } else {
        throw Refusal{"bad_field",
                      "\"kind\" must be one of surge, desk_outage, desk_headcount, "
                      "officers_unavailable, alert"};
      }
      submit(c, by, reply);
      ordered shown = msg("inject", model_.now());
      shown["by"] = "trainer";
      shown["kind"] = kind;
      send(Outgoing::To::trainer, "", shown.dump());
    } else if (type == "review") {
      if (!trainer) throw Refusal{"forbidden", "only the trainer builds the review"};
      const engine::SimTime until =
          state_ == ExerciseState::ended && log_.end ? *log_.end : model_.now();
      ReviewOptions ro;
      if (m.contains("branch_at_s")) {
        const engine::Duration b = seconds(m, "branch_at_s", 0);
        if (engine::kTimeZero + b > until)
          throw Refusal{"bad_field",
                        fmt::format("\"branch_at_s\" must be at most {} (the simulated time now)",
                                    engine::ticks(until) / 1000)};
        ro.branch_at = engine::kTimeZero + b;
      }
      try {
        review_ = std::make_shared<const ReviewFiles>(build_review(scenario_, log_, until, ro));
      } catch (const LogError& e) {
        throw Refusal{"environment", std::string("the review could not be built: ") + e.what()};
      }
      ordered j = msg("review", model_.now());
      j["exercise"] = id_;
      j["until_ms"] = engine::ticks(until);
      j["branch_at_ms"] = ro.branch_at ? json(engine::ticks(*ro.branch_at)) : json();
      j["html"] = fmt::format("/review.html?exercise={}", id_);
      j["json"] = fmt::format("/review.json?exercise={}", id_);
      reply.add(j);
    } else if (type == "control") {
      if (!trainer) throw Refusal{"forbidden", "only the trainer controls the exercise"};
      const std::string& action = str(m, "action");
      if (state_ == ExerciseState::ended) throw Refusal{"ended", "the exercise has ended"};
      if (action == "start" || action == "resume") {
        if (state_ == ExerciseState::running) throw Refusal{"state", "the exercise is running"};
        runner_.start(model_.now(), now);
        state_ = ExerciseState::running;
      } else if (action == "pause") {
        if (state_ != ExerciseState::running) throw Refusal{"state", "the exercise is not running"};
        runner_.pause(model_.now());
        state_ = ExerciseState::paused;
      } else if (action == "speed") {
        if (!runner_.set_speed(num(m, "speed", -1), model_.now(), now))
          throw Refusal{"bad_field", "\"speed\" must be 0.1 to 3600"};
      } else if (action == "step") {
        if (state_ == ExerciseState::running) throw Refusal{"state", "pause before stepping"};
        model_.run_until(model_.now());  // starts a model that has not run yet (nothing else)
        engine::SimTime to = model_.next_event_time();
        if (str(m, "to") == "inject") {
          to = next_inject_ < inject_times_.size() ? inject_times_[next_inject_]
                                                   : engine::kTimeNever;
        }
        if (to == engine::kTimeNever || to >= model_.horizon())
          throw Refusal{"state", "nothing left to step to before the horizon"};
        advance_to(to + engine::Duration{1});
        if (state_ == ExerciseState::created) state_ = ExerciseState::paused;
      } else if (action == "end") {
        end();
      } else {
        throw Refusal{"bad_field",
                      "\"action\" must be one of start, pause, resume, speed, step, end"};
      }
      ordered j = msg("control", model_.now());
      j["action"] = action;
      j["state"] = to_string(state_);
      j["speed"] = runner_.speed();
      reply.add(j);
      if (action != "end") publish_periodic(now);
    } else {
      throw Refusal{"unknown_type", "unknown message type '" + type +
                                        "': send one of ping, snapshot, take_desk, release_desk, "
                                        "decide, inject, control, review, create"};
    }
  } catch (const Refusal& r) {
    reply.error(r.code, r.message);
  } catch (const json::exception& e) {
    reply.error("bad_field", e.what());
  }
  return reply.texts;
}

}  // namespace hotline::live
