// The model's run-time state: the closed set of events, the records of alerts, steps, tasks,
// desks and officers, and the one struct (ModelState) that holds them all. Components
// (model_core.hpp) own the behaviour; this file owns the data and the few helpers every
// component needs (emitting trace records, scheduling, slab look-ups).
//
// Memory: alerts, their plan-step states and queued tasks live in slabs with free lists, so a
// warm run allocates nothing per event. Stale references (an event or task about an alert that
// has since closed, its slot reused) are detected by comparing the alert id.
#pragma once

#include <cassert>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "hotline/engine/distribution.hpp"
#include "hotline/engine/huge_page_allocator.hpp"
#include "hotline/engine/random.hpp"
#include "hotline/engine/simulation.hpp"
#include "hotline/model/commands.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/model_part.hpp"
#include "hotline/model/rate_profile.hpp"
#include "hotline/model/records.hpp"
#include "hotline/model/task_queue.hpp"
#include "hotline/model/weekly_roster.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model::detail {

using engine::Duration;
using engine::EventHandle;
using engine::Rng;

// Tie-break at equal times (declared order): staff changes first, so work arriving at a shift
// boundary sees the new roster; then completions, so a contact completing at the very
// millisecond of the deadline counts as in time; then losses; then arrivals; then timers;
// last, commands (and the ends of their windows), so a command submitted at now() sees every
// model event of that millisecond, in submission order.
enum Phase : std::uint8_t {
  kPhaseRoster = 0,
  kPhaseCompletion = 1,
  kPhaseLoss = 2,
  kPhaseArrival = 3,
  kPhaseTimer = 4,
  kPhaseCommand = 5,
};

struct ArrivalEv {
  std::int32_t source;  // index into ModelState::sources_
};
struct InboundEv {
  std::int32_t process;
};
struct LossEv {
  std::uint32_t slot;
  std::uint64_t id;
};
struct RosterEv {
  std::int32_t desk;
};
struct ServiceDoneEv {
  std::int32_t desk;
  std::int32_t task;
};
struct WrapUpDoneEv {  // the operator's after-call work ends: free for the next task
  std::int32_t desk;
  std::int32_t group;   // the operator's skill set (DeskState::groups), -1 if the desk has none
  std::uint64_t alert;  // for the trace (0 for inbound work)
};
struct LanguageFallbackEv {  // a call has waited language_fallback: any free operator may take it
  std::int32_t desk;
  std::int32_t task;
  std::uint32_t serial;
};
struct InboundPatienceEv {  // an inbound caller hangs up if still waiting
  std::int32_t task;
  std::uint32_t serial;
};
struct RetryEv {
  std::uint32_t slot;
  std::int32_t step;
  std::uint64_t id;
};
struct SlaEv {
  std::uint32_t slot;
  std::int32_t step;
  std::uint64_t id;
};
struct SmsDoneEv {
  std::uint32_t slot;
  std::int32_t step;
  std::uint64_t id;
};
struct RobotDoneEv {
  std::int32_t task;
};
struct OfficerArriveEv {
  std::int32_t task;
};
struct VisitEndEv {
  std::int32_t task;  // the visit's task: the officer talked to the person until now
};
struct OfficerFreeEv {
  std::int32_t leaf;
};
struct CoverEv {  // a visit has waited long enough for cover from a neighbouring community
  std::int32_t task;
  std::uint64_t alert;
};
struct OfficerShiftEv {  // a night roster of officers begins or ends
  std::int32_t group;    // index into ModelState::officer_nights_
};
struct CommandEv {
  std::uint32_t index;  // into ModelState::commands_
};
struct WindowEndEv {
  std::uint32_t index;  // into ModelState::commands_: the command whose window ends
};

