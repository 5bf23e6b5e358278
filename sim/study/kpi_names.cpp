#include "hotline/study/kpi_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string_view>

#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/scenario/spelling.hpp"
#include "hotline/study/kpi_vector.hpp"

namespace hotline::study {

std::vector<std::string> kpi_names(const scenario::Scenario& scenario) {
  // An empty run: the collector's result has a group per grade, type and desk all the same.
  metrics::KpiCollector collector(scenario, metrics::KpiCollector::Options{false});
  collector.on_run_end(engine::kTimeZero);
  return flatten_kpis(collector.result()).names;
}

std::string unknown_kpi_message(const std::string& name, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return "";
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::string closest;
  for (const std::string& k : known) {
    const std::size_t d = scenario::edit_distance(name, k);
    if (d < best) best = d, closest = k;  // first of equals: KPI order, deterministic
  }
  std::string hint;
  if (!closest.empty() && best <= std::max<std::size_t>(2, name.size() / 4))
    hint = fmt::format("did you mean '{}'? ", closest);
  return fmt::format(
      "unknown KPI '{}' ({}names look like all.dissuaded_share, "
      "grade1.sla_attainment, type.<fraud type>.lost_yuan, "
      "desk.<desk>.utilisation; the kpi column of comparison.csv lists them all)",
      name, hint);
}

}  // namespace hotline::study
