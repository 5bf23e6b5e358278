#include "desks.hpp"

#include <algorithm>

#include "model_core.hpp"

namespace hotline::model::detail {

using scenario::Channel;

void Desks::build() {
  const auto& s = m_.s_;
  const std::size_t nunits = s.units.size();
  m_.desks_.resize(s.desks.size());
  std::vector<std::int32_t> push_desk(nunits, -1);
  std::vector<std::vector<std::int32_t>> kind_desk(s.desk_kinds.size(),
                                                   std::vector<std::int32_t>(nunits, -1));
  for (std::size_t d = 0; d < s.desks.size(); ++d) {
    const auto& spec = s.desks[d];
    DeskState& desk = m_.desks_[d];
    kind_desk[spec.kind_index][spec.unit] = static_cast<std::int32_t>(d);
    if (spec.receives_pushes && push_desk[spec.unit] < 0)
      push_desk[spec.unit] = static_cast<std::int32_t>(d);
    // Another part's desk is never staffed or used here: only its place in the unit rows (a
    // national part's model would otherwise build all 3,138, most of its set-up).
    if (!m_.owns_desk(static_cast<int>(d))) continue;
    desk.roster = WeeklyRoster(spec.shifts);
    desk.queue_limit = spec.queue_limit;
    desk.call_answered = m_.shared(spec.handling.call_answered);
    desk.call_unanswered = m_.shared(spec.handling.call_unanswered);
    desk.push = m_.shared(spec.handling.push);
    for (const auto& ct : spec.handling.call_answered_by) {
      DeskState::CallTime c;
      for (int g = 1; g <= scenario::kGrades; ++g)
        if (ct.grades.empty() ||
            std::find(ct.grades.begin(), ct.grades.end(), g) != ct.grades.end())
          c.grades |= static_cast<std::uint8_t>(1u << (g - 1));
      c.fraud_types = ct.fraud_types;
      c.dist = m_.shared(ct.call_answered);
      desk.call_times.push_back(std::move(c));
    }
    desk.after_call = m_.shared(spec.handling.after_call);
    desk.after_push = m_.shared(spec.handling.after_push);
    desk.after_inbound = m_.shared(spec.handling.after_inbound);
    desk.wraps_up = !spec.handling.after_call.is_zero() || !spec.handling.after_push.is_zero() ||
                    !spec.handling.after_inbound.is_zero();
    for (const auto& l : spec.languages) desk.languages |= std::uint64_t{1} << m_.language_code(l);
    if (!spec.skill_sets.empty()) {
      desk.language_fallback = spec.language_fallback;
      desk.every_group_speaks = ~std::uint64_t{0};
      for (std::size_t g = 0; g < spec.skill_sets.size(); ++g) {
        DeskState::SkillGroup group;
        for (const int id : spec.skill_sets[g])
          group.languages |= std::uint64_t{1}
                             << m_.language_code(s.languages[static_cast<std::size_t>(id)].code);
        std::vector<scenario::ShiftSpec> shifts;
        for (const auto& sh : spec.shifts) shifts.push_back(sh.for_skill_set(g));
        group.roster = WeeklyRoster(shifts);
        desk.every_group_speaks &= group.languages;
        desk.groups.push_back(std::move(group));
      }
    }
  }
  // Pre-order: a unit without its own desk of a kind uses its nearest ancestor's.
  for (auto& by_unit : kind_desk)
    for (std::size_t u = 1; u < nunits; ++u)
      if (by_unit[u] < 0) by_unit[u] = by_unit[s.units[u].parent];
  build_unit_rows(push_desk, kind_desk);
}

// Everything the handlers look up about an alert's community, in one row per unit: its
// ancestor at each level, the push-receiving desk of each of those ancestors, and the desk
// of each kind that serves it. An alert's calls and push hops then read one cache line (rows
// are 64-byte aligned when they fit one) instead of an ancestor table, a push-desk table and
// a desk-kind table spread over tens of thousands of units.
void Desks::build_unit_rows(const std::vector<std::int32_t>& push_desk,
                            const std::vector<std::vector<std::int32_t>>& kind_desk) {
  const auto& s = m_.s_;
  const std::size_t n = s.units.size();
  m_.levels_ = s.levels.size();
  const std::size_t levels = m_.levels_;
  const std::size_t need = 2 * levels + kind_desk.size();
  constexpr std::size_t kLine = 64 / sizeof(std::int32_t);
  m_.row_width_ = need <= kLine ? kLine : (need + kLine - 1) / kLine * kLine;
  m_.unit_rows_.assign(n * m_.row_width_ + kLine, -1);
  const auto addr = reinterpret_cast<std::uintptr_t>(m_.unit_rows_.data());
  m_.row_base_ = (64 - addr % 64) % 64 / sizeof(std::int32_t);
  for (std::size_t u = 0; u < n; ++u) {
    const auto& unit = s.units[u];
    std::int32_t* row = m_.unit_row(static_cast<int>(u));
    if (unit.parent >= 0) {
      const std::int32_t* up = m_.unit_row(unit.parent);
      for (std::size_t l = 0; l < 2 * levels; ++l) row[l] = up[l];
    }
    row[unit.level] = static_cast<std::int32_t>(u);
    row[levels + unit.level] = push_desk[u];
    for (std::size_t k = 0; k < kind_desk.size(); ++k) row[2 * levels + k] = kind_desk[k][u];
  }
}

void Desks::start() {
  for (std::size_t d = 0; d < m_.desks_.size(); ++d) {
    if (!m_.owns_desk(static_cast<int>(d))) continue;  // another part's: never staffed here
    DeskState& desk = m_.desks_[d];
    desk.rostered = rostered_at(desk, m_.calendar_.ms_of_week(engine::kTimeZero));
    desk.staffed = desk.rostered;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::roster_change,
             .desk = int(d),
             .value = desk.staffed});
    for (std::size_t g = 0; g < desk.groups.size(); ++g) {
      auto& group = desk.groups[g];
      group.staffed = group.rostered;
      m_.emit({.time = m_.now(),
               .kind = TraceKind::skill_roster_change,
               .desk = int(d),
               .step = int(g),
               .value = group.staffed});
    }
    schedule_roster(static_cast<int>(d));
  }
}

