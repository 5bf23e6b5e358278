// PlanSteps: the steps of an alert's plan. Starts a step (SMS, robot call, call, push, visit:
// each handed to the component that does it), ends one that did not dissuade and starts its
// `next` steps, retries calls that did not get through, and fires the SLA timer that starts
// `on_late` steps. Where a plan would go on, a dispatcher that reviews steps is asked first
// (Dispatcher::follow_plan) and may defer the alert instead.
//
// The SLA outcome of every step is decided in one place, judge_sla, from what happened:
//   goal reached (an operator dials, the push is delivered, the officer is on site, the SMS
//   or robot call is made): met if within the target, else late;
//   step ended before its goal: failed;   SLA timer fired first: late (escalated);
//   the alert's deadline came first (lost, or not paid): failed, a miss like an abandoned
//   call in contact-centre practice; step stopped otherwise (dissuaded by another step, or a
//   command replaced the plan): late if the target had passed, else not applicable.
// A step with no target is not applicable. Each step's outcome is decided at most once.
#pragma once

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

enum class SlaCause : std::uint8_t { goal_reached, ended, timer, stopped, deadline };

class PlanSteps {
 public:
  explicit PlanSteps(ModelCore& m) : m_(m) {}

  void start_step(std::uint32_t slot, int step);
  // The step ended without dissuading: its `next` steps start (unless the dispatcher defers).
  void end_step(std::uint32_t slot, int step);
  // Decides the step's SLA outcome for `cause`, if it is still pending, and traces it.
  SlaOutcome judge_sla(std::uint32_t slot, int step, SlaCause cause);
  // The step reached its goal (see the file comment): its SLA is met or late.
  void reach_goal(std::uint32_t slot, int step);
  static bool sla_decided(SlaOutcome o) {
    return o == SlaOutcome::met || o == SlaOutcome::late || o == SlaOutcome::failed;
  }
  // A call attempt did not get through: try again after the interval, or end the step.
  void retry_or_end(std::uint32_t slot, int step);
  // Starts the on_late steps of every running step that has some and has not escalated yet,
  // as if their SLA had passed now. Returns how many steps escalated.
  int escalate(std::uint32_t slot);

  void handle(SlaEv& ev);
  void handle(RetryEv& ev);
  void handle(SmsDoneEv& ev);

 private:
  void escalate_step(std::uint32_t slot, int step);
  ModelCore& m_;
};

}  // namespace hotline::model::detail
