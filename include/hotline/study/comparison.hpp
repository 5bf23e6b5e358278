// Paired comparison of two variants of a scenario under common random numbers: replication r
// of both variants draws from the same named streams, so they see the same alerts (arrival
// times, places, grades, amounts, deadlines, answer draws) and differ only through the change.
// This file holds the statistics of two finished replication sets; running them is
// paired_comparison.hpp.
#pragma once

#include <string>
#include <vector>

#include "hotline/study/replications.hpp"

namespace hotline::study {

struct KpiComparison {
  std::string name;
  Estimate base, other;
  Estimate paired;           // other - base, per replication
  Estimate unpaired;         // Welch interval for the same difference, ignoring the pairing
  bool significant() const;  // paired CI excludes 0
};

struct Comparison {
  ReplicationSet base, other;
  std::vector<KpiComparison> kpis;  // KPIs present in both, in base order
  const KpiComparison* find(const std::string& name) const;
};

// Builds the comparison from two finished replication sets (same replication count).
std::vector<KpiComparison> compare_sets(const ReplicationSet& base, const ReplicationSet& other);

// One line a planner can read, e.g.
// "+2 night operators: grade 1 SLA attainment 81.2% -> 93.5% (+12.3 ± 1.1 points)".
std::string verdict(const std::string& label, const KpiComparison& k);

// Formats a KPI value for people according to kpi_unit(name).
std::string format_kpi(const std::string& name, double value);

}  // namespace hotline::study
