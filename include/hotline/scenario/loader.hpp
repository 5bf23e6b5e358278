// Scenario loading: YAML text -> immutable scenario::Scenario, validated.
//
// Every error is a ScenarioError whose what() is one line
//   "<file>:<line>:<col>: error: <what is wrong> (<how to fix>)"
// with 1-based line and column (1:1 for an empty document). The first error found is
// reported. Planning mistakes that still run (docs/scenario-format.md, "Errors and warnings")
// do not throw: they are Scenario::warnings, located the same way.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/spec/scenario.hpp"

namespace hotline::scenario {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, int line, int column, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }                       // 1-based; 0 when not tied to a place
  int column() const { return column_; }                   // 1-based
  const std::string& message() const { return message_; }  // without the location prefix

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

// One `--set KEY=VALUE` override. The path addresses a scalar: map keys separated by '.',
// list items by their `id` (or `name`) or by 0-based index, e.g.
//   clock.horizon=30d   desks.96110.roster.night.headcount=3   fraud_types.loan.rate_per_day=50
struct Override {
  std::string path;
  std::string value;  // parsed as YAML scalar, validated like the file's own value
};

// Parses "KEY=VALUE"; throws ScenarioError (file "--set") when malformed.
Override parse_override(std::string_view text);

// One `--patch FILE.yaml`: a partial scenario merged over the base before the --set overrides
// (maps key by key; lists whose items have an `id`, `name` or `unit` item by item, new items
// appended; any other value replaced; a shift's `staff` given by a patch replaces its
// `headcount`, and the other way round). What it sets is validated like the base's own
// values, and errors are located in the patch ("FILE:LINE:COL").
struct Patch {
  std::string file;
  std::string text;
};
// Reads a patch file (size-limited like a scenario); errors name the path.
Patch read_patch_file(const std::string& path);

// Loads and validates. `display_name` is used in error locations and as Scenario::source_name.
Scenario load_scenario_text(std::string_view text, std::string_view display_name,
                            const std::vector<Override>& overrides = {},
                            const std::vector<Patch>& patches = {});
// Reads a file (size-limited) and loads it; errors name the path.
Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {},
                            const std::vector<Patch>& patches = {});

// Resolves a scenario argument. "Your file is your file":
//   - "bundled:NAME" (NAME or NAME.yaml) is the scenario compiled into the binary, always;
//   - an argument naming an existing file is that file, even if a bundled scenario has the
//     same name (an edited tiny.yaml in the working directory is the one loaded);
//   - otherwise a bare name without '/' ("xizang", "xizang.yaml") is the bundled scenario;
//   - an empty argument is an error (ScenarioError), never the default.
// Scenario::source_name tells which was used: the path, or "<embedded:NAME.yaml>".
Scenario load_scenario(const std::string& path_or_name, const std::vector<Override>& overrides = {},
                       const std::vector<Patch>& patches = {});

// The argument that means the bundled default scenario (what `run` uses when given none).
inline constexpr const char* kDefaultScenario = "bundled:xizang";

}  // namespace hotline::scenario
