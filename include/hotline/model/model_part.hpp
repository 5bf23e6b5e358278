// The part of a scenario one model simulates when a replication runs split (Scenario::split):
// the alerts placed in the part's communities, and the desks, officers and robot pools the part
// owns. The scenario's other desks and units exist in the model but get no work: no arrivals,
// rosters, inbound calls or injects. The part's streams are its own (a seed derived from the
// run's and the part's number), so the parts of one run are independent of each other and of
// the thread that runs them. Built by study::run_single from study::independent_parts.
#pragma once

#include <vector>

namespace hotline::model {

struct ModelPart {
  int index = 0;                     // this part's number, 0..count-1
  std::vector<int> unit_part;        // per unit: its part for a community (leaf), else -1
  std::vector<int> desk_part;        // per desk: the part that simulates it
  std::vector<int> robot_pool_part;  // per robot pool (scenario::robot_pools)
  bool owns_unit(int u) const { return unit_part[static_cast<std::size_t>(u)] == index; }
  bool owns_desk(int d) const { return desk_part[static_cast<std::size_t>(d)] == index; }
};

}  // namespace hotline::model
