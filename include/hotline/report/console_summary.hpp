// The human-readable summary `hotline-sim run` prints on stdout: a header (scenario, horizon,
// seed, events, wall time and the conservation check "entered = dissuaded + lost + open"),
// KPI tables per grade and per fraud type, the busiest desks, and where the files went.
// For people only: scripts read summary.json, never this text.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

struct ConsoleSummaryOptions {
  std::vector<std::string> files;  // output paths to list under "Files"
  std::size_t max_desks = 20;      // desks shown, busiest first (all of them in summary.json)
};

std::string format_console_summary(const scenario::Scenario& scenario,
                                   const metrics::RunResult& result, const RunManifest& manifest,
                                   const ConsoleSummaryOptions& options);

}  // namespace hotline::report
