// HotlineModel: the public facade over ModelCore (model_core.hpp), which holds the state and
// the components. See docs/model.md for the semantics.
#include "hotline/model/hotline_model.hpp"

#include "model_core.hpp"

namespace hotline::model {

class HotlineModel::Impl : public detail::ModelCore {
 public:
  using ModelCore::ModelCore;
};

HotlineModel::HotlineModel(const scenario::Scenario& scenario, std::uint64_t seed,
                           std::uint64_t replication, Dispatcher& dispatcher, const ModelPart* part)
    : impl_(std::make_unique<Impl>(scenario, seed, replication, dispatcher, part)) {}
HotlineModel::~HotlineModel() = default;
void HotlineModel::add_observer(Observer* observer) {
  impl_->add_observer(observer);
}
void HotlineModel::run_until(SimTime t) {
  impl_->run_until(t);
}
Verdict HotlineModel::submit(const Command& command) {
  return impl_->commands.submit(command);
}
const CommandLog& HotlineModel::command_log() const {
  return impl_->log_;
}
ModelSnapshot HotlineModel::snapshot() const {
  return impl_->snapshot();
}
bool HotlineModel::finish() {
  impl_->run_until(impl_->horizon_);
  return impl_->finish_now();
}
bool HotlineModel::finish_now() {
  return impl_->finish_now();
}
bool HotlineModel::finished() const {
  return impl_->finished_;
}
SimTime HotlineModel::now() const {
  return impl_->now();
}
SimTime HotlineModel::next_event_time() {
  return impl_->sim_.next_time();
}
SimTime HotlineModel::horizon() const {
  return impl_->horizon_;
}
std::uint64_t HotlineModel::events_processed() const {
  return impl_->sim_.events_processed();
}
const scenario::Scenario& HotlineModel::scenario() const {
  return impl_->s_;
}

bool replay_commands(HotlineModel& model, std::span<const LoggedCommand> log) {
  for (const LoggedCommand& entry : log) {
    model.run_until(entry.time);
    const Verdict v = model.submit(entry.command);
    if (!v.accepted || v.sequence != entry.sequence) return false;
  }
  return true;
}

std::string_view command_name(const Command& c) {
  static constexpr std::string_view kNames[] = {
      "assign_rule",    "assign_step",          "escalate",    "close", "surge",
      "desk_headcount", "officers_unavailable", "inject_alert"};
  static_assert(std::size(kNames) == std::variant_size_v<Command>);
  return kNames[c.index()];
}

}  // namespace hotline::model
