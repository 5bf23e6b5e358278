#include "hotline/report/sweep_page.hpp"

#include <fmt/format.h>

#include <charconv>
#include <numeric>

#include "hotline/study/staffing_cost.hpp"

namespace hotline::report {

SweepPage make_sweep_page(const study::SweepPlan& plan, const study::SweepResult& result,
                          const SweepView& view, const RunManifest& manifest,
                          const std::vector<ReportRow>& file_hashes) {
  SweepPage page;
  page.scenario = report_scenario(plan.variants.front().scenario);
  const auto& factors = plan.study.factors;
  const bool numeric = !view.order.empty();
  page.parameter = numeric ? factors.front().key : "variant";
  std::vector<int> order = view.order;
  if (order.empty()) {
    order.resize(plan.variants.size());
    std::iota(order.begin(), order.end(), 0);
  }
  int reps = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& v = plan.variants[static_cast<std::size_t>(order[i])];
    const auto& out = result.variants[static_cast<std::size_t>(order[i])];
    SweepVariant sv;
    std::string label = v.label();
    for (std::size_t f = 0; f < factors.size(); ++f)
      label += fmt::format("{} {}={}", f == 0 ? ":" : ",", factors[f].name, v.values[f]);
    sv.label = label;
    sv.x = static_cast<double>(order[i] + 1);
    if (numeric) {
      const std::string& text = v.values.front();
      std::from_chars(text.data(), text.data() + text.size(), sv.x);
    }
    sv.kpis.names = out.kpi_names;
    sv.kpis.values = out.estimates;
    const study::StaffingCost cost = study::staffing_cost(v.scenario);
    sv.cost_yuan = cost.priced ? cost.total_yuan() : 0.0;
    page.variants.push_back(std::move(sv));
    reps = std::max(reps, out.reps());
    if (i > 0)
      page.marginal_avoided.push_back(study::paired_difference(
          result.variants[static_cast<std::size_t>(order[i - 1])], out, "all.avoided_yuan"));
  }
  page.kpis = view.kpis;
  page.manifest = manifest_rows(manifest, reps, file_hashes);
  return page;
}

}  // namespace hotline::report
