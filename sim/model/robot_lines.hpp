// RobotLines: the automatic calling lines (pools of `robot.lines` servers, each with one
// priority queue: one pool, or one per region). Trace records of robot calls carry the pool in
// `value`. A robot call reaches the person unless the line is engaged or nobody answers, and
// may dissuade; making the call is the step's goal (SLA). O(1) per call.
#pragma once

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class RobotLines {
 public:
  explicit RobotLines(ModelCore& m) : m_(m) {}
  // Queues the robot call of (slot, step); false if the scenario has no robot lines.
  bool request(std::uint32_t slot, int step);
  // Removes a queued robot call of an alert that closed (the caller frees the task).
  void withdraw(std::int32_t t);
  void handle(RobotDoneEv& ev);

 private:
  void try_serve(int pool);
  ModelCore& m_;
};

}  // namespace hotline::model::detail
