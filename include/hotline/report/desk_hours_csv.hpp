// desks.csv: the per-desk, per-hour time series of RunResult::desk_hours, one row per desk and
// simulated hour (desk-major, then hour, as the collector produces them).
//
// Columns: desk (desk instance id), hour (0-based since the run start), hour_start (local
// civil time "YYYY-MM-DDTHH:MM:SS.mmm"), arrivals (tasks that joined the queue), queue_mean
// (time-average queue length), queue_max, busy_mean (time-average busy operators),
// staffed_mean (time-average operators on roster), utilisation (busy_mean / staffed_mean,
// 0 when unstaffed). Averages are printed with 4 decimals.
#pragma once

#include <string>

#include "hotline/metrics/run_result.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// Writes the file atomically; throws std::runtime_error on I/O failure.
void write_desk_hours_csv(const std::string& path, const scenario::Scenario& scenario,
                          const metrics::RunResult& result);

}  // namespace hotline::report
