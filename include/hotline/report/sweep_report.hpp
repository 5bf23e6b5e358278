// Outputs of `hotline-sim sweep`: the tidy sweep.csv, sweep.json (manifest, plan, the rule
// for replications, per-variant headline results) and the console table.
//
//   sweep.csv    variant, <one column per factor>, kpi, mean, half_width, n: one row per
//                variant and KPI (every KPI), values exact (shortest round-trip decimals),
//                UTF-8 with a BOM unless the style says otherwise
//   sweep.json   {"manifest", "complete", "replications": {rule, run, loaded}, "factors",
//                 "target", "marginal", "variants": [{label, parameters, reps,
//                 precision_reached, complete, kpis: {name: {mean, half_width, n}},
//                 target: {bound, meets}, marginal: {mean, half_width, n}}]}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/csv_style.hpp"
#include "hotline/report/run_manifest.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/study/sweep.hpp"

namespace hotline::report {

// What the sweep's table shows beyond the KPIs' means.
struct SweepView {
  std::vector<std::string> kpis;           // table columns, mean ± half-width
  std::optional<scenario::Target> target;  // "meets target at 95%" (one-sided bound)
  std::string marginal;                    // KPI of the marginal column; "" = none
  // The marginal column compares each variant with the one before it in this order (the
  // single numeric factor ascending); empty when the plan has no such order.
  std::vector<int> order;
};

// Fills `order` when the plan has exactly one factor whose values are all numbers (ascending
// value), else leaves it empty; keeps `marginal` only with an order.
SweepView make_sweep_view(const study::SweepPlan& plan, std::vector<std::string> kpis,
                          std::optional<scenario::Target> target, std::string marginal);

void write_sweep_csv(AtomicFile& file, const study::SweepPlan& plan,
                     const study::SweepResult& result, const CsvStyle& style = {});
std::string sweep_json(const study::SweepPlan& plan, const study::SweepResult& result,
                       const RunManifest& manifest, const SweepView& view,
                       const std::string& replication_rule);
std::string format_sweep_console(const study::SweepPlan& plan, const study::SweepResult& result,
                                 const SweepView& view);

}  // namespace hotline::report
