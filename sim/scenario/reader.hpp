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
#include "hotline/scenario/spelling.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::scenario::detail {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  // Nodes that came from a --set value report "--set:1:<column>" instead of a file position.
  void mark_override(const YAML::Node& value, int column);
  // Every node of a --patch document reports its place in that file.
  void mark_patch(const YAML::Node& root, const std::string& file);
  // A node the loader made (a merged map) reports the place of `like`.
  void locate_as(const YAML::Node& made, const YAML::Node& like);

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;
  // Whether `n` came from a --set value (or was made for one).
  bool is_override(const YAML::Node& n) const;
  // A warning at `at`, located like fail()'s errors.
  ScenarioWarning warning(const YAML::Node& at, const std::string& message) const;
  [[noreturn]] void fail_unplaced(const std::string& message) const;
  // At line 1, column 1: for problems of the whole document (an empty file), so that tools
  // parsing "file:line:col" still find a place.
  [[noreturn]] void fail_at_start(const std::string& message) const;

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
  // Numbers are strict decimals; out of a double's range (1e309) or with a leading zero
  // (010, which YAML 1.1 tools read as octal) they are errors. With a range, the value must
  // lie in it ("'what' must be in [lo, hi], got V").
  double number(const YAML::Node& n, std::string_view what) const;
  double number(const YAML::Node& n, std::string_view what, const ValueRange& range) const;
  double positive(const YAML::Node& n, std::string_view what) const;      // > 0
  double non_negative(const YAML::Node& n, std::string_view what) const;  // >= 0
  double probability(const YAML::Node& n, std::string_view what) const;
  std::int64_t integer(const YAML::Node& n, std::string_view what, const ValueRange& range) const;
  // get() of a declared key, read as a number or integer within the key's table range.
  double get_number(const YAML::Node& map, std::string_view section, std::string_view key);
  std::int64_t get_integer(const YAML::Node& map, std::string_view section, std::string_view key);
  [[noreturn]] void fail_range(const YAML::Node& n, std::string_view what,
                               const ValueRange& range) const;
  bool boolean(const YAML::Node& n, std::string_view what) const;
  // In ms (non-negative).
  double duration_ms(const YAML::Node& n, std::string_view what) const;
  engine::Duration duration(const YAML::Node& n, std::string_view what) const;
  int time_of_day(const YAML::Node& n, std::string_view what) const;  // minutes after midnight
  engine::CivilTime civil_time(const YAML::Node& n, std::string_view what) const;
  // Durations in ms when `durations`, else plain numbers within `range` (every parameter in
  // the value's unit: value, mean, sd, min, max, mode, scale, empirical values).
  engine::Distribution distribution(const YAML::Node& n, std::string_view what, bool durations,
                                    const ValueRange& range = at_least(0));

  // Collections.
  void expect_sequence(const YAML::Node& n, std::string_view what) const;
  void expect_map(const YAML::Node& n, std::string_view what) const;
  std::vector<std::string> string_list(const YAML::Node& n, std::string_view what) const;
  std::vector<double> number_list(const YAML::Node& n, std::string_view what,
                                  const ValueRange& range = {}) const;
  // A profile of `size` factors within `range` (non-negative), not all zero, normalised to
  // mean 1; absent or invalid node = flat.
  std::vector<double> profile(const YAML::Node& n, std::string_view what, std::size_t size,
                              const ValueRange& range) const;
  // {key: number} pairs in document order, with the key nodes for messages; each number
  // within `range`.
  std::vector<std::pair<YAML::Node, double>> weight_map(const YAML::Node& n, std::string_view what,
                                                        const ValueRange& range = {}) const;

  static std::string describe(const YAML::Node& n);  // "'abc'", "a list", "a map", "nothing"

 private:
  struct Place {
    std::string file;
    int line, column;
  };
  Place place_of(const YAML::Node& at) const;

  std::string file_;
  std::vector<std::pair<YAML::Node, int>> override_nodes_;
  std::vector<std::pair<YAML::Node, Place>> placed_;  // patch nodes and locate_as
  std::map<const KeyInfo*, YAML::Node> defaults_;
};

// Levenshtein distance, for "did you mean" hints.
using scenario::edit_distance;  // hotline/scenario/spelling.hpp
// " (did you mean 'x'?)" or "" when nothing is close.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hotline::scenario::detail
