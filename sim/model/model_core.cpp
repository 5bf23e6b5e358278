#include "model_core.hpp"

namespace hotline::model::detail {

ModelCore::ModelCore(const scenario::Scenario& s, std::uint64_t seed, std::uint64_t rep,
                     Dispatcher& dispatcher, const ModelPart* part)
    : ModelState(s, seed, rep, dispatcher, part),
      arrivals(*this),
      lifecycle(*this),
      steps(*this),
      desks(*this),
      push(*this),
      robots(*this),
      officers(*this),
      commands(*this) {
  for (const auto& l : s_.languages) language_code(l.code);
  officers.build();
  desks.build();
  arrivals.build();
  // One pool keeps the stream name it had before pools per region existed.
  const scenario::RobotPools pools = scenario::robot_pools(s_);
  robot_pool_of_unit_ = pools.of_unit;
  robot_pools_.resize(pools.unit.size());
  for (std::size_t p = 0; p < pools.unit.size(); ++p)
    robot_pools_[p].rng =
        s_.robot.per_region
            ? Rng(seed_, rep,
                  "robot/region=" + s_.units[static_cast<std::size_t>(pools.unit[p])].id)
            : Rng(seed_, rep, "robot");
  for (const auto& r : s_.rules) max_steps_ = std::max<std::size_t>(max_steps_, r.plan.size());
}

void ModelCore::add_observer(Observer* o) {
  if (!started_) {
    observers_.push_back(o);
    return;
  }
  // A late observer: the state it joins at, then every record from now on.
  o->on_join(snapshot());
  observers_.push_back(o);
  const TraceMask m = o->trace_kinds();
  if (m) tracers_.emplace_back(o, m);
  trace_mask_ |= m;
}

// Started on the first run, not in the constructor, so observers attached after construction
// see the initial rosters too.
void ModelCore::start() {
  started_ = true;
  for (Observer* o : observers_) {
    const TraceMask m = o->trace_kinds();
    if (m) tracers_.emplace_back(o, m);
    trace_mask_ |= m;
  }
  desks.start();
  officers.start();
  arrivals.start();
  commands.schedule_injects();
}

void ModelCore::run_until(SimTime t) {
  if (finished_) return;
  if (!started_) start();
  if (t > horizon_) t = horizon_;
  sim_.run_until(t, [this](Event& e) { handle(e); });
}

void ModelCore::handle(Event& e) {
  std::visit(
      [this](auto& ev) {
        using E = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<E, ArrivalEv> || std::is_same_v<E, InboundEv>)
          arrivals.handle(ev);
        else if constexpr (std::is_same_v<E, LossEv>)
          lifecycle.handle(ev);
        else if constexpr (std::is_same_v<E, RosterEv> || std::is_same_v<E, ServiceDoneEv> ||
                           std::is_same_v<E, WrapUpDoneEv> ||
                           std::is_same_v<E, InboundPatienceEv> ||
                           std::is_same_v<E, LanguageFallbackEv>)
          desks.handle(ev);
        else if constexpr (std::is_same_v<E, RetryEv> || std::is_same_v<E, SlaEv> ||
                           std::is_same_v<E, SmsDoneEv>)
          steps.handle(ev);
        else if constexpr (std::is_same_v<E, RobotDoneEv>)
          robots.handle(ev);
        else if constexpr (std::is_same_v<E, OfficerArriveEv> || std::is_same_v<E, VisitEndEv> ||
                           std::is_same_v<E, OfficerFreeEv> || std::is_same_v<E, OfficerShiftEv> ||
                           std::is_same_v<E, CoverEv>)
          officers.handle(ev);
        else
          commands.handle(ev);
      },
      e);
}

bool ModelCore::finish_now() {
  if (finished_) return conservation_ok_;
  if (!started_) start();
  finished_ = true;
  lifecycle.report_open();
  for (Observer* o : observers_) o->on_run_end(now());
  conservation_ok_ = entered_ == dissuaded_count_ + lost_count_ + not_paid_count_ + open_count_;
  assert(conservation_ok_ && "every alert ends in exactly one final state");
  return conservation_ok_;
}

}  // namespace hotline::model::detail
