#include "staffing_cost_output.hpp"

#include <fmt/format.h>

#include <cmath>

#include "hotline/report/text_format.hpp"

namespace hotline::report::detail {

nlohmann::ordered_json staffing_cost_json(const study::StaffingCost& c) {
  nlohmann::ordered_json j;
  j["priced"] = c.priced;
  j["days"] = c.days;
  j["total_yuan"] = c.total_yuan();
  j["yuan_per_day"] = c.yuan_per_day();
  j["operator_hours"] = c.operator_hours;
  j["operator_yuan"] = c.operator_yuan;
  j["officer_hours"] = c.officer_hours;
  j["officer_yuan"] = c.officer_yuan;
  nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
  for (const auto& k : c.by_kind)
    kinds.push_back({{"kind", k.kind},
                     {"desks", k.desks},
                     {"operator_hours", k.operator_hours},
                     {"yuan", k.yuan}});
  j["by_desk_kind"] = std::move(kinds);
  return j;
}

std::string staffing_cost_text(const study::StaffingCost& c) {
  const std::string hours = format_count(std::llround(c.operator_hours));
  if (!c.priced)
    return fmt::format("not priced ({} operator-hours rostered; add a costs: section)", hours);
  std::string text = fmt::format(
      "¥{} over {} (¥{} a day): {} operator-hours ¥{}", format_money(c.total_yuan()),
      format_days(c.days), format_money(c.yuan_per_day()), hours, format_money(c.operator_yuan));
  if (c.officer_yuan > 0)
    text += fmt::format(", {} officer-hours ¥{}", format_count(std::llround(c.officer_hours)),
                        format_money(c.officer_yuan));
  return text;
}

}  // namespace hotline::report::detail
