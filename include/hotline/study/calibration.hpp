// The calibration procedure (`hotline-sim calibrate`): fits a scenario's arrival rates, unit
// weights and would-have-paid shares to published counts (calibration_targets.hpp), by a
// ratio (fixed-point) iteration on replications with common random numbers.
//
// Contract (docs/calibration.md, "The calibrate command", states it for users):
//  - Each iteration loads the scenario with the caller's --set overrides, then the fitted keys,
//    runs `reps` replications with the same seed (so every iteration sees the same random
//    streams), and counts, per target row and replication, the alerts that arrived in the
//    row's period and unit subtree (warned) and those of them lost (lost).
//  - Stops when every target lies within the 95% CI of its simulated mean (converged), or
//    after `iterations` evaluations (not converged). The result describes the last evaluation:
//    its parameters are exactly the fitted keys it ran with.
//  - What each row fits (FitRole): the shallowest warned rows of each fraud type key (a type,
//    or `*` for the types without rows of their own) fit `fraud_types.<id>.rate_per_day` by
//    target / simulated; warned `*` rows below the root fit the weights of their unit and its
//    siblings (`organisation...children.<id>.weight`, sibling total kept); the shallowest lost
//    rows fit the would_pay shares (per type with rows of its own, else the top-level
//    `would_pay`, grade shape kept, capped at 1), dividing out the rate change of the same
//    iteration. Every other row is only checked. A parameter moves only when a row it fits
//    lies outside its CI (or, for would_pay, when its type's rate moved): rows that already
//    agree are not fitted to the replications' noise.
//  - Deterministic: the same inputs give the same bytes for any thread count.
// Throws scenario::ScenarioError for an invalid scenario, override or targets file (and for
// unit targets when a fraud type places alerts by `where`, which unit weights do not move),
// std::invalid_argument for reps < 2 or iterations < 1, Interrupted when options.stop is seen.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"
#include "hotline/study/calibration_targets.hpp"
#include "hotline/study/estimate.hpp"
#include "hotline/study/interrupted.hpp"

namespace hotline::study {

struct CalibrationOptions {
  std::string scenario;               // scenario path or bundled name
  std::vector<std::string> sets;      // KEY=VALUE overrides, applied before the fitted keys
  std::string targets;                // path of the targets CSV
  int reps = 10;                      // replications per iteration, at least 2
  int iterations = 8;                 // evaluations at most (K), at least 1
  int threads = 0;                    // 0 = the machine's cores
  std::optional<std::uint64_t> seed;  // default: the scenario's
  // Replications done over all iterations; planned = iterations x reps (an early stop skips
  // the rest). Called from worker threads, serialised.
  std::function<void(int done, int planned)> progress;
  const StopFlag* stop = nullptr;
  // Called once the scenario and the targets are valid, before any replication runs.
  std::function<void()> after_load;
};

enum class TargetMeasure { warned, lost };
const char* to_string(TargetMeasure m);

// What a target row's count is used for.
enum class FitRole { rate, weight, rate_and_weight, would_pay, check };
const char* to_string(FitRole r);  // "rate", "weight", "rate+weight", "would_pay", "check"

struct TargetFit {
  CalibrationTarget target;  // the CSV row
  TargetMeasure measure = TargetMeasure::warned;
  double value = 0;    // the target count
  Estimate simulated;  // the count over replications, at the final parameters
  FitRole role = FitRole::check;
  // The target lies within the 95% CI of the simulated mean.
  bool within() const;
};

struct FittedParameter {
  enum class Kind { rate, unit_weight, would_pay };
  Kind kind = Kind::rate;
  int fraud_type = -1;  // rate, and would_pay of one type; -1 = top-level would_pay
  int unit = -1;        // unit_weight
  int grade = 0;        // would_pay: 1..3
  std::string key;      // the --set path, e.g. "fraud_types.loan.rate_per_day"
  std::string value;    // the value as written in the patch (what the last iteration ran)
  double before = 0;    // in the scenario as given
  double after = 0;     // = value
};

struct CalibrationStep {
  int iteration = 0;  // 1-based
  int within = 0;     // targets within their CI
  int targets = 0;
  double worst_relative_error = 0;  // max |simulated - target| / max(target, 1)
};

struct Calibration {
  scenario::Scenario scenario;  // as calibrated: sets, then the fitted keys
  std::uint64_t seed = 0;
  int reps = 0;
  std::string targets_file;
  int iterations = 0;                       // evaluations run
  bool converged = false;                   // every target within its CI at the last evaluation
  std::vector<FittedParameter> parameters;  // every fitted key, in patch order
  std::vector<TargetFit> rows;              // per CSV row, warned then lost
  std::vector<CalibrationStep> history;
  std::uint64_t events = 0;  // simulated events over all iterations
  // "KEY=VALUE" for every fitted parameter (what --set takes).
  std::vector<std::string> overrides() const;
};

Calibration calibrate(const CalibrationOptions& options);

// A value with `significant` digits in plain decimal notation, trailing zeros dropped
// (174.30 -> "174.3", 0.12000 -> "0.12"): how fitted values are written.
std::string format_significant(double value, int significant);

}  // namespace hotline::study
