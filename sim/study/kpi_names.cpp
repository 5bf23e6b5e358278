#include "hotline/study/kpi_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string_view>

#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/study/kpi_vector.hpp"

namespace hotline::study {

std::vector<std::string> kpi_names(const scenario::Scenario& scenario) {
  // An empty run: the collector's result has a group per grade, type and desk all the same.
  metrics::KpiCollector collector(scenario, metrics::KpiCollector::Options{false});
  collector.on_run_end(engine::kTimeZero);
  return flatten_kpis(collector.result()).names;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string unknown_kpi_message(const std::string& name, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), name) != known.end()) return "";
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::string closest;
  for (const std::string& k : known) {
    const std::size_t d = edit_distance(name, k);
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
