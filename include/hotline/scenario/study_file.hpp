// Sweep definitions: the factors of a sweep and how their values are combined, read from
// `--vary KEY=LIST|A..B[:STEP]` arguments or from a study file (`sweep --study FILE.yaml`,
// docs/studies.md "Sweeps"). This layer only reads and checks them; expanding them into a
// run plan is study::expand_sweep (sweep_plan.hpp).
//
// Errors are ScenarioError located like the loader's: "FILE:LINE:COL: error: ..." in a study
// file (unknown keys are rejected with the list of allowed ones), "--vary:1:COL" for an
// argument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/scenario/loader.hpp"

namespace hotline::scenario {

// A numeric range "A..B" or "A..B:STEP" (STEP > 0, default 1 for a grid).
struct FactorRange {
  double min = 0;
  double max = 0;
  std::optional<double> step;  // absent: a grid steps by 1, a Latin hypercube samples freely
};

// One varied `--set` key. Exactly one of `values` (an explicit list, kept as written) and
// `range` is given.
struct Factor {
  std::string name;  // short name for tables, constraints and explicit lists (default: the key)
  std::string key;   // the --set path, e.g. desks.96110.roster.night.headcount
  std::vector<std::string> values;
  std::optional<FactorRange> range;
};

// "night <= day", "night >= 3", "robots != 0": a factor, an operator (< <= > >= == !=) and a
// factor or a number. A variant is kept only if every constraint holds.
struct Constraint {
  std::string left;
  std::string op;
  std::string right;  // a factor name, or a number when right_is_number
  bool right_is_number = false;
  double right_value = 0;
  std::string text;  // as written, for messages
};

enum class Design { grid, list, lhs };

struct SweepStudy {
  std::string scenario = kDefaultScenario;  // base scenario (path or bundled name)
  std::vector<std::string> sets;            // KEY=VALUE applied to every variant first
  std::vector<std::string> patches;         // --patch files, applied before `sets`
  std::vector<Factor> factors;
  Design design = Design::grid;
  // design: list. Each variant: one value per factor, in factor order.
  std::vector<std::vector<std::string>> variants;
  int lhs_samples = 0;         // design: lhs
  std::uint64_t lhs_seed = 1;  // design: lhs
  std::vector<Constraint> constraints;
  // Replications: a fixed count, or auto (reps == 0) until every KPI in `kpis` has a 95%
  // half-width within `precision` (relative to the mean unless precision_absolute).
  int reps = 10;
  double precision = 0.05;
  bool precision_absolute = false;
  int min_reps = 5;
  int max_reps = 100;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> kpis;  // shown in the table; the precision KPIs of auto reps
  std::string target;             // "KPI>=X" or "KPI<=X", "" for none
  std::string marginal;           // KPI of the marginal column, "" = the default
  std::string source;             // the study file ("" for --vary)
};

// Parses "[NAME:]KEY=LIST|A..B[:STEP]": KEY=2,3,5 (a list) or KEY=2..6 or KEY=2..6:2 (a
// range); NAME (default: the key) names the factor in tables. Throws ScenarioError (file
// "--vary").
Factor parse_vary(std::string_view text);

// Parses "KPI>=X" / "KPI<=X" (file "--target"); returns {kpi, op, x}.
struct Target {
  std::string kpi;
  bool at_least = true;  // ">=": the KPI must reach x; "<=": stay below it
  double value = 0;
};
Target parse_target(std::string_view text, std::string_view file = "--target");

// Reads a study file. A relative `scenario:` is resolved against the study file's folder
// when such a file exists there (a bundled name stays a bundled name).
SweepStudy load_study_file(const std::string& path);
SweepStudy load_study_text(std::string_view text, const std::string& display_name);

// The scenario as the simulator sees it after overrides: the YAML tree of `loaded`'s source
// text with `overrides` applied, emitted again (comments and layout dropped). Two variants
// with equal text run identically; a sweep's keys hash it. `loaded` must have been loaded with
// the same patches and overrides (so they are known to be valid).
std::string canonical_scenario_text(const Scenario& loaded, const std::vector<Override>& overrides,
                                    const std::vector<Patch>& patches = {});

}  // namespace hotline::scenario