// The desk's roster headcount at a time of the week, and each skill set's (their sum is the
// desk's: summed rather than read from the desk's own roster, since breaks that overlap clamp
// at zero per skill set).
int Desks::rostered_at(DeskState& desk, std::int64_t week_ms) {
  if (desk.groups.empty()) return desk.roster.headcount_at(week_ms);
  int total = 0;
  for (auto& group : desk.groups) total += group.rostered = group.roster.headcount_at(week_ms);
  return total;
}

void Desks::schedule_roster(int d) {
  // Skill sets change at their own points too: a shift change may move operators between
  // skill sets and leave the desk's total (and so its own roster) as it was.
  const DeskState& desk = m_.desks_[d];
  SimTime next = desk.roster.next_change(m_.now(), m_.calendar_);
  for (const auto& group : desk.groups)
    next = std::min(next, group.roster.next_change(m_.now(), m_.calendar_));
  if (next < m_.horizon_) m_.schedule_at(next, RosterEv{d}, kPhaseRoster);
}

void Desks::handle(RosterEv& ev) {
  DeskState& desk = m_.desks_[ev.desk];
  desk.rostered = rostered_at(desk, m_.calendar_.ms_of_week(m_.now()));
  set_staffed(ev.desk, desk.override_from == 0 ? desk.rostered : desk.staffed);
  schedule_roster(ev.desk);
}

void Desks::set_staffed(int d, int headcount) {
  DeskState& desk = m_.desks_[d];
  const bool changed = headcount != desk.staffed;
  if (!changed && desk.groups.empty()) return;
  desk.staffed = headcount;
  if (changed)
    m_.emit({.time = m_.now(), .kind = TraceKind::roster_change, .desk = d, .value = headcount});
  if (!desk.groups.empty()) staff_groups(d, headcount);
  try_serve(d);
}

// The desk's headcount over its skill sets: each gets up to what its roster says, in the
// desk's order, and a headcount above the roster's (an inject) goes to the first. With no
// inject in force the headcount is the roster's, so each skill set gets exactly its own.
void Desks::staff_groups(int d, int headcount) {
  DeskState& desk = m_.desks_[d];
  int rostered = 0;
  for (const auto& group : desk.groups) rostered += group.rostered;
  int left = headcount;
  for (std::size_t g = 0; g < desk.groups.size(); ++g) {
    auto& group = desk.groups[g];
    int n = std::min(group.rostered, left);
    left -= n;
    if (g == 0 && headcount > rostered) n += headcount - rostered;
    if (n == group.staffed) continue;
    group.staffed = n;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::skill_roster_change,
             .desk = d,
             .step = int(g),
             .value = n});
  }
}

