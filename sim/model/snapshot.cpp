// ModelCore::snapshot(): the read-only picture of snapshot.hpp.
#include "model_core.hpp"

namespace hotline::model::detail {

ModelSnapshot ModelCore::snapshot() const {
  ModelSnapshot snap;
  snap.time = now();
  snap.events_processed = sim_.events_processed();
  for (std::uint32_t slot = 0; slot < alerts_.size(); ++slot) {
    const Alert& a = alerts_[slot];
    if (!a.open) continue;
    AlertSnapshot as;
    as.view = view_of(slot);
    as.first_contact = cold_[slot].rec.first_contact;
    for (std::size_t i = 0; i < plan_size(a); ++i)
      as.running_steps += step_state(slot, static_cast<int>(i)).status == StepStatus::running;
    as.state = a.awaiting             ? AlertState::awaiting_decision
               : as.running_steps > 0 ? AlertState::in_plan
                                      : AlertState::no_action;
    snap.alerts.push_back(as);
  }
  std::sort(snap.alerts.begin(), snap.alerts.end(),
            [](const AlertSnapshot& x, const AlertSnapshot& y) { return x.view.id < y.view.id; });
  for (std::size_t d = 0; d < desks_.size(); ++d) {
    const DeskState& desk = desks_[d];
    snap.desks.push_back({.desk = static_cast<int>(d),
                          .queued = desk.queue.size(),
                          .staffed = desk.staffed,
                          .rostered = desk.rostered,
                          .busy = desk.busy});
  }
  for (std::size_t u = 0; u < officers_.size(); ++u) {
    const OfficerPool& pool = officers_[u];
    if (pool.capacity <= 0) continue;
    snap.officers.push_back({.unit = static_cast<int>(u),
                             .capacity = pool.capacity,
                             .unavailable = std::min(pool.unavailable, pool.capacity),
                             .busy = pool.busy,
                             .queued = pool.queue.size()});
  }
  snap.robot_lines = s_.robot.lines * static_cast<int>(robot_pools_.size());
  for (const auto& pool : robot_pools_) {
    snap.robot_busy += pool.busy;
    snap.robot_queued += pool.queue.size();
  }
  RunTotals& t = snap.totals;
  t.entered = entered_;
  t.dissuaded = dissuaded_count_;
  t.lost = lost_count_;
  t.not_paid = not_paid_count_;
  t.open = entered_ - dissuaded_count_ - lost_count_ - not_paid_count_;
  t.awaiting = awaiting_count_;
  t.amount_lost = amount_lost_;
  t.amount_protected = amount_protected_;
  t.commands = log_.size();
  return snap;
}

}  // namespace hotline::model::detail
