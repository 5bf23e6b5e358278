// The one declaration of every scenario YAML key: where it may appear, its type, unit, default,
// whether it is required, the range of its numbers, and what it means. The loader checks
// documents against this table (unknown keys, required keys, defaults, ranges), and the
// reference docs/scenario-format.md and the JSON Schema are generated from it, so the three
// cannot drift apart.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace hotline::scenario {

// Limits on values and on the whole scenario, so that any scenario that loads can also run
// within memory and give finite results (docs/robustness.md lists them all).
//
// Arrivals: the peak of every source together, alerts after surges and surge injects plus
// inbound calls times desk instances, at most ten million a day: about 90 times a national
// day (40.6 M warning instructions a year ~ 110,000 a day). Above it a run only exhausts memory.
inline constexpr double kMaxRatePerDay = 1e7;
// A surge or surge inject multiplies a rate by at most this (the model's command limit).
inline constexpr double kMaxMultiplier = 1000;
// Amounts at risk: a trillion yuan, far above any case, and 10 M alerts a day of it for
// centuries still sum to a finite double.
inline constexpr double kMaxAmountYuan = 1e12;
// Weights (units, `where`, generated children) and profile factors: large enough for
// populations or raw counts, small enough that no sum over 100,000 of them overflows.
inline constexpr double kMaxWeight = 1e12;
inline constexpr double kMaxProfileFactor = 1e9;
// Units in the whole tree (explicit and generated): a national tree has about 31,000.
inline constexpr int kMaxUnits = 100000;
// Desk instances in the whole scenario (`each:` desks count one per unit of their level): 16
// times a national scenario's 3,138; each instance costs about a kilobyte to load.
inline constexpr int kMaxDeskInstances = 50000;
// Every instance holds its kind's shifts and languages: at most this many in all.
inline constexpr int kMaxDeskRosterEntries = 500000;
// Officers per leaf, operators per shift, headcounts of injects.
inline constexpr int kMaxCount = 100000;
// The last civil date a run may reach: outputs write four-digit years.
inline constexpr int kMaxYear = 9999;

enum class KeyType {
  string,
  identifier,  // a name other entries refer to (id)
  reference,   // the id of another entry (unit, desk kind, fraud type, level, step)
  integer,
  number,
  probability,  // number in [0, 1]
  boolean,
  duration,         // "45s", "3min", "2h", "1.5d"
  time_of_day,      // "HH:MM"
  civil_time,       // "YYYY-MM-DDTHH:MM[:SS]"
  dist_duration,    // a duration, or a distribution map whose parameters are durations
  dist_number,      // a number, or a distribution map whose parameters are plain numbers
  prob_or_channel,  // a probability, or {default, by_type}
  section,          // a map described by another section of this table
  section_list,     // a list of maps described by another section
  string_list,
  reference_list,
  integer_list,
  number_list,
  weight_map,   // {id: number}
  days,         // all | weekdays | weekend | [mon, ..., sun]
  points,       // [[value, cumulative], ...]
  enumeration,  // one of a fixed set of words (listed in the description)
};

// The numbers a key accepts: the value itself (integer, number, probability), each number of a
// list or of an {id: number} map, each parameter in the value's unit of a number distribution
// (amounts). Bounds are inclusive unless marked open; an unbounded side is infinite. Every
// bounded range also keeps sums finite: no sum the loader forms can overflow a double.
struct ValueRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // min itself is excluded ("> min")
  bool max_open = false;
  constexpr bool bounded() const {
    return min > -std::numeric_limits<double>::infinity() ||
           max < std::numeric_limits<double>::infinity();
  }
  constexpr bool contains(double v) const {
    return (min_open ? v > min : v >= min) && (max_open ? v < max : v <= max);
  }
  // "[1, 7]", "(0, 1000]", "> 0", ">= 0"; "" when unbounded.
  std::string text() const;
};

// [lo, hi]
constexpr ValueRange closed(double lo, double hi) {
  return ValueRange{lo, hi, false, false};
}
// (lo, hi]
constexpr ValueRange above_up_to(double lo, double hi) {
  return ValueRange{lo, hi, true, false};
}
// >= lo
constexpr ValueRange at_least(double lo) {
  return ValueRange{lo, std::numeric_limits<double>::infinity(), false, false};
}
// > lo
constexpr ValueRange above(double lo) {
  return ValueRange{lo, std::numeric_limits<double>::infinity(), true, false};
}

// A map section of the format. `name` is what KeyInfo::section refers to.
struct SectionInfo {
  std::string_view name;
  std::string_view appears_at;  // where in the document, e.g. "desks[]"
  std::string_view description;
};

struct KeyInfo {
  std::string_view section;  // SectionInfo::name
  std::string_view key;
  KeyType type;
  std::string_view unit;           // "ms-duration", "yuan", "per day", ... ("" = none)
  std::string_view default_value;  // YAML text of the default; "" = no default
  bool required;
  std::string_view target;  // section/section_list: the section of the value
  std::string_view description;
  ValueRange range{};  // unbounded unless given; probabilities are always [0, 1]
};

std::span<const SectionInfo> scenario_sections();
std::span<const KeyInfo> scenario_keys();
// nullptr when (section, key) is not declared.
const KeyInfo* find_key(std::string_view section, std::string_view key);
const SectionInfo* find_section(std::string_view name);
// The declared key; throws std::logic_error when (section, key) is not declared (a bug).
const KeyInfo& key_info(std::string_view section, std::string_view key);
// The range the loader checks: the declared one, or [0, 1] for probabilities.
ValueRange value_range(const KeyInfo& key);
std::string_view key_type_name(KeyType type);

// The scenario format reference (docs/scenario-format.md), generated from the table.
std::string scenario_format_markdown();
// A JSON Schema (draft 2020-12) for scenario documents, generated from the table.
std::string scenario_json_schema();

}  // namespace hotline::scenario
