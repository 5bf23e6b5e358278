// Spelling help for messages that name a wrong key, id or KPI ("did you mean ...?").
#pragma once

#include <cstddef>
#include <string_view>

namespace hotline::scenario {

// Levenshtein distance (insertions, deletions, substitutions), O(|a| x |b|).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace hotline::scenario
