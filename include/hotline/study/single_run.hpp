// One replication of one scenario, with the KPI collector and any extra observers attached.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/model/dispatcher.hpp"
#include "hotline/model/records.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::study {

struct SingleRunOptions {
  std::uint64_t seed = 0;  // used as given (the CLI puts scenario.seed here by default)
  std::uint64_t replication = 0;
  bool keep_desk_hours = true;              // see metrics::KpiCollector::Options
  std::vector<model::Observer*> observers;  // e.g. CSV/trace writers; called after the KPIs
  // Called after each simulated day (and at the end) with the fraction of the horizon done.
  std::function<void(double)> progress;
  // Decides the alerts; null = the scenario's standard rules. Must outlive the run.
  model::Dispatcher* dispatcher = nullptr;
};

metrics::RunResult run_single(const scenario::Scenario& scenario, const SingleRunOptions& options);

}  // namespace hotline::study
