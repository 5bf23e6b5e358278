// The automatic warm-up procedure (`run --warmup auto`): pilot replications from an empty
// system with no warm-up, MSER-5 on their hourly series (choose_warmup in warmup.hpp), then
// the real replications with the warm-up it chose.
//
// Contract:
//  - The pilot runs the scenario with clock.warmup = 0, the real run's seed and threads, and
//    max(run.reps, min_pilot_reps) replications (min_pilot_reps when run.auto_reps); it
//    keeps no desk hours and gets none of the real run's observers or progress calls.
//  - The chosen warm-up is WarmupChoice::hours, truncated to whole hours, in clock.warmup;
//    everything else about the scenario is as given.
//  - The real run is run_replications(WarmupStudy::scenario, run): the same results, to the
//    byte, as running that scenario directly.
// Deterministic: the pilot and the real run, like run_replications, do not depend on the
// thread count. Cost: the pilot's replications on top of the real run's.
#pragma once

#include <functional>

#include "hotline/spec/scenario.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/warmup.hpp"

namespace hotline::study {

struct WarmupStudyOptions {
  ReplicationOptions run;  // the real run: seed, reps (or auto reps), threads, observers...
  int min_pilot_reps = 5;  // the pilot runs at least this many replications
  // Called once, after the pilot, with the scenario the real run will use and the choice;
  // e.g. to report the choice or to set up the real run's observers. The scenario reference
  // is valid only during the call. May be empty.
  std::function<void(const scenario::Scenario& chosen, const WarmupChoice& choice)> before_run;
};

struct WarmupStudy {
  ReplicationSet pilot;         // the pilot replications (warm-up 0)
  WarmupChoice choice;          // MSER-5 on the pilot, with its explanation
  scenario::Scenario scenario;  // the input with clock.warmup set to the choice
  ReplicationSet set;           // the real run
};

// Runs the procedure above. Throws what run_replications throws, and Interrupted when the
// stop flag (run.stop) is seen during the pilot; during the real run, `set` is returned
// marked interrupted, as run_replications does.
WarmupStudy run_with_auto_warmup(const scenario::Scenario& scenario,
                                 const WarmupStudyOptions& options);

}  // namespace hotline::study
