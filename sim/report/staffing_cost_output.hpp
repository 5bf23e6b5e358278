// The staffing cost (study::staffing_cost) as summary.json and comparison.json show it, and as
// the one console line every run and comparison prints beside its KPIs. Internal to the
// report layer.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "hotline/study/staffing_cost.hpp"

namespace hotline::report::detail {

// {"priced", "days", "total_yuan", "yuan_per_day", "operator_hours", "operator_yuan",
//  "officer_hours", "officer_yuan", "by_desk_kind": [{kind, desks, operator_hours, yuan}]}
nlohmann::ordered_json staffing_cost_json(const study::StaffingCost& c);

// "¥1,234,567 over 14d (¥88,183 a day): 3,360 operator-hours ¥..., officers ¥..." or, without
// a costs: section, "not priced (3,360 operator-hours rostered; add a costs: section)".
std::string staffing_cost_text(const study::StaffingCost& c);

}  // namespace hotline::report::detail
