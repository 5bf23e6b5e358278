#include "hotline/study/warmup_study.hpp"

#include <algorithm>
#include <cstdint>

namespace hotline::study {

WarmupStudy run_with_auto_warmup(const scenario::Scenario& scenario,
                                 const WarmupStudyOptions& options) {
  WarmupStudy study;
  // The pilot starts from an empty system and keeps every hour, so MSER-5 sees the transient.
  scenario::Scenario pilot = scenario;
  pilot.clock.warmup = engine::Duration{0};
  ReplicationOptions po;
  po.seed = options.run.seed;
  po.threads = options.run.threads;
  po.reps = options.run.auto_reps ? options.min_pilot_reps
                                  : std::max(options.run.reps, options.min_pilot_reps);
  po.keep_desk_hours = false;
  po.stop = options.run.stop;
  study.pilot = run_replications(pilot, po);
  // A warm-up chosen from part of the pilot would not be the procedure's choice.
  if (study.pilot.interrupted) throw Interrupted();
  study.choice = choose_warmup(study.pilot.runs);

  study.scenario = std::move(pilot);
  study.scenario.clock.warmup =
      engine::Duration{static_cast<std::int64_t>(study.choice.hours) * 3'600'000};
  if (options.before_run) options.before_run(study.scenario, study.choice);
  study.set = run_replications(study.scenario, options.run);
  return study;
}

}  // namespace hotline::study
