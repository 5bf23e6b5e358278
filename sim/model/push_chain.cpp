#include "push_chain.hpp"

#include "model_core.hpp"

namespace hotline::model::detail {

void PushChain::advance(std::uint32_t slot, int step) {
  Alert& a = m_.alerts_[slot];
  StepState& st = m_.step_state(slot, step);
  const int target = m_.step_spec(a, step).to_level;
  while (st.push_level <= target) {
    const int d = m_.push_desk_at_level(a.unit, st.push_level);
    ++st.push_level;
    if (d >= 0) {
      const std::int32_t t = m_.make_alert_task(TaskKind::push, slot, step, d);
      st.task = t;
      m_.desks.enqueue_at_desk(d, t, ModelState::priority_of(a, m_.step_spec(a, step)));
      return;
    }
  }
  m_.emit({.time = m_.now(),
           .kind = TraceKind::push_delivered,
           .alert = a.id,
           .unit = m_.ancestor_at_level(a.unit, target),
           .step = step});
  m_.steps.reach_goal(slot, step);
  m_.steps.end_step(slot, step);
}

}  // namespace hotline::model::detail