using Event = std::variant<ArrivalEv, InboundEv, LossEv, RosterEv, ServiceDoneEv, WrapUpDoneEv,
                           InboundPatienceEv, RetryEv, SlaEv, SmsDoneEv, RobotDoneEv,
                           OfficerArriveEv, VisitEndEv, OfficerFreeEv, OfficerShiftEv, CoverEv,
                           CommandEv, WindowEndEv, LanguageFallbackEv>;

enum class TaskKind : std::uint8_t { call, push, inbound, robot, visit };
enum class TaskState : std::uint8_t { queued, in_service };
enum class CallResult : std::uint8_t { answered, unanswered, engaged };

struct Task {
  QueueLinks links;
  TaskKind kind = TaskKind::call;
  TaskState state = TaskState::queued;
  CallResult result = CallResult::answered;
  bool on_line = false;    // an answered call to the person (not family): Alert::talking counts it
  std::int8_t group = -1;  // in service: the operator's skill set (DeskState::groups), or -1
  std::uint32_t slot = 0;
  std::int32_t step = -1;
  std::int32_t where = -1;  // desk index, leaf unit for visits, robot pool for robot calls
  std::uint64_t alert_id = 0;
  SimTime enqueued;
  Duration duration{0};       // visits: one-way travel time; inbound: handling time
  std::int32_t inbound = -1;  // inbound: index into ModelState::inbound_ (its process)
  // Inbound, and calls waiting for a speaker: tells a patience or fallback event its task from
  // a reused one.
  std::uint32_t serial = 0;
  // Visits on the road: when the officer set off, and the arrival event (so a closed alert's
  // officer can be turned back).
  SimTime started;
  EventHandle event;
};

using TaskPool = engine::HugeVector<Task>;

enum class StepStatus : std::uint8_t { idle, running, ended };

// The SLA outcome of one plan step, decided once (PlanSteps::judge_sla).
enum class SlaOutcome : std::uint8_t {
  pending,         // a target is set and not yet decided
  met,             // the goal was reached within the target
  late,            // the target passed first (or the goal was reached after it)
  failed,          // the step ended without reaching its goal (e.g. no officer)
  not_applicable,  // no target, or the alert closed before the target passed
};

struct StepState {
  StepStatus status = StepStatus::idle;
  SlaOutcome sla = SlaOutcome::pending;
  bool escalated = false;  // its SLA passed and started the on_late steps
  std::int16_t attempts = 0;
  std::int32_t task = -1;
  std::int32_t push_level = 0;
  EventHandle timer;  // retry or sms completion
  EventHandle sla_event;
  SimTime started;
};

// An alert's state is split by temperature. Alert holds what the handlers of nearly every
// event read, in one cache line: with tens of thousands of alerts in flight (a national run)
// every touch of an alert is a cache miss. AlertCold holds what is written at arrival and read
// or written again only when the alert closes (its first dial and contact too). The SLA
// counters are not kept per alert at all: they are counted from the step states when the
// record is made.
struct alignas(64) Alert {
  std::uint64_t id = 0;
  // This alert's own stream: call outcomes, talk and handling times, dissuasion, travel. Every
  // draw about the alert comes from here, so a what-if variant (another roster, another rule)
  // replays the same person and the same conversations: common random numbers stay in sync.
  Rng rng;
  std::int32_t unit = 0;        // leaf (community) unit index
  std::int32_t rule = -1;       // plan: index into Scenario::rules, then command plans; -1 none
  std::int32_t fraud_type = 0;  // index into Scenario::fraud_types
  std::uint8_t grade = 1;
  std::uint8_t language_code = 0;  // index into the model's language table (< 64)
  bool open = false;
  bool awaiting = false;  // deferred by the dispatcher, waiting for a command
  // Conversations with the person in progress (an answered call to them, an officer who found
  // them): while they talk to the police they are not transferring, so a deadline that comes
  // meanwhile only sets loss_due, and the loss happens when the last conversation ends
  // without dissuading.
  std::uint8_t talking = 0;
  bool loss_due = false;
};
static_assert(sizeof(Alert) == 64, "the hot alert state is one cache line");

