// The hotline model's run-time state and event handlers. See docs/model.md for the semantics;
// the comments here say why the code is shaped as it is.
//
// Memory: alerts, their plan-step states and queued tasks live in slabs with free lists, so a
// warm run allocates nothing per event. Stale references (an event or task about an alert that
// has since closed, its slot reused) are detected by comparing the alert id.
#include "hotline/model/hotline_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "hotline/engine/huge_page_allocator.hpp"
#include "hotline/engine/random.hpp"
#include "hotline/engine/simulation.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/rate_profile.hpp"
#include "hotline/model/task_queue.hpp"
#include "hotline/model/weekly_roster.hpp"

namespace hotline::model {

namespace {

using engine::Duration;
using engine::EventHandle;
using engine::Rng;
using scenario::Channel;
using scenario::StepKind;

// Tie-break at equal times (declared order): staff changes first, so work arriving at a shift
// boundary sees the new roster; then completions, so a contact completing at the very
// millisecond of the deadline counts as in time; then losses; then arrivals; then timers.
enum Phase : std::uint8_t {
  kPhaseRoster = 0,
  kPhaseCompletion = 1,
  kPhaseLoss = 2,
  kPhaseArrival = 3,
  kPhaseTimer = 4,
};

struct ArrivalEv {
  std::int32_t fraud_type;
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
struct OfficerFreeEv {
  std::int32_t leaf;
};

using Event = std::variant<ArrivalEv, InboundEv, LossEv, RosterEv, ServiceDoneEv, RetryEv, SlaEv,
                           SmsDoneEv, RobotDoneEv, OfficerArriveEv, OfficerFreeEv>;

enum class TaskKind : std::uint8_t { call, push, inbound, robot, visit };
enum class TaskState : std::uint8_t { queued, in_service };
enum class CallResult : std::uint8_t { answered, unanswered, engaged };

struct Task {
  QueueLinks links;
  TaskKind kind = TaskKind::call;
  TaskState state = TaskState::queued;
  CallResult result = CallResult::answered;
  std::uint32_t slot = 0;
  std::int32_t step = -1;
  std::int32_t where = -1;  // desk index, or leaf unit for visits
  std::uint64_t alert_id = 0;
  SimTime enqueued;
  Duration duration{0};  // visits: one-way travel time; inbound: handling time
  std::int32_t inbound = -1;
};

using TaskPool = engine::HugeVector<Task>;

enum class StepStatus : std::uint8_t { idle, running, ended };

struct StepState {
  StepStatus status = StepStatus::idle;
  bool sla_done = false;   // its SLA target was decided (met or late) ...
  bool sla_met = false;    // ... and met
  bool escalated = false;  // its SLA timer fired and started the on_late steps
  std::int16_t attempts = 0;
  std::int32_t task = -1;
  std::int32_t push_level = 0;
  EventHandle timer;  // retry or sms completion
  EventHandle sla_event;
  SimTime started;
};

// An alert's state is split by temperature. Alert holds what the handlers of nearly every
// event read, in one cache line: with tens of thousands of alerts in flight (a national run)
// every touch of an alert is a cache miss, and the record's times and money used to spread
// that over three lines. AlertCold holds what is written at arrival and read or written again
// only when the alert closes. The SLA counters are not kept per alert at all: they are
// counted from the step states when the record is made (record()).
struct alignas(64) Alert {
  std::uint64_t id = 0;
  // This alert's own stream: call outcomes, talk and handling times, dissuasion, travel. Every
  // draw about the alert comes from here, so a what-if variant (another roster, another rule)
  // replays the same person and the same conversations: common random numbers stay in sync.
  Rng rng;
  SimTime first_contact = engine::kTimeNever;
  std::int32_t unit = 0;        // leaf (community) unit index
  std::int32_t rule = -1;       // index into Scenario::rules, -1 if none matched
  std::int32_t fraud_type = 0;  // index into Scenario::fraud_types
  std::uint8_t grade = 1;
  std::uint8_t language_code = 0;  // index into the model's language table (< 64)
  bool open = false;
};
static_assert(sizeof(Alert) == 64, "the hot alert state is one cache line");

struct AlertCold {
  AlertRecord rec;  // outcome, times and money; counters and first contact filled at close
  EventHandle loss_event;
};

// What a handler reads from a (large) DeskSpec or UnitSpec is copied into these compact
// records, and the handling-time distributions are shared (see Impl::shared): a national
// scenario has thousands of desks and tens of thousands of communities, and reaching into
// their specs cost a cache miss per call.
struct DeskState {
  TaskQueue<TaskPool> queue;
  int busy = 0;
  int staffed = 0;
  int queue_limit = -1;
  std::int32_t call_answered = 0;  // indices into Impl::dists_
  std::int32_t call_unanswered = 0;
  std::int32_t push = 0;
  std::uint64_t languages = 0;  // bit i: speaks language code i
  WeeklyRoster roster;
};

struct OfficerPool {
  TaskQueue<TaskPool> queue;
  int capacity = 0;
  int busy = 0;
  std::int32_t travel_time = 0;  // indices into Impl::dists_
  std::int32_t visit_duration = 0;
  double find_prob = 0;
};

struct ArrivalProcess {
  RateProfile profile;
  Rng times;
};

struct InboundProcess {
  RateProfile profile;
  Rng times;
  Rng handling;
  int source = 0;
  int desk = 0;
};

struct FraudTypeRuntime {
  ArrivalProcess arrivals;
  Rng attributes;
  std::uint64_t alert_seed_base = 0;
  std::uint64_t count = 0;
  int place = 0;  // index into Impl::places_
  engine::Categorical grade;
  engine::Categorical language;
  std::vector<int> language_codes;  // fraud type language index -> model language code
};

}  // namespace

class HotlineModel::Impl {
 public:
  Impl(const scenario::Scenario& s, std::uint64_t seed, std::uint64_t rep, Dispatcher& dispatcher)
      : s_(s),
        calendar_(s.clock.start),
        horizon_(engine::kTimeZero + s.clock.horizon),
        warmup_end_(engine::kTimeZero + s.clock.warmup),
        dispatcher_(&dispatcher) {
    build_units();
    build_desks();
    build_sources(seed, rep);
    robot_rng_ = Rng(seed, rep, "robot");
    for (const auto& r : s_.rules) max_steps_ = std::max<std::size_t>(max_steps_, r.plan.size());
    if (max_steps_ == 0) max_steps_ = 1;
  }

