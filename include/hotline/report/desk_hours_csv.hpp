// desks.csv: the per-desk, per-hour time series of RunResult::desk_hours (or of its mean over
// replications), one row per desk and simulated hour (desk-major, then hour, as the collector
// produces them).
//
// Columns: desk (desk instance id), kind (the scenario's desk entry id), unit (id of the unit
// the desk belongs to), unit_name (that unit's display name, `name:` in the scenario), hour
// (0-based since the run start), hour_start (local civil time "YYYY-MM-DD HH:MM:SS"),
// arrivals (tasks that joined the queue), queue_mean (time-average queue length), queue_max,
// busy_mean (time-average busy operators), staffed_mean (time-average operators on roster),
// utilisation (busy_mean / staffed_mean, 0 when unstaffed). Averages are printed with 4
// decimals. UTF-8 with a byte-order mark unless CsvStyle::bom is off (csv_style.hpp).
#pragma once

#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// Writes the rows into `file` (the caller finishes or publishes it).
void write_desk_hours_csv(AtomicFile& file, const scenario::Scenario& scenario,
                          const std::vector<metrics::DeskHour>& hours, const CsvStyle& style = {});

// Writes the file atomically; throws OutputError on I/O failure.
void write_desk_hours_csv(const std::string& path, const scenario::Scenario& scenario,
                          const metrics::RunResult& result, const CsvStyle& style = {});

}  // namespace hotline::report
