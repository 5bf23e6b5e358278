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
    if (!m_.owns_unit(static_cast<int>(u))) continue;  // another part's: no officers here
    OfficerPool& pool = m_.officers_[u];
    pool.capacity = std::max(1, static_cast<int>(std::lround(o.count * o.availability)));
    pool.travel_time = m_.shared(o.travel_time);
    pool.visit_duration = m_.shared(o.visit_duration);
    pool.find_prob = o.find_prob;
    pool.cover_after = o.cover_after;
    pool.cover_travel_factor = o.cover_travel_factor;
    if (o.night_from >= 0) {
      const int night = static_cast<int>(std::lround(o.count * o.night_availability));
      pool.night_off = std::max(0, pool.capacity - night);
      auto& groups = m_.officer_nights_;
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
        return g.from == o.night_from && g.to == o.night_to;
      });
      if (it == groups.end()) {
        groups.push_back({o.night_from, o.night_to, {}});
        it = groups.end() - 1;
      }
      it->leaves.push_back(static_cast<std::int32_t>(u));
    }
  }
}

void Officers::apply_night(int group) {
  const auto& g = m_.officer_nights_[static_cast<std::size_t>(group)];
  const bool night = scenario::in_day_window(g.from, g.to, m_.calendar_.minute_of_day(m_.now()));
  for (const std::int32_t leaf : g.leaves) {
    OfficerPool& pool = m_.officers_[leaf];
    const int off = night ? pool.night_off : 0;
    if (off == pool.off_duty) continue;
    pool.off_duty = off;
    trace_available(leaf);
    try_serve(leaf);
  }
  // The next edge of the window: minutes until `from` or `to`, whichever comes first.
  const std::int64_t day = 24 * 3'600'000LL;
  const std::int64_t ms_of_day = (m_.calendar_.epoch_ms(m_.now()) % day + day) % day;
  auto until = [&](int minute) {
    std::int64_t d = minute * 60'000LL - ms_of_day;
    if (d <= 0) d += day;
    return d;
  };
  const std::int64_t next = std::min(until(g.from), until(g.to));
  m_.schedule_in(Duration{next}, OfficerShiftEv{group}, kPhaseRoster);
}

void Officers::handle(OfficerShiftEv& ev) {
  apply_night(ev.group);
}

bool Officers::request_visit(std::uint32_t slot, int step) {
  const Alert& a = m_.alerts_[slot];
  const int leaf = a.unit;
  if (m_.officers_[leaf].capacity <= 0) return false;
  const std::int32_t t = m_.make_alert_task(TaskKind::visit, slot, step, leaf);
  m_.step_state(slot, step).task = t;
  m_.officers_[leaf].queue.push(m_.tasks_, t, ModelState::priority_of(a, m_.step_spec(a, step)));
  m_.emit({.time = m_.now(),
           .kind = TraceKind::visit_queued,
           .alert = a.id,
           .unit = leaf,
           .step = step,
           .grade = a.grade});
  try_serve(leaf);
  const OfficerPool& pool = m_.officers_[leaf];
  if (pool.cover_after >= Duration{0} && m_.tasks_[t].state == TaskState::queued)
    m_.schedule_in(pool.cover_after, CoverEv{t, a.id}, kPhaseTimer);
  return true;
}

void Officers::withdraw(std::int32_t t) {
  const Task& task = m_.tasks_[t];
  m_.officers_[task.where].queue.remove(m_.tasks_, t);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::visit_withdrawn,
           .alert = task.alert_id,
           .unit = task.where,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = m_.grade_of(task)});
}

void Officers::recall(std::int32_t t) {
  Task& task = m_.tasks_[t];
  if (!m_.sim_.cancel(task.event)) return;  // already on site: the visit runs to its end
  const Duration back = m_.now() - task.started;
  const int leaf = task.where;
  m_.emit({.time = m_.now(),
           .kind = TraceKind::officer_recalled,
           .alert = task.alert_id,
           .unit = leaf,
           .step = task.step});
  m_.free_task(t);
  m_.schedule_in(back, OfficerFreeEv{leaf}, kPhaseCompletion);
}

void Officers::start() {
  for (std::size_t u = 0; u < m_.officers_.size(); ++u)
    if (m_.officers_[u].capacity > 0) trace_available(static_cast<int>(u));
  for (std::size_t g = 0; g < m_.officer_nights_.size(); ++g) apply_night(static_cast<int>(g));
}

void Officers::trace_available(int leaf) {
  m_.emit({.time = m_.now(),
           .kind = TraceKind::officers_available,
           .unit = leaf,
           .value = m_.officers_[leaf].available()});
}