  void add_observer(Observer* o) { observers_.push_back(o); }

  void run_until(SimTime t) {
    // Started on the first run, not in the constructor, so observers attached after
    // construction see the initial rosters too.
    if (!started_) {
      started_ = true;
      for (Observer* o : observers_) {
        const TraceMask m = o->trace_kinds();
        if (m) tracers_.emplace_back(o, m);
        trace_mask_ |= m;
      }
      start();
    }
    if (t > horizon_) t = horizon_;
    sim_.run_until(t, [this](Event& e) { std::visit([this](auto& ev) { handle(ev); }, e); });
  }

  bool finish() {
    run_until(horizon_);
    // Alerts still open at the horizon, reported in id order.
    std::vector<std::uint32_t> open;
    for (std::uint32_t i = 0; i < alerts_.size(); ++i)
      if (alerts_[i].open) open.push_back(i);
    std::sort(open.begin(), open.end(),
              [this](std::uint32_t a, std::uint32_t b) { return alerts_[a].id < alerts_[b].id; });
    for (std::uint32_t slot : open) {
      cold_[slot].rec.outcome = Outcome::open;
      ++open_count_;
      const AlertRecord& rec = record(slot);
      for (Observer* o : observers_) o->on_alert_closed(rec);
    }
    for (Observer* o : observers_) o->on_run_end(horizon_);
    const bool ok = entered_ == dissuaded_count_ + lost_count_ + open_count_;
    assert(ok && "every alert ends in exactly one final state");
    return ok;
  }

  SimTime now() const { return sim_.now(); }
  SimTime horizon() const { return horizon_; }
  std::uint64_t events() const { return sim_.events_processed(); }
  const scenario::Scenario& scenario() const { return s_; }

 private:
  // ---------------------------------------------------------------- set-up
  void build_units() {
    const std::size_t n = s_.units.size();
    officers_.resize(n);
    for (std::size_t u = 0; u < n; ++u) {
      const auto& o = s_.units[u].officers;
      if (!s_.units[u].children.empty() || o.count <= 0) continue;
      OfficerPool& pool = officers_[u];
      pool.capacity = std::max(1, static_cast<int>(std::lround(o.count * o.availability)));
      pool.travel_time = shared(o.travel_time);
      pool.visit_duration = shared(o.visit_duration);
      pool.find_prob = o.find_prob;
    }
  }

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

  int language_code(const std::string& code) {
    auto it = std::find(languages_.begin(), languages_.end(), code);
    if (it != languages_.end()) return static_cast<int>(it - languages_.begin());
    languages_.push_back(code);
    return static_cast<int>(languages_.size() - 1);
  }

  void build_desks() {
    const std::size_t nunits = s_.units.size();
    desks_.resize(s_.desks.size());
    std::vector<std::int32_t> push_desk(nunits, -1);
    std::vector<std::vector<std::int32_t>> kind_desk(s_.desk_kinds.size(),
                                                     std::vector<std::int32_t>(nunits, -1));
    for (std::size_t d = 0; d < s_.desks.size(); ++d) {
      const auto& spec = s_.desks[d];
      DeskState& desk = desks_[d];
      desk.roster = WeeklyRoster(spec.shifts);
      desk.queue_limit = spec.queue_limit;
      desk.call_answered = shared(spec.handling.call_answered);
      desk.call_unanswered = shared(spec.handling.call_unanswered);
      desk.push = shared(spec.handling.push);
      for (const auto& l : spec.languages) desk.languages |= std::uint64_t{1} << language_code(l);
      kind_desk[spec.kind_index][spec.unit] = static_cast<std::int32_t>(d);
      if (spec.receives_pushes && push_desk[spec.unit] < 0)
        push_desk[spec.unit] = static_cast<std::int32_t>(d);
    }
    // Pre-order: a unit without its own desk of a kind uses its nearest ancestor's.
    for (auto& by_unit : kind_desk)
      for (std::size_t u = 1; u < nunits; ++u)
        if (by_unit[u] < 0) by_unit[u] = by_unit[s_.units[u].parent];
    build_unit_rows(push_desk, kind_desk);
  }

  // Everything the handlers look up about an alert's community, in one row per unit: its
  // ancestor at each level, the push-receiving desk of each of those ancestors, and the desk
  // of each kind that serves it. An alert's calls and push hops then read one cache line (rows
  // are 64-byte aligned when they fit one) instead of an ancestor table, a push-desk table and
  // a desk-kind table spread over tens of thousands of units.
  void build_unit_rows(const std::vector<std::int32_t>& push_desk,
                       const std::vector<std::vector<std::int32_t>>& kind_desk) {
    const std::size_t n = s_.units.size();
    levels_ = s_.levels.size();
    const std::size_t need = 2 * levels_ + kind_desk.size();
    constexpr std::size_t kLine = 64 / sizeof(std::int32_t);
    row_width_ = need <= kLine ? kLine : (need + kLine - 1) / kLine * kLine;
    unit_rows_.assign(n * row_width_ + kLine, -1);
    const auto addr = reinterpret_cast<std::uintptr_t>(unit_rows_.data());
    row_base_ = (64 - addr % 64) % 64 / sizeof(std::int32_t);
    for (std::size_t u = 0; u < n; ++u) {
      const auto& unit = s_.units[u];
      std::int32_t* row = unit_row(static_cast<int>(u));
      if (unit.parent >= 0) {
        const std::int32_t* up = unit_row(unit.parent);
        for (std::size_t l = 0; l < 2 * levels_; ++l) row[l] = up[l];
      }
      row[unit.level] = static_cast<std::int32_t>(u);
      row[levels_ + unit.level] = push_desk[u];
      for (std::size_t k = 0; k < kind_desk.size(); ++k) row[2 * levels_ + k] = kind_desk[k][u];
    }
  }
  std::int32_t* unit_row(int unit) {
    return unit_rows_.data() + row_base_ + static_cast<std::size_t>(unit) * row_width_;
  }
  // The unit's ancestor at `level` (itself at its own level).
  int ancestor_at_level(int unit, int level) { return unit_row(unit)[level]; }
  // The push-receiving desk of the unit's ancestor at `level`, or -1.
  int push_desk_at_level(int unit, int level) { return unit_row(unit)[levels_ + level]; }
  // The nearest desk of a kind serving the unit (its own or an ancestor's), or -1.
  int kind_desk(int kind, int unit) { return unit_row(unit)[2 * levels_ + kind]; }