struct AlertCold {
  AlertRecord rec;  // outcome, times and money; counters and first contact filled at close
  EventHandle loss_event;
  // SLA counters of plans the alert had before its current one (a command replaced them).
  std::int32_t past_sla_steps = 0;
  std::int32_t past_sla_met = 0;
  std::int32_t past_escalations = 0;
};

// What a handler reads from a (large) DeskSpec is copied here, and the handling-time
// distributions are shared (ModelState::shared): a national scenario has thousands of desks
// and reaching into their specs cost a cache miss per call.
struct DeskState {
  TaskQueue<TaskPool> queue;
  int busy = 0;
  int staffed = 0;        // on duty now: the roster's, or an inject's override
  int rostered = 0;       // what the roster says now
  int override_from = 0;  // command index + 1 of the headcount inject in force; 0 = none
  int queue_limit = -1;
  std::int32_t call_answered = 0;  // indices into ModelState::dists_
  std::int32_t call_unanswered = 0;
  std::int32_t push = 0;
  // After-call work, by task kind (indices into ModelState::dists_); wraps_up: any non-zero.
  std::int32_t after_call = 0;
  std::int32_t after_push = 0;
  std::int32_t after_inbound = 0;
  bool wraps_up = false;
  // Answered-call times by grade and fraud type: (grade bits, fraud types or empty, dist).
  struct CallTime {
    std::uint8_t grades = 0;  // bit g-1: grade g
    std::vector<int> fraud_types;
    std::int32_t dist = 0;
  };
  std::vector<CallTime> call_times;
  std::uint64_t languages = 0;  // bit i: speaks language code i
  WeeklyRoster roster;
  // Skill sets (DeskSpec::skill_sets), in the desk's order; empty when the desk has one (then
  // `languages` is what every operator speaks). Their staffed and busy sum to the desk's.
  struct SkillGroup {
    std::uint64_t languages = 0;
    int staffed = 0;
    int rostered = 0;
    int busy = 0;
    WeeklyRoster roster;
  };
  std::vector<SkillGroup> groups;
  std::uint64_t every_group_speaks = 0;  // languages spoken in every skill set
  Duration language_fallback{0};
};

struct OfficerPool {
  TaskQueue<TaskPool> queue;
  int capacity = 0;
  int unavailable = 0;  // taken away by injects (may exceed capacity)
  int off_duty = 0;     // off at night (the night roster), 0 by day
  int night_off = 0;    // capacity - night capacity
  int busy = 0;
  std::int32_t travel_time = 0;  // indices into ModelState::dists_
  std::int32_t visit_duration = 0;
  double find_prob = 0;
  Duration cover_after{-1};
  double cover_travel_factor = 1.5;
  int available() const {
    const int away = unavailable + off_duty;
    return capacity > away ? capacity - away : 0;
  }
};

// What a fraud type's alerts share, whichever source produced them.
struct FraudTypeRuntime {
  int place = 0;  // index into ModelState::places_; -1 when the model's part has no share
  // The share of the type's alerts placed in the model's part (1 for a whole model): its
  // sources' rates are scaled by it, so the parts' streams add up to the whole's.
  double share = 1.0;
  engine::Categorical grade;
  engine::Categorical language;
  std::vector<int> language_codes;  // fraud type language index -> model language code
};

// One stream of alerts of one fraud type: the scenario's own (one per type, sources_[k] for
// type k) or a surge inject's extra arrivals. Each has its own named streams, so adding a
// source leaves the others' alerts exactly as they were.
struct AlertSource {
  int fraud_type = 0;
  RateProfile profile;
  Rng times;
  Rng attributes;
  std::uint64_t alert_seed_base = 0;
  std::uint64_t count = 0;
  SimTime end;  // no arrival at or after this time
};

struct InboundProcess {
  RateProfile profile;
  Rng times;
  Rng handling;
  int source = 0;
  int desk = 0;
};

