// The hotline model: one simulation of one scenario replication. Owns its engine::Simulation,
// random streams, desks, officers and alerts; emits TraceRecords and AlertRecords to the
// attached observers. Several models can run in one process (one per thread).
#pragma once

#include <cstdint>
#include <memory>

#include "hotline/engine/time.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model {

class HotlineModel {
 public:
  // `seed` is normally scenario.seed (the CLI's --seed overrides it); replication r selects
  // independent substreams. `dispatcher` decides the alerts (the standard rules in batch
  // runs). The scenario and the dispatcher must outlive the model.
  HotlineModel(const scenario::Scenario& scenario, std::uint64_t seed, std::uint64_t replication,
               Dispatcher& dispatcher);
  ~HotlineModel();
  HotlineModel(const HotlineModel&) = delete;
  HotlineModel& operator=(const HotlineModel&) = delete;

  // Observers are called in the order attached; they must outlive the run.
  void add_observer(Observer* observer);

  // Advances the simulation, processing every event before t (t is capped at the horizon).
  void run_until(SimTime t);
  // Runs to the horizon, reports the alerts still open, checks conservation and calls
  // on_run_end. Returns false if conservation failed (a bug: it also asserts).
  bool finish();

  SimTime now() const;
  SimTime horizon() const;
  std::uint64_t events_processed() const;
  const scenario::Scenario& scenario() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline::model
