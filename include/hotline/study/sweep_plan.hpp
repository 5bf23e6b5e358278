// A sweep's run plan: the variants a study definition (scenario::SweepStudy, from --vary or a
// study file) expands to, each the base scenario plus a list of --set overrides, loaded and
// validated before anything runs.
//
// Contract:
//  - design grid: every combination of the factors' values, the first factor varying
//    slowest; list: the study's variants in order; lhs: `lhs_samples` points of a Latin
//    hypercube over the factors' ranges (one point in each of N equal strata per factor,
//    strata paired by permutations drawn from the named stream "sweep/lhs" of lhs_seed), a
//    point snapped to its range's STEP when one is given. The same study gives the same plan
//    on every machine.
//  - A range A..B:STEP in a grid gives A, A+STEP, ... up to B (STEP 1 when omitted).
//  - Constraints then drop every variant for which one of them is false (numbers compared
//    as numbers; a value that is not a number only by == and !=), and repeated variants
//    (an LHS snapped onto the same grid point) are kept once, at their first place.
//  - A variant's overrides are the study's `sets`, then one KEY=VALUE per factor in factor
//    order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/study_file.hpp"
#include "hotline/spec/scenario.hpp"

namespace hotline::study {

// The value tuples of the plan (one string per factor), after constraints. Throws
// scenario::ScenarioError (file = the study's source, or "--vary") when nothing is left or
// the plan would exceed 100,000 variants.
std::vector<std::vector<std::string>> expand_design(const scenario::SweepStudy& study);

// Whether `values` (one per factor) satisfies constraint `c`.
bool satisfies(const scenario::SweepStudy& study, const scenario::Constraint& c,
               const std::vector<std::string>& values);

struct SweepVariant {
  int index = 0;                    // 0-based place in the plan
  std::vector<std::string> values;  // one per factor, as passed to --set
  std::vector<scenario::Override> overrides;
  scenario::Scenario scenario;  // loaded with the overrides
  std::string canonical;        // scenario::canonical_scenario_text: what keys hash
  std::string label() const;    // "v1", "v2", ... (1-based, for tables)
};

struct SweepPlan {
  scenario::SweepStudy study;
  std::vector<SweepVariant> variants;
  std::uint64_t seed = 0;  // the study's seed, or the base scenario's
};

// Expands the design and loads every variant (the first error found is thrown, a bad value
// naming "--set" and the factor's key).
SweepPlan make_sweep_plan(const scenario::SweepStudy& study);

}  // namespace hotline::study
