// intervals.csv: service levels by part of the day, as Erlang calculators give them per
// interval. One row per (interval, grade): the scenario's named reporting intervals first,
// then the 24 hours of the day (h00..h23); grade "all", then 1..3. Alerts are placed by their
// arrival time of day (over every day of the run after the warm-up).
//
// One run, columns: interval, start, end ("HH:MM"), grade, target_s (the reach target, empty
// for "all": each alert its grade's), alerts, lost, reach_eligible, reached_in_target,
// reached_share (4 decimals), kpi (its name in summary.json / compare --kpi).
// Replicated runs: interval, start, end, grade, kpi, mean, half_width (95% CI), n.
#pragma once

#include <string>

#include "hotline/metrics/run_result.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/replications.hpp"

namespace hotline::report {

// Into `file` (the caller publishes it), UTF-8 with a BOM unless style.bom is off.
void write_intervals_csv(AtomicFile& file, const scenario::Scenario& scenario,
                         const metrics::RunResult& result, const CsvStyle& style = {});
void write_intervals_csv(AtomicFile& file, const scenario::Scenario& scenario,
                         const study::ReplicationSet& set, const CsvStyle& style = {});
// Both write atomically and throw OutputError on I/O failure.
void write_intervals_csv(const std::string& path, const scenario::Scenario& scenario,
                         const metrics::RunResult& result, const CsvStyle& style = {});
void write_intervals_csv(const std::string& path, const scenario::Scenario& scenario,
                         const study::ReplicationSet& set, const CsvStyle& style = {});

}  // namespace hotline::report