  std::vector<SurgeWindow> surges_for(int fraud_type) const {
    std::vector<SurgeWindow> out;
    for (const auto& sg : s_.surges) {
      if (fraud_type >= 0 && !sg.fraud_types.empty() &&
          std::find(sg.fraud_types.begin(), sg.fraud_types.end(), fraud_type) ==
              sg.fraud_types.end())
        continue;
      if (fraud_type < 0) continue;  // surges apply to alert sources only
      out.push_back({calendar_.to_sim(sg.start), calendar_.to_sim(sg.end), sg.multiplier});
    }
    return out;
  }

  void build_sources(std::uint64_t seed, std::uint64_t rep) {
    types_.resize(s_.fraud_types.size());
    for (std::size_t k = 0; k < s_.fraud_types.size(); ++k) {
      const auto& ft = s_.fraud_types[k];
      FraudTypeRuntime& rt = types_[k];
      rt.arrivals.profile = RateProfile(ft.rate_per_day, ft.hour_profile, ft.weekday_profile,
                                        surges_for(static_cast<int>(k)), calendar_);
      rt.arrivals.times = Rng(seed, rep, "arrivals/type=" + ft.id);
      rt.attributes = Rng(seed, rep, "attributes/type=" + ft.id);
      rt.alert_seed_base = engine::stream_seed(seed, rep, "alert/type=" + ft.id);
      build_places(ft, rt);
      rt.grade = engine::Categorical(std::vector<double>(ft.grade_mix.begin(), ft.grade_mix.end()));
      if (ft.language_weights.empty()) {
        rt.language = engine::Categorical(std::vector<double>{1.0});
        rt.language_codes.push_back(language_code("zh"));
      } else {
        rt.language = engine::Categorical(ft.language_weights);
        for (const auto& l : ft.languages) rt.language_codes.push_back(language_code(l));
      }
    }
    for (std::size_t i = 0; i < s_.inbound.size(); ++i) {
      const auto& in = s_.inbound[i];
      for (std::size_t d = 0; d < s_.desks.size(); ++d) {
        if (s_.desks[d].kind_index != in.desk_kind) continue;
        InboundProcess p;
        p.profile =
            RateProfile(in.rate_per_day, in.hour_profile, in.weekday_profile, {}, calendar_);
        p.times = Rng(seed, rep, "inbound/" + in.id + "/desk=" + s_.desks[d].id);
        p.handling = Rng(seed, rep, "inbound-handling/" + in.id + "/desk=" + s_.desks[d].id);
        p.source = static_cast<int>(i);
        p.desk = static_cast<int>(d);
        inbound_.push_back(std::move(p));
      }
    }
  }

  void start() {
    for (std::size_t d = 0; d < desks_.size(); ++d) {
      DeskState& desk = desks_[d];
      desk.staffed = desk.roster.headcount_at(calendar_.ms_of_week(engine::kTimeZero));
      emit(
          {.time = now(), .kind = TraceKind::roster_change, .desk = int(d), .value = desk.staffed});
      schedule_roster(static_cast<int>(d));
    }
    for (std::size_t k = 0; k < types_.size(); ++k) schedule_arrival(static_cast<int>(k));
    for (std::size_t i = 0; i < inbound_.size(); ++i) schedule_inbound(static_cast<int>(i));
  }

  // ---------------------------------------------------------------- helpers
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

  Alert* live(std::uint32_t slot, std::uint64_t id) {
    Alert& a = alerts_[slot];
    return (a.id == id && a.open) ? &a : nullptr;
  }

  StepState& step_state(std::uint32_t slot, int step) { return steps_[slot * max_steps_ + step]; }
  const scenario::StepSpec& step_spec(const Alert& a, int step) const {
    return s_.rules[a.rule].plan[step];
  }

  std::size_t plan_size(const Alert& a) const {
    return a.rule >= 0 ? s_.rules[a.rule].plan.size() : 0;
  }

  // The alert's record for the observers: the cold part, completed with the first contact
  // and the SLA counters, which are counted from the step states (each step runs at most once,
  // so counting at the end equals counting as they happen).
  const AlertRecord& record(std::uint32_t slot) {
    const Alert& a = alerts_[slot];
    AlertRecord& rec = cold_[slot].rec;
    rec.first_contact = a.first_contact;
    rec.sla_steps = rec.sla_met = rec.escalations = 0;
    const std::size_t nsteps = plan_size(a);
    for (std::size_t i = 0; i < nsteps; ++i) {
      const StepState& st = step_state(slot, static_cast<int>(i));
      rec.sla_steps += st.sla_done;
      rec.sla_met += st.sla_met;
      rec.escalations += st.escalated;
    }
    return rec;
  }

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

  std::uint32_t new_alert_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t s = free_slots_.back();
      free_slots_.pop_back();
      return s;
    }
    alerts_.emplace_back();
    cold_.emplace_back();
    steps_.resize(alerts_.size() * max_steps_);
    return static_cast<std::uint32_t>(alerts_.size() - 1);
  }