// What an alert is, before it enters: drawn by a source, or given by an inject.
struct AlertAttributes {
  int fraud_type = 0;
  int unit = 0;
  int grade = 1;
  double amount = 0;
  Duration time_to_loss{0};
  int language = 0;  // model language code (= index into Scenario::languages)
};

class ModelState {
 public:
  ModelState(const scenario::Scenario& s, std::uint64_t seed, std::uint64_t rep,
             Dispatcher& dispatcher, const ModelPart* part)
      : s_(s),
        part_(part),
        seed_(part ? engine::stream_seed(seed, rep, "part=" + std::to_string(part->index)) : seed),
        rep_(rep),
        calendar_(s.clock.start),
        horizon_(engine::kTimeZero + s.clock.horizon),
        warmup_end_(engine::kTimeZero + s.clock.warmup),
        rule_count_(static_cast<int>(s.rules.size())),
        dispatcher_(&dispatcher),
        reviews_steps_(dispatcher.reviews_steps()),
        dissuasion_shaped_(!s.dissuasion.by_delay.empty() || !s.dissuasion.by_attempt.empty()) {}

  SimTime now() const { return sim_.now(); }

  // Inlined at every call site so that a record nobody traces is not even built: the mask
  // test comes first and the compiler drops the construction of the temporary behind it.
  [[gnu::always_inline]] void emit(const TraceRecord& r) {
    const TraceMask bit = trace_bit(r.kind);
    if (trace_mask_ & bit) deliver(r, bit);
  }
  void deliver(const TraceRecord& r, TraceMask bit) {
    for (const auto& [o, mask] : tracers_)
      if (mask & bit) o->on_trace(r);
  }

  // Every event goes through these two. An event at or after the horizon would never run, so
  // it is not scheduled at all (its handle stays invalid, cancelling it is a no-op): a loss
  // deadline or a timer beyond the horizon would otherwise sit in the heap for the rest of the
  // run. Skipping them leaves the relative order of the remaining events unchanged.
  EventHandle schedule_at(SimTime t, Event e, Phase phase) {
    if (t >= horizon_) return EventHandle{};
    return sim_.schedule_at(t, std::move(e), phase);
  }
  EventHandle schedule_in(Duration d, Event e, Phase phase) {
    return schedule_at(now() + d, std::move(e), phase);
  }

  Alert* live(std::uint32_t slot, std::uint64_t id) {
    Alert& a = alerts_[slot];
    return (a.id == id && a.open) ? &a : nullptr;
  }
  StepState& step_state(std::uint32_t slot, int step) {
    return step_states_[slot * max_steps_ + step];
  }
  const StepState& step_state(std::uint32_t slot, int step) const {
    return step_states_[slot * max_steps_ + step];
  }
  // The plan behind an alert's rule index: a scenario rule's, or one a command gave.
  const std::vector<scenario::StepSpec>& plan_of(int rule) const {
    if (rule < rule_count_) [[likely]]
      return s_.rules[rule].plan;
    return command_plan(rule);
  }
  [[gnu::noinline, gnu::cold]] const std::vector<scenario::StepSpec>& command_plan(int rule) const {
    return command_plans_[rule - rule_count_];
  }
  const scenario::StepSpec& step_spec(const Alert& a, int step) const {
    return plan_of(a.rule)[step];
  }
  std::size_t plan_size(const Alert& a) const { return a.rule >= 0 ? plan_of(a.rule).size() : 0; }

