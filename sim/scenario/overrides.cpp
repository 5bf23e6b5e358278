#include "overrides.hpp"

#include <fmt/format.h>

#include <string>

#include "hotline/scenario/key_table.hpp"
#include "yaml_guard.hpp"

namespace hotline::scenario::detail {

namespace {

struct Segment {
  std::string text;
  int column;  // 1-based column in "path=value"
};

[[noreturn]] void fail(int column, const std::string& msg) {
  throw ScenarioError("--set", 1, column, msg);
}

// What the node at the current position is, according to the key table.
struct Place {
  enum Kind { section, list, free_map, scalar } kind;
  std::string_view of;  // section name, for sections and list items
};

Place place_of(const KeyInfo& k, const YAML::Node& existing) {
  switch (k.type) {
    case KeyType::section:
      return {Place::section, k.target};
    case KeyType::section_list:
      return {Place::list, k.target};
    case KeyType::weight_map:
      return {Place::free_map, {}};
    case KeyType::prob_or_channel:
      return existing.IsMap() ? Place{Place::section, "channel"} : Place{Place::scalar, {}};
    case KeyType::dist_duration:
    case KeyType::dist_number:
      return existing.IsMap() ? Place{Place::section, "distribution"} : Place{Place::scalar, {}};
    case KeyType::string_list:
    case KeyType::reference_list:
    case KeyType::integer_list:
    case KeyType::number_list:
    case KeyType::points:
    case KeyType::days:
      return existing.IsSequence() ? Place{Place::list, {}} : Place{Place::scalar, {}};
    default:
      return {Place::scalar, {}};
  }
}

// The key node of a key --set just added to `map` reports the position of its path segment.
void mark_key(const YAML::Node& map, const Segment& seg, Reader& reader) {
  for (const auto& kv : map)
    if (kv.first.Scalar() == seg.text) reader.mark_override(kv.first, seg.column - 1);
}

std::vector<std::string> section_keys(std::string_view section) {
  std::vector<std::string> v;
  for (const KeyInfo& k : scenario_keys())
    if (k.section == section) v.emplace_back(k.key);
  return v;
}

YAML::Node item_with(const YAML::Node& list, const char* key, const std::string& value) {
  if (list.IsSequence())
    for (const YAML::Node& item : list) {
      const YAML::Node v = Reader::find(item, key);
      if (v.IsScalar() && v.Scalar() == value) return item;
    }
  return YAML::Node(YAML::NodeType::Undefined);
}

// desks.<unit>:<desk>.REST addresses one instance of an `each:` desk: it becomes
// desks.<desk>.instances.<unit>.REST, with the instance entry (and for roster.<shift>.KEY the
// instance's entry for that shift) made when absent, so only that instance changes.
void expand_instance(YAML::Node& root, std::vector<Segment>& segs, Reader& reader) {
  if (segs.size() < 3 || segs[0].text != "desks") return;
  const Segment at = segs[1];
  const std::size_t colon = at.text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == at.text.size()) return;
  const std::string unit = at.text.substr(0, colon);
  const std::string kind = at.text.substr(colon + 1);
  YAML::Node desk = item_with(Reader::find(root, "desks"), "id", kind);
  if (!desk.IsDefined() || !desk.IsMap()) return;  // reported as "no item" by the walk
  if (!Reader::present(Reader::find(desk, "each")))
    fail(at.column, fmt::format("desk '{}' is one desk, not one per unit: address it as "
                                "desks.{}",
                                kind, kind));
  YAML::Node instances = Reader::find(desk, "instances");
  if (!instances.IsDefined() || instances.IsNull()) {
    desk["instances"] = YAML::Node(YAML::NodeType::Sequence);
    instances.reset(desk["instances"]);
  }
  if (!instances.IsSequence()) return;  // the walk reports what it is
  YAML::Node entry = item_with(instances, "unit", unit);
  if (!entry.IsDefined()) {
    entry.reset(YAML::Node(YAML::NodeType::Map));
    entry["unit"] = unit;
    instances.push_back(entry);
    reader.mark_override(entry, at.column - 1);
  }
  if (segs.size() >= 5 && segs[2].text == "roster") {
    const std::string& shift = segs[3].text;
    if (!item_with(Reader::find(desk, "roster"), "name", shift).IsDefined())
      fail(segs[3].column, fmt::format("desk '{}' has no shift '{}'", kind, shift));
    YAML::Node roster = Reader::find(entry, "roster");
    if (!roster.IsDefined() || roster.IsNull()) {
      entry["roster"] = YAML::Node(YAML::NodeType::Sequence);
      roster.reset(entry["roster"]);
    }
    if (roster.IsSequence() && !item_with(roster, "name", shift).IsDefined()) {
      YAML::Node item(YAML::NodeType::Map);
      item["name"] = shift;
      roster.push_back(item);
      reader.mark_override(item, segs[3].column - 1);
    }
  }
  std::vector<Segment> out = {segs[0],
                              {kind, at.column + static_cast<int>(colon) + 1},
                              {"instances", at.column},
                              {unit, at.column}};
  out.insert(out.end(), segs.begin() + 2, segs.end());
  segs = std::move(out);
}

}  // namespace

