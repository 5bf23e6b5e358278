// The decision port of a live exercise: alerts whose community falls under a desk held by a
// trainee are deferred (the trainee decides them by command); every other alert follows the
// scenario's standard rules, so a small team trains on a realistic load.
//
// Which desk decides: the held desk whose unit is the nearest ancestor of the alert's
// community (the community itself included). A county command held by a trainee takes its
// county's alerts even while another trainee holds the region's 96110 desk.
//
// Called inside the event loop: on_arrival does not allocate once warm (arrivals() keeps its
// capacity; the exercise drains it after each slice) and never calls back into the model.
// Desk holdings change only between run_until calls, and the exercise log records each
// change with its simulated time, so a replay makes the same deferrals.
#pragma once

#include <cstdint>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::live {

class LiveDispatcher : public model::Dispatcher {
 public:
  struct Arrival {
    model::AlertView view;
    int desk = -1;  // the held desk it was deferred to; -1: decided by the standard rules
    int rule = -1;  // desk == -1: the rule the standard rules gave (-1: no action)
  };

  explicit LiveDispatcher(const scenario::Scenario& scenario);

  model::Decision on_arrival(const model::AlertView& alert) override;

  // Marks a desk instance as held (a trainee decides its alerts) or free again.
  void hold(int desk, bool held);
  bool held(int desk) const { return held_[static_cast<std::size_t>(desk)]; }
  // The held desk that decides alerts of this community, or -1.
  int desk_for(int leaf_unit) const;
  // The standard rules' decision for an alert (a takeover of an undecided alert).
  int standard_rule(const model::AlertView& alert) const;

  // Alerts that arrived since the last clear_arrivals(), in arrival order.
  const std::vector<Arrival>& arrivals() const { return arrivals_; }
  void clear_arrivals() { arrivals_.clear(); }

 private:
  const scenario::Scenario& scenario_;
  dispatch::StandardRules rules_;
  std::vector<bool> held_;         // by desk instance
  std::vector<int> held_at_unit_;  // by unit: the first held desk there, or -1
  std::vector<Arrival> arrivals_;
};

}  // namespace hotline::live