  std::int32_t new_task(TaskKind kind) {
    std::int32_t t;
    if (!free_tasks_.empty()) {
      t = free_tasks_.back();
      free_tasks_.pop_back();
      tasks_[t] = Task{};
    } else {
      t = static_cast<std::int32_t>(tasks_.size());
      tasks_.emplace_back();
    }
    tasks_[t].kind = kind;
    tasks_[t].enqueued = now();
    return t;
  }
  void free_task(std::int32_t t) { free_tasks_.push_back(t); }
  std::int32_t make_alert_task(TaskKind kind, std::uint32_t slot, int step, int where) {
    const std::int32_t t = new_task(kind);
    Task& task = tasks_[t];
    task.slot = slot;
    task.step = step;
    task.alert_id = alerts_[slot].id;
    task.where = where;
    return t;
  }
  // The grade a task counts under in queue statistics: its alert's, 0 for inbound work.
  int grade_of(const Task& t) const {
    return t.kind == TaskKind::inbound ? 0 : alerts_[t.slot].grade;
  }
  static int priority_of(const Alert& a, const scenario::StepSpec& spec) {
    return spec.priority > 0 ? spec.priority : a.grade;
  }

  // Rows of the unit table (see Desks::build_unit_rows).
  std::int32_t* unit_row(int unit) {
    return unit_rows_.data() + row_base_ + static_cast<std::size_t>(unit) * row_width_;
  }
  const std::int32_t* unit_row(int unit) const {
    return unit_rows_.data() + row_base_ + static_cast<std::size_t>(unit) * row_width_;
  }
  // The unit's ancestor at `level` (itself at its own level).
  int ancestor_at_level(int unit, int level) const { return unit_row(unit)[level]; }
  // The push-receiving desk of the unit's ancestor at `level`, or -1.
  int push_desk_at_level(int unit, int level) const { return unit_row(unit)[levels_ + level]; }
  // The nearest desk of a kind serving the unit (its own or an ancestor's), or -1.
  int kind_desk(int kind, int unit) const { return unit_row(unit)[2 * levels_ + kind]; }

  // One copy of each distinct distribution (desks of one `each:` entry, communities with the
  // same defaults), so the few that are sampled all the time stay in cache.
  std::int32_t shared(const engine::Distribution& d) {
    auto& candidates = dist_index_[d.hash()];
    for (std::int32_t i : candidates)
      if (dists_[i].same_as(d)) return i;
    dists_.push_back(d);
    candidates.push_back(static_cast<std::int32_t>(dists_.size() - 1));
    return candidates.back();
  }

  // The model's code for a language (< 64: the loader allows at most 64 distinct codes). The
  // scenario's language table comes first (ModelCore's constructor), so a code's model code is
  // its index in Scenario::languages; specs built by hand without one get codes as used.
  int language_code(const std::string& code) {
    for (std::size_t i = 0; i < languages_.size(); ++i)
      if (languages_[i] == code) return static_cast<int>(i);
    languages_.push_back(code);
    return static_cast<int>(languages_.size() - 1);
  }

  // What a dispatcher may see of an open alert now.
  AlertView view_of(std::uint32_t slot) const {
    const Alert& a = alerts_[slot];
    const AlertRecord& rec = cold_[slot].rec;
    const std::size_t lang = static_cast<std::size_t>(rec.language);
    const int minute = calendar_.minute_of_day(now());
    return {.id = a.id,
            .fraud_type = a.fraud_type,
            .grade = a.grade,
            .amount = rec.amount,
            .leaf_unit = a.unit,
            .hour_of_day = minute / 60,
            .minute_of_day = minute,
            .weekday = calendar_.weekday(now()),
            .language = rec.language,
            .language_code = lang < languages_.size() ? std::string_view(languages_[lang]) : "",
            .rule = a.rule,
            .arrival = rec.arrival};
  }

