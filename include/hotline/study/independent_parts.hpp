// Which parts of a scenario are independent sub-models: sets of communities (with the desks,
// officers and robot lines they use) such that no alert placed in one part can ever occupy a
// resource of another. A replication of a scenario with several parts could run them on
// separate threads (Scenario::split, study::run_single); this analysis is what decides
// whether it may, and names what joins the parts when it may not.
//
// What joins communities (exactly as the model routes work, for the batch rules of the file):
//  * a call step of a rule: the instance of its desk kind at the alert's nearest ancestor;
//  * a push step: every push-receiving desk on the chain from level 1 down to its `to_level`;
//  * a robot_call step with robot lines > 0: the scenario's one pool of lines, or the pool of
//    the alert's region (robot.per_region);
//  * officer cover (cover_after >= 0): the other communities of the same parent unit;
//  * officers at all: the other communities with officers of the same parent, which report
//    as one pool (RunResult::pools).
// A rule joins only the communities it can match (its `units:` condition). Commands of a live
// exercise can send work anywhere and are outside this analysis; injects name one desk each.
#pragma once

#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::study {

struct IndependentParts {
  int count = 0;                     // parts that hold at least one community
  std::vector<int> unit_part;        // per unit: its part if it is a community (leaf), else -1
  std::vector<int> desk_part;        // per desk instance: its part (a desk nobody routes to: -1)
  std::vector<int> robot_pool_part;  // per robot pool: its part (a pool nobody calls: -1)
  std::vector<int> communities;      // per part: how many communities it holds
  // What joins units of different regions (the level-1 units), one line each, e.g.
  // "the robot pool (40 lines), used by rules 'grade 3' and 'grade 2 night'"; empty when
  // every part lies within one region.
  std::vector<std::string> joined_by;
};

IndependentParts independent_parts(const scenario::Scenario& s);

}  // namespace hotline::study