  // The probability of each leaf for a fraud type: `where` units by weight (the root if none),
  // then down the tree by the children's weights. One alias table over the leaves makes the
  // draw O(1), with one memory read instead of a cache miss per level of the tree. Types with
  // the same `where` share one table: in the national scenario six types would otherwise keep
  // six identical 440 KB tables, and the draw (a cache miss each) was a tenth of the run.
  void build_places(const scenario::FraudTypeSpec& ft, FraudTypeRuntime& rt) {
    for (std::size_t k = 0; &s_.fraud_types[k] != &ft; ++k)
      if (s_.fraud_types[k].where_units == ft.where_units &&
          s_.fraud_types[k].where_weights == ft.where_weights) {
        rt.place = types_[k].place;
        return;
      }
    std::vector<double> mass(s_.units.size(), 0.0);
    std::vector<int> start = ft.where_units;
    std::vector<double> weight = ft.where_weights;
    if (start.empty()) {
      start = {0};
      weight = {1.0};
    }
    double total = 0;
    for (double w : weight) total += w;
    std::vector<std::pair<int, double>> stack;
    for (std::size_t i = 0; i < start.size(); ++i) stack.emplace_back(start[i], weight[i] / total);
    while (!stack.empty()) {
      const auto [u, m] = stack.back();
      stack.pop_back();
      const auto& unit = s_.units[u];
      if (unit.children.empty()) {
        mass[u] += m;
        continue;
      }
      double sum = 0;
      for (int c : unit.children) sum += s_.units[c].weight;
      for (int c : unit.children) stack.emplace_back(c, m * s_.units[c].weight / sum);
    }
    std::vector<double> p;
    std::vector<std::uint32_t> leaves;
    for (std::size_t u = 0; u < mass.size(); ++u)
      if (mass[u] > 0) {
        leaves.push_back(static_cast<std::uint32_t>(u));
        p.push_back(mass[u]);
      }
    places_.emplace_back(p);
    places_.back().relabel(leaves);
    rt.place = static_cast<int>(places_.size() - 1);
  }

  // Every event goes through these two. An event at or after the horizon would never run, so
  // it is not scheduled at all (its handle stays invalid, cancelling it is a no-op): a loss
  // deadline or a timer beyond the horizon would otherwise sit in the heap for the rest of the
  // run, and a long run would keep one such key per alert. Skipping them leaves the relative
  // order of the remaining events, and so the trace, unchanged.
  EventHandle schedule_at(SimTime t, Event e, Phase phase) {
    if (t >= horizon_) return EventHandle{};
    return sim_.schedule_at(t, std::move(e), phase);
  }
  EventHandle schedule_in(Duration d, Event e, Phase phase) {
    return schedule_at(now() + d, std::move(e), phase);
  }

  void schedule_roster(int d) {
    const SimTime next = desks_[d].roster.next_change(now(), calendar_);
    if (next < horizon_) schedule_at(next, RosterEv{d}, kPhaseRoster);
  }

  void schedule_arrival(int k) {
    FraudTypeRuntime& rt = types_[k];
    const SimTime t = rt.arrivals.profile.next_arrival(now(), rt.arrivals.times, horizon_);
    if (t != engine::kTimeNever) schedule_at(t, ArrivalEv{k}, kPhaseArrival);
  }

  void schedule_inbound(int i) {
    InboundProcess& p = inbound_[i];
    const SimTime t = p.profile.next_arrival(now(), p.times, horizon_);
    if (t != engine::kTimeNever) schedule_at(t, InboundEv{i}, kPhaseArrival);
  }

  // ---------------------------------------------------------------- arrivals
  void handle(ArrivalEv& ev) {
    const int k = ev.fraud_type;
    const auto& ft = s_.fraud_types[k];
    FraudTypeRuntime& rt = types_[k];
    Rng& r = rt.attributes;
    // Attribute draws in a fixed order from the type's own stream, so every variant of a
    // scenario sees the same alerts (common random numbers).
    const int unit = static_cast<int>(places_[rt.place].sample(r));
    // The community's row is read when the plan's first call or push is queued, after the
    // draws and the dispatcher below: start fetching it now (a cache miss in a national run).
    __builtin_prefetch(unit_row(unit));
    const int grade = static_cast<int>(rt.grade.sample(r)) + 1;
    const double amount = ft.amount.sample(r);
    const Duration ttl = engine::duration_from_ms(ft.time_to_loss[grade - 1].sample(r));
    const int lang = static_cast<int>(rt.language.sample(r));
    std::uint64_t seed_state = rt.alert_seed_base + rt.count++ * 0x9e3779b97f4a7c15ULL;

    const std::uint32_t slot = new_alert_slot();
    Alert& a = alerts_[slot];
    a.id = ++entered_;
    a.open = true;
    a.rng = Rng(engine::splitmix64(seed_state));
    a.first_contact = engine::kTimeNever;
    a.unit = unit;
    a.fraud_type = k;
    a.grade = static_cast<std::uint8_t>(grade);
    a.language_code = static_cast<std::uint8_t>(rt.language_codes[lang]);
    AlertCold& cold = cold_[slot];
    AlertRecord& rec = cold.rec;
    rec = AlertRecord{};
    rec.id = a.id;
    rec.fraud_type = k;
    rec.grade = grade;
    rec.unit = unit;
    rec.language = lang;
    rec.arrival = now();
    rec.deadline = now() + ttl;
    rec.amount = amount;
    rec.counted = now() >= warmup_end_;
    for (std::size_t i = 0; i < max_steps_; ++i)
      step_state(slot, static_cast<int>(i)) = StepState{};
    emit({.time = now(),
          .kind = TraceKind::alert_arrival,
          .alert = a.id,
          .unit = unit,
          .value = grade});

    const AlertView view{.id = a.id,
                         .fraud_type = k,
                         .grade = grade,
                         .amount = amount,
                         .leaf_unit = unit,
                         .hour_of_day = calendar_.hour_of_day(now()),
                         .language = lang,
                         .rule = -1,
                         .arrival = now()};
    const Decision decision = dispatcher_->on_arrival(view);
    const int rule = decision.kind == Decision::Kind::plan ? decision.rule : -1;
    a.rule = rule;
    rec.rule = rule;
    cold.loss_event = schedule_at(rec.deadline, LossEv{slot, a.id}, kPhaseLoss);
    if (rule >= 0) {
      emit({.time = now(), .kind = TraceKind::rule_matched, .alert = a.id, .step = rule});
      const auto& plan = s_.rules[rule].plan;
      for (std::size_t i = 0; i < plan.size(); ++i)
        if (plan[i].at_arrival) start_step(slot, static_cast<int>(i));
    }
    schedule_arrival(k);
  }