  // ---- data (public within the model: the components are its only users)
  const scenario::Scenario& s_;
  // Split runs: the part this model simulates (null: the whole scenario). Its seed_ is the
  // part's: every stream below is named as in a whole run but drawn from the part's seed.
  const ModelPart* part_;
  bool owns_unit(int u) const { return !part_ || part_->owns_unit(u); }
  bool owns_desk(int d) const { return !part_ || part_->owns_desk(d); }
  std::uint64_t seed_;
  std::uint64_t rep_;
  engine::Calendar calendar_;
  SimTime horizon_;
  SimTime warmup_end_;
  engine::Simulation<Event> sim_;
  int rule_count_;  // scenario rules; plans of commands follow them
  Dispatcher* dispatcher_;
  bool reviews_steps_;
  bool dissuasion_shaped_;  // the scenario declares delay or attempt factors
  std::vector<Observer*> observers_;
  std::vector<std::pair<Observer*, TraceMask>> tracers_;  // observers with their trace kinds
  TraceMask trace_mask_ = 0;                              // union of the tracers' kinds

  std::vector<engine::Distribution> dists_;  // shared copies, see shared()
  std::unordered_map<std::size_t, std::vector<std::int32_t>> dist_index_;  // by hash()
  std::size_t levels_ = 0;
  engine::HugeVector<std::int32_t> unit_rows_;  // see Desks::build_unit_rows
  std::size_t row_width_ = 0;
  std::size_t row_base_ = 0;  // first element of row 0: 64-byte aligned
  engine::HugeVector<OfficerPool> officers_;
  // Communities that share one night window (minutes of the day), toggled together.
  struct OfficerNight {
    int from = 0, to = 0;
    std::vector<std::int32_t> leaves;
  };
  std::vector<OfficerNight> officer_nights_;
  std::vector<DeskState> desks_;
  std::vector<std::string> languages_;
  std::vector<FraudTypeRuntime> types_;
  // Language mixes by place (UnitSpec::language_mix): per unit, the index of the mix of the
  // unit or its nearest ancestor in place_languages_, or -1 (the fraud type's mix applies).
  struct PlaceLanguages {
    engine::Categorical mix;
    std::vector<int> codes;  // mix index -> model language code
  };
  std::vector<std::int32_t> unit_languages_;
  std::vector<PlaceLanguages> place_languages_;
  std::vector<AlertSource> sources_;
  std::vector<engine::Categorical> places_;  // alert placement tables, see Arrivals
  std::vector<InboundProcess> inbound_;
  // The robot lines: one pool, or one per region (RobotSpec::per_region); a robot task's
  // `where` is its pool.
  struct RobotPool {
    TaskQueue<TaskPool> queue;
    int busy = 0;
    Rng rng;
  };
  std::vector<RobotPool> robot_pools_;
  std::vector<int> robot_pool_of_unit_;  // by unit (scenario::robot_pools)

  bool started_ = false;
  bool finished_ = false;
  std::size_t max_steps_ = 1;
  engine::HugeVector<Alert> alerts_;    // by slot: hot state
  engine::HugeVector<AlertCold> cold_;  // by slot: record and loss event
  engine::HugeVector<StepState> step_states_;
  std::vector<std::uint32_t> free_slots_;
  TaskPool tasks_;
  std::vector<std::int32_t> free_tasks_;

  // Commands: every one scheduled (submitted or from the scenario's injects), by index; the
  // plans AssignStep commands made (rule index = rules.size() + i; a deque keeps them put);
  // and the log of the submitted ones.
  std::vector<Command> commands_;
  std::vector<std::uint64_t> command_sequence_;  // by index; 0 = a scenario inject
  std::deque<std::vector<scenario::StepSpec>> command_plans_;
  CommandLog log_;
  std::uint64_t next_sequence_ = 1;
  std::uint64_t inject_count_ = 0;  // names the streams of surges and injected alerts
  std::uint32_t task_serial_ = 0;   // patience and language fallback events' serials

  std::uint64_t entered_ = 0;
  std::uint64_t dissuaded_count_ = 0;
  std::uint64_t lost_count_ = 0;
  std::uint64_t not_paid_count_ = 0;
  std::uint64_t open_count_ = 0;
  std::uint64_t awaiting_count_ = 0;
  double amount_lost_ = 0;
  double amount_protected_ = 0;
};

}  // namespace hotline::model::detail
