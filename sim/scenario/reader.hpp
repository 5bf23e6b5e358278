// Typed, located access to a parsed scenario document. Every accessor either returns a valid
// value or throws ScenarioError at the offending node ("file:line:col: error: ..."). Map keys
// are checked against the key table (hotline/scenario/key_table.hpp): unknown keys, missing
// required keys, and defaults all come from there.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hotline/engine/distribution.hpp"
#include "hotline/engine/time.hpp"
#include "hotline/scenario/key_table.hpp"

namespace hotline::scenario::detail {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  // Nodes that came from a --set value report "--set:1:<column>" instead of a file position.
  void mark_override(const YAML::Node& value, int column);

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;
  [[noreturn]] void fail_unplaced(const std::string& message) const;

  // `node` must be a map whose keys are all declared in `section` and which holds every
  // required key; `what` names it in messages ("clock", "desk '96110'").
  void check_map(const YAML::Node& node, std::string_view section, std::string_view what) const;
  // The value of a declared key, or the parsed default when absent, or an invalid node when
  // absent without a default. `map` may be an invalid node (absent section: all defaults).
  YAML::Node get(const YAML::Node& map, std::string_view section, std::string_view key);
  static YAML::Node find(const YAML::Node& map, std::string_view key);
  static bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

  // Scalars. `what` is the key name used in messages.
  std::string string(const YAML::Node& n, std::string_view what) const;
  std::string identifier(const YAML::Node& n, std::string_view what) const;
  double number(const YAML::Node& n, std::string_view what) const;
  double positive(const YAML::Node& n, std::string_view what) const;      // > 0
  double non_negative(const YAML::Node& n, std::string_view what) const;  // >= 0
  double probability(const YAML::Node& n, std::string_view what) const;
  std::int64_t integer(const YAML::Node& n, std::string_view what, std::int64_t lo,
                       std::int64_t hi) const;
  bool boolean(const YAML::Node& n, std::string_view what) const;
  // In ms (non-negative).
  double duration_ms(const YAML::Node& n, std::string_view what) const;
  engine::Duration duration(const YAML::Node& n, std::string_view what) const;
  int time_of_day(const YAML::Node& n, std::string_view what) const;  // minutes after midnight
  engine::CivilTime civil_time(const YAML::Node& n, std::string_view what) const;
  // Durations in ms when `durations`, else plain numbers.
  engine::Distribution distribution(const YAML::Node& n, std::string_view what, bool durations);

  // Collections.
  void expect_sequence(const YAML::Node& n, std::string_view what) const;
  void expect_map(const YAML::Node& n, std::string_view what) const;
  std::vector<std::string> string_list(const YAML::Node& n, std::string_view what) const;
  std::vector<double> number_list(const YAML::Node& n, std::string_view what) const;
  // A profile of `size` non-negative factors, not all zero, normalised to mean 1; absent or
  // invalid node = flat.
  std::vector<double> profile(const YAML::Node& n, std::string_view what, std::size_t size) const;
  // {key: number} pairs in document order, with the key nodes for messages.
  std::vector<std::pair<YAML::Node, double>> weight_map(const YAML::Node& n,
                                                        std::string_view what) const;

  static std::string describe(const YAML::Node& n);  // "'abc'", "a list", "a map", "nothing"

 private:
  std::string file_;
  std::vector<std::pair<YAML::Node, int>> override_nodes_;
  std::map<const KeyInfo*, YAML::Node> defaults_;
};

// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// " (did you mean 'x'?)" or "" when nothing is close.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hotline::scenario::detail
