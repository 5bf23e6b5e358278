#include "patch.hpp"

#include <fmt/format.h>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario::detail {

namespace {

YAML::Node find_key_node(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.first;
  return YAML::Node(YAML::NodeType::Undefined);
}

void merge_into(YAML::Node base, const YAML::Node& patch, Reader& reader);

// A shift's headcount is given by `headcount` or by `staff` (by language): the one a patch
// gives replaces the other, so a patch can move a shift from one to the other.
const char* replaced_by(const YAML::Node& base, const YAML::Node& over) {
  const bool over_staff = find_key_node(over, "staff").IsDefined();
  const bool over_head = find_key_node(over, "headcount").IsDefined();
  if (over_staff && !over_head && find_key_node(base, "headcount").IsDefined()) return "headcount";
  if (over_head && !over_staff && find_key_node(base, "staff").IsDefined()) return "staff";
  return nullptr;
}

void merge_list(YAML::Node base, const YAML::Node& patch, Reader& reader) {
  for (const YAML::Node& item : patch) {
    const std::string key = item.IsMap() ? item_key(item) : "";
    bool merged = false;
    if (!key.empty())
      for (std::size_t j = 0; j < base.size() && !merged; ++j) {
        YAML::Node b = base[j];
        if (b.IsMap() && item_key(b) == key) {
          merge_into(b, item, reader);
          merged = true;
        }
      }
    if (!merged) base.push_back(item);
  }
}

void merge_into(YAML::Node base, const YAML::Node& patch, Reader& reader) {
  if (const char* drop = replaced_by(base, patch)) base.remove(drop);
  for (const auto& kv : patch) {
    if (!kv.first.IsScalar()) continue;  // the reader rejects non-scalar keys later
    const std::string k = kv.first.Scalar();
    const bool has = find_key_node(base, k).IsDefined();
    YAML::Node existing = Reader::find(base, k);
    if (has && existing.IsMap() && kv.second.IsMap()) {
      merge_into(existing, kv.second, reader);
    } else if (has && existing.IsSequence() && kv.second.IsSequence() && kv.second.size() > 0 &&
               kv.second[0].IsMap() && !item_key(kv.second[0]).empty()) {
      merge_list(existing, kv.second, reader);
    } else if (has) {
      base[k] = kv.second;
    } else {
      // An unknown key is reported where the patch has it (the map's new key node is not
      // the patch's, whatever force_insert is given).
      base.force_insert(kv.first, kv.second);
      const YAML::Node key = find_key_node(base, k);
      if (key.IsDefined()) reader.locate_as(key, kv.first);
    }
  }
}

}  // namespace

std::string item_key(const YAML::Node& item) {
  for (const char* key : {"id", "name", "unit"}) {
    const YAML::Node v = Reader::find(item, key);
    if (v.IsScalar()) return std::string(key) + "=" + v.Scalar();
  }
  return "";
}

void merge_patch(YAML::Node& base, const YAML::Node& patch, const std::string& patch_file,
                 Reader& reader) {
  if (!patch.IsDefined() || patch.IsNull()) return;  // an empty patch changes nothing
  if (!patch.IsMap()) {
    const YAML::Mark m = patch.Mark();
    throw ScenarioError(patch_file, m.is_null() ? 1 : m.line + 1, m.is_null() ? 1 : m.column + 1,
                        "a patch is a map of scenario keys (a partial scenario), e.g. "
                        "desks: [{id: \"96110\", roster: [{name: night, headcount: 3}]}]");
  }
  if (!base.IsMap()) return;  // the builder reports the base's own problem
  reader.mark_patch(patch, patch_file);
  merge_into(base, patch, reader);
}

YAML::Node merged_map(const YAML::Node& base, const YAML::Node& over, Reader& reader) {
  YAML::Node out(YAML::NodeType::Map);
  const char* drop = replaced_by(base, over);
  for (const auto& kv : base)
    if (!kv.first.IsScalar() || (!find_key_node(over, kv.first.Scalar()).IsDefined() &&
                                 (drop == nullptr || kv.first.Scalar() != drop)))
      out.force_insert(kv.first, kv.second);
  for (const auto& kv : over) out.force_insert(kv.first, kv.second);
  reader.locate_as(out, over);
  return out;
}

}  // namespace hotline::scenario::detail
