// The sweep's report.html page from its plan and results: one point per variant in the
// view's order (the single numeric factor ascending; plan order otherwise, x = the variant's
// number), the view's KPIs each against x with its CI band, each variant's staffing cost, and
// the marginal yuan avoided of each step as a paired difference on the same replications.
#pragma once

#include <vector>

#include "hotline/report/html_report.hpp"
#include "hotline/report/sweep_report.hpp"

namespace hotline::report {

SweepPage make_sweep_page(const study::SweepPlan& plan, const study::SweepResult& result,
                          const SweepView& view, const RunManifest& manifest,
                          const std::vector<ReportRow>& file_hashes);

}  // namespace hotline::report
