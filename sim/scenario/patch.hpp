// --patch FILE.yaml: a partial scenario merged over the base tree before it is read, so that
// what a patch sets is validated exactly like the file's own values, with errors located in
// the patch (file:line:col). Merge rules: maps merge key by key; a list whose items carry an
// `id`, `name` or `unit` merges item by item (an item of the patch with the key of a base item
// merges into it, others are appended); any other value replaces the base's.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "reader.hpp"

namespace hotline::scenario::detail {

// Merges `patch` (a parsed --patch document, a map) into `base` (the scenario's root).
void merge_patch(YAML::Node& base, const YAML::Node& patch, const std::string& patch_file,
                 Reader& reader);

// The key by which list items are matched ("id", "name" or "unit") and its value, or "".
std::string item_key(const YAML::Node& item);

// A map with `base`'s entries and `over`'s on top (same key and value nodes, so errors keep
// their places); the new map itself reports `over`'s place.
YAML::Node merged_map(const YAML::Node& base, const YAML::Node& over, Reader& reader);

}  // namespace hotline::scenario::detail
