#include "robot_lines.hpp"

#include "model_core.hpp"

namespace hotline::model::detail {

using scenario::Channel;

bool RobotLines::request(std::uint32_t slot, int step) {
  if (m_.s_.robot.lines <= 0) return false;
  const Alert& a = m_.alerts_[slot];
  const std::int32_t t = m_.make_alert_task(TaskKind::robot, slot, step, -1);
  m_.step_state(slot, step).task = t;
  m_.robot_queue_.push(m_.tasks_, t, ModelState::priority_of(a, m_.step_spec(a, step)));
  m_.emit({.time = m_.now(),
           .kind = TraceKind::robot_queued,
           .alert = a.id,
           .step = step,
           .grade = a.grade});
  try_serve();
  return true;
}

void RobotLines::withdraw(std::int32_t t) {
  const Task& task = m_.tasks_[t];
  m_.robot_queue_.remove(m_.tasks_, t);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::robot_withdrawn,
           .alert = task.alert_id,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = m_.grade_of(task)});
}

void RobotLines::try_serve() {
  while (m_.robot_busy_ < m_.s_.robot.lines && !m_.robot_queue_.empty()) {
    const std::int32_t t = m_.robot_queue_.pop(m_.tasks_);
    ++m_.robot_busy_;
    Task& task = m_.tasks_[t];
    task.state = TaskState::in_service;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::robot_start,
             .alert = task.alert_id,
             .step = task.step,
             .wait_ms = engine::ticks(m_.now() - task.enqueued),
             .grade = m_.grade_of(task)});
    const double ms = m_.s_.robot.duration.sample(m_.robot_rng_);
    m_.schedule_in(engine::duration_from_ms(ms), RobotDoneEv{t}, kPhaseCompletion);
  }
}

void RobotLines::handle(RobotDoneEv& ev) {
  --m_.robot_busy_;
  const Task task = m_.tasks_[ev.task];
  m_.free_task(ev.task);
  Alert* a = m_.live(task.slot, task.alert_id);
  m_.emit({.time = m_.now(), .kind = TraceKind::robot_end, .alert = a ? a->id : 0});
  if (a) {
    m_.step_state(task.slot, task.step).task = -1;
    m_.emit({.time = m_.now(), .kind = TraceKind::robot_call, .alert = a->id, .step = task.step});
    m_.steps.reach_goal(task.slot, task.step);
    const auto& ft = m_.s_.fraud_types[a->fraud_type];
    const bool reached = !engine::sample_bernoulli(a->rng, ft.engaged_prob) &&
                         engine::sample_bernoulli(a->rng, ft.answer_prob);
    if (reached) m_.lifecycle.warned(task.slot);
    const double p = m_.s_.dissuasion.prob[static_cast<int>(Channel::robot_call)][a->fraud_type];
    if (reached && engine::sample_bernoulli(a->rng, p))
      m_.lifecycle.dissuade(task.slot, task.step, Channel::robot_call);
    else
      m_.steps.end_step(task.slot, task.step);
  }
  try_serve();
}

}  // namespace hotline::model::detail