void Desks::set_override(int d, int headcount, std::uint32_t cmd) {
  m_.desks_[d].override_from = static_cast<int>(cmd) + 1;
  set_staffed(d, headcount);
}

void Desks::end_override(int d, std::uint32_t cmd) {
  DeskState& desk = m_.desks_[d];
  if (desk.override_from != static_cast<int>(cmd) + 1) return;  // a later one took over
  desk.override_from = 0;
  set_staffed(d, desk.rostered);
}

void Desks::enqueue_call(std::uint32_t slot, int step) {
  Alert& a = m_.alerts_[slot];
  const auto& spec = m_.step_spec(a, step);
  const int d = spec.desk >= 0 ? spec.desk : m_.kind_desk(spec.desk_kind, a.unit);
  assert(d >= 0 && "the loader guarantees every leaf reaches the call's desk");
  const std::int32_t t = m_.make_alert_task(TaskKind::call, slot, step, d);
  m_.step_state(slot, step).task = t;
  enqueue_at_desk(d, t, ModelState::priority_of(a, spec));
}

void Desks::enqueue_at_desk(int d, std::int32_t t, int priority) {
  Task& task = m_.tasks_[t];
  const DeskState& desk = m_.desks_[d];
  const int limit = desk.queue_limit;
  if (limit >= 0 && task.kind != TaskKind::push && desk.busy >= desk.staffed &&
      desk.queue.size() >= limit) {
    const std::uint32_t slot = task.slot;
    const int step = task.step;
    const TaskKind kind = task.kind;
    m_.emit({.time = m_.now(),
             .kind = TraceKind::blocked,
             .alert = task.alert_id,
             .desk = d,
             .grade = m_.grade_of(task)});
    m_.free_task(t);
    if (kind == TaskKind::call) {
      m_.step_state(slot, step).task = -1;
      ++m_.step_state(slot, step).attempts;
      m_.steps.retry_or_end(slot, step);
    }
    return;
  }
  task.where = d;
  task.enqueued = m_.now();
  task.state = TaskState::queued;
  m_.desks_[d].queue.push(m_.tasks_, t, priority);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::enqueue,
           .alert = task.alert_id,
           .desk = d,
           .value = TaskQueue<TaskPool>::clamp_priority(priority),
           .grade = m_.grade_of(task)});
  // A call that some skill set cannot take may have to wait for a speaker; once its fallback
  // wait has passed, any free operator may take it, so look again then.
  if (!desk.groups.empty() && task.kind == TaskKind::call && desk.language_fallback > Duration{0} &&
      !(desk.every_group_speaks & language_bit(m_.alerts_[task.slot]))) {
    task.serial = ++m_.task_serial_;
    m_.schedule_in(desk.language_fallback, LanguageFallbackEv{d, t, task.serial}, kPhaseTimer);
  }
  try_serve(d);
}

void Desks::handle(LanguageFallbackEv& ev) {
  const Task& task = m_.tasks_[ev.task];
  if (task.state != TaskState::queued || task.serial != ev.serial || task.where != ev.desk)
    return;  // served or withdrawn already (or the slot was reused)
  try_serve(ev.desk);
}

void Desks::withdraw(std::int32_t t) {
  const Task& task = m_.tasks_[t];
  m_.desks_[task.where].queue.remove(m_.tasks_, t);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::dequeue_expired,
           .alert = task.alert_id,
           .desk = task.where,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = m_.grade_of(task)});
}

void Desks::try_serve(int d) {
  DeskState& desk = m_.desks_[d];
  if (desk.groups.empty()) {
    while (desk.busy < desk.staffed && !desk.queue.empty())
      start_service(d, desk.queue.pop(m_.tasks_), -1);
    return;
  }
  // Skill sets: the most urgent, longest-waiting task that some free operator may take. Tasks
  // skipped are calls waiting for a speaker of their language; the scan reaches them only
  // while an operator is free, so it is short (a long queue means nobody is free).
  while (desk.busy < desk.staffed && !desk.queue.empty()) {
    int group = -1;
    const std::int32_t t = desk.queue.find_first(m_.tasks_, [&](std::int32_t k) {
      group = free_group_for(desk, m_.tasks_[k]);
      return group >= 0;
    });
    if (t < 0) return;
    desk.queue.remove(m_.tasks_, t);
    start_service(d, t, group);
  }
}