void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, Reader& reader) {
  for (const Override& o : overrides) {
    std::vector<Segment> segs;
    {
      std::size_t start = 0;
      while (true) {
        const std::size_t dot = o.path.find('.', start);
        const std::string part = o.path.substr(start, dot == std::string::npos ? dot : dot - start);
        if (part.empty())
          fail(static_cast<int>(start) + 1, fmt::format("empty segment in path '{}'", o.path));
        segs.push_back({part, static_cast<int>(start) + 1});
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
    expand_instance(root, segs, reader);
    const int value_offset = static_cast<int>(o.path.size()) + 1;
    if (o.value.empty()) fail(value_offset + 1, fmt::format("empty value for '{}'", o.path));
    YAML::Node value = parse_guarded(strip_bom(o.value), "--set", value_offset);
    if (!root.IsMap()) fail(1, "the scenario is not a map; nothing to set");

    YAML::Node cur = root;
    Place place{Place::section, "root"};
    std::string walked;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const Segment& seg = segs[i];
      const bool last = i + 1 == segs.size();
      YAML::Node child;
      Place next{Place::scalar, {}};
      if (place.kind == Place::section) {
        const KeyInfo* k = find_key(place.of, seg.text);
        if (k == nullptr) {
          std::string hint = suggestion(seg.text, section_keys(place.of));
          fail(seg.column, fmt::format("unknown key '{}' in {}{}", seg.text,
                                       walked.empty() ? "the scenario" : walked, hint));
        }
        if (!cur.IsMap())
          fail(seg.column, fmt::format("'{}' is not a map in the scenario", walked));
        child.reset(Reader::find(cur, seg.text));
        if (!child.IsDefined() || (child.IsNull() && child.Mark().is_null())) {
          if (last) {
            cur[seg.text] = value;
            reader.mark_override(value, value_offset);
            mark_key(cur, seg, reader);
            child.reset(value);
            break;
          }
          if (k->type != KeyType::section && k->type != KeyType::weight_map)
            fail(seg.column,
                 fmt::format("'{}' is not in the scenario, so '{}' cannot be set",
                             walked.empty() ? seg.text : walked + "." + seg.text, o.path));
          cur[seg.text] = YAML::Node(YAML::NodeType::Map);
          child.reset(cur[seg.text]);
          // A map made for the path: errors about it (a missing key) point at its segment.
          reader.mark_override(child, seg.column - 1);
          mark_key(cur, seg, reader);
        }
        next = place_of(*k, child);
      } else if (place.kind == Place::free_map) {
        if (!cur.IsMap())
          fail(seg.column, fmt::format("'{}' is not a map in the scenario", walked));
        child.reset(Reader::find(cur, seg.text));
        if (!child.IsDefined() || (child.IsNull() && child.Mark().is_null())) {
          if (!last) fail(seg.column, fmt::format("'{}' is not in {}", seg.text, walked));
          cur[seg.text] = value;
          reader.mark_override(value, value_offset);
          mark_key(cur, seg, reader);  // a new key: "unknown unit 'x'" points at it
          break;
        }
        next = {Place::scalar, {}};
      } else if (place.kind == Place::list) {
        if (!cur.IsSequence())
          fail(seg.column, fmt::format("'{}' is not a list in the scenario", walked));
        std::vector<std::string> names;
        int found = -1;
        for (std::size_t j = 0; j < cur.size() && found < 0; ++j) {
          const YAML::Node item = cur[j];
          for (const char* key : {"id", "name", "unit"}) {
            const YAML::Node v = Reader::find(item, key);
            if (v.IsScalar()) {
              if (v.Scalar() == seg.text) found = static_cast<int>(j);
              names.push_back(v.Scalar());
              break;
            }
          }
        }
        if (found < 0 && !seg.text.empty() &&
            seg.text.find_first_not_of("0123456789") == std::string::npos && seg.text.size() < 9 &&
            std::stoul(seg.text) < cur.size())
          found = static_cast<int>(std::stoul(seg.text));
        if (found < 0) {
          std::string known;
          for (std::size_t j = 0; j < names.size() && j < 12; ++j)
            known += (j ? ", " : "") + names[j];
          fail(seg.column,
               fmt::format("no item '{}' in {} (items: {}; or a 0-based index below {})", seg.text,
                           walked, known.empty() ? "none named" : known, cur.size()));
        }
        if (last) {
          cur[static_cast<std::size_t>(found)] = value;
          reader.mark_override(value, value_offset);
          break;
        }
        child.reset(cur[static_cast<std::size_t>(found)]);
        // Items of a list of maps are sections; items of a plain list may be lists themselves
        // (empirical points: points.1.0) or maps.
        next = !place.of.empty()    ? Place{Place::section, place.of}
               : child.IsSequence() ? Place{Place::list, {}}
               : child.IsMap()      ? Place{Place::free_map, {}}
                                    : Place{Place::scalar, {}};
      } else {
        fail(seg.column, fmt::format("'{}' is a single value; it has no '{}'", walked, seg.text));
      }
      if (last) {
        cur[seg.text] = value;
        reader.mark_override(value, value_offset);
        break;
      }
      walked += (walked.empty() ? "" : ".") + seg.text;
      cur.reset(child);
      place = next;
    }
  }
}

}  // namespace hotline::scenario::detail
