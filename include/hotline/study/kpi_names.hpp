// The KPI names a run of a scenario reports, known before anything runs, so that a study can
// refuse an unknown `--kpi NAME` at once instead of after all its replications.
//
// The names are those of flatten_kpis (kpi_vector.hpp) over the result a KPI collector gives
// for the scenario: the same function the replications use, so the list follows the KPI set.
#pragma once

#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::study {

// In flatten_kpis order. Costs one collector and no simulation.
std::vector<std::string> kpi_names(const scenario::Scenario& scenario);

// "" when `name` is in `known`, else a message "unknown KPI 'NAME' (did you mean 'X'? names
// look like all.dissuaded_share, grade1.sla_attainment, ...)".
std::string unknown_kpi_message(const std::string& name, const std::vector<std::string>& known);

}  // namespace hotline::study
