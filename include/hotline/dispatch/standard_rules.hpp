// The standard graded rules: from a read-only view of an alert to the first scenario rule
// whose match clause accepts it. Pure functions, no scheduling, no I/O; StandardRules puts
// them behind the model's decision port (model/dispatcher.hpp) and always follows the plan.
#pragma once

#include <span>

#include "hotline/model/dispatcher.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::dispatch {

using model::AlertView;

// True if the rule's match clause accepts the alert.
bool rule_matches(const scenario::MatchSpec& match, const AlertView& alert);

// Index of the first rule that matches, or -1 if none does.
int first_matching_rule(std::span<const scenario::RuleSpec> rules, const AlertView& alert);

// The scenario's own graded rules: first match wins; no match means no action.
class StandardRules : public model::Dispatcher {
 public:
  explicit StandardRules(std::span<const scenario::RuleSpec> rules) : rules_(rules) {}
  model::Decision on_arrival(const AlertView& alert) override {
    const int rule = first_matching_rule(rules_, alert);
    return rule >= 0 ? model::Decision::plan(rule) : model::Decision::none();
  }

 private:
  std::span<const scenario::RuleSpec> rules_;
};

}  // namespace hotline::dispatch
