// The closed set of commands a driver (a live exercise, a test, a scenario's `injects:`
// timeline) can give a running model, and the log that makes a run with commands replayable.
//
// Contract:
// * HotlineModel::submit(command) checks the command against the current state and either
//   refuses it (Verdict::accepted false, a reason, nothing changed) or accepts it: it becomes
//   an event at now() in the command phase, which runs after every model event at that
//   millisecond (kPhaseCommand in docs/model.md), in submission order. An accepted command is
//   checked again when its event runs (the alert may have closed in the same millisecond);
//   if it no longer applies it changes nothing and a `command_refused` trace record says so.
// * Every accepted command is appended to the command log with (time, phase, sequence). The
//   same scenario and seed, driven by replay_commands(log), reproduce the run byte for byte.
// * Commands name things by index (alert id, desk instance, unit, rule, fraud type): a driver
//   that reads names resolves them first. Durations are integer ms; windows start at now().
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "hotline/engine/time.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::model {

// ---- decisions about one alert

// Give the alert the plan of a scenario rule. An alert that already has a plan has it
// replaced: its running steps stop (queued work is withdrawn) and the new plan starts.
struct AssignRule {
  std::uint64_t alert = 0;
  int rule = 0;  // index into Scenario::rules
};

// Give the alert a one-step plan: a call (from a named desk instance, or the nearest desk of
// a kind), an SMS, a robot call, a push down the chain to one of its ancestor units, or an
// officer's visit. Replaces the alert's current plan like AssignRule.
struct AssignStep {
  std::uint64_t alert = 0;
  scenario::StepKind kind = scenario::StepKind::call;
  int desk = -1;       // call: a desk instance; -1 = the nearest desk of desk_kind
  int desk_kind = -1;  // call with desk = -1
  int unit = -1;       // push: an ancestor of the alert's community (not the root)
  int attempts = 1;    // call: 1..20
  engine::Duration retry_interval{0};
  engine::Duration sla{0};  // 0 = none
  bool family = false;      // call: family members instead of the person
  int priority = 0;         // 0 = the alert's grade, else 1..7
};

// Start the on_late steps of the alert's running steps now, as if their SLA had passed.
struct Escalate {
  std::uint64_t alert = 0;
};

// No further action: the alert's plan stops and it waits for its fate (it stays open until
// it is lost or the run ends; nothing can dissuade it any more unless a new plan is given).
struct CloseAlert {
  std::uint64_t alert = 0;
};

// ---- injects

// Extra arrivals of the given fraud types (empty = all): (multiplier - 1) x their rate, from
// now for `duration`, drawn from streams of their own so that the scenario's own alerts are
// exactly those of the run without the surge.
struct Surge {
  std::vector<int> fraud_types;
  double multiplier = 2.0;  // > 1, at most 1000
  engine::Duration duration{0};
};

// The desk is staffed by `headcount` operators (0: an outage) from now for `duration`,
// whatever its roster says; operators in a call finish it. The latest change of a desk wins.
struct DeskHeadcount {
  int desk = 0;
  int headcount = 0;  // 0..10,000
  engine::Duration duration{0};
};

// `count` officers (-1: all) of every community under `unit` are unavailable from now for
// `duration`; officers on a visit finish it. Visits requested meanwhile wait for an officer.
struct OfficersUnavailable {
  int unit = 0;
  int count = -1;
  engine::Duration duration{0};
};

// One specific alert, now. It is decided by the dispatcher like any other alert; its draws
// come from a stream of its own.
struct InjectAlert {
  int fraud_type = 0;
  int grade = 1;
  double amount = 0;
  int unit = 0;  // a community (leaf unit)
  engine::Duration time_to_loss{0};
  int language = 0;  // index into Scenario::languages
};

using Command = std::variant<AssignRule, AssignStep, Escalate, CloseAlert, Surge, DeskHeadcount,
                             OfficersUnavailable, InjectAlert>;

// "assign_rule", "assign_step", ... (the alternative's name).
std::string_view command_name(const Command& c);

// The answer to submit().
struct Verdict {
  bool accepted = false;
  std::string reason;          // why it was refused; empty if accepted
  std::uint64_t sequence = 0;  // accepted: its sequence number in the command log (1-based)
};

struct LoggedCommand {
  engine::SimTime time;        // simulated time it was submitted at (= when it applies)
  std::uint8_t phase = 0;      // the command phase
  std::uint64_t sequence = 0;  // 1-based, in submission order
  Command command;
};
using CommandLog = std::vector<LoggedCommand>;

}  // namespace hotline::model
