// Rosters as data: every desk's shifts written as a `--patch` file. Reading the patch back
// over the scenario it came from gives exactly the same shifts (headcounts, staff by skill
// set, days, times, every break), for every desk kind and every instance with its own roster
// (an `instances:` entry); a roster changed by --set or --patch round-trips the same way.
// Breaks are written out one by one, including those that `shrinkage` and `handover` made,
// with shrinkage 0 and handover 0s, so nothing is applied twice.
#pragma once

#include <string>

#include "hotline/spec/scenario.hpp"

namespace hotline::scenario {

std::string roster_patch(const Scenario& s);

}  // namespace hotline::scenario
