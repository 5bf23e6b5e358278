// Outputs of `hotline-sim calibrate` (docs/calibration.md, "The calibrate command"):
//
//   calibration.csv   one row per target: period_start, period_end, unit, unit_name,
//                     fraud_type, fraud_type_name, measure (warned|lost), target,
//                     simulated_mean, simulated_half_width, simulated_sd, replications,
//                     within_ci (1|0), fits (rate|weight|rate+weight|would_pay|check)
//   calibration.json  {"manifest", "targets", "converged", "iterations", "history": [...],
//                      "parameters": [{key, before, after}], "rows": [...]}
//   patch.yaml        the fitted keys as a partial scenario in the scenario's own syntax
//                     (lists addressed by id), to copy into the scenario
//   patch.set         the same keys as `--set KEY=VALUE`, one per line (for run, compare)
#pragma once

#include <string>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/study/calibration.hpp"

namespace hotline::report {

void write_calibration_csv(AtomicFile& file, const study::Calibration& c,
                           const CsvStyle& style = {});
std::string calibration_json(const study::Calibration& c, const RunManifest& manifest);
// `command` is the command line that produced it, quoted in the header comment.
std::string calibration_patch_yaml(const study::Calibration& c, const std::string& command);
std::string calibration_set_lines(const study::Calibration& c);
// The console report: status, target vs simulated per row with 95% CIs, fitted parameters.
std::string format_calibration_console(const study::Calibration& c);

}  // namespace hotline::report