// The skill set whose free operator takes the task, or -1: for an alert call, the first that
// speaks the person's language, or, once the call has waited the desk's language_fallback,
// the first with anyone free; for other work (pushes, inbound calls) the first with anyone free.
int Desks::free_group_for(const DeskState& desk, const Task& task) const {
  const auto n = static_cast<int>(desk.groups.size());
  const auto free = [&](int g) { return desk.groups[g].busy < desk.groups[g].staffed; };
  if (task.kind == TaskKind::call) {
    const std::uint64_t bit = language_bit(m_.alerts_[task.slot]);
    for (int g = 0; g < n; ++g)
      if ((desk.groups[g].languages & bit) && free(g)) return g;
    if (m_.now() - task.enqueued < desk.language_fallback) return -1;
  }
  for (int g = 0; g < n; ++g)
    if (free(g)) return g;
  return -1;
}

void Desks::start_service(int d, std::int32_t t, int group) {
  DeskState& desk = m_.desks_[d];
  Task& task = m_.tasks_[t];
  ++desk.busy;
  task.state = TaskState::in_service;
  task.group = static_cast<std::int8_t>(group);
  // For skill sets, a call's record says whether its operator speaks the person's language
  // (1) or took it after the fallback wait (2); 0 for everything else.
  int in_language = 0;
  if (group >= 0) {
    ++desk.groups[group].busy;
    if (task.kind == TaskKind::call)
      in_language = (spoken_by(desk, group) & language_bit(m_.alerts_[task.slot])) ? 1 : 2;
  }
  m_.emit({.time = m_.now(),
           .kind = TraceKind::service_start,
           .alert = task.alert_id,
           .desk = d,
           .value = in_language,
           .wait_ms = engine::ticks(m_.now() - task.enqueued),
           .grade = m_.grade_of(task)});
  double ms = 0;
  switch (task.kind) {
    case TaskKind::inbound:
      ms = static_cast<double>(engine::ticks(task.duration));  // drawn at arrival
      break;
    case TaskKind::push:
      ms = m_.dists_[desk.push].sample(m_.alerts_[task.slot].rng);
      break;
    case TaskKind::call: {
      Alert& a = m_.alerts_[task.slot];
      const auto& ft = m_.s_.fraud_types[a.fraud_type];
      // The step's goal is the first dial, whichever attempt it is (an earlier one may have
      // been blocked by a full queue); reach_goal decides it once.
      m_.steps.reach_goal(task.slot, task.step);
      m_.lifecycle.dial(task.slot);
      const bool family = m_.step_spec(a, task.step).family;
      if (family) {
        task.result = engine::sample_bernoulli(a.rng, ft.family_reach_prob)
                          ? CallResult::answered
                          : CallResult::unanswered;
      } else if (engine::sample_bernoulli(a.rng, ft.engaged_prob)) {
        task.result = CallResult::engaged;
      } else {
        task.result = engine::sample_bernoulli(a.rng, ft.answer_prob) ? CallResult::answered
                                                                      : CallResult::unanswered;
      }
      std::int32_t dist =
          task.result == CallResult::answered ? desk.call_answered : desk.call_unanswered;
      if (task.result == CallResult::answered && !desk.call_times.empty())
        dist = answered_time(desk, a);
      ms = m_.dists_[dist].sample(a.rng);
      // Dialling and ringing are not timed apart from the call: an answered call is answered
      // as the operator dials. From then on the person (not a relative) is on the line.
      if (task.result == CallResult::answered) {
        m_.lifecycle.contact(task.slot, task.step);
        if (!family) {
          AlertLifecycle::begin_talk(a);
          task.on_line = true;
        }
      }
      break;
    }
    case TaskKind::robot:
    case TaskKind::visit:
      assert(false);
      break;
  }
  m_.schedule_in(engine::duration_from_ms(ms), ServiceDoneEv{d, t}, kPhaseCompletion);
}

void Desks::handle(ServiceDoneEv& ev) {
  const int d = ev.desk;
  DeskState& desk = m_.desks_[d];
  const Task task = m_.tasks_[ev.task];
  m_.free_task(ev.task);
  Alert* a = task.kind == TaskKind::inbound ? nullptr : m_.live(task.slot, task.alert_id);
  // After-call work keeps the operator busy (no service_end yet); the task's outcome is
  // decided now, as the conversation ends.
  const Duration wrap = desk.wraps_up ? wrap_up_time(desk, task, a) : Duration{0};
  if (wrap > Duration{0}) {
    m_.schedule_in(wrap, WrapUpDoneEv{d, task.group, task.alert_id}, kPhaseCompletion);
  } else {
    --desk.busy;
    if (task.group >= 0) --desk.groups[task.group].busy;
    m_.emit({.time = m_.now(), .kind = TraceKind::service_end, .alert = task.alert_id, .desk = d});
  }
  if (a && task.on_line)
    --a->talking;  // the conversation is over; finish_call settles a
                   // deadline that came meanwhile
  if (a) {
    StepState& st = m_.step_state(task.slot, task.step);
    st.task = -1;
    if (task.kind == TaskKind::push) {
      m_.push.advance(task.slot, task.step);
    } else {
      finish_call(*a, task, d);
    }
  }
  // An operator whose shift ended finishes the call and leaves: busy may exceed staffed.
  try_serve(d);
}

