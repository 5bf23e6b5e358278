// The outputs of `hotline-sim optimize` (study::optimise_roster): optimise.json (everything the
// optimiser found: variables, targets, the Erlang start, the recommendation with its KPIs and
// CIs on the sample and on fresh seeds, the runner-up, the search path, the curve, marginals,
// the gap and the selection statement), optimise.csv (the cost-versus-service curve: one row
// per roster evaluated on the sample), the console text, and report.html (the sweep page's
// charts over the curve, x = the roster's cost, with the recommendation, search path and
// marginals first). docs/optimiser.md describes every field.
#pragma once

#include <string>
#include <vector>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/report/html_report.hpp"
#include "hotline/report/results_db.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/study/roster_optimiser.hpp"

namespace hotline::report {

std::string optimise_json(const study::RosterOptimum& r, const RunManifest& manifest);

// Columns: roster, <one per variable>, cost, feasible, role (erlang start, given,
// recommended, runner-up or ""), then per target "<kpi>" mean and "<kpi> bound"
// (one-sided 95%), then all.avoided_yuan and all.lost_yuan means. Cheapest first.
void write_optimise_csv(AtomicFile& file, const study::RosterOptimum& r, const CsvStyle& style);

std::string format_optimise_console(const study::RosterOptimum& r);

// Records the optimisation in the results database as sweep runs do (runs, variants,
// parameters: one variant per roster, its factors the variables): one run for the rosters
// evaluated on the sample (seed), one for those checked on fresh seeds (fresh_seed), each
// with optimise.json as its manifest; the first carries the optimisation's replications
// simulated and loaded. Their replications are already stored. Returns the run ids. Throws
// OutputError.
std::vector<std::int64_t> record_optimisation(ResultsDb& db, const study::RosterOptimum& r,
                                              const std::string& optimise_json);

std::string optimise_report_html(const study::RosterOptimum& r, const scenario::Scenario& base,
                                 const RunManifest& manifest,
                                 const std::vector<ReportRow>& file_hashes);

}  // namespace hotline::report
