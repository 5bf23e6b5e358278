#include "hotline/dispatch/standard_rules.hpp"

#include <algorithm>

namespace hotline::dispatch {

namespace {
bool contains_or_empty(const std::vector<int>& set, int value) {
  return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
}

bool in_time(const scenario::MatchSpec& m, int minute) {
  return m.from_minute < 0 || scenario::in_day_window(m.from_minute, m.to_minute, minute);
}

bool in_place(const scenario::MatchSpec& m, int unit) {
  if (m.unit_ranges.empty()) return true;
  for (const auto& [first, last] : m.unit_ranges)
    if (unit >= first && unit < last) return true;
  return false;
}

bool speaks(const scenario::MatchSpec& m, std::string_view code) {
  return m.languages.empty() ||
         std::find(m.languages.begin(), m.languages.end(), code) != m.languages.end();
}

}  // namespace

bool rule_matches(const scenario::MatchSpec& match, const AlertView& alert) {
  return contains_or_empty(match.grades, alert.grade) &&
         contains_or_empty(match.fraud_types, alert.fraud_type) &&
         alert.amount >= match.amount_min && alert.amount < match.amount_max &&
         in_time(match, alert.minute_of_day) &&
         match.days[static_cast<std::size_t>(alert.weekday)] && in_place(match, alert.leaf_unit) &&
         speaks(match, alert.language_code);
}

int first_matching_rule(std::span<const scenario::RuleSpec> rules, const AlertView& alert) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rule_matches(rules[i].match, alert)) return static_cast<int>(i);
  return -1;
}

}  // namespace hotline::dispatch
