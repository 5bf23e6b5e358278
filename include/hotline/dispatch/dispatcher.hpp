// Graded dispatch: from a read-only view of an alert to the rule (and so the plan) that
// handles it. Pure functions, no scheduling, no I/O. The model asks a Dispatcher, so a live
// exercise can put trainees' decisions in place of the standard rules.
#pragma once

#include <span>

#include "hotline/scenario/spec.hpp"

namespace hotline::dispatch {

// What the dispatcher may see of an alert (never its hidden time to loss).
struct AlertView {
  int fraud_type = 0;
  int grade = 1;
  double amount = 0;
  int leaf_unit = 0;
  int hour_of_day = 0;
};

// True if the rule's match clause accepts the alert.
bool rule_matches(const scenario::MatchSpec& match, const AlertView& alert);

// Index of the first rule that matches, or -1 if none does.
int first_matching_rule(std::span<const scenario::RuleSpec> rules, const AlertView& alert);

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  // Returns an index into the scenario's rules (-1: no action, the alert waits for its fate).
  virtual int choose_rule(const AlertView& alert) = 0;
};

// The scenario's own graded rules: first match wins.
class StandardRules : public Dispatcher {
 public:
  explicit StandardRules(std::span<const scenario::RuleSpec> rules) : rules_(rules) {}
  int choose_rule(const AlertView& alert) override { return first_matching_rule(rules_, alert); }

 private:
  std::span<const scenario::RuleSpec> rules_;
};

}  // namespace hotline::dispatch