  void handle(InboundEv& ev) {
    InboundProcess& p = inbound_[ev.process];
    const int d = p.desk;
    emit({.time = now(), .kind = TraceKind::inbound_arrival, .desk = d});
    const std::int32_t t = new_task(TaskKind::inbound);
    tasks_[t].where = d;
    tasks_[t].inbound = p.source;
    tasks_[t].duration = engine::duration_from_ms(s_.inbound[p.source].handling.sample(p.handling));
    enqueue_at_desk(d, t, s_.inbound[p.source].priority);
    schedule_inbound(ev.process);
  }

  // ---------------------------------------------------------------- plan steps
  void start_step(std::uint32_t slot, int step) {
    Alert& a = alerts_[slot];
    if (!a.open) return;
    StepState& st = step_state(slot, step);
    if (st.status != StepStatus::idle) return;  // started already (by two triggers)
    const auto& spec = step_spec(a, step);
    st.status = StepStatus::running;
    st.started = now();
    emit({.time = now(), .kind = TraceKind::step_start, .alert = a.id, .step = step});
    // A timer is needed only where lateness must act at the deadline (on_late steps start
    // then). Otherwise whether the target was met is decided when the goal is reached, the
    // step ends or the alert closes: same KPIs, and no timer scheduled and cancelled per step.
    if (spec.sla > Duration{0} && !spec.on_late.empty())
      st.sla_event = schedule_at(now() + spec.sla, SlaEv{slot, step, a.id}, kPhaseTimer);
    switch (spec.kind) {
      case StepKind::sms: {
        const Duration delay = engine::duration_from_ms(s_.sms.delay.sample(a.rng));
        st.timer = schedule_at(now() + delay, SmsDoneEv{slot, step, a.id}, kPhaseCompletion);
        break;
      }
      case StepKind::robot_call: {
        if (s_.robot.lines <= 0) return end_step(slot, step);
        const std::int32_t t = make_alert_task(TaskKind::robot, slot, step, -1);
        st.task = t;
        robot_queue_.push(tasks_, t, priority_of(a, spec));
        try_robot();
        break;
      }
      case StepKind::call:
        enqueue_call(slot, step);
        break;
      case StepKind::push:
        st.push_level = 1;
        advance_push(slot, step);
        break;
      case StepKind::visit: {
        const int leaf = a.unit;
        if (officers_[leaf].capacity <= 0) return end_step(slot, step);
        const std::int32_t t = make_alert_task(TaskKind::visit, slot, step, leaf);
        st.task = t;
        officers_[leaf].queue.push(tasks_, t, priority_of(a, spec));
        try_officers(leaf);
        break;
      }
    }
  }

  static int priority_of(const Alert& a, const scenario::StepSpec& spec) {
    return spec.priority > 0 ? spec.priority : a.grade;
  }

  std::int32_t make_alert_task(TaskKind kind, std::uint32_t slot, int step, int where) {
    const std::int32_t t = new_task(kind);
    Task& task = tasks_[t];
    task.slot = slot;
    task.step = step;
    task.alert_id = alerts_[slot].id;
    task.where = where;
    return t;
  }

  // A step ended without dissuading: start its `next` steps.
  void end_step(std::uint32_t slot, int step) {
    Alert& a = alerts_[slot];
    StepState& st = step_state(slot, step);
    if (st.status != StepStatus::running) return;
    st.status = StepStatus::ended;
    st.task = -1;
    if (!st.sla_done && step_spec(a, step).sla > Duration{0}) {
      // Ended before reaching its goal (e.g. no officer): the target was missed, but the
      // `next` steps below take over, so no escalation fires.
      st.sla_done = true;
      sim_.cancel(st.sla_event);
      emit({.time = now(), .kind = TraceKind::sla_late, .alert = a.id, .step = step, .value = 0});
    }
    emit({.time = now(), .kind = TraceKind::step_end, .alert = a.id, .step = step});
    for (int n : step_spec(a, step).next) start_step(slot, n);
  }

  void sla_reached(std::uint32_t slot, int step) {
    Alert& a = alerts_[slot];
    StepState& st = step_state(slot, step);
    if (st.sla_done || step_spec(a, step).sla <= Duration{0}) return;
    st.sla_done = true;
    sim_.cancel(st.sla_event);
    if (now() - st.started <= step_spec(a, step).sla) {
      st.sla_met = true;
      emit({.time = now(), .kind = TraceKind::sla_met, .alert = a.id, .step = step});
    } else {
      // Late, and no on_late steps to start: recorded when the outcome is known.
      emit({.time = now(), .kind = TraceKind::sla_late, .alert = a.id, .step = step, .value = 0});
    }
  }

  void handle(SlaEv& ev) {
    Alert* a = live(ev.slot, ev.id);
    if (!a) return;
    StepState& st = step_state(ev.slot, ev.step);
    if (st.sla_done || st.status != StepStatus::running) return;
    st.sla_done = true;
    st.escalated = true;
    emit({.time = now(), .kind = TraceKind::sla_late, .alert = a->id, .step = ev.step, .value = 1});
    for (int n : step_spec(*a, ev.step).on_late) start_step(ev.slot, n);
  }

