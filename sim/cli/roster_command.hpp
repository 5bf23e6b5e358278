// `hotline-sim roster`: writes every desk's roster (after --patch and --set) as a patch file
// that `--patch` reads back to exactly the same rosters (scenario/roster_patch.hpp).
#pragma once

#include <string>
#include <vector>

namespace hotline::cli {

struct RosterArgs {
  std::string scenario = "bundled:xizang";
  std::vector<std::string> sets;
  std::vector<std::string> patches;
  std::string out;  // "" = standard output
};

// Returns the exit code; throws ScenarioError for invalid input, report::OutputError when the
// file cannot be written.
int roster_command(const RosterArgs& args);

}  // namespace hotline::cli
