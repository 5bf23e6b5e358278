// Test helper: whether two replication sets hold the same KPI values, bit for bit.
#pragma once

#include <cstring>

#include "hotline/study/replications.hpp"

namespace hotline::testing {

inline bool same_kpi_values(const study::ReplicationSet& a, const study::ReplicationSet& b) {
  if (a.kpi_names != b.kpi_names || a.kpi_values.size() != b.kpi_values.size()) return false;
  for (std::size_t r = 0; r < a.kpi_values.size(); ++r) {
    if (a.kpi_values[r].size() != b.kpi_values[r].size()) return false;
    if (std::memcmp(a.kpi_values[r].data(), b.kpi_values[r].data(),
                    a.kpi_values[r].size() * sizeof(double)) != 0)
      return false;
  }
  return true;
}

}  // namespace hotline::testing
