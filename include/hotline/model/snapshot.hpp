// A read-only picture of a model at one instant: every open alert with what a dispatcher may
// see of it (never its hidden time to loss), each desk's queue and operators, the officers,
// the robot lines, and the totals so far. Built on demand by HotlineModel::snapshot(), in
// O(open alerts + desks + communities with officers); it copies, so it stays valid after the
// run goes on.
#pragma once

#include <cstdint>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/model/dispatcher.hpp"

namespace hotline::model {

enum class AlertState : std::uint8_t {
  awaiting_decision,  // deferred by the dispatcher: waits for a command
  in_plan,            // a plan with steps still running
  no_action,          // no plan, or its plan has ended: it waits for its fate
};

struct AlertSnapshot {
  AlertView view;  // view.rule: the current plan
  AlertState state = AlertState::no_action;
  int running_steps = 0;                               // plan steps in progress
  engine::SimTime first_contact = engine::kTimeNever;  // kTimeNever: nobody reached yet
};

struct DeskSnapshot {
  int desk = 0;      // index into Scenario::desks
  int queued = 0;    // tasks waiting
  int staffed = 0;   // operators on duty now
  int rostered = 0;  // what the roster says (differs from staffed during a headcount inject)
  int busy = 0;      // operators in a task (may exceed staffed after a shift change)
};

struct OfficerSnapshot {
  int unit = 0;         // a community with officers
  int capacity = 0;     // officers on duty
  int unavailable = 0;  // of those, taken away by an inject
  int busy = 0;         // on a visit (travelling, on site, or on the way back)
  int queued = 0;       // visits waiting for an officer
};

struct RunTotals {
  std::uint64_t entered = 0;
  std::uint64_t dissuaded = 0;
  std::uint64_t lost = 0;
  std::uint64_t not_paid = 0;   // deadline passed, the person would not have paid
  std::uint64_t open = 0;       // entered - dissuaded - lost - not_paid
  std::uint64_t awaiting = 0;   // of the open, awaiting a decision
  double amount_lost = 0;       // yuan
  double amount_protected = 0;  // yuan avoided: dissuaded alerts that would have paid
  std::uint64_t commands = 0;   // accepted commands
};

struct ModelSnapshot {
  engine::SimTime time;
  std::uint64_t events_processed = 0;
  std::vector<AlertSnapshot> alerts;      // open alerts, by id
  std::vector<DeskSnapshot> desks;        // every desk, by index
  std::vector<OfficerSnapshot> officers;  // communities with officers, by unit index
  int robot_lines = 0;                    // over all pools (RobotSpec::lines per pool)
  int robot_busy = 0;
  int robot_queued = 0;
  RunTotals totals;
};

}  // namespace hotline::model
