#include "alert_lifecycle.hpp"

#include <algorithm>

#include "model_core.hpp"

namespace hotline::model::detail {

std::uint32_t AlertLifecycle::new_slot() {
  if (!m_.free_slots_.empty()) {
    const std::uint32_t s = m_.free_slots_.back();
    m_.free_slots_.pop_back();
    return s;
  }
  m_.alerts_.emplace_back();
  m_.cold_.emplace_back();
  m_.step_states_.resize(m_.alerts_.size() * m_.max_steps_);
  return static_cast<std::uint32_t>(m_.alerts_.size() - 1);
}

void AlertLifecycle::admit(const AlertAttributes& at, Rng rng) {
  const SimTime now = m_.now();
  const std::uint32_t slot = new_slot();
  Alert& a = m_.alerts_[slot];
  a.id = ++m_.entered_;
  a.open = true;
  a.awaiting = false;
  a.rng = rng;
  a.talking = 0;
  a.loss_due = false;
  a.unit = at.unit;
  a.fraud_type = at.fraud_type;
  a.grade = static_cast<std::uint8_t>(at.grade);
  a.language_code = static_cast<std::uint8_t>(at.language);
  AlertCold& cold = m_.cold_[slot];
  AlertRecord& rec = cold.rec;
  rec = AlertRecord{};
  cold.past_sla_steps = cold.past_sla_met = cold.past_escalations = 0;
  rec.id = a.id;
  rec.fraud_type = at.fraud_type;
  rec.grade = at.grade;
  rec.unit = at.unit;
  rec.language = at.language;
  rec.arrival = now;
  rec.deadline = now + at.time_to_loss;
  rec.amount = at.amount;
  rec.counted = now >= m_.warmup_end_;
  // Drawn only where some would not pay, so a scenario without would_pay keeps its draws.
  const double would_pay =
      m_.s_.fraud_types[at.fraud_type].would_pay[static_cast<std::size_t>(at.grade - 1)];
  if (would_pay < 1) rec.would_pay = engine::sample_bernoulli(a.rng, would_pay);
  for (std::size_t i = 0; i < m_.max_steps_; ++i)
    m_.step_state(slot, static_cast<int>(i)) = StepState{};
  m_.emit({.time = now,
           .kind = TraceKind::alert_arrival,
           .alert = a.id,
           .unit = at.unit,
           .value = at.grade});

  a.rule = -1;
  const Decision decision = m_.dispatcher_->on_arrival(m_.view_of(slot));
  const int rule = decision.kind == Decision::Kind::plan ? decision.rule : -1;
  a.rule = rule;
  rec.rule = rule;
  cold.loss_event = m_.schedule_at(rec.deadline, LossEv{slot, a.id}, kPhaseLoss);
  if (rule >= 0) {
    m_.emit({.time = now, .kind = TraceKind::rule_matched, .alert = a.id, .step = rule});
    const auto& plan = m_.s_.rules[rule].plan;
    for (std::size_t i = 0; i < plan.size(); ++i)
      if (plan[i].at_arrival) m_.steps.start_step(slot, static_cast<int>(i));
  } else if (decision.kind == Decision::Kind::defer) {
    defer(slot, -1);
  }
}

void AlertLifecycle::defer(std::uint32_t slot, int step) {
  Alert& a = m_.alerts_[slot];
  if (a.awaiting) return;
  a.awaiting = true;
  ++m_.awaiting_count_;
  m_.emit({.time = m_.now(), .kind = TraceKind::awaiting_decision, .alert = a.id, .step = step});
}

void AlertLifecycle::settle(std::uint32_t slot) {
  Alert& a = m_.alerts_[slot];
  if (!a.awaiting) return;
  a.awaiting = false;
  --m_.awaiting_count_;
}

void AlertLifecycle::give_plan(std::uint32_t slot, int rule) {
  drop_plan(slot);
  Alert& a = m_.alerts_[slot];
  AlertCold& cold = m_.cold_[slot];
  a.rule = rule;
  const bool scenario_rule = rule < static_cast<int>(m_.s_.rules.size());
  cold.rec.rule = scenario_rule ? rule : -1;
  if (scenario_rule)
    m_.emit({.time = m_.now(), .kind = TraceKind::rule_matched, .alert = a.id, .step = rule});
  const auto& plan = m_.plan_of(rule);
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (plan[i].at_arrival) m_.steps.start_step(slot, static_cast<int>(i));
}

void AlertLifecycle::drop_plan(std::uint32_t slot) {
  settle(slot);
  Alert& a = m_.alerts_[slot];
  if (a.rule < 0) return;
  stop_steps(slot, SlaCause::stopped);
  // The old plan's SLA counters stay in the record; its step states start afresh.
  AlertCold& cold = m_.cold_[slot];
  const std::size_t nsteps = m_.plan_size(a);
  for (std::size_t i = 0; i < nsteps; ++i) {
    StepState& st = m_.step_state(slot, static_cast<int>(i));
    cold.past_sla_steps += PlanSteps::sla_decided(st.sla);
    cold.past_sla_met += st.sla == SlaOutcome::met;
    cold.past_escalations += st.escalated;
    st = StepState{};
  }
  a.rule = -1;
}

// The alert's record for the observers: the cold part, completed with the first contact
// and the SLA counters, which are counted from the step states (each step runs at most once
// per plan, so counting at the end equals counting as they happen).
const AlertRecord& AlertLifecycle::record(std::uint32_t slot) {
  const Alert& a = m_.alerts_[slot];
  AlertCold& cold = m_.cold_[slot];
  AlertRecord& rec = cold.rec;
  rec.sla_steps = cold.past_sla_steps;
  rec.sla_met = cold.past_sla_met;
  rec.escalations = cold.past_escalations;
  const std::size_t nsteps = m_.plan_size(a);
  for (std::size_t i = 0; i < nsteps; ++i) {
    const StepState& st = m_.step_state(slot, static_cast<int>(i));
    rec.sla_steps += PlanSteps::sla_decided(st.sla);
    rec.sla_met += st.sla == SlaOutcome::met;
    rec.escalations += st.escalated;
  }
  return rec;
}

void AlertLifecycle::dial(std::uint32_t slot) {
  AlertRecord& rec = m_.cold_[slot].rec;
  if (rec.first_dial == engine::kTimeNever) rec.first_dial = m_.now();
}

void AlertLifecycle::warned(std::uint32_t slot) {
  m_.cold_[slot].rec.warned = true;
}

void AlertLifecycle::contact(std::uint32_t slot, int step) {
  AlertRecord& rec = m_.cold_[slot].rec;
  rec.warned = true;
  if (rec.first_contact != engine::kTimeNever) return;
  rec.first_contact = m_.now();
  m_.emit({.time = m_.now(), .kind = TraceKind::contact, .alert = rec.id, .step = step});
}

void AlertLifecycle::dissuade(std::uint32_t slot, int step, scenario::Channel ch) {
  Alert& a = m_.alerts_[slot];
  StepState& st = m_.step_state(slot, step);
  st.status = StepStatus::ended;
  AlertCold& cold = m_.cold_[slot];
  cold.rec.channel = static_cast<int>(ch);
  cold.rec.outcome = Outcome::dissuaded;
  m_.emit({.time = m_.now(),
           .kind = TraceKind::dissuaded,
           .alert = a.id,
           .step = step,
           .value = static_cast<int>(ch)});
  m_.sim_.cancel(cold.loss_event);
  ++m_.dissuaded_count_;
  if (cold.rec.would_pay) m_.amount_protected_ += cold.rec.amount;
  close(slot, SlaCause::stopped);
}

void AlertLifecycle::handle(LossEv& ev) {
  Alert* a = m_.live(ev.slot, ev.id);
  if (!a) return;
  if (a->talking > 0) {  // on the line with the police: decided when the conversation ends
    a->loss_due = true;
    m_.emit({.time = m_.now(), .kind = TraceKind::loss_deferred, .alert = a->id});
    return;
  }
  settle_deadline(ev.slot);
}

LossWhere AlertLifecycle::where_now(std::uint32_t slot) const {
  const Alert& a = m_.alerts_[slot];
  if (a.awaiting) return LossWhere::awaiting;
  bool running = false;
  const std::size_t nsteps = m_.plan_size(a);
  for (std::size_t i = 0; i < nsteps; ++i) {
    const StepState& st = m_.step_state(slot, static_cast<int>(i));
    if (st.status != StepStatus::running) continue;
    if (st.task >= 0 && m_.tasks_[st.task].state == TaskState::queued) return LossWhere::queue;
    running = true;
  }
  return running ? LossWhere::step : LossWhere::after_plan;
}

void AlertLifecycle::settle_deadline(std::uint32_t slot) {
  const Alert& a = m_.alerts_[slot];
  AlertRecord& rec = m_.cold_[slot].rec;
  rec.loss_where = where_now(slot);
  if (rec.would_pay) {
    rec.outcome = Outcome::lost;
    rec.loss = rec.amount;
    m_.emit({.time = m_.now(), .kind = TraceKind::lost, .alert = a.id, .unit = a.unit});
    ++m_.lost_count_;
    m_.amount_lost_ += rec.loss;
  } else {
    rec.outcome = Outcome::not_paid;
    m_.emit({.time = m_.now(), .kind = TraceKind::not_paid, .alert = a.id, .unit = a.unit});
    ++m_.not_paid_count_;
  }
  close(slot, SlaCause::deadline);
}

void AlertLifecycle::stop_steps(std::uint32_t slot, SlaCause cause) {
  Alert& a = m_.alerts_[slot];
  const std::size_t nsteps = m_.plan_size(a);
  for (std::size_t i = 0; i < nsteps; ++i) {
    StepState& st = m_.step_state(slot, static_cast<int>(i));
    if (st.status != StepStatus::running) continue;
    st.status = StepStatus::ended;
    m_.steps.judge_sla(slot, static_cast<int>(i), cause);
    m_.sim_.cancel(st.sla_event);
    m_.sim_.cancel(st.timer);
    if (st.task >= 0 && m_.tasks_[st.task].state == TaskState::queued) {
      Task& task = m_.tasks_[st.task];
      switch (task.kind) {
        case TaskKind::call:
        case TaskKind::push:
          m_.desks.withdraw(st.task);
          break;
        case TaskKind::robot:
          m_.robots.withdraw(st.task);
          break;
        case TaskKind::visit:
          m_.officers.withdraw(st.task);
          break;
        case TaskKind::inbound:
          break;
      }
      m_.free_task(st.task);
    } else if (st.task >= 0 && m_.tasks_[st.task].kind == TaskKind::visit) {
      m_.officers.recall(st.task);  // on the road: turned back
    }
    st.task = -1;
  }
}

// The alert reached its final state: cancel its pending work. Tasks already being served
// (an operator mid-call, an officer on the road) run to their end; their handlers see the
// alert closed and do nothing more.
void AlertLifecycle::close(std::uint32_t slot, SlaCause cause) {
  settle(slot);
  Alert& a = m_.alerts_[slot];
  a.open = false;
  m_.cold_[slot].rec.closed = m_.now();
  stop_steps(slot, cause);
  const AlertRecord& rec = record(slot);
  for (Observer* o : m_.observers_) o->on_alert_closed(rec);
  m_.free_slots_.push_back(slot);
}

std::int64_t AlertLifecycle::find_open(std::uint64_t id) const {
  for (std::size_t i = 0; i < m_.alerts_.size(); ++i)
    if (m_.alerts_[i].open && m_.alerts_[i].id == id) return static_cast<std::int64_t>(i);
  return -1;
}

void AlertLifecycle::report_open() {
  std::vector<std::uint32_t> open;
  for (std::uint32_t i = 0; i < m_.alerts_.size(); ++i)
    if (m_.alerts_[i].open) open.push_back(i);
  std::sort(open.begin(), open.end(), [this](std::uint32_t a, std::uint32_t b) {
    return m_.alerts_[a].id < m_.alerts_[b].id;
  });
  for (std::uint32_t slot : open) {
    m_.cold_[slot].rec.outcome = Outcome::open;
    ++m_.open_count_;
    const AlertRecord& rec = record(slot);
    for (Observer* o : m_.observers_) o->on_alert_closed(rec);
  }
}

}  // namespace hotline::model::detail
