#include "command_processor.hpp"

#include <cmath>

#include <fmt/format.h>

#include "model_core.hpp"

namespace hotline::model::detail {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// The scenario's inject as the command it stands for.
Command command_of(const scenario::InjectSpec& in) {
  using scenario::InjectKind;
  switch (in.kind) {
    case InjectKind::surge:
      return Surge{in.fraud_types, in.multiplier, in.duration};
    case InjectKind::desk_outage:
      return DeskHeadcount{in.desk, 0, in.duration};
    case InjectKind::desk_headcount:
      return DeskHeadcount{in.desk, in.headcount, in.duration};
    case InjectKind::officers_unavailable:
      return OfficersUnavailable{in.unit, in.count, in.duration};
    case InjectKind::alert:
      break;
  }
  return InjectAlert{in.fraud_type, in.grade, in.amount, in.unit, in.time_to_loss, in.language};
}

constexpr std::int64_t kMaxWindowMs = 366LL * 24 * 3'600'000;  // a year
constexpr int kMaxHeadcount = 10'000;
constexpr int kMaxAttempts = 20;

}  // namespace

// In a part's model (ModelPart), the injects about its desks and units, and every surge (scaled
// to the part's share of each type, as its own arrivals are).
bool CommandProcessor::about_this_part(const scenario::InjectSpec& in) const {
  using scenario::InjectKind;
  switch (in.kind) {
    case InjectKind::surge:
      return true;
    case InjectKind::desk_outage:
    case InjectKind::desk_headcount:
      return m_.owns_desk(in.desk);
    case InjectKind::officers_unavailable: {
      const int last = in.unit + m_.s_.units[static_cast<std::size_t>(in.unit)].subtree_size;
      for (int u = in.unit; u < last; ++u)
        if (m_.owns_unit(u)) return true;  // a part owns leaves only
      return false;
    }
    case InjectKind::alert:
      return m_.owns_unit(in.unit);
  }
  return true;
}

void CommandProcessor::schedule_injects() {
  for (const auto& in : m_.s_.injects) {
    const SimTime at = m_.calendar_.to_sim(in.at);
    // The loader keeps injects inside the run; one at the horizon or later never runs.
    if (at < engine::kTimeZero || at >= m_.horizon_) continue;
    if (!about_this_part(in)) continue;
    schedule(command_of(in), at, 0);
  }
}

std::uint32_t CommandProcessor::schedule(Command c, SimTime at, std::uint64_t sequence) {
  const auto index = static_cast<std::uint32_t>(m_.commands_.size());
  m_.commands_.push_back(std::move(c));
  m_.command_sequence_.push_back(sequence);
  m_.sim_.schedule_at(at, CommandEv{index}, kPhaseCommand);
  return index;
}

Verdict CommandProcessor::submit(const Command& c) {
  if (m_.finished_) return {false, "the run has ended", 0};
  std::string why = check(c);
  if (!why.empty()) return {false, std::move(why), 0};
  if (m_.now() >= m_.horizon_) return {false, "the run is at its horizon", 0};
  const std::uint64_t seq = m_.next_sequence_++;
  schedule(c, m_.now(), seq);
  m_.log_.push_back({m_.now(), kPhaseCommand, seq, c});
  return {true, "", seq};
}

