// AlertLifecycle: an alert from entry to its final state. Admits a new alert (slot, record,
// loss deadline) and asks the dispatcher for its plan, or puts it in the awaiting-decision
// state; gives an alert a plan (replacing the one it had: running steps stop, their SLA
// counters are kept); records first dial, first contact, and the conversations with the
// person (a deadline during one waits for its end); ends it as dissuaded, lost or not paid
// (its deadline passed and the person would not have paid), withdrawing its queued work;
// makes its AlertRecord; reports the alerts still open when the run ends. Every alert that
// enters ends in exactly one of dissuaded, lost, not_paid, open. O(plan steps) per call.
#pragma once

#include "model_state.hpp"
#include "plan_steps.hpp"

namespace hotline::model::detail {

class ModelCore;

class AlertLifecycle {
 public:
  explicit AlertLifecycle(ModelCore& m) : m_(m) {}

  // A new alert with these attributes and its own stream.
  void admit(const AlertAttributes& at, Rng rng);
  // The alert follows plan `rule` (scenario rule, or a command plan) from now. An alert that
  // had a plan has it stopped first; one awaiting a decision no longer awaits.
  void give_plan(std::uint32_t slot, int rule);
  // No plan from now: running steps stop; the alert waits for its fate.
  void drop_plan(std::uint32_t slot);
  // The dispatcher deferred the alert (step = the step that asked, -1 at arrival).
  void defer(std::uint32_t slot, int step);

  // An operator dials about the alert (any call step, any attempt).
  void dial(std::uint32_t slot);
  // The person (or family) answered, or an officer found them: first contact, if the first.
  void contact(std::uint32_t slot, int step);
  // Any warning reached the person (SMS delivered, robot call answered, contact).
  void warned(std::uint32_t slot);
  // A conversation with the person begins (not with the family: the person is not on that
  // line); its component decrements Alert::talking when it ends and, if it did not dissuade
  // and the deadline came meanwhile (loss_due) and nobody else talks to them, calls
  // settle_deadline.
  static void begin_talk(Alert& a) { ++a.talking; }
  // The deadline has come and nobody is talking to the person: lost, or not paid.
  void settle_deadline(std::uint32_t slot);
  void dissuade(std::uint32_t slot, int step, scenario::Channel ch);
  void handle(LossEv& ev);

  // The slot of the open alert with this id, or -1. O(slots): for commands only.
  std::int64_t find_open(std::uint64_t id) const;
  // Reports every alert still open (id order) as open to the observers.
  void report_open();
  const AlertRecord& record(std::uint32_t slot);

 private:
  std::uint32_t new_slot();
  // Stops the running steps of the alert's plan: timers cancelled, queued work withdrawn,
  // the SLA of a step whose deadline passed unnoticed judged late.
  void stop_steps(std::uint32_t slot, SlaCause cause);
  LossWhere where_now(std::uint32_t slot) const;
  void close(std::uint32_t slot, SlaCause cause);
  void settle(std::uint32_t slot);  // leaves the awaiting state, if in it
  ModelCore& m_;
};

}  // namespace hotline::model::detail
