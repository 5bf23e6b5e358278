#include "hotline/live/live_dispatcher.hpp"

namespace hotline::live {

LiveDispatcher::LiveDispatcher(const scenario::Scenario& scenario)
    : scenario_(scenario),
      rules_(scenario.rules),
      held_(scenario.desks.size(), false),
      held_at_unit_(scenario.units.size(), -1) {
  // Room for a busy stretch of arrivals between two drains, so the event loop never grows it.
  arrivals_.reserve(4096);
}

model::Decision LiveDispatcher::on_arrival(const model::AlertView& alert) {
  const int desk = desk_for(alert.leaf_unit);
  if (desk >= 0) {
    arrivals_.push_back({alert, desk, -1});
    return model::Decision::defer();
  }
  const model::Decision d = rules_.on_arrival(alert);
  arrivals_.push_back({alert, -1, d.kind == model::Decision::Kind::plan ? d.rule : -1});
  return d;
}

void LiveDispatcher::hold(int desk, bool held) {
  held_[static_cast<std::size_t>(desk)] = held;
  const int unit = scenario_.desks[static_cast<std::size_t>(desk)].unit;
  int first = -1;
  for (std::size_t d = 0; d < scenario_.desks.size() && first < 0; ++d)
    if (held_[d] && scenario_.desks[d].unit == unit) first = static_cast<int>(d);
  held_at_unit_[static_cast<std::size_t>(unit)] = first;
}

int LiveDispatcher::desk_for(int leaf_unit) const {
  for (int u = leaf_unit; u >= 0; u = scenario_.units[static_cast<std::size_t>(u)].parent)
    if (const int d = held_at_unit_[static_cast<std::size_t>(u)]; d >= 0) return d;
  return -1;
}

int LiveDispatcher::standard_rule(const model::AlertView& alert) const {
  return dispatch::first_matching_rule(scenario_.rules, alert);
}

}  // namespace hotline::live
