// PushChain: a push step carries the alert down the command chain, from the region to the
// alert's ancestor at the step's `to_level`: at each level the unit's push-receiving desk
// reads and forwards it (a task at that desk); a unit without one passes it on at once.
// Delivery is the step's goal (SLA). O(levels) per step.
#pragma once

#include "model_state.hpp"

namespace hotline::model::detail {

class ModelCore;

class PushChain {
 public:
  explicit PushChain(ModelCore& m) : m_(m) {}
  // Moves the push of (slot, step) on by one desk, or delivers it.
  void advance(std::uint32_t slot, int step);

 private:
  ModelCore& m_;
};

}  // namespace hotline::model::detail
