// The targets of `hotline-sim calibrate`: published counts by period x unit x fraud type, read
// from a CSV file (docs/calibration.md, "Targets file"):
//
//   period_start,period_end,unit,fraud_type,warned,lost
//   2021-09-01,2021-09-15,xz,*,8060,115
//   2021-09-01,2021-09-15,lhasa,*,3320,
//
//  - period_start, period_end: dates (YYYY-MM-DD), both days included; the period must lie
//    inside the scenario's clock (start .. start + horizon).
//  - unit: a unit id (or its display name) of the scenario; the root means the whole tree.
//  - fraud_type: a fraud type id (or display name), or `*` for all types.
//  - warned: alerts that arrived in the period in the unit's subtree (KPI `alerts`, without
//    the warm-up cut); lost: those of them whose outcome is lost (KPI `lost`). An empty cell
//    is no target; a row needs at least one.
//  - note: optional free text, ignored. Other columns are errors; columns may come in any
//    order. Blank lines and lines starting with '#' are skipped; a UTF-8 BOM is allowed;
//    fields may be quoted as in RFC 4180.
// Every error is a scenario::ScenarioError "FILE:LINE:COL: error: what (fix)" pointing at the
// offending cell (an unknown unit or fraud type names the closest id).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::study {

struct CalibrationTarget {
  int line = 0;                          // 1-based line of the row in the file
  std::string period_start, period_end;  // as written (YYYY-MM-DD)
  engine::SimTime from, to;              // arrivals in [from, to) count; sim time of the scenario
  int unit = 0;                          // index into Scenario::units
  int fraud_type = -1;                   // index into Scenario::fraud_types; -1 = all (`*`)
  std::optional<double> warned, lost;    // target counts; empty = none
  int unit_column = 0;                   // 1-based column of the unit cell (for later messages)
};

// At most this many rows: each is counted for every alert of every replication.
inline constexpr std::size_t kMaxTargetRows = 10'000;

struct CalibrationTargets {
  std::string file;                     // display name used in messages
  std::vector<CalibrationTarget> rows;  // in file order
};

// Parses `text` against `scenario` (units, fraud types, clock). Throws scenario::ScenarioError
// naming `file` for the first bad row; at least one target row is required.
CalibrationTargets parse_calibration_targets(std::string_view text, std::string_view file,
                                             const scenario::Scenario& scenario);
// Reads a file (at most 16 MiB) and parses it; an unreadable file is a ScenarioError too.
CalibrationTargets read_calibration_targets(const std::string& path,
                                            const scenario::Scenario& scenario);

}  // namespace hotline::study
