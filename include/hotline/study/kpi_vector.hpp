// A run's KPIs flattened to (name, value) pairs in a fixed order, so replications can be
// averaged and compared KPI by KPI. Names: "<group>.<kpi>" with group "all", "grade1".."grade3",
// "type.<fraud type id>", and "desk.<desk id>.<kpi>".
#pragma once

#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"

namespace hotline::study {

struct KpiVector {
  std::vector<std::string> names;
  std::vector<double> values;
};

KpiVector flatten_kpis(const metrics::RunResult& r);

// How to show a KPI to a person: "share" (0..1, shown as %), "yuan", "seconds", "count".
enum class KpiUnit { share, yuan, seconds, count, ratio };
KpiUnit kpi_unit(const std::string& name);
// A readable label, e.g. "grade1.sla_attainment" -> "grade 1 SLA attainment".
std::string kpi_label(const std::string& name);

}  // namespace hotline::study
