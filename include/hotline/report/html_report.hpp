// report.html: one self-contained page for a planner and a manager, written into the output
// folder of `run` and `compare` (and fed by a sweep later). No script, no network, nothing
// fetched: inline CSS, and charts as inline SVG written by the program (bar_chart.hpp,
// band_chart.hpp, heat_map.hpp). Labels use display names (Chinese) with a CJK font stack.
//
// The renderers take plain structs, not files or study objects, so any procedure that has
// KPI estimates can render a page: a run (RunPage), a paired comparison (ComparisonPage),
// a sweep of variants x parameters x KPI estimates (SweepPage). make_*_page fill them from a
// scenario and study results.
//
// Contract for readers and tests (tests/browser): every chart is an <svg data-chart="ID">;
// every headline number an element with data-kpi="NAME" and data-mean (exact, shortest
// round-trip form, equal to summary.json / comparison.json), data-half-width and, on a
// comparison, data-base / data-other; the staffing cost data-cost-yuan. Deterministic: the
// same inputs give the same bytes (the manifest's wall time is not shown).
#pragma once

#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/report/output_folder.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/comparison.hpp"
#include "hotline/study/estimate.hpp"
#include "hotline/study/staffing_cost.hpp"

namespace hotline::report {

// Flattened KPIs with their estimates (one run: n = 1, half-width 0).
struct ReportKpis {
  std::vector<std::string> names;
  std::vector<study::Estimate> values;
  const study::Estimate* find(const std::string& name) const;  // nullptr if absent
};

struct ReportRow {
  std::string label, value;
};

// What a page shows of a scenario: display names and the KPI names they lead to.
struct ReportScenario {
  std::string name;  // the scenario's name
  std::string description;
  std::vector<std::string> grade_kpis;     // "grade1.reached_within_600s", ... (index = grade - 1)
  std::vector<std::string> grade_targets;  // "10 min", ...
  std::vector<std::string> type_ids, type_names;             // fraud types (name = display name)
  std::vector<std::string> interval_names, interval_labels;  // reporting intervals
};
ReportScenario report_scenario(const scenario::Scenario& s);

// Each desk by hour of day over the days of the counted period (hours after warm-up): its
// utilisation (busy / staffed operator-time; NaN where nobody was rostered at that hour on any
// day) and its mean queue length (tasks waiting: where service suffers).
struct DeskHourGrid {
  std::vector<std::string> desks;                // display labels
  std::vector<std::vector<double>> utilisation;  // [desk][hour of day]
  std::vector<std::vector<double>> queue;        // [desk][hour of day]
  // Service level: tasks served within reporting.answer_within / tasks whose wait ended
  // (NaN where none did), and that target as text ("20 s").
  std::vector<std::vector<double>> service_level;  // [desk][hour of day]
  std::string answer_within;
};
// From the desk-hour series of a run (desks.csv); at most `max_desks` rows, the busiest
// (by mean utilisation) first, so a national run stays readable. Empty if `hours` is.
DeskHourGrid desk_hour_grid(const scenario::Scenario& s,
                            const std::vector<metrics::DeskHour>& hours,
                            std::size_t max_desks = 60);

struct RunPage {
  ReportScenario scenario;
  std::string incomplete;  // why the results are incomplete (an interrupt); "" = complete
  ReportKpis kpis;
  int replications = 1;
  DeskHourGrid desk_hours;
  study::StaffingCost cost;
  std::vector<ReportRow> manifest;  // shown as a table, in order
};
std::string run_report_html(const RunPage& page);

struct ComparisonPage {
  ReportScenario scenario;          // the base's (the variants share KPI names)
  std::string base, other, change;  // as comparison.json says them
  int replications = 0;
  std::vector<study::KpiComparison> kpis;
  study::StaffingCost base_cost, other_cost;
  std::vector<ReportRow> manifest;
};
std::string comparison_report_html(const ComparisonPage& page);

// A sweep: variants along one varied parameter (x), each with its KPI estimates.
struct SweepVariant {
  std::string label;  // e.g. "night headcount 3"
  double x = 0;       // the varied parameter's value
  ReportKpis kpis;
  double cost_yuan = 0;  // staffing cost, 0 if not priced
};
struct SweepPage {
  ReportScenario scenario;
  std::string parameter;               // e.g. "desks.96110.roster.night.headcount"
  std::vector<SweepVariant> variants;  // in increasing x
  std::vector<std::string> kpis;       // the KPIs plotted against x (each its own chart)
  // The marginal yuan avoided of each step (variant i - variant i-1 of all.avoided_yuan):
  // paired estimates from the sweep when it has them (common random numbers), one per step;
  // empty = computed here from the variants' own estimates, unpaired (half-widths added in
  // quadrature: wider than a paired interval).
  std::vector<study::Estimate> marginal_avoided;
  std::vector<ReportRow> manifest;
};
std::string sweep_report_html(const SweepPage& page);

// The manifest rows every page shows: program and version, scenario, its SHA-256, seed,
// replications, horizon and warm-up, options, and the SHA-256 of each other file of the run.
std::vector<ReportRow> manifest_rows(const RunManifest& m, int replications,
                                     const std::vector<ReportRow>& file_hashes);

// Finishes the files created in `folder` so far (OutputFolder::finish_created) and lists
// them as manifest rows: "summary.json" -> its SHA-256.
std::vector<ReportRow> finished_file_rows(OutputFolder& folder);

// Pages from study results.
RunPage make_run_page(const scenario::Scenario& s, const metrics::RunResult& result,
                      const RunManifest& m, const std::vector<ReportRow>& file_hashes);
RunPage make_run_page(const scenario::Scenario& s, const study::ReplicationSet& set,
                      const RunManifest& m, const std::vector<ReportRow>& file_hashes);
ComparisonPage make_comparison_page(const scenario::Scenario& base, const study::Comparison& c,
                                    const std::string& base_label, const std::string& other_label,
                                    const std::string& change, const RunManifest& m,
                                    const std::vector<ReportRow>& file_hashes);

}  // namespace hotline::report
