// `hotline-sim compare`: two variants of a scenario, R paired replications each on common
// random numbers; the paired difference of every KPI with its 95% CI and verdict lines.
// The procedure is study::paired_comparison; this command checks the arguments, labels the
// variants and writes comparison.csv, comparison.json and the console verdicts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotline::cli {

struct CompareArgs {
  std::string base = "bundled:xizang";  // scenario path or bundled name
  std::vector<std::string> sets;        // --set: applied to both variants
  std::string vs;                       // --vs OTHER.yaml
  std::vector<std::string> vs_sets;     // --vs-set: applied on top of the base for the other
  std::vector<std::string> patches;     // --patch: applied to both variants
  std::vector<std::string> vs_patches;  // --vs-patch: applied on top of the base for the other
  int reps = 10;
  int threads = 0;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> kpis;  // --kpi: verdict KPIs
  std::string label;              // --label: what the change is, for the verdict line
  std::string out_dir = "out/compare";
  bool quiet = false;
  bool csv_bom = true;  // --csv-bom on|off
};

// Returns the exit code (128 + signal when interrupted: nothing is written then); throws
// ScenarioError for invalid input and report::OutputError when an output cannot be written.
int compare_command(const CompareArgs& args);

}  // namespace hotline::cli