int Officers::change_unavailable(int unit, int count, int sign) {
  const auto& u = m_.s_.units[unit];
  int touched = 0;
  for (int leaf = unit; leaf < unit + u.subtree_size; ++leaf) {
    OfficerPool& pool = m_.officers_[leaf];
    if (pool.capacity <= 0) continue;
    ++touched;
    pool.unavailable += sign * (count < 0 ? pool.capacity : count);
    trace_available(leaf);
    if (sign < 0) try_serve(leaf);
  }
  return touched;
}

void Officers::try_serve(int leaf) {
  OfficerPool& pool = m_.officers_[leaf];
  while (pool.busy < pool.available() && !pool.queue.empty())
    dispatch(leaf, pool.queue.pop(m_.tasks_), 1.0);
}

void Officers::dispatch(int leaf, std::int32_t t, double travel_factor) {
  OfficerPool& pool = m_.officers_[leaf];
  Task& task = m_.tasks_[t];
  ++pool.busy;
  task.state = TaskState::in_service;
  task.where = leaf;  // the officer's community: where they come from and go back to
  Alert& a = m_.alerts_[task.slot];
  task.duration =
      engine::duration_from_ms(m_.dists_[pool.travel_time].sample(a.rng) * travel_factor);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::officer_dispatched,
           .alert = a.id,
           .unit = leaf,
           .step = task.step,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = a.grade});
  task.started = m_.now();
  task.event = m_.schedule_in(task.duration, OfficerArriveEv{t}, kPhaseCompletion);
}

// The visit still waits in its own community: the first other community under the same
// parent with an officer free sends one (a longer way); if none is free, ask again later.
void Officers::handle(CoverEv& ev) {
  Task& task = m_.tasks_[ev.task];
  if (task.alert_id != ev.alert || task.kind != TaskKind::visit || task.state != TaskState::queued)
    return;  // dispatched, withdrawn, or the slot reused
  const int own = task.where;
  const OfficerPool& mine = m_.officers_[own];
  const int parent = m_.s_.units[static_cast<std::size_t>(own)].parent;
  if (parent >= 0) {
    for (const int sib : m_.s_.units[static_cast<std::size_t>(parent)].children) {
      if (sib == own) continue;
      const OfficerPool& p = m_.officers_[sib];
      if (p.capacity <= 0 || p.busy >= p.available()) continue;
      m_.officers_[own].queue.remove(m_.tasks_, ev.task);
      m_.emit({.time = m_.now(),
               .kind = TraceKind::officer_cover,
               .alert = task.alert_id,
               .unit = sib,
               .step = task.step,
               .value = own});
      dispatch(sib, ev.task, mine.cover_travel_factor);
      return;
    }
  }
  m_.schedule_in(mine.cover_after > Duration{0} ? mine.cover_after : engine::kMinute, ev,
                 kPhaseTimer);
}

// On site: the step's goal. If the officer finds the person, that is the contact and they
// talk (visit duration; the person does not transfer meanwhile); the outcome is known when
// the visit ends (VisitEndEv). Either way the officer then travels back.
void Officers::handle(OfficerArriveEv& ev) {
  Task& task = m_.tasks_[ev.task];
  const int leaf = task.where;
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
      const Duration talk = engine::duration_from_ms(m_.dists_[pool.visit_duration].sample(a->rng));
      m_.lifecycle.contact(task.slot, task.step);
      AlertLifecycle::begin_talk(*a);
      m_.schedule_in(talk, VisitEndEv{ev.task}, kPhaseCompletion);
      return;
    }
    m_.steps.end_step(task.slot, task.step);
  }
  const Duration back = task.duration;
  m_.free_task(ev.task);
  m_.schedule_in(back, OfficerFreeEv{leaf}, kPhaseCompletion);
}

void Officers::handle(VisitEndEv& ev) {
  const Task task = m_.tasks_[ev.task];
  m_.free_task(ev.task);
  if (Alert* a = m_.live(task.slot, task.alert_id)) {
    --a->talking;
    double p = m_.s_.dissuasion.prob[static_cast<int>(Channel::visit)][a->fraud_type];
    if (m_.dissuasion_shaped_)
      p *= m_.s_.dissuasion.factor(m_.now() - m_.cold_[task.slot].rec.arrival, 1);
    if (engine::sample_bernoulli(a->rng, p))
      m_.lifecycle.dissuade(task.slot, task.step, Channel::visit);
    else if (a->loss_due && a->talking == 0)
      m_.lifecycle.settle_deadline(task.slot);
    else
      m_.steps.end_step(task.slot, task.step);
  }
  m_.schedule_in(task.duration, OfficerFreeEv{task.where}, kPhaseCompletion);
}

void Officers::handle(OfficerFreeEv& ev) {
  --m_.officers_[ev.leaf].busy;
  m_.emit({.time = m_.now(), .kind = TraceKind::officer_free, .unit = ev.leaf});
  try_serve(ev.leaf);
}

}  // namespace hotline::model::detail
