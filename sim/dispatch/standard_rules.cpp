#include "hotline/dispatch/standard_rules.hpp"

#include <algorithm>

namespace hotline::dispatch {

namespace {
bool contains_or_empty(const std::vector<int>& set, int value) {
  return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
}
}  // namespace

bool rule_matches(const scenario::MatchSpec& match, const AlertView& alert) {
  return contains_or_empty(match.grades, alert.grade) &&
         contains_or_empty(match.fraud_types, alert.fraud_type) &&
         alert.amount >= match.amount_min && alert.amount < match.amount_max;
}

int first_matching_rule(std::span<const scenario::RuleSpec> rules, const AlertView& alert) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rule_matches(rules[i].match, alert)) return static_cast<int>(i);
  return -1;
}

}  // namespace hotline::dispatch
