// `hotline-sim calibrate`: fits a scenario's arrival rates, unit weights and would-have-paid
// shares to published counts (a targets CSV). The procedure is study::calibrate; this command
// checks the arguments, writes calibration.csv, calibration.json, patch.yaml and patch.set,
// and prints target against simulated and the fitted parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotline::cli {

struct CalibrateArgs {
  std::string scenario = "bundled:xizang";  // scenario path or bundled name
  std::string targets;                      // --targets FILE.csv (required)
  std::vector<std::string> sets;            // --set, applied before the fitted keys
  int reps = 10;
  int iterations = 8;
  int threads = 0;
  std::optional<std::uint64_t> seed;
  std::string out_dir = "out/calibrate";
  bool quiet = false;
  bool csv_bom = true;
  std::string command_line;  // as typed, for the patch's header comment
};

// Returns the exit code (0 also when the fit did not converge: the outputs say so; 128 +
// signal when interrupted, nothing written); throws ScenarioError for invalid input and
// report::OutputError when an output cannot be written.
int calibrate_command(const CalibrateArgs& args);

}  // namespace hotline::cli
