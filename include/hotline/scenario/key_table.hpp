// The one declaration of every scenario YAML key: where it may appear, its type, unit, default,
// whether it is required, and what it means. The loader checks documents against this table
// (unknown keys, required keys, defaults), and the reference docs/scenario-format.md and the
// JSON Schema are generated from it, so the three cannot drift apart.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hotline::scenario {

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
};

std::span<const SectionInfo> scenario_sections();
std::span<const KeyInfo> scenario_keys();
// nullptr when (section, key) is not declared.
const KeyInfo* find_key(std::string_view section, std::string_view key);
const SectionInfo* find_section(std::string_view name);
std::string_view key_type_name(KeyType type);

// The scenario format reference (docs/scenario-format.md), generated from the table.
std::string scenario_format_markdown();
// A JSON Schema (draft 2020-12) for scenario documents, generated from the table.
std::string scenario_json_schema();

}  // namespace hotline::scenario
