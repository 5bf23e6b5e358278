#include "review_run.hpp"

#include <fmt/format.h>

#include <map>

#include "hotline/live/live_dispatcher.hpp"
#include "hotline/model/hotline_model.hpp"

namespace hotline::live::detail {

bool is_inject(const model::Command& c) {
  return std::holds_alternative<model::Surge>(c) ||
         std::holds_alternative<model::DeskHeadcount>(c) ||
         std::holds_alternative<model::OfficersUnavailable>(c) ||
         std::holds_alternative<model::InjectAlert>(c);
}

std::uint64_t alert_of(const model::Command& c) {
  return std::visit(
      [](const auto& x) -> std::uint64_t {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, model::AssignRule> ||
                      std::is_same_v<T, model::AssignStep> || std::is_same_v<T, model::Escalate> ||
                      std::is_same_v<T, model::CloseAlert>)
          return x.alert;
        else
          return 0;
      },
      c);
}

namespace {

// Collects the missed SLAs and the final records; reads nothing else.
class Collector : public model::Observer {
 public:
  explicit Collector(std::vector<ReviewedAlert>& alerts) : alerts_(alerts) {}
  model::TraceMask trace_kinds() const override {
    return model::trace_bit(model::TraceKind::sla_late);
  }
  void on_trace(const model::TraceRecord& r) override {
    if (r.kind == model::TraceKind::sla_late && r.alert > 0)
      late_.push_back({r.alert, MissedSla{r.time, r.step}});
  }
  void on_alert_closed(const model::AlertRecord& r) override { closed_.push_back(r); }
  // Moves what was collected into the alerts (which the arrivals have created by then).
  void drain() {
    for (const auto& [id, m] : late_) alerts_.at(id - 1).missed.push_back(m);
    late_.clear();
    for (const auto& r : closed_) alerts_.at(r.id - 1).record = r;
    closed_.clear();
  }

 private:
  std::vector<ReviewedAlert>& alerts_;
  std::vector<std::pair<std::uint64_t, MissedSla>> late_;
  std::vector<model::AlertRecord> closed_;
};

}  // namespace

ReviewRun::ReviewRun(const scenario::Scenario& scenario, const ExerciseLog& log,
                     engine::SimTime until, Kind kind, std::optional<engine::SimTime> branch_at)
    : end_(until) {
  LiveDispatcher dispatcher(scenario);
  model::HotlineModel m(scenario, log.seed, 0, dispatcher);
  Collector collector(alerts_);
  ResultObserver result;
  m.add_observer(&result);
  m.add_observer(&collector);
  std::vector<std::string> holder(scenario.desks.size());

  // The arrivals since the last call, with the desk holders as they were then (holdings
  // change only between run_until calls, so the holder now is the holder at arrival).
  const auto advance = [&](engine::SimTime t) {
    m.run_until(t);
    for (const auto& a : dispatcher.arrivals()) {
      ReviewedAlert r;
      r.view = a.view;
      r.desk = a.desk;
      if (a.desk >= 0) r.holder = holder[static_cast<std::size_t>(a.desk)];
      r.standard_rule = a.desk >= 0 ? dispatcher.standard_rule(a.view) : a.rule;
      if (alerts_.size() + 1 != a.view.id)
        throw LogError(fmt::format("alert {} arrived out of order (a bug)", a.view.id));
      alerts_.push_back(std::move(r));
    }
    dispatcher.clear_arrivals();
    collector.drain();
  };
  const auto submit = [&](const LogEntry& e, bool check_sequence, std::size_t n) {
    const model::Verdict v = m.submit(e.command);
    if (!v.accepted || (check_sequence && v.sequence != e.sequence))
      throw LogError(fmt::format(
          "entry {} ({} at {} ms): {} (the log belongs to another scenario, seed or build)", n,
          model::command_name(e.command), engine::ticks(e.time),
          v.accepted ? "sequence differs" : "refused: " + v.reason));
    LogEntry applied = e;
    applied.sequence = v.sequence;
    if (const std::uint64_t id = alert_of(e.command); id > 0 && id <= alerts_.size())
      alerts_[id - 1].decisions.push_back({e.time, e.by, e.command});
    applied_.push_back(std::move(applied));
  };
  const auto hold = [&](const LogEntry& e, std::size_t n) {
    if (e.desk < 0 || e.desk >= static_cast<int>(scenario.desks.size()))
      throw LogError(fmt::format("entry {}: desk {} is not a desk of the scenario", n, e.desk));
    const bool take = e.kind == LogEntry::Kind::take;
    dispatcher.hold(e.desk, take);
    holder[static_cast<std::size_t>(e.desk)] = take ? e.by : std::string();
    applied_.push_back(e);
  };

  // Where the run leaves the log: the trainees' run never; the counterfactual at the branch
  // (at the start without one).
  const engine::SimTime branch =
      kind == Kind::trainees ? engine::kTimeNever : branch_at.value_or(engine::kTimeZero);
  bool branched = false;
  const auto take_over = [&] {
    branched = true;
    if (branch > until) return;
    advance(branch);
    for (std::size_t d = 0; d < holder.size(); ++d)
      if (!holder[d].empty())
        hold({branch, LogEntry::Kind::release, 0, "branch", static_cast<int>(d), {}}, 0);
    // Alerts waiting for a trainee get what the standard rules give them at arrival.
    for (const auto& a : m.snapshot().alerts) {
      if (a.state != model::AlertState::awaiting_decision) continue;
      const int rule = dispatcher.standard_rule(alerts_.at(a.view.id - 1).view);
      LogEntry e{branch, LogEntry::Kind::command, 0, "branch", -1, {}};
      e.command = rule >= 0 ? model::Command(model::AssignRule{a.view.id, rule})
                            : model::Command(model::CloseAlert{a.view.id});
      submit(e, false, 0);
    }
  };

  std::size_t n = 0;
  for (const LogEntry& e : log.entries) {
    ++n;
    if (e.time > until) break;
    if (!branched && e.time >= branch) take_over();
    if (branched && !(e.kind == LogEntry::Kind::command && is_inject(e.command))) continue;
    advance(e.time);
    if (e.kind == LogEntry::Kind::command)
      submit(e, !branched, n);
    else
      hold(e, n);
  }
  if (!branched && branch <= until) take_over();
  advance(until);
  if (!m.finish_now()) throw LogError("alerts were not conserved in the review's run (a bug)");
  collector.drain();
  result_ = result.result(m.events_processed());
}

}  // namespace hotline::live::detail
