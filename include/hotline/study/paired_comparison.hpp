// The paired-comparison procedure (`compare`): two variants of a scenario, R replications
// each on common random numbers, and the paired difference of every KPI (comparison.hpp).
//
// Contract:
//  - Both variants run with the same seed (by default the base's), so replication r of each
//    draws from the same named streams: they see the same alerts and differ only through
//    the change.
//  - The other variant runs exactly as many replications as the base (with auto reps, as
//    many as the base needed): every replication has its partner.
//  - Progress is reported over both sets together: (done, planned) with done counting the
//    base's replications first, then the other's.
// Deterministic: results do not depend on the thread count (see replications.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hotline/spec/scenario.hpp"
#include "hotline/study/comparison.hpp"
#include "hotline/study/replications.hpp"

namespace hotline::study {

// Runs base and other as above with `options` (its observers only on the base). Throws
// Interrupted when options.stop is seen (a comparison with missing pairs is no result).
Comparison compare_variants(const scenario::Scenario& base, const scenario::Scenario& other,
                            const ReplicationOptions& options);

struct PairedComparisonOptions {
  std::string base;                     // scenario path or bundled name ("" = the default scenario)
  std::vector<std::string> sets;        // KEY=VALUE overrides for both variants, in order
  std::string other;                    // the other variant's scenario; "" = the base's
  std::vector<std::string> other_sets;  // KEY=VALUE applied after `sets`, other variant only
  // --patch files: `patches` for both variants, then `other_patches` for the other only; all
  // patches apply before any KEY=VALUE.
  std::vector<std::string> patches;
  std::vector<std::string> other_patches;
  int reps = 10;                      // paired replications, at least 2
  int threads = 0;                    // 0 = the machine's cores
  std::optional<std::uint64_t> seed;  // for both variants; default: the base's seed
  std::function<void(int done, int planned)> progress;  // see ReplicationOptions::progress
  const StopFlag* stop = nullptr;                       // see ReplicationOptions::stop
  // Called once both variants loaded, before any replication runs (e.g. to open the output
  // folder only for valid input). May be empty.
  std::function<void()> after_load;
  // KPI names the caller will read (verdicts); each must be reported by both variants.
  std::vector<std::string> kpis;
};

struct PairedComparison {
  scenario::Scenario base, other;  // as loaded, overrides applied
  std::uint64_t seed = 0;          // the seed both variants ran with
  Comparison comparison;
};

// Loads both variants (base: options.base with sets; other: options.other, or the base when
// empty, with sets then other_sets; overrides parsed and the scenarios loaded in that order)
// and compares them with compare_variants, desk hours not kept. Throws
// scenario::ScenarioError for an invalid override or scenario, or (file "--kpi") for a name
// in options.kpis that either variant does not report, before any replication runs;
// std::invalid_argument when reps < 2.
PairedComparison paired_comparison(const PairedComparisonOptions& options);

}  // namespace hotline::study
