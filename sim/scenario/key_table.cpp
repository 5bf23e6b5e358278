#include "hotline/scenario/key_table.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <stdexcept>

#include "hotline/spec/scenario.hpp"

namespace hotline::scenario {

namespace {

using K = KeyType;

constexpr std::array kSections = {
    SectionInfo{"root", "(top level)", "The document is one map with these keys."},
    SectionInfo{"scenario", "scenario", "Name and description shown in reports."},
    SectionInfo{"clock", "clock", "The simulated period. Civil (local) time, no time zone."},
    SectionInfo{"community_defaults", "community_defaults",
                "Defaults for every leaf unit (community)."},
    SectionInfo{"officers",
                "community_defaults.officers, <unit>.officers, <unit>.generate.officers",
                "Community officers of a leaf unit. Each field resolves separately: the unit's own "
                "value, else its `generate` block's, else `community_defaults`, else the default "
                "below."},
    SectionInfo{"unit", "organisation, <unit>.children[]",
                "An organisational unit. `organisation` is the root; units nest through "
                "`children` (or `generate`) down to the last level of `levels`. Every leaf must "
                "be at the last level."},
    SectionInfo{"generate", "<unit>.generate",
                "Generates `count` leaf children with ids \"<parent id>/<prefix><n>\" (n from "
                "1). A unit has either `children` or `generate`, not both."},
    SectionInfo{"desk", "desks[]",
                "A duty desk kind. With `unit: ID` it is one desk at that unit (instance id = "
                "the entry id); with `each: LEVEL` one desk at every unit of that level "
                "(instance id \"<unit id>:<entry id>\"). Exactly one of `unit`/`each`."},
    SectionInfo{"handling", "desks[].handling", "Operator busy times at the desk."},
    SectionInfo{"call_time", "desks[].handling.call_answered_by[]",
                "Answered alert calls of some grades and fraud types take their own time: the "
                "first entry that matches the alert replaces `call_answered`."},
    SectionInfo{"break", "desks[].roster[].breaks[]",
                "A scheduled break: on every day of the shift, from `start` for `for`, "
                "`operators` of the shift are off the floor. A start before the shift's start "
                "falls on the shift's second calendar day (a shift past midnight)."},
    SectionInfo{"officers_night", "<officers>.night",
                "A night roster for community officers: from `from` to `to` (wrapping past "
                "midnight when to <= from) round(count x availability) officers are on call "
                "instead; 0 means visits wait for the morning."},
    SectionInfo{"officers_cover", "<officers>.cover",
                "Cover across communities: a visit still waiting `after` after it was asked for "
                "is taken by a free officer of another community under the same parent unit, "
                "whose own travel time is longer by `travel_factor`."},
    SectionInfo{"match_hours", "dispatch.rules[].match.hours",
                "A window of the day for the alert's arrival: [from, to), wrapping past midnight "
                "when to <= from."},
    SectionInfo{"shift", "desks[].roster[]",
                "A shift. On each day in `days` it runs from `start` to `end`; end <= start "
                "means it ends the next day, start == end means 24 hours. Shifts of one desk "
                "must not overlap in the weekly cycle. A desk kind that a dispatch step calls "
                "from or that receives inbound work must have staff at every minute of the week."},
    SectionInfo{"desk_instance", "desks[].instances[]",
                "Changes for one instance of an `each:` desk (the desk at one unit of its level): "
                "its shifts merge with the desk's by name (keys given replace the desk's; a new "
                "name adds a shift). `--set desks.<unit>:<desk>.roster.<shift>.headcount=N` "
                "writes one for you."},
    SectionInfo{"instance_shift", "desks[].instances[].roster[]",
                "A shift of one desk instance: `name` says which of the desk's shifts it changes "
                "(or adds); every other key is optional and replaces the desk's."},
    SectionInfo{"staff", "desks[].roster[].staff[]",
                "Operators of a shift by the languages they speak (a skill set), e.g. night: "
                "2 operators speaking [zh] and 1 speaking [bo, zh]. A desk with staff entries "
                "routes an alert call to a free operator who speaks the person's language, the "
                "first such skill set in the desk's order (its own `languages` first, then in "
                "order of first appearance); after `language_fallback`, to anyone free. Breaks "
                "take their operators from the skill sets in the same order."},
    SectionInfo{"language", "languages[]",
                "A language of the scenario: its code (used everywhere a language is named) and "
                "display name. Declaring the list is optional: without it every code must be "
                "an ISO 639-1 code (zh, bo, ug, ...)."},
    SectionInfo{"fraud_type", "fraud_types[]", "One alert source per fraud type."},
    SectionInfo{"grades", "fraud_types[].grades",
                "Share of alerts per risk grade (1 = money about to move ... 3 = early signs). "
                "Must sum to 1."},
    SectionInfo{"time_to_loss", "fraud_types[].time_to_loss",
                "Hidden time from arrival until the person transfers the money, per grade."},
    SectionInfo{"would_pay", "would_pay",
                "Share of alerted people, per grade, who would have transferred the money had "
                "nobody intervened. The others stop on their own: they are never lost, and "
                "dissuading them avoids nothing. Nobody in the run can tell them apart."},
    SectionInfo{"type_would_pay", "fraud_types[].would_pay",
                "Per-grade shares for this fraud type; a grade not given takes the top-level "
                "`would_pay` value."},
    SectionInfo{"reporting", "reporting", "What the service-level KPIs measure."},
    SectionInfo{"reach_within", "reporting.reach_within",
                "Target time from arrival to first contact, per grade: the `reached_within` KPIs "
                "count the alerts whose person was reached (or dissuaded) within it."},
    SectionInfo{"interval", "reporting.intervals[]",
                "A named part of the day for interval KPIs (by the alert's arrival time). The "
                "intervals must tile the day: every minute in exactly one. Default: night "
                "00:00-08:00, day 08:00-16:00, evening 16:00-00:00."},
    SectionInfo{"costs", "costs",
                "What the roster costs: yuan per paid operator-hour (rostered headcount, breaks "
                "paid) over the counted period (after warm-up), per desk kind, with optional "
                "night and weekend factors that multiply. Shown beside the KPIs of every run "
                "and comparison (docs/outputs.md, \"Staffing cost\")."},
    SectionInfo{"costs_night", "costs.night",
                "The night hours [from, to), wrapping past midnight when to <= from, whose "
                "operator-hours cost `factor` times the rate."},
    SectionInfo{"training", "training",
                "Live exercises only: how the after-action review (docs/after-action-review.md) "
                "scores trainees. A run ignores it."},
    SectionInfo{"rubric", "training.rubric",
                "The rubric each trainee is scored against: time to first decision by grade, "
                "the push-down tier, escalation after a missed SLA. Absent: the defaults below, "
                "and the tier the standard rules' plan pushes to."},
    SectionInfo{"rubric_first_decision", "training.rubric.first_decision_within",
                "Per grade, the longest time from an alert's arrival at a trainee's desk to "
                "the trainee's first decision on it that still scores."},
    SectionInfo{"rubric_push_tier", "training.rubric.push_tier",
                "Per grade, the level (of `levels`) a trainee's push should reach; a grade not "
                "given is scored against the standard rules' plan for the alert."},
    SectionInfo{"rubric_type_push_tier", "training.rubric.push_tier_by_type[]",
                "A fraud type's own push tiers per grade, over push_tier."},
    SectionInfo{"surge", "surges[]", "A period with a multiplied arrival rate."},
    SectionInfo{"inject", "injects[]",
                "An event imposed on the run at simulated time `at` (a trainer's scripted "
                "timeline). Besides `at`, exactly one kind key: surge, desk_outage, headcount, "
                "officers_unavailable or alert. The list may be in any order; the loader sorts "
                "it by time (equal times keep file order)."},
    SectionInfo{"inject_surge", "injects[].surge",
                "Extra arrivals for a while: during [at, at + for) each affected type gets "
                "(multiplier - 1) x its rate of extra arrivals, so it arrives at `multiplier` "
                "times its rate."},
    SectionInfo{"inject_desk_outage", "injects[].desk_outage",
                "A desk instance has no operators during [at, at + for) (headcount 0)."},
    SectionInfo{"inject_headcount", "injects[].headcount",
                "A desk instance's headcount is `headcount` during [at, at + for), whatever its "
                "roster says."},
    SectionInfo{"inject_officers_unavailable", "injects[].officers_unavailable",
                "Every leaf in a unit's subtree loses officers from its capacity during "
                "[at, at + for)."},
    SectionInfo{"inject_alert", "injects[].alert",
                "One scripted alert arriving at `at`, with the attributes given here instead of "
                "drawn from its fraud type."},
    SectionInfo{"inbound", "inbound[]",
                "Consultations and reports that take operator time at every instance of a desk "
                "kind."},
    SectionInfo{"robot", "robot", "Automated voice-call lines."},
    SectionInfo{"sms", "sms", "Warning SMS (12381)."},
    SectionInfo{"dissuasion", "dissuasion",
                "Probability that contact through a channel dissuades the person. Each channel "
                "is a probability, or a map {default, by_type}."},
    SectionInfo{"channel", "dissuasion.<channel> (map form)", "Per-fraud-type probabilities."},
    SectionInfo{"dispatch", "dispatch", "Graded dispatch."},
    SectionInfo{"rule", "dispatch.rules[]",
                "A rule; the first whose `match` fits an alert gives its plan. For every grade "
                "and fraud type, the rules' amount intervals must cover [0, infinity)."},
    SectionInfo{"match", "dispatch.rules[].match", "Which alerts a rule takes. `{}` = all."},
    SectionInfo{"step", "dispatch.rules[].plan[]",
                "A step of a plan. Steps not named in any other step's `next`/`on_late` start "
                "when the alert arrives. Loops through next/on_late are errors, and a plan "
                "needs at least one step that reaches the person (sms, robot_call, call, visit)."},
    SectionInfo{"distribution", "any distribution-valued key (map form)",
                "`dist` selects the family; the other keys are its parameters, in the unit of "
                "the value (durations for times, plain numbers for amounts). constant{value}, "
                "exponential{mean}, uniform{min, max}, lognormal{mean, sd} (of the variable "
                "itself), gamma{mean, sd} or gamma{shape, scale}, erlang{k, mean}, "
                "triangular{min, mode, max}, empirical{points}."},
};

constexpr std::array kKeys = {
    // root
    KeyInfo{"root", "scenario", K::section, "", "", false, "scenario", "Name and description."},
    KeyInfo{"root", "seed", K::integer, "", "1", false, "",
            "Base seed of the named random streams.", at_least(0)},
    KeyInfo{"root", "split", K::boolean, "", "false", false, "",
            "Run each independent part (validate --parts) as a sub-model of its own, on "
            "--threads threads: streams per part, results the same for any thread count."},
    KeyInfo{"root", "clock", K::section, "", "", true, "clock", "The simulated period."},
    KeyInfo{"root", "languages", K::section_list, "", "[]", false, "language",
            "The scenario's languages (optional; see the section)."},
    KeyInfo{"root", "levels", K::string_list, "", "[region, city, county, community]", false, "",
            "Names of the organisation's levels, root first. The tree's depth must equal the "
            "number of levels."},
    KeyInfo{"root", "community_defaults", K::section, "", "", false, "community_defaults",
            "Defaults for leaf units."},
    KeyInfo{"root", "organisation", K::section, "", "", true, "unit",
            "The root unit of the organisation tree."},
    KeyInfo{"root", "desks", K::section_list, "", "", true, "desk", "Duty desk kinds."},
    KeyInfo{"root", "fraud_types", K::section_list, "", "", true, "fraud_type",
            "Alert sources (at least one)."},
    KeyInfo{"root", "surges", K::section_list, "", "[]", false, "surge", "Arrival surges."},
    KeyInfo{"root", "injects", K::section_list, "", "[]", false, "inject",
            "Timeline of scripted events (surges, outages, alerts)."},
    KeyInfo{"root", "inbound", K::section_list, "", "[]", false, "inbound",
            "Inbound work at desks."},
    KeyInfo{"root", "robot", K::section, "", "", false, "robot", "Robot call lines."},
    KeyInfo{"root", "sms", K::section, "", "", false, "sms", "Warning SMS."},
    KeyInfo{"root", "dissuasion", K::section, "", "", false, "dissuasion",
            "Dissuasion probabilities."},
    KeyInfo{"root", "dispatch", K::section, "", "", true, "dispatch", "Graded dispatch rules."},
    KeyInfo{"root", "would_pay", K::section, "", "", false, "would_pay",
            "Who would have paid, per grade."},
    KeyInfo{"root", "reporting", K::section, "", "", false, "reporting",
            "Service-level targets and intervals."},
    KeyInfo{"root", "costs", K::section, "", "", false, "costs",
            "Staffing cost rates (default: no cost)."},
    KeyInfo{"root", "training", K::section, "", "", false, "training",
            "Live-exercise training: the review's rubric."},
    // training
    KeyInfo{"training", "rubric", K::section, "", "", false, "rubric", "How trainees are scored."},
    KeyInfo{"rubric", "first_decision_within", K::section, "", "", false, "rubric_first_decision",
            "Time to first decision, per grade."},
    KeyInfo{"rubric", "push_tier", K::section, "", "", false, "rubric_push_tier",
            "Expected push level, per grade."},
    KeyInfo{"rubric", "push_tier_by_type", K::section_list, "", "[]", false,
            "rubric_type_push_tier", "Expected push levels of single fraud types."},
    KeyInfo{"rubric", "escalate_within", K::duration, "duration", "10min", false, "",
            "After an SLA of a trainee's alert passes with no on_late steps to start, the "
            "longest time to the trainee's next decision on it (escalate, plan, step or close) "
            "that still scores (> 0)."},
    KeyInfo{"rubric_first_decision", "1", K::duration, "duration", "2min", false, "",
            "Grade 1 (> 0)."},
    KeyInfo{"rubric_first_decision", "2", K::duration, "duration", "10min", false, "",
            "Grade 2 (> 0)."},
    KeyInfo{"rubric_first_decision", "3", K::duration, "duration", "30min", false, "",
            "Grade 3 (> 0)."},
    KeyInfo{"rubric_push_tier", "1", K::reference, "", "", false, "",
            "Grade 1: a level below the root."},
    KeyInfo{"rubric_push_tier", "2", K::reference, "", "", false, "",
            "Grade 2: a level below the root."},
    KeyInfo{"rubric_push_tier", "3", K::reference, "", "", false, "",
            "Grade 3: a level below the root."},
    KeyInfo{"rubric_type_push_tier", "type", K::reference, "", "", true, "",
            "The fraud type (once in the list)."},
    KeyInfo{"rubric_type_push_tier", "1", K::reference, "", "", false, "", "Grade 1's level."},
    KeyInfo{"rubric_type_push_tier", "2", K::reference, "", "", false, "", "Grade 2's level."},
    KeyInfo{"rubric_type_push_tier", "3", K::reference, "", "", false, "", "Grade 3's level."},
    // would_pay
    KeyInfo{"would_pay", "1", K::probability, "", "1", false, "", "Grade 1."},
    KeyInfo{"would_pay", "2", K::probability, "", "1", false, "", "Grade 2."},
    KeyInfo{"would_pay", "3", K::probability, "", "1", false, "", "Grade 3."},
    KeyInfo{"type_would_pay", "1", K::probability, "", "", false, "", "Grade 1."},
    KeyInfo{"type_would_pay", "2", K::probability, "", "", false, "", "Grade 2."},
    KeyInfo{"type_would_pay", "3", K::probability, "", "", false, "", "Grade 3."},
    // costs
    KeyInfo{"costs", "operator_hour", K::number, "yuan", "0", false, "",
            "Yuan per paid operator-hour at a desk kind without its own rate.", closed(0, 1e9)},
    KeyInfo{"costs", "by_desk", K::weight_map, "yuan", "{}", false, "",
            "{desk kind id: yuan per operator-hour}, overriding operator_hour.", closed(0, 1e9)},
    KeyInfo{"costs", "night", K::section, "", "", false, "costs_night", "Night hours."},
    KeyInfo{"costs", "weekend_factor", K::number, "", "1", false, "",
            "Factor on Saturday and Sunday hours.", closed(0, 100)},
    KeyInfo{"costs", "officer_hour", K::number, "yuan", "0", false, "",
            "Yuan per community officer-hour on call (capacity from `officers`, night roster "
            "included).",
            closed(0, 1e9)},
    KeyInfo{"costs_night", "from", K::time_of_day, "", "", true, "", "Start of the night."},
    KeyInfo{"costs_night", "to", K::time_of_day, "", "", true, "", "End of the night."},
    KeyInfo{"costs_night", "factor", K::number, "", "1", false, "", "Factor on night hours.",
            closed(0, 100)},
    // reporting
    KeyInfo{"reporting", "reach_within", K::section, "", "", false, "reach_within",
            "Target time to first contact, per grade."},
    KeyInfo{"reporting", "answer_within", K::duration, "duration", "20s", false, "",
            "A desk's service level per hour (desks.csv, the report's heat map) is the share of "
            "its tasks whose wait ended within this, served (the contact-centre 80/20 rule "
            "has 20s)."},
    KeyInfo{"reporting", "intervals", K::section_list, "", "", false, "interval",
            "Named parts of the day."},
    KeyInfo{"reach_within", "1", K::duration, "duration", "10min", false, "", "Grade 1 (> 0)."},
    KeyInfo{"reach_within", "2", K::duration, "duration", "1h", false, "", "Grade 2 (> 0)."},
    KeyInfo{"reach_within", "3", K::duration, "duration", "4h", false, "", "Grade 3 (> 0)."},
    KeyInfo{"interval", "name", K::identifier, "", "", true, "",
            "Interval name (unique), used in KPI names, e.g. grade1.reached_within_600s.night."},
    KeyInfo{"interval", "start", K::time_of_day, "", "", true, "", "Start \"HH:MM\"."},
    KeyInfo{"interval", "end", K::time_of_day, "", "", true, "",
            "End \"HH:MM\" (<= start: the next day)."},
    // scenario
    KeyInfo{"scenario", "name", K::string, "", "unnamed", false, "", "Short name."},
    KeyInfo{"scenario", "description", K::string, "", "\"\"", false, "", "One-line description."},
    // clock
    KeyInfo{"clock", "start", K::civil_time, "", "", true, "",
            "Civil date-time at simulated time zero, e.g. \"2021-09-06T00:00\"."},
    KeyInfo{"clock", "horizon", K::duration, "duration", "", true, "",
            "Length of the run (> 0), warm-up included."},
    KeyInfo{"clock", "warmup", K::duration, "duration", "0s", false, "",
            "Initial period excluded from statistics (>= 0 and < horizon)."},
    // community_defaults
    KeyInfo{"community_defaults", "officers", K::section, "", "", false, "officers",
            "Officer defaults for every leaf."},
    // officers
    KeyInfo{"officers", "count", K::integer, "", "0", false, "",
            "Number of community officers (a visit to a leaf without officers fails).",
            closed(0, kMaxCount)},
    KeyInfo{"officers", "availability", K::probability, "", "1", false, "",
            "Share of time an officer is available; capacity = max(1, round(count * "
            "availability)) when count > 0."},
    KeyInfo{"officers", "travel_time", K::dist_duration, "duration", "", false, "",
            "One-way travel time to the person. Required (after resolution) when count > 0."},
    KeyInfo{"officers", "visit_duration", K::dist_duration, "duration", "", false, "",
            "Time on site. Required (after resolution) when count > 0."},
    KeyInfo{"officers", "night", K::section, "", "", false, "officers_night",
            "A night roster (fewer officers on call in a window of the day)."},
    KeyInfo{"officers_night", "from", K::time_of_day, "", "", true, "", "Start \"HH:MM\"."},
    KeyInfo{"officers_night", "to", K::time_of_day, "", "", true, "", "End \"HH:MM\"."},
    KeyInfo{"officers_night", "availability", K::probability, "", "", true, "",
            "Share of `count` on call then (0 allowed)."},
    KeyInfo{"officers", "cover", K::section, "", "", false, "officers_cover",
            "Cover from neighbouring communities (absent: none)."},
    KeyInfo{"officers_cover", "after", K::duration, "duration", "", true, "",
            "How long a visit waits for its own officers first (>= 0)."},
    KeyInfo{"officers_cover", "travel_factor", K::number, "", "1.5", false, "",
            "Travel time of the covering officer, as a multiple of their own.", closed(1, 100)},
    KeyInfo{"officers", "find_prob", K::probability, "", "0.95", false, "",
            "Probability the officer finds the person on arrival."},
    // unit
    KeyInfo{"unit", "id", K::identifier, "", "", true, "",
            "Globally unique id. Must not contain '/', ':' or '.' (used in generated ids and "
            "--set paths)."},
    KeyInfo{"unit", "name", K::string, "", "", false, "", "Display name (default: the id)."},
    KeyInfo{"unit", "weight", K::number, "", "1", false, "",
            "Share of alerts among siblings, unless a fraud type's `where` says otherwise.",
            above_up_to(0, kMaxWeight)},
    KeyInfo{"unit", "children", K::section_list, "", "", false, "unit", "Child units."},
    KeyInfo{"unit", "language_mix", K::weight_map, "", "", false, "",
            "{language code: share} of the people in this unit's subtree (shares sum to 1): "
            "replaces the fraud types' language shares for alerts placed there. A unit without "
            "one takes its nearest ancestor's."},
    KeyInfo{"unit", "officers", K::section, "", "", false, "officers",
            "Officers of this unit (leaves only)."},
    KeyInfo{"unit", "generate", K::section, "", "", false, "generate",
            "Generate leaf children instead of listing them."},
    // generate
    KeyInfo{"generate", "count", K::integer, "", "", true, "",
            "Number of children to generate (the whole tree holds at most 100,000 units).",
            closed(1, kMaxUnits)},
    KeyInfo{"generate", "prefix", K::string, "", "c", false, "",
            "Id prefix: children are \"<parent id>/<prefix><n>\"."},
    KeyInfo{"generate", "name", K::string, "", "\"{parent} {n}\"", false, "",
            "Name template; {n} is the 1-based index, {parent} the parent's name."},
    KeyInfo{"generate", "weights", K::number_list, "", "", false, "",
            "Weights of the children (length = count); default equal.", above_up_to(0, kMaxWeight)},
    KeyInfo{"generate", "officers", K::section, "", "", false, "officers",
            "Officers of every generated child."},
    // desk
    KeyInfo{"desk", "id", K::identifier, "", "", true, "",
            "Desk kind id, referenced by dispatch steps and inbound sources."},
    KeyInfo{"desk", "unit", K::reference, "", "", false, "",
            "The unit holding the single desk (exclusive with `each`)."},
    KeyInfo{"desk", "each", K::reference, "", "", false, "",
            "A level name: one desk at every unit of that level (exclusive with `unit`)."},
    KeyInfo{"desk", "languages", K::string_list, "", "[zh]", false, "",
            "Language codes the operators speak (those a shift's `headcount` counts)."},
    KeyInfo{"desk", "language_fallback", K::duration, "duration", "0s", false, "",
            "With skill sets (`staff:` in a shift): how long an alert call waits for an "
            "operator who speaks the person's language before anyone free takes it (0 = at "
            "once, preferring a speaker)."},
    KeyInfo{"desk", "handling", K::section, "", "", true, "handling", "Busy times."},
    KeyInfo{"desk", "roster", K::section_list, "", "", true, "shift", "Shifts (at least one)."},
    KeyInfo{"desk", "instances", K::section_list, "", "[]", false, "desk_instance",
            "Per-instance changes of an `each:` desk (see the section)."},
    KeyInfo{"desk", "receives_pushes", K::boolean, "", "true", false, "",
            "Whether pushed alerts are delivered here; at most one receiving desk per unit."},
    KeyInfo{"desk", "queue_limit", K::integer, "", "-1", false, "",
            "Waiting places (-1 = unlimited). A call or inbound call arriving when every "
            "operator is busy and the queue is full is blocked (a failed attempt).",
            closed(-1, 1e9)},
    // handling
    KeyInfo{"handling", "call_answered", K::dist_duration, "duration", "", true, "",
            "Dial plus conversation when the person answers."},
    KeyInfo{"handling", "call_unanswered", K::dist_duration, "duration", "", true, "",
            "Ringing out or engaged tone."},
    KeyInfo{"handling", "push", K::dist_duration, "duration", "", true, "",
            "Reading a pushed alert and forwarding it."},
    KeyInfo{"handling", "after_call", K::dist_duration, "duration", "0s", false, "",
            "After-call work following an answered alert call (the operator stays busy)."},
    KeyInfo{"handling", "after_push", K::dist_duration, "duration", "0s", false, "",
            "After-call work following a forwarded push."},
    KeyInfo{"handling", "after_inbound", K::dist_duration, "duration", "0s", false, "",
            "After-call work following an inbound call."},
    KeyInfo{"handling", "call_answered_by", K::section_list, "", "[]", false, "call_time",
            "Answered-call times for some grades and fraud types."},
    // call_time
    KeyInfo{"call_time", "grades", K::integer_list, "", "[]", false, "", "Grades; empty = any.",
            closed(1, kGrades)},
    KeyInfo{"call_time", "fraud_types", K::reference_list, "", "[]", false, "",
            "Fraud type ids; empty = any."},
    KeyInfo{"call_time", "call_answered", K::dist_duration, "duration", "", true, "",
            "Dial plus conversation for these alerts."},
    // shift
    KeyInfo{"shift", "name", K::identifier, "", "", true, "", "Shift name (unique in the desk)."},
    KeyInfo{"shift", "days", K::days, "", "all", false, "",
            "all, weekdays, weekend, or a list of mon tue wed thu fri sat sun."},
    KeyInfo{"shift", "start", K::time_of_day, "", "", true, "", "Start time \"HH:MM\"."},
    KeyInfo{"shift", "end", K::time_of_day, "", "", true, "",
            "End time \"HH:MM\" (<= start: next day; == start: 24 hours)."},
    KeyInfo{"shift", "headcount", K::integer, "", "", false, "",
            "Operators on duty, speaking the desk's `languages` (give this or `staff`; both "
            "must agree).",
            closed(0, kMaxCount)},
    KeyInfo{"shift", "staff", K::section_list, "", "[]", false, "staff",
            "Operators by skill set, instead of `headcount`."},
    KeyInfo{"shift", "shrinkage", K::probability, "", "0", false, "",
            "Share of each operator's time (after the handover) off the floor besides `breaks` "
            "(coaching, short absences): one absence each of round(share x length), "
            "staggered evenly over the shift in up to 12 groups. Must be below 1."},
    KeyInfo{"shift", "handover", K::duration, "duration", "0s", false, "",
            "Briefing at the start of the shift: the whole shift is off the floor this long "
            "(whole minutes, shorter than the shift)."},
    KeyInfo{"shift", "breaks", K::section_list, "", "[]", false, "break",
            "Scheduled breaks (meals, rest) on every day of the shift."},
    // desk_instance
    KeyInfo{"desk_instance", "unit", K::reference, "", "", true, "",
            "The unit whose desk instance this changes (at the desk's `each` level)."},
    KeyInfo{"desk_instance", "roster", K::section_list, "", "[]", false, "instance_shift",
            "Shifts that change (by name) or are added."},
    KeyInfo{"desk_instance", "queue_limit", K::integer, "", "", false, "",
            "This instance's waiting places (-1 = unlimited).", closed(-1, 1e9)},
    KeyInfo{"desk_instance", "language_fallback", K::duration, "duration", "", false, "",
            "This instance's language fallback wait."},
    // instance_shift
    KeyInfo{"instance_shift", "name", K::identifier, "", "", true, "",
            "The shift's name (one of the desk's, or a new one)."},
    KeyInfo{"instance_shift", "days", K::days, "", "", false, "", "As in a shift."},
    KeyInfo{"instance_shift", "start", K::time_of_day, "", "", false, "", "As in a shift."},
    KeyInfo{"instance_shift", "end", K::time_of_day, "", "", false, "", "As in a shift."},
    KeyInfo{"instance_shift", "headcount", K::integer, "", "", false, "", "As in a shift.",
            closed(0, kMaxCount)},
    KeyInfo{"instance_shift", "staff", K::section_list, "", "", false, "staff", "As in a shift."},
    KeyInfo{"instance_shift", "breaks", K::section_list, "", "", false, "break", "As in a shift."},
    KeyInfo{"instance_shift", "shrinkage", K::probability, "", "", false, "", "As in a shift."},
    KeyInfo{"instance_shift", "handover", K::duration, "duration", "", false, "", "As in a shift."},
    // staff
    KeyInfo{"staff", "count", K::integer, "", "", true, "", "Operators with this skill set.",
            closed(0, kMaxCount)},
    KeyInfo{"staff", "languages", K::string_list, "", "", true, "",
            "Language codes they all speak."},
    // language
    KeyInfo{"language", "code", K::string, "", "", true, "",
            "The code (case-sensitive), e.g. zh, bo."},
    KeyInfo{"language", "name", K::string, "", "", false, "", "Display name (default: the code)."},
    // break
    KeyInfo{"break", "start", K::time_of_day, "", "", true, "",
            "Start \"HH:MM\", inside the shift."},
    KeyInfo{"break", "for", K::duration, "duration", "", true, "",
            "Length (> 0, whole minutes, ending inside the shift)."},
    KeyInfo{"break", "operators", K::integer, "", "1", false, "",
            "Operators off the floor (1 .. the shift's headcount).", closed(1, kMaxCount)},
    // fraud_type
    KeyInfo{"fraud_type", "id", K::identifier, "", "", true, "", "Fraud type id."},
    KeyInfo{"fraud_type", "name", K::string, "", "", false, "", "Display name (default: the id)."},
    KeyInfo{"fraud_type", "rate_per_day", K::number, "alerts per day", "", true, "",
            "Mean alerts per day before profiles and surges (all sources together, at their peak, "
            "at most 10,000,000 a day).",
            above_up_to(0, kMaxRatePerDay)},
    KeyInfo{"fraud_type", "hour_profile", K::number_list, "", "flat", false, "",
            "24 factors by hour of day (not all 0); normalised to mean 1.",
            closed(0, kMaxProfileFactor)},
    KeyInfo{"fraud_type", "weekday_profile", K::number_list, "", "flat", false, "",
            "7 factors, Monday first (not all 0); normalised to mean 1.",
            closed(0, kMaxProfileFactor)},
    KeyInfo{"fraud_type", "where", K::weight_map, "", "{}", false, "",
            "{unit id: weight}: alerts pick one of these units, then descend by children's "
            "weights. Empty = start at the root.",
            above_up_to(0, kMaxWeight)},
    KeyInfo{"fraud_type", "grades", K::section, "", "", true, "grades", "Grade mix."},
    KeyInfo{"fraud_type", "amount", K::dist_number, "yuan", "", true, "",
            "Amount at risk (a distribution's parameters too).", closed(0, kMaxAmountYuan)},
    KeyInfo{"fraud_type", "time_to_loss", K::section, "", "", true, "time_to_loss",
            "Time to loss per grade."},
    KeyInfo{"fraud_type", "answer_prob", K::probability, "", "0.7", false, "",
            "Probability the person answers a call (when not engaged)."},
    KeyInfo{"fraud_type", "engaged_prob", K::probability, "", "0.2", false, "",
            "Probability the line is engaged (talking to the scammer)."},
    KeyInfo{"fraud_type", "family_reach_prob", K::probability, "", "0.5", false, "",
            "Probability a family-contact call reaches someone."},
    KeyInfo{"fraud_type", "languages", K::weight_map, "", "{zh: 1}", false, "",
            "{language code: share}, shares summing to 1. Codes are case-sensitive and should be "
            "spoken at some desk.",
            closed(0, 1)},
    KeyInfo{"fraud_type", "would_pay", K::section, "", "", false, "type_would_pay",
            "Who would have paid, per grade, for this type (overrides the top-level shares)."},
    // grades
    KeyInfo{"grades", "1", K::probability, "", "0", false, "", "Share of grade 1."},
    KeyInfo{"grades", "2", K::probability, "", "0", false, "", "Share of grade 2."},
    KeyInfo{"grades", "3", K::probability, "", "0", false, "", "Share of grade 3."},
    // time_to_loss
    KeyInfo{"time_to_loss", "1", K::dist_duration, "duration", "", true, "", "Grade 1."},
    KeyInfo{"time_to_loss", "2", K::dist_duration, "duration", "", true, "", "Grade 2."},
    KeyInfo{"time_to_loss", "3", K::dist_duration, "duration", "", true, "", "Grade 3."},
    // surge
    KeyInfo{"surge", "name", K::identifier, "", "", true, "", "Surge name."},
    KeyInfo{"surge", "start", K::civil_time, "", "", true, "", "Start (civil date-time)."},
    KeyInfo{"surge", "end", K::civil_time, "", "", true, "", "End (after start)."},
    KeyInfo{"surge", "multiplier", K::number, "", "", true, "",
            "Rate factor; overlapping surges multiply.", above_up_to(0, kMaxMultiplier)},
    KeyInfo{"surge", "types", K::reference_list, "", "[]", false, "",
            "Fraud type ids affected; empty = all."},
    KeyInfo{"surge", "inbound", K::boolean, "", "false", false, "",
            "Whether inbound calls (consultations, reports) rise by the same factor."},
    // inject
    KeyInfo{"inject", "at", K::civil_time, "", "", true, "",
            "When it happens (civil date-time), inside the run: clock.start <= at < "
            "clock.start + horizon."},
    KeyInfo{"inject", "surge", K::section, "", "", false, "inject_surge",
            "Extra arrivals for a while."},
    KeyInfo{"inject", "desk_outage", K::section, "", "", false, "inject_desk_outage",
            "A desk without operators for a while."},
    KeyInfo{"inject", "headcount", K::section, "", "", false, "inject_headcount",
            "A desk's headcount replaced for a while."},
    KeyInfo{"inject", "officers_unavailable", K::section, "", "", false,
            "inject_officers_unavailable", "Community officers unavailable for a while."},
    KeyInfo{"inject", "alert", K::section, "", "", false, "inject_alert", "One scripted alert."},
    // inject_surge
    KeyInfo{"inject_surge", "types", K::reference_list, "", "[]", false, "",
            "Fraud type ids affected; empty = all."},
    KeyInfo{"inject_surge", "multiplier", K::number, "", "", true, "",
            "Rate factor during the window.", above_up_to(1, kMaxMultiplier)},
    KeyInfo{"inject_surge", "for", K::duration, "duration", "", true, "",
            "Length of the window (> 0)."},
    // inject_desk_outage
    KeyInfo{"inject_desk_outage", "desk", K::reference, "", "", true, "",
            "Desk instance id: the entry id for `unit:` desks, \"<unit id>:<entry id>\" for "
            "`each:` desks."},
    KeyInfo{"inject_desk_outage", "for", K::duration, "duration", "", true, "",
            "Length of the outage (> 0)."},
    // inject_headcount
    KeyInfo{"inject_headcount", "desk", K::reference, "", "", true, "",
            "Desk instance id (as for desk_outage)."},
    KeyInfo{"inject_headcount", "headcount", K::integer, "", "", true, "",
            "Operators on duty during the window.", closed(0, kMaxCount)},
    KeyInfo{"inject_headcount", "for", K::duration, "duration", "", true, "",
            "Length of the window (> 0)."},
    // inject_officers_unavailable
    KeyInfo{"inject_officers_unavailable", "unit", K::reference, "", "", true, "",
            "Unit id; every leaf of its subtree is affected."},
    KeyInfo{"inject_officers_unavailable", "count", K::integer, "", "", false, "",
            "Officers each leaf loses; absent = all of them.", closed(1, kMaxCount)},
    KeyInfo{"inject_officers_unavailable", "for", K::duration, "duration", "", true, "",
            "Length of the window (> 0)."},
    // inject_alert
    KeyInfo{"inject_alert", "type", K::reference, "", "", true, "", "Fraud type id."},
    KeyInfo{"inject_alert", "grade", K::integer, "", "", true, "", "Risk grade.",
            closed(1, kGrades)},
    KeyInfo{"inject_alert", "amount", K::number, "yuan", "", true, "", "Amount at risk.",
            closed(0, kMaxAmountYuan)},
    KeyInfo{"inject_alert", "unit", K::reference, "", "", true, "",
            "Leaf unit id where the alert happens."},
    KeyInfo{"inject_alert", "time_to_loss", K::duration, "duration", "", true, "",
            "Hidden time from arrival until the person transfers the money (> 0)."},
    KeyInfo{"inject_alert", "language", K::string, "", "", false, "",
            "A language code of the scenario (default: the fraud type's first)."},
    // inbound
    KeyInfo{"inbound", "id", K::identifier, "", "", true, "", "Inbound source id."},
    KeyInfo{"inbound", "desk", K::reference, "", "", true, "",
            "Desk kind id; every instance gets this rate."},
    KeyInfo{"inbound", "rate_per_day", K::number, "per day per desk", "", true, "",
            "Mean arrivals per day at each instance (all sources together, times instances, at "
            "most 10,000,000 a day).",
            above_up_to(0, kMaxRatePerDay)},
    KeyInfo{"inbound", "hour_profile", K::number_list, "", "flat", false, "",
            "24 factors by hour; normalised to mean 1.", closed(0, kMaxProfileFactor)},
    KeyInfo{"inbound", "weekday_profile", K::number_list, "", "flat", false, "",
            "7 factors, Monday first; normalised to mean 1.", closed(0, kMaxProfileFactor)},
    KeyInfo{"inbound", "handling", K::dist_duration, "duration", "", true, "",
            "Operator time per item."},
    KeyInfo{"inbound", "priority", K::integer, "", "4", false, "",
            "Queue priority (1 = most urgent).", closed(1, kPriorities)},
    KeyInfo{"inbound", "patience", K::dist_duration, "duration", "", false, "",
            "How long a caller waits before hanging up (default: never hangs up)."},
    // robot
    KeyInfo{"robot", "lines", K::integer, "", "0", false, "",
            "Simultaneous robot calls per pool (0 = robot_call steps fail at once).",
            closed(0, 1e6)},
    KeyInfo{"robot", "per_region", K::boolean, "", "false", false, "",
            "true: each unit of level 1 (a region) has its own pool of `lines` lines; false: "
            "one pool for the scenario."},
    KeyInfo{"robot", "duration", K::dist_duration, "duration", "45s", false, "",
            "Length of a robot call."},
    // sms
    KeyInfo{"sms", "delay", K::dist_duration, "duration", "10s", false, "",
            "Delay from sending to delivery."},
    // dissuasion
    KeyInfo{"dissuasion", "sms", K::prob_or_channel, "", "0.02", false, "channel", "Warning SMS."},
    KeyInfo{"dissuasion", "robot_call", K::prob_or_channel, "", "0.08", false, "channel",
            "Robot call that is answered."},
    KeyInfo{"dissuasion", "phone", K::prob_or_channel, "", "0.6", false, "channel",
            "Operator call that the person answers."},
    KeyInfo{"dissuasion", "family", K::prob_or_channel, "", "0.5", false, "channel",
            "Family contact that reaches someone."},
    KeyInfo{"dissuasion", "visit", K::prob_or_channel, "", "0.95", false, "channel",
            "Officer finds the person on site."},
    KeyInfo{"dissuasion", "language_mismatch", K::probability, "", "0.5", false, "",
            "Factor on phone/family success when the desk lacks the person's language."},
    KeyInfo{"dissuasion", "by_delay", K::weight_map, "", "{}", false, "",
            "{delay: factor}, e.g. {10min: 1, 2h: 0.5}: factor on phone, family and visit "
            "success by the time from arrival to the end of the conversation, linear between "
            "points, flat outside them.",
            closed(0, 1)},
    KeyInfo{"dissuasion", "by_attempt", K::number_list, "", "[]", false, "",
            "Factors by the call attempt that got through (1st, 2nd, ...; the last repeats).",
            closed(0, 1)},
    // channel
    KeyInfo{"channel", "default", K::probability, "", "", false, "",
            "Probability for types not in by_type (default: the channel's default)."},
    KeyInfo{"channel", "by_type", K::weight_map, "", "{}", false, "",
            "{fraud type id: probability}.", closed(0, 1)},
    // dispatch
    KeyInfo{"dispatch", "rules", K::section_list, "", "", true, "rule", "Ordered rules."},
    // rule
    KeyInfo{"rule", "name", K::identifier, "", "", true, "", "Rule name (unique)."},
    KeyInfo{"rule", "match", K::section, "", "{}", false, "match", "Which alerts."},
    KeyInfo{"rule", "plan", K::section_list, "", "", true, "step", "Steps (at least one)."},
    // match
    KeyInfo{"match", "grades", K::integer_list, "", "[]", false, "", "Grades; empty = any.",
            closed(1, kGrades)},
    KeyInfo{"match", "fraud_types", K::reference_list, "", "[]", false, "",
            "Fraud type ids; empty = any."},
    KeyInfo{"match", "hours", K::section, "", "", false, "match_hours",
            "Arrival time of day {from, to}; absent = any time."},
    KeyInfo{"match", "days", K::days, "", "all", false, "",
            "Arrival weekday: all, weekdays, weekend, or a list of mon .. sun."},
    KeyInfo{"match", "units", K::reference_list, "", "[]", false, "",
            "Unit ids: the alert's community is in the subtree of one of them; empty = anywhere."},
    KeyInfo{"match", "languages", K::string_list, "", "[]", false, "",
            "The person's language codes; empty = any."},
    // match_hours
    KeyInfo{"match_hours", "from", K::time_of_day, "", "", true, "", "Start \"HH:MM\"."},
    KeyInfo{"match_hours", "to", K::time_of_day, "", "", true, "",
            "End \"HH:MM\" (exclusive; <= from: the next day)."},
    KeyInfo{"match", "amount_min", K::number, "yuan", "0", false, "", "Inclusive lower bound.",
            closed(0, kMaxAmountYuan)},
    KeyInfo{"match", "amount_max", K::number, "yuan", "", false, "",
            "Exclusive upper bound (> amount_min; default: none).", above_up_to(0, kMaxAmountYuan)},
    // step
    KeyInfo{"step", "id", K::identifier, "", "", true, "", "Step id, unique in the plan."},
    KeyInfo{"step", "step", K::enumeration, "", "", true, "",
            "sms | robot_call | call | push | visit."},
    KeyInfo{"step", "desk", K::reference, "", "", false, "",
            "call: desk kind id (required); the instance at the alert's nearest ancestor takes "
            "the call, so the kind needs an instance above every leaf."},
    KeyInfo{"step", "attempts", K::integer, "", "1", false, "", "call: attempts.", closed(1, 100)},
    KeyInfo{"step", "retry_interval", K::duration, "duration", "5min", false, "",
            "call: wait between attempts."},
    KeyInfo{"step", "priority", K::integer, "", "0", false, "",
            "call: queue priority (1 = most urgent); 0 = the alert's grade.",
            closed(0, kPriorities)},
    KeyInfo{"step", "family", K::boolean, "", "false", false, "",
            "call: phone family members instead of the person."},
    KeyInfo{"step", "to", K::reference, "", "", false, "",
            "push: level name (below the root) the alert is pushed down to (required)."},
    KeyInfo{"step", "sla", K::duration, "duration", "0s", false, "",
            "Target time (0 = none). call: until an operator dials; push: delivered; visit: "
            "officer on site; robot_call: call finished. Not on sms steps."},
    KeyInfo{"step", "next", K::reference_list, "", "[]", false, "",
            "Step ids started when this step ends without dissuading."},
    KeyInfo{"step", "on_late", K::reference_list, "", "[]", false, "",
            "Step ids started when the SLA passes first (this step goes on); needs an `sla`."},
    // distribution
    KeyInfo{"distribution", "dist", K::enumeration, "", "", true, "",
            "constant | exponential | uniform | lognormal | gamma | erlang | triangular | "
            "empirical."},
    KeyInfo{"distribution", "value", K::number, "value's unit", "", false, "", "constant."},
    KeyInfo{"distribution", "mean", K::number, "value's unit", "", false, "",
            "exponential, lognormal, gamma, erlang.", above(0)},
    KeyInfo{"distribution", "sd", K::number, "value's unit", "", false, "",
            "lognormal, gamma: standard deviation (gamma: > 0).", at_least(0)},
    KeyInfo{"distribution", "min", K::number, "value's unit", "", false, "",
            "uniform, triangular."},
    KeyInfo{"distribution", "max", K::number, "value's unit", "", false, "",
            "uniform, triangular (>= min)."},
    KeyInfo{"distribution", "mode", K::number, "value's unit", "", false, "",
            "triangular (min <= mode <= max)."},
    KeyInfo{"distribution", "shape", K::number, "", "", false, "", "gamma.", above(0)},
    KeyInfo{"distribution", "scale", K::number, "value's unit", "", false, "", "gamma.", above(0)},
    KeyInfo{"distribution", "k", K::integer, "", "", false, "", "erlang: number of phases.",
            closed(1, 1000)},
    KeyInfo{"distribution", "points", K::points, "", "", false, "",
            "empirical: [[value, cumulative], ...], at least 2, values and cumulatives "
            "non-decreasing, first cumulative 0, last 1; linear interpolation between points."},
};

// "7", "0.5", "1e12", "-1": short and exact for the bounds of the table.
std::string bound_text(double v) {
  if (std::fabs(v) < 1e7 && v == std::floor(v)) return fmt::format("{:.0f}", v);
  std::string s = fmt::format("{:g}", v);  // "1e+12": drop the '+' and the exponent's zeros
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::size_t d = e + 1;
  if (d < s.size() && s[d] == '+') s.erase(d, 1);
  if (d < s.size() && s[d] == '-') ++d;
  while (d + 1 < s.size() && s[d] == '0') s.erase(d, 1);
  return s;
}

}  // namespace

std::string ValueRange::text() const {
  const double inf = std::numeric_limits<double>::infinity();
  if (min == -inf && max == inf) return "";
  if (max == inf) return fmt::format("{} {}", min_open ? ">" : ">=", bound_text(min));
  if (min == -inf) return fmt::format("{} {}", max_open ? "<" : "<=", bound_text(max));
  return fmt::format("{}{}, {}{}", min_open ? "(" : "[", bound_text(min), bound_text(max),
                     max_open ? ")" : "]");
}

std::span<const SectionInfo> scenario_sections() {
  return kSections;
}
std::span<const KeyInfo> scenario_keys() {
  return kKeys;
}

const KeyInfo* find_key(std::string_view section, std::string_view key) {
  for (const KeyInfo& k : kKeys)
    if (k.section == section && k.key == key) return &k;
  return nullptr;
}

const KeyInfo& key_info(std::string_view section, std::string_view key) {
  const KeyInfo* k = find_key(section, key);
  if (k == nullptr)
    throw std::logic_error(fmt::format("scenario key {}.{} is not declared", section, key));
  return *k;
}

ValueRange value_range(const KeyInfo& key) {
  if (key.type == KeyType::probability || key.type == KeyType::prob_or_channel) return closed(0, 1);
  return key.range;
}

const SectionInfo* find_section(std::string_view name) {
  for (const SectionInfo& s : kSections)
    if (s.name == name) return &s;
  return nullptr;
}

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case K::string:
      return "string";
    case K::identifier:
      return "id";
    case K::reference:
      return "reference";
    case K::integer:
      return "integer";
    case K::number:
      return "number";
    case K::probability:
      return "probability";
    case K::boolean:
      return "boolean";
    case K::duration:
      return "duration";
    case K::time_of_day:
      return "time of day";
    case K::civil_time:
      return "date-time";
    case K::dist_duration:
      return "duration distribution";
    case K::dist_number:
      return "number distribution";
    case K::prob_or_channel:
      return "probability or map";
    case K::section:
      return "map";
    case K::section_list:
      return "list of maps";
    case K::string_list:
      return "list of strings";
    case K::reference_list:
      return "list of references";
    case K::integer_list:
      return "list of integers";
    case K::number_list:
      return "list of numbers";
    case K::weight_map:
      return "map id -> number";
    case K::days:
      return "days";
    case K::points:
      return "list of [value, cumulative]";
    case K::enumeration:
      return "word";
  }
  return "?";
}

}  // namespace hotline::scenario