  // ---------------------------------------------------------------- desks
  void enqueue_call(std::uint32_t slot, int step) {
    Alert& a = alerts_[slot];
    const auto& spec = step_spec(a, step);
    const int d = kind_desk(spec.desk_kind, a.unit);
    assert(d >= 0 && "the loader guarantees every leaf reaches the call's desk");
    const std::int32_t t = make_alert_task(TaskKind::call, slot, step, d);
    step_state(slot, step).task = t;
    enqueue_at_desk(d, t, priority_of(a, spec));
  }

  void enqueue_at_desk(int d, std::int32_t t, int priority) {
    Task& task = tasks_[t];
    const DeskState& desk = desks_[d];
    const int limit = desk.queue_limit;
    if (limit >= 0 && task.kind != TaskKind::push && desk.busy >= desk.staffed &&
        desk.queue.size() >= limit) {
      const std::uint32_t slot = task.slot;
      const int step = task.step;
      const TaskKind kind = task.kind;
      emit({.time = now(), .kind = TraceKind::blocked, .alert = task.alert_id, .desk = d});
      free_task(t);
      if (kind == TaskKind::call) {
        step_state(slot, step).task = -1;
        ++step_state(slot, step).attempts;
        retry_or_end(slot, step);
      }
      return;
    }
    task.where = d;
    task.enqueued = now();
    task.state = TaskState::queued;
    desks_[d].queue.push(tasks_, t, priority);
    emit({.time = now(),
          .kind = TraceKind::enqueue,
          .alert = task.alert_id,
          .desk = d,
          .value = TaskQueue<TaskPool>::clamp_priority(priority)});
    try_serve(d);
  }

  void try_serve(int d) {
    DeskState& desk = desks_[d];
    while (desk.busy < desk.staffed && !desk.queue.empty())
      start_service(d, desk.queue.pop(tasks_));
  }

  void start_service(int d, std::int32_t t) {
    DeskState& desk = desks_[d];
    Task& task = tasks_[t];
    ++desk.busy;
    task.state = TaskState::in_service;
    emit({.time = now(),
          .kind = TraceKind::service_start,
          .alert = task.alert_id,
          .desk = d,
          .wait_ms = engine::ticks(now() - task.enqueued)});
    double ms = 0;
    switch (task.kind) {
      case TaskKind::inbound:
        ms = static_cast<double>(engine::ticks(task.duration));  // drawn at arrival
        break;
      case TaskKind::push:
        ms = dists_[desk.push].sample(alerts_[task.slot].rng);
        break;
      case TaskKind::call: {
        Alert& a = alerts_[task.slot];
        const auto& ft = s_.fraud_types[a.fraud_type];
        if (step_state(task.slot, task.step).attempts == 0) sla_reached(task.slot, task.step);
        if (step_spec(a, task.step).family) {
          task.result = engine::sample_bernoulli(a.rng, ft.family_reach_prob)
                            ? CallResult::answered
                            : CallResult::unanswered;
        } else if (engine::sample_bernoulli(a.rng, ft.engaged_prob)) {
          task.result = CallResult::engaged;
        } else {
          task.result = engine::sample_bernoulli(a.rng, ft.answer_prob) ? CallResult::answered
                                                                        : CallResult::unanswered;
        }
        ms = dists_[task.result == CallResult::answered ? desk.call_answered : desk.call_unanswered]
                 .sample(a.rng);
        break;
      }
      case TaskKind::robot:
      case TaskKind::visit:
        assert(false);
        break;
    }
    schedule_in(engine::duration_from_ms(ms), ServiceDoneEv{d, t}, kPhaseCompletion);
  }

  void handle(ServiceDoneEv& ev) {
    const int d = ev.desk;
    DeskState& desk = desks_[d];
    --desk.busy;
    const Task task = tasks_[ev.task];
    free_task(ev.task);
    emit({.time = now(), .kind = TraceKind::service_end, .alert = task.alert_id, .desk = d});
    if (Alert* a = task.kind == TaskKind::inbound ? nullptr : live(task.slot, task.alert_id)) {
      StepState& st = step_state(task.slot, task.step);
      st.task = -1;
      if (task.kind == TaskKind::push) {
        advance_push(task.slot, task.step);
      } else {
        finish_call(*a, task, d);
      }
    }
    // An operator whose shift ended finishes the call and leaves: busy may exceed staffed.
    try_serve(d);
  }

  void finish_call(Alert& a, const Task& task, int d) {
    const std::uint32_t slot = task.slot;
    const int step = task.step;
    const auto& spec = step_spec(a, step);
    StepState& st = step_state(slot, step);
    ++st.attempts;
    if (task.result == CallResult::answered) {
      emit({.time = now(),
            .kind = TraceKind::call_answered,
            .alert = a.id,
            .desk = d,
            .step = step});
      const Channel ch = spec.family ? Channel::family : Channel::phone;
      double p = s_.dissuasion.prob[static_cast<int>(ch)][a.fraud_type];
      assert(a.language_code < 64 && "the loader allows at most 64 language codes");
      if (!(desks_[d].languages & (std::uint64_t{1} << a.language_code)))
        p *= s_.dissuasion.language_mismatch;
      contact(a, step);
      if (engine::sample_bernoulli(a.rng, p)) return dissuade(slot, step, ch);
      return end_step(slot, step);
    }
    emit({.time = now(),
          .kind = task.result == CallResult::engaged ? TraceKind::call_engaged
                                                     : TraceKind::call_unanswered,
          .alert = a.id,
          .desk = d,
          .step = step});
    retry_or_end(slot, step);
  }

  // A call attempt did not get through: try again after the interval, or give up.
  void retry_or_end(std::uint32_t slot, int step) {
    const Alert& a = alerts_[slot];
    const auto& spec = step_spec(a, step);
    StepState& st = step_state(slot, step);
    if (st.attempts < spec.attempts) {
      st.timer = schedule_at(now() + spec.retry_interval, RetryEv{slot, step, a.id}, kPhaseTimer);
    } else {
      end_step(slot, step);
    }
  }

