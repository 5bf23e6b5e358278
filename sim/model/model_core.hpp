// The model's core: its state (ModelState) plus one component per job, wired to each other.
// HotlineModel is a thin facade over it. The components, each in its own file:
//   Arrivals        alert sources (the scenario's and surges'), inbound calls, placement
//   AlertLifecycle  admitting an alert (the dispatcher's decision), plans, outcomes, closing
//   PlanSteps       starting and ending plan steps, retries, the SLA outcome of each step
//   Desks           desks, rosters and headcount injects, their queues, calls and operators
//   PushChain       pushing an alert down region -> city -> county -> community
//   RobotLines      the automatic calling lines
//   Officers        community officers and their visits
//   CommandProcessor commands and injects: checks, the command phase, windows, the log
// Every component holds a reference to the core and reaches its peers through it; the
// model's sources are compiled as one unit (CMake UNITY_BUILD) so calls between components
// inline as they did when the model was one file.
#pragma once

#include "alert_lifecycle.hpp"
#include "arrivals.hpp"
#include "command_processor.hpp"
#include "desks.hpp"
#include "model_state.hpp"
#include "officers.hpp"
#include "plan_steps.hpp"
#include "push_chain.hpp"
#include "robot_lines.hpp"

namespace hotline::model::detail {

class ModelCore : public ModelState {
 public:
  ModelCore(const scenario::Scenario& s, std::uint64_t seed, std::uint64_t rep,
            Dispatcher& dispatcher, const ModelPart* part);

  void add_observer(Observer* o);
  void run_until(SimTime t);
  // Ends the run at now() (see HotlineModel::finish_now).
  bool finish_now();
  ModelSnapshot snapshot() const;

  Arrivals arrivals;
  AlertLifecycle lifecycle;
  PlanSteps steps;
  Desks desks;
  PushChain push;
  RobotLines robots;
  Officers officers;
  CommandProcessor commands;

 private:
  void start();
  void handle(Event& e);
  bool conservation_ok_ = true;
};

}  // namespace hotline::model::detail
