// Labels that put a scenario's display names beside its ids in tables meant for people.
#pragma once

#include <fmt/format.h>

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

// "night 01:00-08:00": a reporting interval's name and its hours.
inline std::string interval_label(const scenario::IntervalSpec& iv) {
  return fmt::format("{} {:02}:{:02}-{:02}:{:02}", iv.name, iv.start_minute / 60,
                     iv.start_minute % 60, iv.end_minute / 60, iv.end_minute % 60);
}

}  // namespace hotline::report::detail