  void handle(RetryEv& ev) {
    if (!live(ev.slot, ev.id)) return;
    if (step_state(ev.slot, ev.step).status != StepStatus::running) return;
    enqueue_call(ev.slot, ev.step);
  }

  void advance_push(std::uint32_t slot, int step) {
    Alert& a = alerts_[slot];
    StepState& st = step_state(slot, step);
    const int target = step_spec(a, step).to_level;
    // Hop down the chain; a unit without a push-receiving desk passes the alert on at once.
    while (st.push_level <= target) {
      const int d = push_desk_at_level(a.unit, st.push_level);
      ++st.push_level;
      if (d >= 0) {
        const std::int32_t t = make_alert_task(TaskKind::push, slot, step, d);
        st.task = t;
        enqueue_at_desk(d, t, priority_of(a, step_spec(a, step)));
        return;
      }
    }
    emit({.time = now(),
          .kind = TraceKind::push_delivered,
          .alert = a.id,
          .unit = ancestor_at_level(a.unit, target),
          .step = step});
    sla_reached(slot, step);
    end_step(slot, step);
  }

  void handle(RosterEv& ev) {
    DeskState& desk = desks_[ev.desk];
    const int next = desk.roster.headcount_at(calendar_.ms_of_week(now()));
    if (next != desk.staffed) {
      desk.staffed = next;
      emit({.time = now(), .kind = TraceKind::roster_change, .desk = ev.desk, .value = next});
      try_serve(ev.desk);
    }
    schedule_roster(ev.desk);
  }

  // ---------------------------------------------------------------- sms, robot, officers
  void handle(SmsDoneEv& ev) {
    Alert* a = live(ev.slot, ev.id);
    if (!a) return;
    emit({.time = now(), .kind = TraceKind::sms_sent, .alert = a->id, .step = ev.step});
    sla_reached(ev.slot, ev.step);
    const double p = s_.dissuasion.prob[static_cast<int>(Channel::sms)][a->fraud_type];
    if (engine::sample_bernoulli(a->rng, p)) return dissuade(ev.slot, ev.step, Channel::sms);
    end_step(ev.slot, ev.step);
  }

  void try_robot() {
    while (robot_busy_ < s_.robot.lines && !robot_queue_.empty()) {
      const std::int32_t t = robot_queue_.pop(tasks_);
      ++robot_busy_;
      tasks_[t].state = TaskState::in_service;
      const double ms = s_.robot.duration.sample(robot_rng_);
      schedule_in(engine::duration_from_ms(ms), RobotDoneEv{t}, kPhaseCompletion);
    }
  }

  void handle(RobotDoneEv& ev) {
    --robot_busy_;
    const Task task = tasks_[ev.task];
    free_task(ev.task);
    if (Alert* a = live(task.slot, task.alert_id)) {
      step_state(task.slot, task.step).task = -1;
      emit({.time = now(), .kind = TraceKind::robot_call, .alert = a->id, .step = task.step});
      sla_reached(task.slot, task.step);
      const auto& ft = s_.fraud_types[a->fraud_type];
      const bool reached = !engine::sample_bernoulli(a->rng, ft.engaged_prob) &&
                           engine::sample_bernoulli(a->rng, ft.answer_prob);
      const double p = s_.dissuasion.prob[static_cast<int>(Channel::robot_call)][a->fraud_type];
      if (reached && engine::sample_bernoulli(a->rng, p))
        dissuade(task.slot, task.step, Channel::robot_call);
      else
        end_step(task.slot, task.step);
    }
    try_robot();
  }

  void try_officers(int leaf) {
    OfficerPool& pool = officers_[leaf];
    while (pool.busy < pool.capacity && !pool.queue.empty()) {
      const std::int32_t t = pool.queue.pop(tasks_);
      Task& task = tasks_[t];
      ++pool.busy;
      task.state = TaskState::in_service;
      Alert& a = alerts_[task.slot];
      task.duration = engine::duration_from_ms(dists_[pool.travel_time].sample(a.rng));
      emit({.time = now(),
            .kind = TraceKind::officer_dispatched,
            .alert = a.id,
            .unit = leaf,
            .step = task.step});
      schedule_in(task.duration, OfficerArriveEv{t}, kPhaseCompletion);
    }
  }

  void handle(OfficerArriveEv& ev) {
    const Task task = tasks_[ev.task];
    free_task(ev.task);
    const int leaf = task.where;
    Duration busy_for = task.duration;  // the way back
    if (Alert* a = live(task.slot, task.alert_id)) {
      const OfficerPool& pool = officers_[leaf];
      step_state(task.slot, task.step).task = -1;
      emit({.time = now(),
            .kind = TraceKind::visit_on_site,
            .alert = a->id,
            .unit = leaf,
            .step = task.step});
      sla_reached(task.slot, task.step);
      if (engine::sample_bernoulli(a->rng, pool.find_prob)) {
        busy_for += engine::duration_from_ms(dists_[pool.visit_duration].sample(a->rng));
        contact(*a, task.step);
        const double p = s_.dissuasion.prob[static_cast<int>(Channel::visit)][a->fraud_type];
        if (engine::sample_bernoulli(a->rng, p))
          dissuade(task.slot, task.step, Channel::visit);
        else
          end_step(task.slot, task.step);
      } else {
        end_step(task.slot, task.step);
      }
    }
    schedule_in(busy_for, OfficerFreeEv{leaf}, kPhaseCompletion);
  }

  void handle(OfficerFreeEv& ev) {
    --officers_[ev.leaf].busy;
    emit({.time = now(), .kind = TraceKind::officer_free, .unit = ev.leaf});
    try_officers(ev.leaf);
  }

  // ---------------------------------------------------------------- outcomes
  void contact(Alert& a, int step) {
    if (a.first_contact != engine::kTimeNever) return;
    a.first_contact = now();
    emit({.time = now(), .kind = TraceKind::contact, .alert = a.id, .step = step});
  }

