// The model's decision port: what a decider may see of an alert, the decisions it can give,
// and the Dispatcher interface the model asks at every point where the graded rules decide.
// The standard rules (hotline_dispatch) implement it for batch runs; a live exercise puts its
// trainees behind it; tests script it. The driver chooses which one a model gets.
//
// A dispatcher may answer at once or defer: a deferred alert waits in the "awaiting decision"
// state (its hidden time to loss still running) until a command decides it (commands.hpp).
// A dispatcher is called from inside the event loop: it must not block, and it must not call
// back into the model (it may queue commands to submit after run_until returns).
#pragma once

#include <cstdint>
#include <string_view>

#include "hotline/engine/time.hpp"

namespace hotline::model {

// What a decider may see of an alert (never its hidden time to loss).
struct AlertView {
  std::uint64_t id = 0;            // 1-based, in arrival order
  int fraud_type = 0;              // index into Scenario::fraud_types
  int grade = 1;                   // 1..3
  double amount = 0;               // yuan at risk
  int leaf_unit = 0;               // the community (leaf unit index)
  int hour_of_day = 0;             // at the time of the decision, 0..23
  int minute_of_day = 0;           // at the time of the decision, 0..1439
  int weekday = 0;                 // at the time of the decision, 0 = Monday
  int language = 0;                // index into Scenario::languages
  std::string_view language_code;  // that language's code (points into the scenario)
  int rule = -1;                   // the plan it has now (index into Scenario::rules), -1 if none
  engine::SimTime arrival;         // when it entered the run
};

// The answer for an alert: a rule of the scenario (whose plan starts), no action (the alert
// waits for its fate), or deferred (it waits until a command decides it).
struct Decision {
  enum class Kind : std::uint8_t { plan, no_action, defer };
  Kind kind = Kind::no_action;
  int rule = -1;  // kind == plan: index into Scenario::rules

  static constexpr Decision plan(int rule) { return {Kind::plan, rule}; }
  static constexpr Decision none() { return {Kind::no_action, -1}; }
  static constexpr Decision defer() { return {Kind::defer, -1}; }
};

// Why a plan step asks what follows it.
enum class StepEnd : std::uint8_t {
  ended,  // it ended without dissuading (no answer, no officer, push delivered, ...)
  late,   // its SLA passed before it reached its goal (it goes on)
};

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // A new alert arrived (also an injected one).
  virtual Decision on_arrival(const AlertView& alert) = 0;
  // Whether follow_plan should be asked; read once, when the model is built, so the standard
  // rules cost nothing per step.
  virtual bool reviews_steps() const { return false; }
  // Step `step` of the alert's plan ended without dissuading, or ran late: true follows the
  // plan (its `next`, or `on_late`, steps start), false defers the alert to a command.
  virtual bool follow_plan(const AlertView& /*alert*/, int /*step*/, StepEnd /*why*/) {
    return true;
  }
};

}  // namespace hotline::model
