// units.csv: the scenario's organisation units, one row per unit in Scenario::units order
// (pre-order: parents before children), the lookup of the compact alerts.csv
// (`--alerts-columns compact`, whose `unit` column holds a unit's number here).
//
// Columns: unit (0-based number: the index in Scenario::units), id (the scenario's unit id),
// name (display name), level (the scenario level's name), parent (the parent's unit number;
// empty for the root), then two columns per level below the root, named as in the full
// alerts.csv (default: region, region_name, city, ..., community, community_name): the id and
// display name of the unit's ancestor at that level (the unit itself at its own level; empty
// below it). Joining the compact file's `unit` to this `unit` gives the full file's place
// columns. UTF-8 with a byte-order mark unless CsvStyle::bom is off (csv_style.hpp).
#pragma once

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// Writes the rows into `file` (the caller finishes or publishes it). O(units x levels).
void write_units_csv(AtomicFile& file, const scenario::Scenario& scenario,
                     const CsvStyle& style = {});

}  // namespace hotline::report