  void dissuade(std::uint32_t slot, int step, Channel ch) {
    Alert& a = alerts_[slot];
    StepState& st = step_state(slot, step);
    st.status = StepStatus::ended;
    AlertCold& cold = cold_[slot];
    cold.rec.channel = static_cast<int>(ch);
    cold.rec.outcome = Outcome::dissuaded;
    emit({.time = now(),
          .kind = TraceKind::dissuaded,
          .alert = a.id,
          .step = step,
          .value = static_cast<int>(ch)});
    sim_.cancel(cold.loss_event);
    ++dissuaded_count_;
    close(slot);
  }

  void handle(LossEv& ev) {
    Alert* a = live(ev.slot, ev.id);
    if (!a) return;
    AlertRecord& rec = cold_[ev.slot].rec;
    rec.outcome = Outcome::lost;
    rec.loss = rec.amount;
    emit({.time = now(), .kind = TraceKind::lost, .alert = a->id, .unit = a->unit});
    ++lost_count_;
    close(ev.slot);
  }

  // The alert reached its final state: cancel its pending work. Tasks already being served
  // (an operator mid-call, an officer on the road) run to their end; their handlers see the
  // alert closed and do nothing more.
  void close(std::uint32_t slot) {
    Alert& a = alerts_[slot];
    a.open = false;
    cold_[slot].rec.closed = now();
    const std::size_t nsteps = plan_size(a);
    for (std::size_t i = 0; i < nsteps; ++i) {
      StepState& st = step_state(slot, static_cast<int>(i));
      if (st.status != StepStatus::running) continue;
      st.status = StepStatus::ended;
      // A step whose deadline passed unnoticed (no timer: no on_late steps) was late; one cut
      // short before its deadline is not counted either way.
      if (!st.sla_done && step_spec(a, static_cast<int>(i)).sla > Duration{0} &&
          now() - st.started > step_spec(a, static_cast<int>(i)).sla) {
        st.sla_done = true;
        emit({.time = now(),
              .kind = TraceKind::sla_late,
              .alert = a.id,
              .step = static_cast<int>(i),
              .value = 0});
      }
      sim_.cancel(st.sla_event);
      sim_.cancel(st.timer);
      if (st.task >= 0 && tasks_[st.task].state == TaskState::queued) {
        Task& task = tasks_[st.task];
        switch (task.kind) {
          case TaskKind::call:
          case TaskKind::push:
            desks_[task.where].queue.remove(tasks_, st.task);
            emit({.time = now(),
                  .kind = TraceKind::dequeue_expired,
                  .alert = a.id,
                  .desk = task.where,
                  .wait_ms = engine::ticks(now() - task.enqueued)});
            break;
          case TaskKind::robot:
            robot_queue_.remove(tasks_, st.task);
            break;
          case TaskKind::visit:
            officers_[task.where].queue.remove(tasks_, st.task);
            break;
          case TaskKind::inbound:
            break;
        }
        free_task(st.task);
      }
      st.task = -1;
    }
    const AlertRecord& rec = record(slot);
    for (Observer* o : observers_) o->on_alert_closed(rec);
    free_slots_.push_back(slot);
  }

  // ---------------------------------------------------------------- data
  const scenario::Scenario& s_;
  engine::Calendar calendar_;
  SimTime horizon_;
  SimTime warmup_end_;
  engine::Simulation<Event> sim_;
  Dispatcher* dispatcher_;
  std::vector<Observer*> observers_;
  std::vector<std::pair<Observer*, TraceMask>> tracers_;  // observers with their trace kinds
  TraceMask trace_mask_ = 0;                              // union of the tracers' kinds

  std::vector<engine::Distribution> dists_;  // shared copies, see shared()
  std::unordered_map<std::size_t, std::vector<std::int32_t>> dist_index_;  // by hash()
  std::size_t levels_ = 0;
  engine::HugeVector<std::int32_t> unit_rows_;  // see build_unit_rows
  std::size_t row_width_ = 0;
  std::size_t row_base_ = 0;  // first element of row 0: 64-byte aligned
  engine::HugeVector<OfficerPool> officers_;
  std::vector<DeskState> desks_;
  std::vector<std::string> languages_;
  std::vector<FraudTypeRuntime> types_;
  std::vector<engine::Categorical> places_;  // alert placement tables, see build_places
  std::vector<InboundProcess> inbound_;
  TaskQueue<TaskPool> robot_queue_;
  int robot_busy_ = 0;
  Rng robot_rng_;

  bool started_ = false;
  std::size_t max_steps_ = 1;
  engine::HugeVector<Alert> alerts_;    // by slot: hot state
  engine::HugeVector<AlertCold> cold_;  // by slot: record and loss event
  engine::HugeVector<StepState> steps_;
  std::vector<std::uint32_t> free_slots_;
  TaskPool tasks_;
  std::vector<std::int32_t> free_tasks_;

  std::uint64_t entered_ = 0;
  std::uint64_t dissuaded_count_ = 0;
  std::uint64_t lost_count_ = 0;
  std::uint64_t open_count_ = 0;
};

HotlineModel::HotlineModel(const scenario::Scenario& scenario, std::uint64_t seed,
                           std::uint64_t replication, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(scenario, seed, replication, dispatcher)) {}
HotlineModel::~HotlineModel() = default;
void HotlineModel::add_observer(Observer* observer) {
  impl_->add_observer(observer);
}
void HotlineModel::run_until(SimTime t) {
  impl_->run_until(t);
}
bool HotlineModel::finish() {
  return impl_->finish();
}
SimTime HotlineModel::now() const {
  return impl_->now();
}
SimTime HotlineModel::horizon() const {
  return impl_->horizon();
}
std::uint64_t HotlineModel::events_processed() const {
  return impl_->events();
}
const scenario::Scenario& HotlineModel::scenario() const {
  return impl_->scenario();
}

}  // namespace hotline::model
