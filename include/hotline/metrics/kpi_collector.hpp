// Observer that turns trace and alert records into the KPIs of one run (RunResult).
// It only reads records: attaching it never changes the run.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "hotline/metrics/run_result.hpp"
#include "hotline/model/model_part.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::metrics {

class KpiCollector : public model::Observer {
 public:
  struct Options {
    bool keep_desk_hours = true;  // RunResult::desk_hours (desks.csv); memory grows with time
    // Split runs: the collector of one part's model (model::ModelPart; must outlive the
    // collector). It keeps the queues the part owns; its on_run_end builds no result: merge()
    // the parts' collectors into one.
    const model::ModelPart* part = nullptr;
  };
  explicit KpiCollector(const scenario::Scenario& scenario) : KpiCollector(scenario, Options{}) {}
  KpiCollector(const scenario::Scenario& scenario, Options options);
  ~KpiCollector() override;
  // Only the desk-level kinds: the alert-level KPIs come from AlertRecords.
  model::TraceMask trace_kinds() const override;
  void on_trace(const model::TraceRecord& r) override;
  void on_alert_closed(const model::AlertRecord& a) override;
  void on_run_end(engine::SimTime horizon) override;
  // Valid after on_run_end.
  const RunResult& result() const;
  // Moves the result out, after on_run_end and set_events; result() is empty afterwards.
  // Saves copying the desk-hour series (82 desks x 8,760 hours is 40 MB for Xizang's year).
  RunResult take_result();
  void set_events(std::uint64_t events);

  // The KPIs of a split run: every part's collector, in part order, each after its model's
  // finish(). Sums and merges them in that order (the first is left holding the merged state;
  // all are spent), so the result depends on the parts, never on which thread ran which.
  static RunResult merge(std::span<KpiCollector* const> parts);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline::metrics
