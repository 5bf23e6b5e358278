// The staffing cost of a scenario's roster over the counted period (after warm-up, to the
// horizon), priced by its `costs:` section (spec CostSpec). The roster is what is paid for:
// every shift's headcount for every minute it runs (breaks are paid), per desk instance, on
// the calendar days the period covers; community officers on call (their capacity, night
// roster included) at `officer_hour`. Injects (outages, headcount changes) are not rostered
// and do not change the cost.
//
// Deterministic and the same in every replication (no randomness: it is the roster's price,
// not an outcome), so it carries no confidence interval. Resolution one minute: the period's
// ends are taken to the whole minute. O(desks x shifts x shift minutes + leaves x 1440).
#pragma once

#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::study {

struct DeskKindCost {
  std::string kind;           // the desk entry's id
  int desks = 0;              // instances of the kind
  double operator_hours = 0;  // paid operator-hours of all its instances
  double yuan = 0;            // with night and weekend factors
};

struct StaffingCost {
  bool priced = false;  // the scenario has a costs: section
  double days = 0;      // length of the counted period
  double operator_hours = 0;
  double operator_yuan = 0;
  double officer_hours = 0;  // community officers on call
  double officer_yuan = 0;
  std::vector<DeskKindCost> by_kind;  // scenario desk kind order
  double total_yuan() const { return operator_yuan + officer_yuan; }
  double yuan_per_day() const { return days > 0 ? total_yuan() / days : 0.0; }
};

StaffingCost staffing_cost(const scenario::Scenario& s);

}  // namespace hotline::study
