// --set KEY=VALUE overrides, applied to the parsed YAML tree before conversion so that
// overridden values are validated exactly like the file's own.
#pragma once

#include <vector>

#include <yaml-cpp/yaml.h>

#include "hotline/scenario/loader.hpp"
#include "reader.hpp"

namespace hotline::scenario::detail {

// Sets each override's path in `root` (creating declared keys and sections when absent).
// Errors name "--set" with the column of the offending path segment or value.
void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, Reader& reader);

}  // namespace hotline::scenario::detail
