// summary.json: every KPI of one run plus the manifest that produced it.
//
// Layout (key order is fixed; doubles are printed by nlohmann::json, shortest round-trip
// form, so identical runs give identical bytes except manifest.wall_time_s):
//   {"manifest": {...RunManifest...},
//    "all": Group, "by_grade": [Group...], "by_type": [Group...],
//    "desks": [Desk...], "conservation": {entered, dissuaded, lost, open, ok},
//    "staffing_cost": {...} (docs/outputs.md, "Staffing cost"), "inbound_calls": n,
//    "simulated_days": d, "warmup_days": d, "warnings": [text...]}
// Group = GroupKpi fields (plus the derived dissuaded_share and sla_attainment), times in
// seconds, money in yuan. Desk = DeskKpi fields plus the desk's kind and unit id.
#pragma once

#include <string>

#include "hotline/metrics/run_result.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::report {

// The document as text, indented by 2, ending with a newline.
std::string summary_json(const scenario::Scenario& scenario, const metrics::RunResult& result,
                         const RunManifest& manifest);

// Writes summary_json() to `path` atomically; throws std::runtime_error on I/O failure.
void write_summary_json(const std::string& path, const scenario::Scenario& scenario,
                        const metrics::RunResult& result, const RunManifest& manifest);

}  // namespace hotline::report