std::string CommandProcessor::check(const Command& c) const {
  const auto& s = m_.s_;
  auto alert_open = [&](std::uint64_t id) -> std::string {
    if (m_.lifecycle.find_open(id) < 0)
      return fmt::format("alert {} is not open (it was dissuaded or lost, or never entered)", id);
    return "";
  };
  auto window = [](engine::Duration d) -> std::string {
    if (engine::ticks(d) <= 0 || engine::ticks(d) > kMaxWindowMs)
      return "the duration must be more than 0 and at most 366 days";
    return "";
  };
  const auto ndesks = static_cast<int>(s.desks.size());
  const auto nunits = static_cast<int>(s.units.size());
  const auto ntypes = static_cast<int>(s.fraud_types.size());
  return std::visit(
      Overloaded{
          [&](const AssignRule& a) -> std::string {
            if (auto e = alert_open(a.alert); !e.empty()) return e;
            if (a.rule < 0 || a.rule >= static_cast<int>(s.rules.size()))
              return fmt::format("rule {} does not exist (the scenario has {} rules)", a.rule,
                                 s.rules.size());
            return "";
          },
          [&](const AssignStep& a) -> std::string {
            if (auto e = alert_open(a.alert); !e.empty()) return e;
            const auto slot = static_cast<std::uint32_t>(m_.lifecycle.find_open(a.alert));
            const int leaf = m_.alerts_[slot].unit;
            if (a.priority < 0 || a.priority >= kPriorityLevels)
              return fmt::format("priority {} is out of range (0 = the grade, or 1..{})",
                                 a.priority, kPriorityLevels - 1);
            if (engine::ticks(a.sla) < 0 || engine::ticks(a.sla) > kMaxWindowMs)
              return "the SLA must be 0 (none) or up to 366 days";
            switch (a.kind) {
              case scenario::StepKind::call:
                if (a.desk >= ndesks || a.desk < -1)
                  return fmt::format("desk {} does not exist (the scenario has {} desks)", a.desk,
                                     ndesks);
                if (a.desk < 0) {
                  if (a.desk_kind < 0 || a.desk_kind >= static_cast<int>(s.desk_kinds.size()))
                    return "a call needs a desk, or a desk kind that serves the alert";
                  if (m_.kind_desk(a.desk_kind, leaf) < 0)
                    return fmt::format("no '{}' desk serves the alert's community",
                                       s.desk_kinds[a.desk_kind]);
                }
                if (a.attempts < 1 || a.attempts > kMaxAttempts)
                  return fmt::format("attempts must be 1..{}", kMaxAttempts);
                if (engine::ticks(a.retry_interval) < 0 ||
                    engine::ticks(a.retry_interval) > kMaxWindowMs)
                  return "the retry interval must be 0 or up to 366 days";
                break;
              case scenario::StepKind::push: {
                if (a.unit < 0 || a.unit >= nunits)
                  return fmt::format("unit {} does not exist", a.unit);
                const int level = s.units[a.unit].level;
                if (level < 1 || m_.ancestor_at_level(leaf, level) != a.unit)
                  return fmt::format("unit '{}' is not below the root on the alert's chain",
                                     s.units[a.unit].id);
                break;
              }
              case scenario::StepKind::sms:
              case scenario::StepKind::robot_call:
              case scenario::StepKind::visit:
                break;
            }
            return "";
          },
          [&](const Escalate& a) -> std::string {
            if (auto e = alert_open(a.alert); !e.empty()) return e;
            const auto slot = static_cast<std::uint32_t>(m_.lifecycle.find_open(a.alert));
            const Alert& al = m_.alerts_[slot];
            for (std::size_t i = 0; i < m_.plan_size(al); ++i) {
              const StepState& st = m_.step_state(slot, static_cast<int>(i));
              if (st.status == StepStatus::running && !st.escalated &&
                  !m_.step_spec(al, static_cast<int>(i)).on_late.empty())
                return "";
            }
            return fmt::format("alert {} has no running step with on_late steps to escalate to",
                               a.alert);
          },
          [&](const CloseAlert& a) -> std::string {
            if (auto e = alert_open(a.alert); !e.empty()) return e;
            const auto slot = static_cast<std::uint32_t>(m_.lifecycle.find_open(a.alert));
            const Alert& al = m_.alerts_[slot];
            if (al.rule < 0 && !al.awaiting)
              return fmt::format("alert {} has no plan and awaits no decision", a.alert);
            return "";
          },
          [&](const Surge& a) -> std::string {
            if (!(a.multiplier > 1) || !(a.multiplier <= 1000))
              return "a surge's multiplier must be more than 1 and at most 1000";
            for (int k : a.fraud_types)
              if (k < 0 || k >= ntypes)
                return fmt::format("fraud type {} does not exist (the scenario has {})", k, ntypes);
            return window(a.duration);
          },
          [&](const DeskHeadcount& a) -> std::string {
            if (a.desk < 0 || a.desk >= ndesks)
              return fmt::format("desk {} does not exist (the scenario has {} desks)", a.desk,
                                 ndesks);
            if (a.headcount < 0 || a.headcount > kMaxHeadcount)
              return fmt::format("a headcount must be 0..{}", kMaxHeadcount);
            return window(a.duration);
          },
          [&](const OfficersUnavailable& a) -> std::string {
            if (a.unit < 0 || a.unit >= nunits)
              return fmt::format("unit {} does not exist", a.unit);
            if (a.count == 0 || a.count < -1) return "count must be -1 (all) or at least 1";
            bool any = false;
            for (int u = a.unit; u < a.unit + s.units[a.unit].subtree_size && !any; ++u)
              any = m_.officers_[u].capacity > 0;
            if (!any)
              return fmt::format("no community under '{}' has officers", s.units[a.unit].id);
            return window(a.duration);
          },
          [&](const InjectAlert& a) -> std::string {
            if (a.fraud_type < 0 || a.fraud_type >= ntypes)
              return fmt::format("fraud type {} does not exist (the scenario has {})", a.fraud_type,
                                 ntypes);
            if (a.grade < 1 || a.grade > scenario::kGrades) return "grade must be 1, 2 or 3";
            if (!(a.amount >= 0) || !std::isfinite(a.amount))
              return "the amount must be a finite number of yuan, at least 0";
            if (a.unit < 0 || a.unit >= nunits || !s.units[a.unit].children.empty())
              return "the alert's unit must be a community (a leaf unit)";
            if (engine::ticks(a.time_to_loss) <= 0) return "time to loss must be more than 0";
            const int nlang = static_cast<int>(m_.languages_.size());
            if (a.language < 0 || a.language >= nlang)
              return fmt::format("language {} is not one of the scenario's {} languages",
                                 a.language, nlang);
            return "";
          },
      },
      c);
}