Duration Desks::wrap_up_time(const DeskState& desk, const Task& task, Alert* a) {
  switch (task.kind) {
    case TaskKind::call:
      // Only after a conversation: an unanswered attempt has nothing to log.
      if (task.result != CallResult::answered || !a) return Duration{0};
      return engine::duration_from_ms(m_.dists_[desk.after_call].sample(a->rng));
    case TaskKind::push:
      if (!a) return Duration{0};
      return engine::duration_from_ms(m_.dists_[desk.after_push].sample(a->rng));
    case TaskKind::inbound:
      return engine::duration_from_ms(m_.dists_[desk.after_inbound].sample(
          m_.inbound_[static_cast<std::size_t>(task.inbound)].handling));
    default:
      return Duration{0};
  }
}

std::int32_t Desks::answered_time(const DeskState& desk, const Alert& a) const {
  for (const auto& c : desk.call_times) {
    if (!(c.grades & (1u << (a.grade - 1)))) continue;
    if (!c.fraud_types.empty() &&
        std::find(c.fraud_types.begin(), c.fraud_types.end(), a.fraud_type) == c.fraud_types.end())
      continue;
    return c.dist;
  }
  return desk.call_answered;
}

void Desks::handle(WrapUpDoneEv& ev) {
  DeskState& desk = m_.desks_[ev.desk];
  --desk.busy;
  if (ev.group >= 0) --desk.groups[ev.group].busy;
  m_.emit({.time = m_.now(), .kind = TraceKind::service_end, .alert = ev.alert, .desk = ev.desk});
  try_serve(ev.desk);
}

void Desks::handle(InboundPatienceEv& ev) {
  Task& task = m_.tasks_[ev.task];
  if (task.kind != TaskKind::inbound || task.state != TaskState::queued || task.serial != ev.serial)
    return;  // served already (or the slot was reused)
  m_.desks_[task.where].queue.remove(m_.tasks_, ev.task);
  m_.emit({.time = m_.now(),
           .kind = TraceKind::inbound_abandoned,
           .desk = task.where,
           .wait_ms = engine::ticks(m_.now() - task.enqueued)});
  task.serial = 0;
  m_.free_task(ev.task);
}

void Desks::finish_call(Alert& a, const Task& task, int d) {
  const std::uint32_t slot = task.slot;
  const int step = task.step;
  const auto& spec = m_.step_spec(a, step);
  StepState& st = m_.step_state(slot, step);
  ++st.attempts;
  if (task.result == CallResult::answered) {
    m_.emit({.time = m_.now(),
             .kind = TraceKind::call_answered,
             .alert = a.id,
             .desk = d,
             .step = step});
    const Channel ch = spec.family ? Channel::family : Channel::phone;
    double p = m_.s_.dissuasion.prob[static_cast<int>(ch)][a.fraud_type];
    assert(a.language_code < 64 && "the loader allows at most 64 language codes");
    if (!(spoken_by(m_.desks_[d], task.group) & language_bit(a)))
      p *= m_.s_.dissuasion.language_mismatch;
    if (m_.dissuasion_shaped_)
      p *= m_.s_.dissuasion.factor(m_.now() - m_.cold_[slot].rec.arrival, st.attempts);
    // The outcome of the conversation is known as it ends (now).
    if (engine::sample_bernoulli(a.rng, p)) return m_.lifecycle.dissuade(slot, step, ch);
    if (a.loss_due && a.talking == 0) return m_.lifecycle.settle_deadline(slot);
    return m_.steps.end_step(slot, step);
  }
  m_.emit({.time = m_.now(),
           .kind = task.result == CallResult::engaged ? TraceKind::call_engaged
                                                      : TraceKind::call_unanswered,
           .alert = a.id,
           .desk = d,
           .step = step});
  m_.steps.retry_or_end(slot, step);
}

}  // namespace hotline::model::detail
