// Hostile-input guard around yaml-cpp: limits checked before and after parsing so that no
// document can crash the process, exhaust the stack or take long to walk.
//
// Before parsing: size (kMaxBytes), UTF-8 validity, control characters, tabs in indentation,
// nesting depth of block and flow collections (kMaxDepth; yaml-cpp recurses per level), number
// of values (kMaxNodes; yaml-cpp needs ~0.5 KB and microseconds per node).
// After parsing: node visits (kMaxNodeVisits; aliases make "billion laughs" documents
// exponential to walk), nesting depth through aliases (catches alias cycles), duplicate keys
// (yaml-cpp 0.7 keeps them silently) and non-scalar keys.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace hotline::scenario::detail {

// 4 MiB: eighteen times the national scenario (217 KiB), and small enough that yaml-cpp scans
// any file under it (one long string, or comments) in well under a second of CPU.
inline constexpr std::size_t kMaxBytes = 4u << 20;
inline constexpr int kMaxDepth = 64;
inline constexpr long kMaxNodeVisits = 1'000'000;
// Values (scalars, collections and entries) in the text, counted before parsing.
inline constexpr long kMaxNodes = 250'000;

// Text without a leading UTF-8 BOM (which is accepted and skipped).
std::string_view strip_bom(std::string_view text);

// Throws ScenarioError naming `file` (with line and column for `line_offset`/`column_offset`
// added to positions, used for --set values) when a pre-parse limit is broken.
void prescan(std::string_view text, const std::string& file, int column_offset = 0);

// prescan + YAML::Load + the post-parse checks. `text` must already be BOM-stripped.
YAML::Node parse_guarded(std::string_view text, const std::string& file, int column_offset = 0);

}  // namespace hotline::scenario::detail
