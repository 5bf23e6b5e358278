// A run's KPIs flattened to (name, value) pairs in a fixed order, so replications can be
// averaged and compared KPI by KPI. Names (docs/outputs.md lists every KPI):
//   "<group>.<kpi>" with group "all", "grade1".."grade3", "type.<fraud type id>";
//   "<group>.reached_within_<T>s.<interval>" for grades (T = the grade's target in seconds)
//   and "all.reached_within_target.<interval>", interval = a reporting interval or h00..h23;
//   "desk.<desk id>.<kpi>" and "pool.<pool id>.<kpi>" (officer pools, robot lines).
// The set of names depends only on the scenario, never on what happened in the run.
#pragma once

#include <string>
#include <vector>

#include "hotline/metrics/run_result.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::study {

struct KpiVector {
  std::vector<std::string> names;
  std::vector<double> values;
};

KpiVector flatten_kpis(const metrics::RunResult& r);
// flatten_kpis(r).values without building the names (which only depend on the scenario:
// kpi_names.hpp), for procedures that store thousands of replications.
std::vector<double> flatten_kpi_values(const metrics::RunResult& r);
// The name of a group's reached-within KPI: "reached_within_600s" for a grade whose target is
// 600 s, "reached_within_target" for groups that mix grades (each alert its grade's target).
std::string reached_kpi(const metrics::GroupKpi& g);
// The full name of grade g's reached-within KPI under the scenario's targets, e.g.
// "grade1.reached_within_600s" (the name flatten_kpis gives that grade's group).
std::string reached_kpi_name(const scenario::Scenario& s, int grade);

// How to show a KPI to a person: "share" (0..1, shown as %), "yuan", "seconds", "count".
enum class KpiUnit { share, yuan, seconds, count, ratio };
KpiUnit kpi_unit(const std::string& name);
// A readable label, e.g. "grade1.sla_attainment" -> "grade 1 SLA attainment".
std::string kpi_label(const std::string& name);

}  // namespace hotline::study