void CommandProcessor::handle(CommandEv& ev) {
  const std::uint64_t seq = m_.command_sequence_[ev.index];
  if (!check(m_.commands_[ev.index]).empty()) {
    m_.emit({.time = m_.now(), .kind = TraceKind::command_refused, .value = static_cast<int>(seq)});
    return;
  }
  apply(ev.index);
}

void CommandProcessor::apply(std::uint32_t index) {
  const std::uint64_t seq = m_.command_sequence_[index];
  const SimTime now = m_.now();
  auto applied = [&](std::uint64_t alert) {
    m_.emit({.time = now,
             .kind = TraceKind::command_applied,
             .alert = alert,
             .value = static_cast<int>(seq)});
  };
  auto window_end = [&](engine::Duration d) {
    m_.schedule_at(now + d, WindowEndEv{index}, kPhaseCommand);
  };
  auto slot_of = [&](std::uint64_t id) {
    return static_cast<std::uint32_t>(m_.lifecycle.find_open(id));
  };
  // Applying never adds to commands_ (a dispatcher does not call back), so `c` stays put.
  const Command& c = m_.commands_[index];
  std::visit(
      Overloaded{
          [&](const AssignRule& a) {
            applied(a.alert);
            m_.lifecycle.give_plan(slot_of(a.alert), a.rule);
          },
          [&](const AssignStep& a) {
            scenario::StepSpec step;
            step.id = "command";
            step.kind = a.kind;
            step.desk = a.desk;
            step.desk_kind = a.desk >= 0 ? m_.s_.desks[a.desk].kind_index : a.desk_kind;
            step.attempts = a.attempts;
            step.retry_interval = a.retry_interval;
            step.sla = a.sla;
            step.family = a.family;
            step.priority = a.priority;
            if (a.kind == scenario::StepKind::push) step.to_level = m_.s_.units[a.unit].level;
            m_.command_plans_.push_back({step});
            applied(a.alert);
            m_.lifecycle.give_plan(
                slot_of(a.alert),
                static_cast<int>(m_.s_.rules.size() + m_.command_plans_.size() - 1));
          },
          [&](const Escalate& a) {
            applied(a.alert);
            m_.steps.escalate(slot_of(a.alert));
          },
          [&](const CloseAlert& a) {
            applied(a.alert);
            m_.lifecycle.drop_plan(slot_of(a.alert));
          },
          [&](const Surge& a) {
            applied(0);
            m_.arrivals.add_surge(a.fraud_types, a.multiplier, now + a.duration,
                                  m_.inject_count_++);
          },
          [&](const DeskHeadcount& a) {
            applied(0);
            m_.desks.set_override(a.desk, a.headcount, index);
            window_end(a.duration);
          },
          [&](const OfficersUnavailable& a) {
            applied(0);
            m_.officers.change_unavailable(a.unit, a.count, +1);
            window_end(a.duration);
          },
          [&](const InjectAlert& a) {
            applied(0);
            AlertAttributes at{a.fraud_type, a.unit, a.grade, a.amount, a.time_to_loss, a.language};
            std::uint64_t state = engine::stream_seed(
                m_.seed_, m_.rep_, "inject/" + std::to_string(m_.inject_count_++) + "/alert");
            m_.lifecycle.admit(at, Rng(engine::splitmix64(state)));
          },
      },
      c);
}

void CommandProcessor::handle(WindowEndEv& ev) {
  std::visit(Overloaded{
                 [&](const DeskHeadcount& a) { m_.desks.end_override(a.desk, ev.index); },
                 [&](const OfficersUnavailable& a) {
                   m_.officers.change_unavailable(a.unit, a.count, -1);
                 },
                 [](const auto&) {},
             },
             m_.commands_[ev.index]);
}

}  // namespace hotline::model::detail
