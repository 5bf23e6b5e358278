#include "robot_lines.hpp"

#include "model_core.hpp"

namespace hotline::model::detail {

using scenario::Channel;

bool RobotLines::request(std::uint32_t slot, int step) {
  if (m_.s_.robot.lines <= 0) return false;
  const Alert& a = m_.alerts_[slot];
  const int pool = m_.robot_pool_of_unit_[static_cast<std::size_t>(a.unit)];
  const std::int32_t t = m_.make_alert_task(TaskKind::robot, slot, step, pool);
  m_.step_state(slot, step).task = t;
  m_.robot_pools_[static_cast<std::size_t>(pool)].queue.push(
      m_.tasks_, t, ModelState::priority_of(a, m_.step_spec(a, step)));
  m_.emit({.time = m_.now(),
           .kind = TraceKind::robot_queued,
           .alert = a.id,
           .step = step,
           .value = pool,
           .grade = a.grade});
  try_serve(pool);
  return true;
}

void RobotLines::withdraw(std::int32_t t) {
  const Task& task = m_.tasks_[t];
  m_.robot_pools_[static_cast<std::size_t>(task.where)].queue.remove(m_.tasks_, t);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::robot_withdrawn,
           .alert = task.alert_id,
           .value = task.where,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = m_.grade_of(task)});
}

void RobotLines::try_serve(int p) {
  auto& pool = m_.robot_pools_[static_cast<std::size_t>(p)];
  while (pool.busy < m_.s_.robot.lines && !pool.queue.empty()) {
    const std::int32_t t = pool.queue.pop(m_.tasks_);
    ++pool.busy;
    Task& task = m_.tasks_[t];
    task.state = TaskState::in_service;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::robot_start,
             .alert = task.alert_id,
             .step = task.step,
             .value = p,
             .wait_ms = engine::ticks(m_.now() - task.enqueued),
             .grade = m_.grade_of(task)});
    const double ms = m_.s_.robot.duration.sample(pool.rng);
    m_.schedule_in(engine::duration_from_ms(ms), RobotDoneEv{t}, kPhaseCompletion);
  }
}

void RobotLines::handle(RobotDoneEv& ev) {
  const Task task = m_.tasks_[ev.task];
  --m_.robot_pools_[static_cast<std::size_t>(task.where)].busy;
  m_.free_task(ev.task);
  Alert* a = m_.live(task.slot, task.alert_id);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::robot_end,
           .alert = a ? a->id : 0,
           .value = task.where});
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
  try_serve(task.where);
}

}  // namespace hotline::model::detail
