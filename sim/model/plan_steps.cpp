#include "plan_steps.hpp"

#include "model_core.hpp"

namespace hotline::model::detail {

using scenario::StepKind;

void PlanSteps::start_step(std::uint32_t slot, int step) {
  Alert& a = m_.alerts_[slot];
  if (!a.open) return;
  StepState& st = m_.step_state(slot, step);
  if (st.status != StepStatus::idle) return;  // started already (by two triggers)
  const auto& spec = m_.step_spec(a, step);
  st.status = StepStatus::running;
  st.started = m_.now();
  st.sla = spec.sla > Duration{0} ? SlaOutcome::pending : SlaOutcome::not_applicable;
  m_.emit({.time = m_.now(), .kind = TraceKind::step_start, .alert = a.id, .step = step});
  // A timer is needed only where lateness must act at the deadline (on_late steps start
  // then). Otherwise whether the target was met is decided when the goal is reached, the
  // step ends or the alert closes: same KPIs, and no timer scheduled and cancelled per step.
  if (spec.sla > Duration{0} && !spec.on_late.empty())
    st.sla_event = m_.schedule_at(m_.now() + spec.sla, SlaEv{slot, step, a.id}, kPhaseTimer);
  switch (spec.kind) {
    case StepKind::sms: {
      const Duration delay = engine::duration_from_ms(m_.s_.sms.delay.sample(a.rng));
      st.timer = m_.schedule_at(m_.now() + delay, SmsDoneEv{slot, step, a.id}, kPhaseCompletion);
      break;
    }
    case StepKind::robot_call:
      if (!m_.robots.request(slot, step)) return end_step(slot, step);
      break;
    case StepKind::call:
      m_.desks.enqueue_call(slot, step);
      break;
    case StepKind::push:
      st.push_level = 1;
      m_.push.advance(slot, step);
      break;
    case StepKind::visit:
      if (!m_.officers.request_visit(slot, step)) return end_step(slot, step);
      break;
  }
}

SlaOutcome PlanSteps::judge_sla(std::uint32_t slot, int step, SlaCause cause) {
  StepState& st = m_.step_state(slot, step);
  if (st.sla != SlaOutcome::pending) return st.sla;
  const Alert& a = m_.alerts_[slot];
  const Duration target = m_.step_spec(a, step).sla;
  const Duration taken = m_.now() - st.started;
  int escalated = 0;
  switch (cause) {
    case SlaCause::goal_reached:
      st.sla = taken <= target ? SlaOutcome::met : SlaOutcome::late;
      break;
    case SlaCause::ended:
      // Ended before reaching its goal (e.g. no officer): the target was missed, but the
      // `next` steps take over, so no escalation fires.
      st.sla = SlaOutcome::failed;
      break;
    case SlaCause::timer:
      st.sla = SlaOutcome::late;
      escalated = 1;
      break;
    case SlaCause::deadline:
      // The person's moment came before the goal was reached: a miss (in contact-centre
      // terms, a call abandoned before it was answered counts against the service level).
      st.sla = SlaOutcome::failed;
      break;
    case SlaCause::stopped:
      // A step whose deadline passed unnoticed (no timer: no on_late steps) was late; one cut
      // short before its deadline is not counted either way.
      st.sla = taken > target ? SlaOutcome::late : SlaOutcome::not_applicable;
      break;
  }
  if (st.sla == SlaOutcome::met) {
    m_.emit({.time = m_.now(), .kind = TraceKind::sla_met, .alert = a.id, .step = step});
  } else if (st.sla != SlaOutcome::not_applicable) {
    m_.emit({.time = m_.now(),
             .kind = TraceKind::sla_late,
             .alert = a.id,
             .step = step,
             .value = escalated});
  }
  return st.sla;
}

void PlanSteps::reach_goal(std::uint32_t slot, int step) {
  StepState& st = m_.step_state(slot, step);
  if (st.sla != SlaOutcome::pending) return;
  m_.sim_.cancel(st.sla_event);
  judge_sla(slot, step, SlaCause::goal_reached);
}

void PlanSteps::end_step(std::uint32_t slot, int step) {
  Alert& a = m_.alerts_[slot];
  StepState& st = m_.step_state(slot, step);
  if (st.status != StepStatus::running) return;
  st.status = StepStatus::ended;
  st.task = -1;
  if (st.sla == SlaOutcome::pending) {
    judge_sla(slot, step, SlaCause::ended);
    m_.sim_.cancel(st.sla_event);
  }
  m_.emit({.time = m_.now(), .kind = TraceKind::step_end, .alert = a.id, .step = step});
  if (m_.reviews_steps_ && !m_.dispatcher_->follow_plan(m_.view_of(slot), step, StepEnd::ended))
    return m_.lifecycle.defer(slot, step);
  for (int n : m_.step_spec(a, step).next) start_step(slot, n);
}

void PlanSteps::handle(SlaEv& ev) {
  Alert* a = m_.live(ev.slot, ev.id);
  if (!a) return;
  StepState& st = m_.step_state(ev.slot, ev.step);
  if (st.sla != SlaOutcome::pending || st.status != StepStatus::running) return;
  escalate_step(ev.slot, ev.step);
}

void PlanSteps::escalate_step(std::uint32_t slot, int step) {
  StepState& st = m_.step_state(slot, step);
  judge_sla(slot, step, SlaCause::timer);
  st.escalated = true;
  if (m_.reviews_steps_ && !m_.dispatcher_->follow_plan(m_.view_of(slot), step, StepEnd::late))
    return m_.lifecycle.defer(slot, step);
  for (int n : m_.step_spec(m_.alerts_[slot], step).on_late) start_step(slot, n);
}

int PlanSteps::escalate(std::uint32_t slot) {
  const Alert& a = m_.alerts_[slot];
  int count = 0;
  const std::size_t nsteps = m_.plan_size(a);
  for (std::size_t i = 0; i < nsteps; ++i) {
    StepState& st = m_.step_state(slot, static_cast<int>(i));
    if (st.status != StepStatus::running || st.escalated ||
        m_.step_spec(a, static_cast<int>(i)).on_late.empty())
      continue;
    m_.sim_.cancel(st.sla_event);
    escalate_step(slot, static_cast<int>(i));
    ++count;
    if (!m_.alerts_[slot].open) break;
  }
  return count;
}

// The SMS is sent after its delay: the step's goal; it may dissuade.
void PlanSteps::handle(SmsDoneEv& ev) {
  Alert* a = m_.live(ev.slot, ev.id);
  if (!a) return;
  m_.emit({.time = m_.now(), .kind = TraceKind::sms_sent, .alert = a->id, .step = ev.step});
  reach_goal(ev.slot, ev.step);
  m_.lifecycle.warned(ev.slot);
  const double p = m_.s_.dissuasion.prob[static_cast<int>(scenario::Channel::sms)][a->fraud_type];
  if (engine::sample_bernoulli(a->rng, p))
    return m_.lifecycle.dissuade(ev.slot, ev.step, scenario::Channel::sms);
  end_step(ev.slot, ev.step);
}

void PlanSteps::retry_or_end(std::uint32_t slot, int step) {
  const Alert& a = m_.alerts_[slot];
  const auto& spec = m_.step_spec(a, step);
  StepState& st = m_.step_state(slot, step);
  if (st.attempts < spec.attempts) {
    st.timer =
        m_.schedule_at(m_.now() + spec.retry_interval, RetryEv{slot, step, a.id}, kPhaseTimer);
  } else {
    end_step(slot, step);
  }
}

void PlanSteps::handle(RetryEv& ev) {
  if (!m_.live(ev.slot, ev.id)) return;
  if (m_.step_state(ev.slot, ev.step).status != StepStatus::running) return;
  m_.desks.enqueue_call(ev.slot, ev.step);
}

}  // namespace hotline::model::detail
