// Labels that put a scenario's display names beside its ids in tables meant for people.
#pragma once

#include <string>

#include "hotline/spec/scenario.hpp"

namespace hotline::report::detail {

// "刷单返利 (brushing)" when fraud type i has a display name other than its id, else the id.
inline std::string type_label(const scenario::Scenario& s, std::size_t i, const std::string& id) {
  if (i >= s.fraud_types.size() || s.fraud_types[i].name.empty() || s.fraud_types[i].name == id)
    return id;
  return s.fraud_types[i].name + " (" + id + ")";
}

// "lhasa:city_command  拉萨市": desk i's id and the display name of its unit.
inline std::string desk_label(const scenario::Scenario& s, std::size_t i, const std::string& id) {
  if (i >= s.desks.size()) return id;
  const int u = s.desks[i].unit;
  if (u < 0 || static_cast<std::size_t>(u) >= s.units.size()) return id;
  const auto& unit = s.units[static_cast<std::size_t>(u)];
  return unit.name.empty() || unit.name == unit.id ? id : id + "  " + unit.name;
}

// The KPI name of grade g's reached-within-target share ("grade1.reached_within_600s").
inline std::string reached_kpi_name(const scenario::Scenario& s, int grade) {
  const auto t = s.reporting.reach_within[static_cast<std::size_t>(grade - 1)];
  return "grade" + std::to_string(grade) + ".reached_within_" +
         std::to_string((t.count() + 500) / 1000) + "s";
}

}  // namespace hotline::report::detail
