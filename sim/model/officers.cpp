#include "officers.hpp"

#include <algorithm>
#include <cmath>

#include "model_core.hpp"

namespace hotline::model::detail {

using scenario::Channel;

void Officers::build() {
  const auto& s = m_.s_;
  const std::size_t n = s.units.size();
  m_.officers_.resize(n);
  for (std::size_t u = 0; u < n; ++u) {
    const auto& o = s.units[u].officers;
    if (!s.units[u].children.empty() || o.count <= 0) continue;
    OfficerPool& pool = m_.officers_[u];
    pool.capacity = std::max(1, static_cast<int>(std::lround(o.count * o.availability)));
    pool.travel_time = m_.shared(o.travel_time);
    pool.visit_duration = m_.shared(o.visit_duration);
    pool.find_prob = o.find_prob;
  }
}

bool Officers::request_visit(std::uint32_t slot, int step) {
  const Alert& a = m_.alerts_[slot];
  const int leaf = a.unit;
  if (m_.officers_[leaf].capacity <= 0) return false;
  const std::int32_t t = m_.make_alert_task(TaskKind::visit, slot, step, leaf);
  m_.step_state(slot, step).task = t;
  m_.officers_[leaf].queue.push(m_.tasks_, t, ModelState::priority_of(a, m_.step_spec(a, step)));
  try_serve(leaf);
  return true;
}

void Officers::withdraw(std::int32_t t) {
  m_.officers_[m_.tasks_[t].where].queue.remove(m_.tasks_, t);
}

int Officers::change_unavailable(int unit, int count, int sign) {
  const auto& u = m_.s_.units[unit];
  int touched = 0;
  for (int leaf = unit; leaf < unit + u.subtree_size; ++leaf) {
    OfficerPool& pool = m_.officers_[leaf];
    if (pool.capacity <= 0) continue;
    ++touched;
    pool.unavailable += sign * (count < 0 ? pool.capacity : count);
    if (sign < 0) try_serve(leaf);
  }
  return touched;
}

void Officers::try_serve(int leaf) {
  OfficerPool& pool = m_.officers_[leaf];
  while (pool.busy < pool.available() && !pool.queue.empty()) {
    const std::int32_t t = pool.queue.pop(m_.tasks_);
    Task& task = m_.tasks_[t];
    ++pool.busy;
    task.state = TaskState::in_service;
    Alert& a = m_.alerts_[task.slot];
    task.duration = engine::duration_from_ms(m_.dists_[pool.travel_time].sample(a.rng));
    m_.emit({.time = m_.now(),
             .kind = TraceKind::officer_dispatched,
             .alert = a.id,
             .unit = leaf,
             .step = task.step});
    m_.schedule_in(task.duration, OfficerArriveEv{t}, kPhaseCompletion);
  }
}

void Officers::handle(OfficerArriveEv& ev) {
  const Task task = m_.tasks_[ev.task];
  m_.free_task(ev.task);
  const int leaf = task.where;
  Duration busy_for = task.duration;  // the way back
  if (Alert* a = m_.live(task.slot, task.alert_id)) {
    const OfficerPool& pool = m_.officers_[leaf];
    m_.step_state(task.slot, task.step).task = -1;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::visit_on_site,
             .alert = a->id,
             .unit = leaf,
             .step = task.step});
    m_.steps.reach_goal(task.slot, task.step);
    if (engine::sample_bernoulli(a->rng, pool.find_prob)) {
      busy_for += engine::duration_from_ms(m_.dists_[pool.visit_duration].sample(a->rng));
      m_.lifecycle.contact(*a, task.step);
      const double p = m_.s_.dissuasion.prob[static_cast<int>(Channel::visit)][a->fraud_type];
      if (engine::sample_bernoulli(a->rng, p))
        m_.lifecycle.dissuade(task.slot, task.step, Channel::visit);
      else
        m_.steps.end_step(task.slot, task.step);
    } else {
      m_.steps.end_step(task.slot, task.step);
    }
  }
  m_.schedule_in(busy_for, OfficerFreeEv{leaf}, kPhaseCompletion);
}

void Officers::handle(OfficerFreeEv& ev) {
  --m_.officers_[ev.leaf].busy;
  m_.emit({.time = m_.now(), .kind = TraceKind::officer_free, .unit = ev.leaf});
  try_serve(ev.leaf);
}

}  // namespace hotline::model::detail
