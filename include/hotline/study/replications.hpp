// Independent replications of one scenario, run in parallel and aggregated in replication
// order, so every output is identical for any thread count. Replication r uses the named
// random streams of (seed, r): the same r sees the same alerts in every variant of a scenario.
//
// Memory: with keep_desk_hours, each replication's desk-hour series is folded into
// ReplicationSet::desk_hours_mean (in replication order) as soon as the replications before it
// are folded, then dropped; a replication that finishes early waits for its turn, and a
// worker with more than `threads` such series waiting pauses. So desk hours cost at most
// about 2 x threads series, not reps series (docs/performance.md, "Memory of replicated
// runs").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/estimate.hpp"
#include "hotline/study/interrupted.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/staffing_cost.hpp"

namespace hotline::study {

struct ReplicationOptions {
  std::uint64_t seed = 1;
  int reps = 1;                 // fixed number of replications (ignored when auto_reps)
  int threads = 0;              // 0 = the machine's cores
  bool keep_desk_hours = true;  // the desk-hour series' mean over replications (desks.csv)
  // --reps auto: add replications until every KPI in precision_kpis has a relative 95% CI
  // half-width below `precision`, between min_reps and max_reps.
  bool auto_reps = false;
  double precision = 0.05;
  int min_reps = 5;
  int max_reps = 200;
  std::vector<std::string> precision_kpis = {"all.dissuaded_share", "all.lost_yuan"};
  // Observers for one replication (e.g. CSV writers for replication 0); called on the worker
  // thread that runs it. May return an empty list.
  std::function<std::vector<model::Observer*>(int replication)> observers_for;
  // Called from worker threads (serialised by the runner) as replications finish.
  std::function<void(int done, int planned)> progress;
  // Polled before each replication and between simulated days (interrupted.hpp); may be null.
  const StopFlag* stop = nullptr;
};

// One row of intervals.csv of a replicated run: the reached-within-target KPI of one grade
// (0 = all) in one interval of the day, in the order the runs report them.
struct IntervalKpiName {
  std::string interval;  // reporting interval name, or "h00".."h23"
  int grade = 0;
  std::string kpi;  // its name in kpi_names
};

// The KPI name of interval row `iv` under the scenario's reach targets: the name flatten_kpis
// gives it ("grade1.reached_within_600s.night", "all.reached_within_target.h07").
std::string interval_kpi_name(const scenario::Scenario& s, const metrics::IntervalKpi& iv);

// What the run folder's writers (summary.json, replications.csv, intervals.csv, desks.csv,
// report.html) read of a replicated run. aggregate() fills it from `runs`; a merge of shards
// (which has no RunResults, only their records) fills the same fields itself and calls
// estimate_kpis(): the writers never look at `runs`.
struct ReplicationSet {
  // index = replication. With keep_desk_hours their desk_hours are empty: see desk_hours_mean.
  // Empty in a set built from stored records (a merge).
  std::vector<metrics::RunResult> runs;
  int replications = 0;                            // aggregated (= kpi_values.size())
  metrics::Conservation conservation;              // summed over the replications
  std::uint64_t events = 0;                        // summed over the replications
  std::vector<IntervalKpiName> interval_kpis;      // intervals.csv's rows
  std::vector<metrics::DeskHour> desk_hours_mean;  // keep_desk_hours: mean over `runs`
  std::vector<std::string> kpi_names;
  std::vector<std::vector<double>> kpi_values;  // [replication][kpi]
  std::vector<Estimate> estimates;              // per KPI, over replications
  bool precision_reached = true;                // auto mode: target met before max_reps
  double wall_time_s = 0;
  int threads_used = 1;
  // The stop flag was seen: `runs` (and everything aggregated from them) holds only the
  // replications 0..k-1 that finished, possibly none; the rest were abandoned.
  bool interrupted = false;
  int planned = 0;    // replications asked for (max_reps with auto_reps)
  StaffingCost cost;  // the roster's price, the same in every replication (staffing_cost.hpp)

  std::vector<double> column(std::size_t kpi) const;
  int kpi_index(const std::string& name) const;  // -1 if absent
};

ReplicationSet run_replications(const scenario::Scenario& scenario, const ReplicationOptions& o);

// The desk-hour series averaged over replications (every field, queue_max included), as
// DeskHourMean computes it; for results that still hold their series (run_replications' own
// set does not: it has desk_hours_mean). Empty if the runs kept no desk hours.
std::vector<metrics::DeskHour> mean_desk_hours(const std::vector<metrics::RunResult>& runs);

// Aggregates already-run results (used by run_replications and by tests): every field the
// writers read, from `runs`.
void aggregate(ReplicationSet& set);

// The estimates (and `replications`) from kpi_names and kpi_values, for a set whose other
// fields were filled without RunResults.
void estimate_kpis(ReplicationSet& set);

}  // namespace hotline::study
