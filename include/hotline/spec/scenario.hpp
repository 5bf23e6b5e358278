// The spec layer: the immutable description of one scenario, produced by the scenario loader
// from YAML and read by the model. Header-only; depends on the engine only (the types keep the
// namespace hotline::scenario: they are the scenario's vocabulary). Plain structs, no YAML types.
// All times are integer ms (engine::Duration); amounts are yuan; probabilities in [0,1]. Indices
// (unit, desk, fraud type, step) refer into the vectors of the same Scenario. The loader guarantees
// every invariant stated in these comments; the model asserts them.
//
// The YAML keys that produce each field are named in the comments (see docs/scenario-format.md
// for the full reference).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "hotline/engine/distribution.hpp"
#include "hotline/engine/time.hpp"

namespace hotline::scenario {

using engine::Distribution;
using engine::Duration;

inline constexpr int kGrades = 3;

// Whether minute `m` of the day (0..1439) lies in the window [from, to) of the day, which
// wraps past midnight when to <= from (so 22:00-06:00 is the night). Shared by every
// time-of-day window of the format: rule hours, reporting intervals, officers' nights.
constexpr bool in_day_window(int from, int to, int m) {
  return to <= from ? (m >= from || m < to) : (m >= from && m < to);
}  // grade 1 = money about to move ... 3 = early signs
// Queue priorities are 1 (most urgent) .. kPriorities: a desk's queue has one level for each
// (tests/model holds this to the model's queue).
inline constexpr int kPriorities = 7;

// clock: {start: "2021-09-01T00:00", horizon: 15d, warmup: 1d}
struct ClockSpec {
  engine::CivilTime start;
  Duration horizon{0};
  Duration warmup{0};
};

// Community officers of a leaf unit. YAML: officers: {count, availability, travel_time,
// visit_duration, find_prob} (under a unit, under `generate`, or top-level `community_defaults`).
struct OfficerSpec {
  int count = 0;
  double availability =
      1.0;  // share of time available; capacity = max(1, round(count*avail)) if count > 0
  Distribution travel_time;  // one way, ms
  Distribution visit_duration;
  double find_prob = 0.95;  // probability the officer finds the person on arrival
  // A night roster: from `night_from` to `night_to` (minutes of the day, wrapping past
  // midnight) round(count x night_availability) officers are on call instead (may be 0:
  // visits then wait for the morning). night_from < 0: the same all day.
  int night_from = -1;
  int night_to = -1;
  double night_availability = 0;
  // Cover: a visit still waiting `cover_after` after it was asked for is taken by a free
  // officer of another community of the same parent unit, whose travel time (drawn from that
  // community's own) is longer by `cover_travel_factor`. cover_after < 0: no cover.
  Duration cover_after{-1};
  double cover_travel_factor = 1.5;
};

// One organisational unit. units[0] is the root; units are in pre-order (parents before
// children), so a unit's subtree is the contiguous range [index, index + subtree_size).
struct UnitSpec {
  std::string id;  // globally unique; generated units get "<parent id>/<prefix><n>"
  std::string name;
  int level = 0;  // index into Scenario::levels; root = 0; all leaves are at the last level
  int parent = -1;
  int subtree_size = 1;
  double weight = 1.0;  // share of alerts among siblings (unless a fraud type's `where` says)
  std::vector<int> children;
  OfficerSpec officers;  // leaves only
  // language_mix: {code: share}: the languages of the people in this unit's subtree (indices
  // into Scenario::languages, shares summing to 1). Where a unit or its nearest ancestor has
  // one, it replaces the fraud type's language shares for alerts placed there. Empty = none.
  std::vector<int> language_mix;
  std::vector<double> language_mix_weights;
};

// languages: [{code: zh, name: 普通话}, ...]: the scenario's language table. Every language code
// of the scenario (desks, operators, fraud types, places, rules, injects) is one of these. When
// the file declares none, it holds the codes the scenario uses, in order of first use (each an
// ISO 639-1 code). At most 64 (the model keeps language sets as 64-bit masks).
struct LanguageSpec {
  std::string code;
  std::string name;  // display name (default: the code)
};

// A shift: on each day in `days` it runs from start_minute to end_minute (minutes after
// midnight). end_minute <= start_minute means it ends the next day. Shifts of one desk never
// overlap (the loader rejects overlaps).
// A scheduled break in a shift: from `start_minute` (time of day, inside the shift) for
// `minutes`, `operators` of the shift's headcount are off the floor (meals, rest).
struct BreakSpec {
  int start_minute = 0;
  int minutes = 0;
  int operators = 1;
};

struct ShiftSpec {
  std::string name;
  std::array<bool, 7> days{};  // 0 = Monday
  int start_minute = 0;
  int end_minute = 0;
  int headcount = 0;
  // staff: [{count, languages}]: the headcount by skill set, for a desk that declares skill
  // sets (DeskSpec::skill_sets): staff[k] operators speak skill set k; they sum to headcount.
  // Empty when the desk has no skill sets (every operator speaks the desk's languages).
  std::vector<int> staff;
  // Breaks (scheduled, from `shrinkage` and from `handover`) take their operators from the skill
  // sets in the desk's order (DeskSpec::skill_sets), the desk's own languages first.
  std::vector<BreakSpec> breaks;  // on every day of the shift
  // Minutes from the shift's start to `minute_of_day`, on the shift's first or (a shift past
  // midnight) second calendar day: 0 .. 1439.
  int minutes_in(int minute_of_day) const {
    return ((minute_of_day - start_minute) % (24 * 60) + 24 * 60) % (24 * 60);
  }
  // The part of this shift that skill set k works: its staff, and the share of each break
  // that falls on it (a break's operators come from the skill sets in order, the first first).
  ShiftSpec for_skill_set(std::size_t k) const {
    ShiftSpec part = *this;
    part.headcount = k < staff.size() ? staff[k] : 0;
    part.staff.clear();
    part.breaks.clear();
    for (BreakSpec b : breaks) {
      int before = 0;
      for (std::size_t j = 0; j < k && j < staff.size(); ++j) before += staff[j];
      b.operators = std::clamp(b.operators - before, 0, part.headcount);
      if (b.operators > 0) part.breaks.push_back(b);
    }
    return part;
  }
};

// Handling (operator busy) times at a desk, ms.
struct HandlingSpec {
  Distribution call_answered;    // dial + conversation when the person answers
  Distribution call_unanswered;  // ringing out / engaged tone
  Distribution push;             // reading a pushed alert and forwarding it
  // After-call work (logging, notifying the county): the operator stays busy this long after
  // the task, without the person on the line. Default 0.
  Distribution after_call;     // after an answered alert call
  Distribution after_push;     // after forwarding a push
  Distribution after_inbound;  // after an inbound call
  // Answered alert calls of some grades and fraud types take their own time (e.g. a grade-1
  // investment victim takes longer to talk round): the first entry that matches the alert
  // replaces call_answered. Empty grades / fraud_types = any.
  struct CallTime {
    std::vector<int> grades;
    std::vector<int> fraud_types;
    Distribution call_answered;
  };
  std::vector<CallTime> call_answered_by;
};

// A desk instance at one unit. YAML `desks:` entries with `unit: X` give one instance;
// entries with `each: LEVEL` give one instance per unit at that level, id "<unit id>:<desk>".
struct DeskSpec {
  std::string id;      // instance id
  std::string kind;    // the YAML entry's id (shared by all instances of an `each` entry)
  int kind_index = 0;  // index into Scenario::desk_kinds
  int unit = 0;
  bool receives_pushes = true;  // at most one push-receiving desk per unit
  // queue_limit: waiting places; -1 = unlimited. A call or inbound call that finds every
  // operator busy and the queue full is blocked (an attempt that failed; pushes always queue).
  int queue_limit = -1;
  std::vector<std::string> languages;  // what operators counted by `headcount` speak
  // Skill sets (indices into Scenario::languages), when some shift gives its headcount by
  // language (`staff:`): skill_sets[0] is the desk's own `languages`, the others in order of
  // first appearance. An alert call goes to a free operator who speaks the person's language
  // (the first such skill set in this order); after `language_fallback` in the queue, to any
  // free operator (with dissuasion's language_mismatch factor). Empty: one skill set.
  std::vector<std::vector<int>> skill_sets;
  Duration language_fallback{0};
  HandlingSpec handling;
  std::vector<ShiftSpec> shifts;
  // An `each:` desk's instance whose `instances:` entry changed its shifts (otherwise its
  // shifts are its kind's, Scenario::kind_rosters).
  bool own_roster = false;
};

// surges: [{name, start, end, multiplier, types: [..]}]; empty types = all fraud types.
struct SurgeSpec {
  std::string name;
  engine::CivilTime start, end;
  double multiplier = 1.0;
  std::vector<int> fraud_types;
  bool inbound = false;  // inbound calls rise by the same factor during the surge
};

// fraud_types: one alert source per type.
struct FraudTypeSpec {
  std::string id;
  std::string name;
  double rate_per_day = 0;                // mean alerts per day before profiles and surges
  std::array<double, 24> hour_profile;    // normalised by the loader to mean 1
  std::array<double, 7> weekday_profile;  // normalised to mean 1; index 0 = Monday
  // where: {unit id: weight}. Alerts pick one of these units by weight, then descend to a
  // leaf by children's weights. Empty = start at the root.
  std::vector<int> where_units;
  std::vector<double> where_weights;
  std::array<double, kGrades> grade_mix{};         // sums to 1
  Distribution amount;                             // yuan at risk
  std::array<Distribution, kGrades> time_to_loss;  // ms, per grade
  double answer_prob = 0.7;                        // person answers a call (when not engaged)
  double engaged_prob = 0.2;                       // line engaged: talking to the scammer
  double family_reach_prob = 0.5;                  // a family-contact call reaches someone
  std::vector<std::string> languages;              // language codes ...
  std::vector<double> language_weights;            // ... and their shares (sum 1)
  // Share of alerted people, per grade, who would have transferred had nobody intervened
  // (the rest stop on their own: never lost, and dissuading them avoids nothing). YAML:
  // top-level would_pay {1, 2, 3}, overridden per grade by fraud_types[].would_pay.
  std::array<double, kGrades> would_pay{1.0, 1.0, 1.0};
};

// inbound: consultations and reports that take operator time at a desk kind (every instance).
struct InboundSpec {
  std::string id;
  int desk_kind = 0;
  double rate_per_day = 0;  // per desk instance
  std::array<double, 24> hour_profile;
  std::array<double, 7> weekday_profile;
  Distribution handling;
  int priority = 4;  // 1 .. kPriorities
  // How long a caller waits in the queue before hanging up; the default (constant 0) means
  // callers never hang up.
  Distribution patience;
};

enum class StepKind { sms, robot_call, call, push, visit };

// One step of a dispatch plan.
struct StepSpec {
  std::string id;
  StepKind kind = StepKind::call;
  bool at_arrival = true;  // false when some other step's next/on_late starts it
  // call: the desk kind whose instance at the alert's nearest ancestor takes the call.
  int desk_kind = -1;
  int attempts = 1;
  Duration retry_interval{0};
  int priority = 0;     // 1 (most urgent) .. kPriorities; 0 means "the alert's grade"
  bool family = false;  // call family members instead of the person
  // push: down the chain to the alert's ancestor at this level.
  int to_level = -1;
  Duration sla{
      0};  // 0 = none. call: until an operator dials; push: delivered; visit: officer on site
  // call: a specific desk instance instead of the desk kind's nearest one. Never set by the
  // loader: only single-step plans given by a command name a desk.
  int desk = -1;
  std::vector<int> next;     // steps started when this one ends without dissuading
  std::vector<int> on_late;  // steps started when the SLA passes first (this one goes on)
};

// match: {grades: [1,2], fraud_types: [loan], amount_min: 0, amount_max: 50000,
//         hours: {from: "22:00", to: "08:00"}, days: weekend, units: [nagqu], languages: [bo]}
// Every condition given must hold; an absent one accepts every alert. Time and day are the
// alert's arrival (local civil time).
struct MatchSpec {
  std::vector<int> grades;       // empty = any
  std::vector<int> fraud_types;  // empty = any
  double amount_min = 0;
  double amount_max = std::numeric_limits<double>::infinity();  // exclusive
  // Minutes of the day [from, to), wrapping past midnight when to <= from; -1 = any time.
  int from_minute = -1;
  int to_minute = -1;
  std::array<bool, 7> days{true, true, true, true, true, true, true};  // 0 = Monday
  // Places: subtrees of units, as [first, last) ranges of unit indices (pre-order); empty = any.
  std::vector<std::pair<int, int>> unit_ranges;
  std::vector<std::string> languages;  // the person's language code; empty = any
  // True if some condition besides grade, type and amount is set: such a rule takes only part
  // of the alerts of its grades and types, so it does not count when the loader checks that
  // the rules cover every grade x type x amount.
  bool conditional() const {
    return from_minute >= 0 || !unit_ranges.empty() || !languages.empty() ||
           std::find(days.begin(), days.end(), false) != days.end();
  }
};

struct RuleSpec {
  std::string name;
  MatchSpec match;
  std::vector<StepSpec> plan;
};

enum class Channel { sms, robot_call, phone, family, visit };
inline constexpr int kChannels = 5;

// dissuasion: {sms: 0.02, phone: {default: 0.6, by_type: {invest: 0.4}}, ...}
struct DissuasionSpec {
  // [channel][fraud type]: probability that contact through the channel dissuades.
  std::array<std::vector<double>, kChannels> prob;
  double language_mismatch =
      0.5;  // factor on phone/family success when the desk lacks the language
  // Optional factors on a conversation's success (phone, family, visit), default 1:
  // by the delay from the alert's arrival to the conversation's end, piecewise linear between
  // (delay, factor) points in increasing delay (flat before the first and after the last);
  // and by the call attempt that got through (1st, 2nd, ...; the last value repeats).
  std::vector<std::pair<Duration, double>> by_delay;
  std::vector<double> by_attempt;
  double factor(Duration delay, int attempt) const {
    double f = 1.0;
    if (!by_delay.empty()) {
      if (delay <= by_delay.front().first) {
        f = by_delay.front().second;
      } else if (delay >= by_delay.back().first) {
        f = by_delay.back().second;
      } else {
        for (std::size_t i = 1; i < by_delay.size(); ++i) {
          if (delay > by_delay[i].first) continue;
          const auto& [d0, f0] = by_delay[i - 1];
          const auto& [d1, f1] = by_delay[i];
          const double x =
              static_cast<double>((delay - d0).count()) / static_cast<double>((d1 - d0).count());
          f = f0 + (f1 - f0) * x;
          break;
        }
      }
    }
    if (!by_attempt.empty() && attempt >= 1)
      f *= by_attempt[std::min(by_attempt.size(), static_cast<std::size_t>(attempt)) - 1];
    return f;
  }
};

struct RobotSpec {
  int lines = 0;  // per pool; 0 = no robot lines (robot_call steps fail at once)
  // false: one pool of `lines` for the whole scenario; true: one pool of `lines` per unit of
  // level 1 (a region), taking the calls of the alerts placed under it (robot_pools()).
  bool per_region = false;
  Distribution duration;
};

struct SmsSpec {
  Distribution delay;
};

// injects: a timeline of events a trainer (or a test) imposes on the run. YAML:
//   injects:
//     - at: 2021-09-03T14:00        # civil date-time, inside [start, start + horizon)
//       surge: {types: [loan], multiplier: 3, for: 2h}
//     - at: ...
//       desk_outage: {desk: "96110", for: 1h}
//     - at: ...
//       headcount: {desk: "96110", headcount: 1, for: 4h}
//     - at: ...
//       officers_unavailable: {unit: "lhasa/chengguan", count: 2, for: 3h}
//     - at: ...
//       alert: {type: loan, grade: 1, amount: 500000, unit: "nagqu/shuanghu/c1",
//               time_to_loss: 40min, language: bo}
// Exactly one kind key per entry. The loader resolves every name to an index.
enum class InjectKind { surge, desk_outage, desk_headcount, officers_unavailable, alert };

struct InjectSpec {
  engine::CivilTime at;
  InjectKind kind = InjectKind::surge;
  // surge, desk_outage, desk_headcount, officers_unavailable: how long it lasts (> 0).
  Duration duration{0};
  // surge: the extra arrivals are (multiplier - 1) x the type's rate during the window, so
  // multiplier > 1; empty fraud_types = every type.
  std::vector<int> fraud_types;
  double multiplier = 1.0;
  // desk_outage (headcount 0) and desk_headcount: a desk instance index; headcount >= 0.
  int desk = -1;
  int headcount = 0;
  // officers_unavailable: every leaf of this unit's subtree loses `count` officers (-1 = all)
  // from its capacity for the window. alert: the leaf unit where the alert happens.
  int unit = -1;
  int count = -1;
  // alert: the alert's attributes (what the fraud type's distributions would otherwise draw).
  int fraud_type = -1;
  int grade = 1;
  double amount = 0;
  Duration time_to_loss{0};
  int language = 0;  // index into Scenario::languages (default: the fraud type's first)
};

// reporting: what the interval KPIs measure. YAML:
//   reporting:
//     reach_within: {1: 10min, 2: 1h, 3: 4h}   # target time to first contact, per grade
//     intervals:                                # named parts of the day (they tile 24 h)
//       - {name: night, start: "01:00", end: "08:00"}
struct IntervalSpec {
  std::string name;
  int start_minute = 0;  // minutes after midnight
  int end_minute = 0;    // <= start: ends the next day
};

struct ReportingSpec {
  std::array<Duration, kGrades> reach_within{std::chrono::minutes(10), std::chrono::hours(1),
                                             std::chrono::hours(4)};
  // answer_within: a desk-hour's service level is the share of tasks whose wait ended in that
  // hour that were served within this (contact-centre service level, 80/20 = 80% in 20 s).
  Duration answer_within{std::chrono::seconds(20)};
  // Tile the day: every minute of the day is in exactly one. Default: night 00:00-08:00,
  // day 08:00-16:00, evening 16:00-24:00.
  std::vector<IntervalSpec> intervals{{"night", 0, 480}, {"day", 480, 960}, {"evening", 960, 0}};
  // The interval holding minute-of-day m (0..1439).
  int interval_of_minute(int m) const {
    for (std::size_t i = 0; i < intervals.size(); ++i)
      if (in_day_window(intervals[i].start_minute, intervals[i].end_minute, m))
        return static_cast<int>(i);
    return 0;
  }
};

// training: rubric: how the after-action review of a live exercise scores each trainee
// (docs/after-action-review.md, "The rubric"). YAML:
//   training:
//     rubric:
//       first_decision_within: {1: 2min, 2: 10min, 3: 30min}  # arrival -> the trainee's decision
//       push_tier: {1: county, 2: county, 3: community}     # the level a push should reach
//       push_tier_by_type:                                  # per fraud type, over push_tier
//         - {type: investment, 1: city}
//       escalate_within: 10min     # an SLA passed -> the trainee escalates (or re-plans)
// A scenario without it gets these defaults, and the push tier the standard rules' plan for the
// alert pushes to (no push in that plan: the tier is not scored).
struct RubricSpec {
  std::array<Duration, kGrades> first_decision_within{
      std::chrono::minutes(2), std::chrono::minutes(10), std::chrono::minutes(30)};
  std::array<int, kGrades> push_level{-1, -1, -1};  // index into levels; -1: the standard rules'
  // Per fraud type (one entry per type when any is given, else empty): -1 = push_level's.
  std::vector<std::array<int, kGrades>> push_level_by_type;
  Duration escalate_within{std::chrono::minutes(10)};
  bool given = false;  // the scenario has a training.rubric section
  // The expected push level of an alert of this type and grade, or -1 (the standard rules').
  int expected_push_level(int fraud_type, int grade) const {
    const auto g = static_cast<std::size_t>(grade - 1);
    if (static_cast<std::size_t>(fraud_type) < push_level_by_type.size()) {
      const int by_type = push_level_by_type[static_cast<std::size_t>(fraud_type)][g];
      if (by_type >= 0) return by_type;
    }
    return push_level[g];
  }
};

struct TrainingSpec {
  RubricSpec rubric;
};

// costs: what a roster costs (study::staffing_cost; docs/outputs.md, "Staffing cost"). YAML:
//   costs:
//     operator_hour: 60                      # yuan per paid operator-hour, any desk kind ...
//     by_desk: {county_command: 45}          # ... unless its kind has its own rate
//     night: {from: "22:00", to: "08:00", factor: 1.25}
//     weekend_factor: 1.5                    # Saturday and Sunday (the minute's civil day)
//     officer_hour: 0                        # yuan per community officer-hour on call
// Factors multiply (a weekend night costs both). All rates 0 (the default): no cost shown.
struct CostSpec {
  bool given = false;                  // the scenario has a costs: section
  std::vector<double> desk_kind_hour;  // yuan per operator-hour, per desk kind (resolved)
  double officer_hour = 0;
  int night_from = -1;  // minutes of the day [from, to), wrapping; -1 = no night factor
  int night_to = -1;
  double night_factor = 1.0;
  double weekend_factor = 1.0;
  // The factor of a minute of day `m` on weekday `wd` (0 = Monday).
  double factor(int m, int wd) const {
    double f = wd >= 5 ? weekend_factor : 1.0;
    if (night_from >= 0 && in_day_window(night_from, night_to, m)) f *= night_factor;
    return f;
  }
};

// A planning mistake the loader found that does not stop a run (docs/scenario-format.md,
// "Errors and warnings"): the scenario is valid, but probably not what was meant.
// `hotline-sim validate --strict` treats every warning as an error.
struct ScenarioWarning {
  std::string file;  // as in ScenarioError: the scenario's name, or "--set"
  int line = 0;      // 1-based; 0 when not tied to a place
  int column = 0;
  std::string message;
  // "FILE:LINE:COL: warning: MESSAGE" (severity "warning"; --strict prints "error").
  std::string text(const std::string& severity = "warning") const {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on chains of operator+.
    std::string out = file;
    if (line > 0) {
      out += ':';
      out += std::to_string(line);
      out += ':';
      out += std::to_string(column);
    }
    out += ": ";
    out += severity;
    out += ": ";
    out += message;
    return out;
  }
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_name;  // file path or "<embedded:xizang.yaml>"
  std::string source_text;  // exact bytes (for the manifest's SHA-256)
  std::uint64_t seed = 1;
  ClockSpec clock;
  std::vector<std::string> levels;  // default region, city, county, community
  std::vector<LanguageSpec> languages;
  std::vector<UnitSpec> units;
  std::vector<std::string> desk_kinds;  // YAML desk entry ids, in file order
  // Per desk kind: its entry's own shifts and skill sets (an instance may have its own).
  struct KindRoster {
    std::vector<ShiftSpec> shifts;
    std::vector<std::vector<int>> skill_sets;
  };
  std::vector<KindRoster> kind_rosters;
  std::vector<DeskSpec> desks;  // instances, grouped by kind in file order
  std::vector<FraudTypeSpec> fraud_types;
  std::vector<SurgeSpec> surges;
  std::vector<InboundSpec> inbound;
  std::vector<RuleSpec> rules;  // first match wins; together they cover every grade x type x amount
  DissuasionSpec dissuasion;
  RobotSpec robot;
  SmsSpec sms;
  std::vector<InjectSpec> injects;  // in time order (stable for equal times: file order)
  ReportingSpec reporting;
  CostSpec costs;
  TrainingSpec training;                  // live exercises only: the after-action review's rubric
  std::vector<ScenarioWarning> warnings;  // in document order of the checks; never read by a run
  // Run each independent part (study::independent_parts) as a sub-model of its own, with
  // streams of its own, on as many threads as the run is given; the results depend on the
  // parts, never on the thread count. A scenario with one part runs as if false.
  bool split = false;
};

// The robot pools of a scenario: per pool the unit it serves (the root, or a region), and per
// unit its pool (-1 for units above the pools: the root when pools are per region).
struct RobotPools {
  std::vector<int> unit;
  std::vector<int> of_unit;
};
inline RobotPools robot_pools(const Scenario& s) {
  RobotPools p;
  p.of_unit.assign(s.units.size(), s.robot.per_region ? -1 : 0);
  if (!s.robot.per_region) {
    p.unit.push_back(0);
    return p;
  }
  for (std::size_t u = 0; u < s.units.size(); ++u) {
    const UnitSpec& unit = s.units[u];
    if (unit.level == 1) {
      p.of_unit[u] = static_cast<int>(p.unit.size());
      p.unit.push_back(static_cast<int>(u));
    } else if (unit.level > 1) {
      p.of_unit[u] = p.of_unit[static_cast<std::size_t>(unit.parent)];  // pre-order: set already
    }
  }
  return p;
}

}  // namespace hotline::scenario
