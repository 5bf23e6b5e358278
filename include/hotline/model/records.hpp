// What the model tells its observers: one TraceRecord per state change, and one AlertRecord
// when an alert reaches its final state. Observers (metrics, writers) never change the run.
#pragma once

#include <cstdint>
#include <string_view>

#include "hotline/engine/time.hpp"
#include "hotline/model/snapshot.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model {

using engine::SimTime;

// dissuaded: talked out of paying (whether or not they would have paid);
// lost: the person transferred the money (only people who would have paid);
// not_paid: the person's moment passed without a transfer: they would not have paid anyway
//           (AlertRecord::would_pay false) and nobody dissuaded them first;
// open: still undecided when the run ended.
enum class Outcome : std::uint8_t { dissuaded, lost, open, not_paid };
std::string_view to_string(Outcome o);

// Where an alert was when it was lost (or its moment passed): with a task waiting in a queue
// (desk, officers, robot lines), in a plan step otherwise (a call ringing, a retry pending, an
// officer on the road, a conversation that did not dissuade), after its plan ran out (or it
// never had one), or awaiting a dispatcher's decision. none for alerts not lost.
enum class LossWhere : std::uint8_t { none, queue, step, after_plan, awaiting };
std::string_view to_string(LossWhere w);

inline constexpr int kNoChannel = -1;
// "sms", "robot_call", "phone", "family", "visit" for scenario::Channel values; "" otherwise.
std::string_view channel_name(int channel);

// Final state of one alert. Every alert that enters a run produces exactly one.
struct AlertRecord {
  std::uint64_t id = 0;  // 1-based, in arrival order
  int fraud_type = 0;    // index into Scenario::fraud_types
  int grade = 1;         // 1..3
  int unit = 0;          // leaf (community) unit index
  int rule = 0;          // index into Scenario::rules
  int language = 0;      // index into the fraud type's languages (0 if none given)
  SimTime arrival;
  SimTime deadline;                         // arrival + time to loss (hidden from the dispatcher)
  SimTime first_dial = engine::kTimeNever;  // first time an operator dialled about it
  // First time the person (or family) answered an operator, or an officer found them.
  SimTime first_contact = engine::kTimeNever;
  SimTime closed = engine::kTimeNever;  // dissuaded or lost time; kTimeNever if open
  int channel = kNoChannel;             // scenario::Channel that dissuaded, or kNoChannel
  Outcome outcome = Outcome::open;
  double amount = 0;    // yuan at risk
  double loss = 0;      // yuan lost (amount if lost, else 0)
  int escalations = 0;  // on_late triggers fired
  int sla_steps = 0;    // plan steps with an SLA whose target was decided
  int sla_met = 0;      // ... of which met their target
  bool counted = true;  // false if the alert arrived during warm-up
  // Hidden, like the deadline: whether the person would have transferred had nobody
  // intervened. Only they can be lost; dissuading the others avoids nothing.
  bool would_pay = true;
  bool warned = false;  // a warning reached the person: SMS delivered, robot call or contact
  LossWhere loss_where = LossWhere::none;  // lost and not_paid alerts: see LossWhere
};

enum class TraceKind : std::uint8_t {
  alert_arrival,       // alert, unit = leaf
  rule_matched,        // alert, step = rule index
  step_start,          // alert, step
  step_end,            // alert, step (ended without dissuading)
  sla_met,             // alert, step: the step reached its goal within its SLA
  sla_late,            // alert, step: SLA passed first (on_late steps start)
  enqueue,             // alert (0 for inbound), desk
  dequeue_expired,     // alert, desk, wait_ms: removed from the queue because the alert closed
  blocked,             // alert (0 for inbound), desk: the queue was full (queue_limit)
  service_start,       // alert (0 for inbound), desk; value: see TraceRecord::value
  service_end,         // alert (0 for inbound), desk
  call_answered,       // alert, desk
  call_unanswered,     // alert, desk
  call_engaged,        // alert, desk
  push_delivered,      // alert, unit reached
  officer_dispatched,  // alert, unit
  visit_on_site,       // alert, unit
  sms_sent,            // alert
  robot_call,          // alert
  contact,             // alert, step: the person (or family) was reached
  dissuaded,           // alert, step
  lost,                // alert
  inbound_arrival,     // desk
  roster_change,       // desk, value = new headcount
  officer_free,        // unit
  // Appended after the kinds above so their numeric values (and golden fingerprints) stay.
  awaiting_decision,  // alert, step (-1 at arrival): the dispatcher deferred it to a command
  command_applied,    // value = command sequence; alert if it is about one (0 for injects)
  command_refused,    // value = command sequence: it no longer applied when its event ran
  not_paid,           // alert: its deadline passed and the person (who would not have paid) did not
  loss_deferred,      // alert: the deadline came while the person talked to the police
  visit_queued,       // alert, unit = leaf, step: the visit waits for an officer
  visit_withdrawn,    // alert, unit, wait_ms: a queued visit removed because the alert closed
  officers_available,  // unit, value = officers free to be sent or out now (capacity - unavailable)
  robot_queued,        // alert, step: waits for a robot line
  robot_start,         // alert, step, wait_ms: a line starts the robot call
  robot_end,           // alert (0 if it closed meanwhile): the line is free again
  robot_withdrawn,     // alert, wait_ms: a queued robot call removed because the alert closed
  officer_recalled,    // alert, unit: an officer on the road turned back (the alert closed)
  inbound_abandoned,   // desk, wait_ms: an inbound caller hung up while waiting
  officer_cover,       // alert, unit = the community sending cover, value = the alert's own
  // desk, step = skill set (DeskSpec::skill_sets), value = its operators on the floor now
  skill_roster_change,
};
std::string_view to_string(TraceKind k);

struct TraceRecord {
  SimTime time;
  TraceKind kind;
  std::uint64_t alert = 0;  // 0 = none
  int unit = -1;
  int desk = -1;
  int step = -1;
  // roster_change: new headcount; enqueue: priority; service_start of an alert call at a desk
  // with skill sets: 1 if the operator speaks the person's language, 2 if not (fallback);
  // robot_*: the robot pool (0 when the scenario has one; see scenario::robot_pools).
  int value = 0;
  std::int64_t wait_ms = 0;  // service_start: time the task waited in the queue
  // Queue and service records (enqueue, dequeue_expired, blocked, service_start, visit_*,
  // robot_*): the alert's grade, 0 for inbound work.
  int grade = 0;
};

// A set of TraceKinds as bits (bit k = TraceKind k).
using TraceMask = std::uint64_t;
inline constexpr TraceMask kAllTraceKinds = ~TraceMask{0};
constexpr TraceMask trace_bit(TraceKind k) {
  return TraceMask{1} << static_cast<unsigned>(k);
}

class Observer {
 public:
  virtual ~Observer() = default;
  // The kinds this observer wants in on_trace; read once, when the run starts. Declaring a
  // narrow set lets the model skip the records nobody reads (a large share of the run time).
  virtual TraceMask trace_kinds() const { return kAllTraceKinds; }
  virtual void on_trace(const TraceRecord&) {}
  virtual void on_alert_closed(const AlertRecord&) {}
  // Called when the observer is attached to a model that has already started, before any
  // record: the state it joins at (its own counts start from there).
  virtual void on_join(const ModelSnapshot&) {}
  // Called once when the run ends, at the horizon or at finish_now() (after open alerts were
  // reported), with the time it ended at.
  virtual void on_run_end(SimTime /*end*/) {}
};

}  // namespace hotline::model
