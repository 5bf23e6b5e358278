// Where a sweep keeps the replications it has run, so that running the same plan again (or
// with more replications) only runs what is missing. The study layer defines the interface;
// report::ResultsDb implements it with SQLite (results_db.hpp).
//
// Contract:
//  - A key names one replication of one resolved scenario: key() is a pure function of
//    (canonical scenario text, seed, replication) and of the program build, so a result
//    saved under it can stand in for running that replication again.
//  - has(key) is true exactly when load(key) would return a result; save() of a key that is
//    already stored replaces nothing (the result is the same by construction).
//  - The sweep calls every method from one thread at a time (it serialises them), so an
//    implementation need not be thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"

namespace hotline::study {

// What the store keeps of one replication: its KPIs (flatten_kpis order) and the
// reached-within-target series by interval of the day.
struct StoredReplication {
  // Shared: every replication of a variant has the same names (they depend only on the
  // scenario), so neither a run nor a store copies thousands of strings per replication.
  std::shared_ptr<const std::vector<std::string>> kpi_names;
  std::vector<double> kpi_values;
  std::vector<metrics::IntervalKpi> intervals;
  std::uint64_t events = 0;
  double wall_time_s = 0;  // of the run that computed it
  // Kept for a replicated run's shards (`run --reps N --shard`), whose merge writes the run
  // folder: the alert totals summary.json sums, and with desks.csv the replication's own
  // desk-hour series. A sweep (and its store) keeps neither.
  std::optional<metrics::Conservation> conservation;
  std::vector<metrics::DeskHour> desk_hours;
};

class ResultStore {
 public:
  virtual ~ResultStore() = default;
  virtual std::string key(const std::string& canonical_scenario, std::uint64_t seed,
                          int replication) = 0;
  virtual bool has(const std::string& key) = 0;
  virtual std::optional<StoredReplication> load(const std::string& key) = 0;
  virtual void save(const std::string& key, const StoredReplication& result) = 0;
};

}  // namespace hotline::study
