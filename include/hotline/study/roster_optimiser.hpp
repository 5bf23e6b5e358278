// The roster optimiser (`hotline-sim optimize`, docs/optimiser.md): the cheapest headcount per
// desk kind and shift that meets every target with confidence, found by an integer program
// with cuts estimated by simulation on common random numbers (Atlason, Epelman & Henderson
// 2004; Cezik & L'Ecuyer 2008), then checked on fresh seeds.
//
// Procedure (each step's results are in RosterOptimum):
//  1. Variables: one per shift of each varied desk kind (`desks.<kind>.roster.<shift>.
//     headcount`, every instance of the kind together), integer in [min, max].
//  2. Erlang start: a pilot of the scenario as given gives each desk instance's arrivals by
//     hour of day and its mean busy time per task; per hour, the fewest operators for which
//     Erlang A's P(served within T) reaches the target (T = the target's reach time, patience
//     = the grade's mean time to loss; Erlang C when unknown), the most over the shift's hours
//     and the kind's instances ("what an Erlang calculator would say").
//  3. Cut loop on the sample (seed, replications 0..R-1, common random numbers): evaluate x;
//     for each target whose one-sided 95% lower bound L_k(x) misses t_k, add the cut
//     L_k(x) + sum_i d_ki (y_i - x_i) >= t_k, d_ki = mean_k(x + e_i) - mean_k(x) (forward
//     differences, paired, negative ones taken as 0); solve min cost(y) over all cuts
//     (integer_program.hpp); move to its solution; stop when that solution meets every target
//     on the sample (optimal on the sample where the service levels are concave), when the
//     program is infeasible, or when the replication budget or iteration limit is reached.
//  4. Concavity is checked as points are evaluated: a point whose L_k lies above an earlier
//     cut of target k by more than the noise (the cut's point's half-width) shows the cut was
//     not a supporting plane; that target is flagged, and a local search (each variable one
//     down, and one down with a cheaper one up, swaps up to 16 variables) runs from the
//     incumbent, as it always does.
//  5. Fresh-seed check: the recommended roster and the cheaper candidates nearest it are run
//     on `fresh_reps` replications of `fresh_seed`; the selection statement says whether the
//     roster meets every target there and whether every cheaper candidate is shown to miss a
//     target (one-sided upper bound below it, Bonferroni over the candidates) or to lie within
//     `delta` of it (indifference zone).
// Deterministic: the result depends only on the scenario, the options and the seeds, never on
// the thread count or on which replications a store already held.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hotline/scenario/study_file.hpp"
#include "hotline/spec/scenario.hpp"
#include "hotline/study/estimate.hpp"
#include "hotline/study/interrupted.hpp"
#include "hotline/study/result_store.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::study {

// What a roster costs in the objective.
enum class RosterCost {
  staff_hours,  // paid operator-hours over the counted period (staffing_cost.hpp)
  yuan,         // the same priced by the scenario's costs: section
};

struct RosterVariable {
  std::string kind;   // desk kind (YAML desk entry id)
  std::string desk;   // per desk (--per-desk): the instance id ("<unit>:<kind>"); "" = the kind
  std::string shift;  // shift name
  std::string key;    // the --set path of its headcount
  int instances = 0;  // desk instances it staffs
  int given = 0;      // the scenario's own headcount
  int min = 0, max = 0;
  double unit_cost = 0;  // objective per operator on this shift (its instances, whole period)
  std::string label() const { return (desk.empty() ? kind : desk) + "/" + shift; }
};

// One target as the KPI it constrains: the KPI's one-sided 95% lower bound must reach `value`
// (an "at most" target is negated inside: the upper bound must stay below).
struct RosterTarget {
  std::string kpi;  // full KPI name (kpi_vector.hpp), e.g. grade1.reached_within_600s.night
  bool at_least = true;
  double value = 0;
  double reach_s = 0;  // for the Erlang start: the KPI's reach time (0: answer_within)
  std::string text;    // the --target it came from
};

// Turns `--target` texts into per-KPI targets for scenario `s`: "KPI>=X" or "KPI<=X" with an
// optional " per shift" (or " per interval"): one target for each of the scenario's reporting
// intervals, KPI "<KPI>.<interval>". "gradeG.reached_within(10min)" names grade G's reached-
// within KPI when the scenario's reach_within for G is that time. Throws
// scenario::ScenarioError (file "--target") naming the fix for unknown KPIs.
std::vector<RosterTarget> resolve_targets(const scenario::Scenario& s,
                                          const std::vector<std::string>& texts);

struct OptimiserOptions {
  std::string scenario;              // path or bundled name
  std::vector<std::string> sets;     // --set, every roster
  std::vector<std::string> patches;  // --patch files, every roster
  std::vector<std::string> kinds;    // desk kinds to vary ("all": every kind)
  bool per_desk = false;             // every instance of an `each:` kind its own variables
  std::vector<std::string> targets;  // --target texts (resolve_targets)
  RosterCost cost = RosterCost::staff_hours;
  int min_headcount = 0;
  int max_headcount = -1;                   // -1: max(2 x the given headcount, given + 4)
  int sample_reps = 10;                     // R of the sample (common random numbers, seed)
  int fresh_reps = 10;                      // replications of the fresh-seed check
  std::optional<std::uint64_t> seed;        // the sample's seed; default the scenario's
  std::optional<std::uint64_t> fresh_seed;  // default seed + 1,000,003
  int budget_reps = 0;      // stop the cut loop after this many simulated replications (0: none)
  int max_iterations = 40;  // integer programs solved at most
  double delta = 0.01;      // indifference zone of the selection statement (KPI units)
  int pilot_reps = 2;       // replications of the Erlang start's pilot
  int threads = 0;
  // (phase, replications simulated so far); from the calling thread, between batches.
  std::function<void(const std::string&, int)> progress;
  const StopFlag* stop = nullptr;
  // Called with a batch's plan (the rosters not yet known, as a list design; its seed and
  // replications) before the batch runs, when the store lacks some of its replications; it
  // may throw to stop the optimiser there, so that the batch runs elsewhere (optimize
  // --emit-batch, docs/cluster.md). Null: every batch runs here.
  std::function<void(const SweepPlan&)> before_missing_batch;
};

// One roster evaluated on one set of replications.
struct RosterEvaluation {
  std::vector<int> roster;  // headcount per variable
  double cost = 0;
  std::vector<Estimate> kpi;    // per target, the KPI's estimate (as the target states it)
  std::vector<double> lower;    // per target, the one-sided 95% bound in the target's direction
  bool feasible = false;        // every bound meets its target
  std::vector<Estimate> extra;  // avoided_yuan, lost_yuan (see RosterOptimum::extra_kpis)
  std::string canonical;        // the resolved scenario text (what the store's keys hash)
  bool loads = true;            // false: the loader refuses the roster (note says why)
  std::string note;
};

struct SearchStep {
  int iteration = 0;
  std::string what;  // "erlang start", "cut point", "integer program", "local search", ...
  std::vector<int> roster;
  double cost = 0;
  bool feasible = false;  // on the sample
  double bound = 0;       // the integer program's optimum (a lower bound on the sample)
  int cuts = 0;           // cuts in the program after this step
  int replications_so_far = 0;
};

struct Marginal {
  int variable = 0;
  Estimate avoided_yuan;  // paired: one more operator on this variable, ¥ avoided per day
  double cost = 0;        // what the operator adds to the objective
};

struct RosterOptimum {
  std::vector<RosterVariable> variables;
  std::vector<RosterTarget> targets;
  std::vector<std::string> extra_kpis;  // "all.avoided_yuan", "all.lost_yuan"
  std::string cost_unit;                // "operator-hours" or "yuan"
  std::vector<int> erlang;              // Erlang start per variable
  std::vector<int> given;               // the scenario's own roster
  bool found = false;                   // a roster meeting every target on the sample
  RosterEvaluation sample_optimum;  // the cheapest roster found meeting every target on the sample
  RosterEvaluation recommended;     // on the sample (sample_optimum unless fresh seeds refused it)
  RosterEvaluation recommended_fresh;           // on fresh seeds
  std::optional<RosterEvaluation> runner_up;    // next cheapest feasible on the sample
  std::optional<RosterEvaluation> given_fresh;  // the scenario's own roster, fresh seeds
  std::vector<RosterEvaluation> curve;          // every roster evaluated on the sample, cost order
  std::vector<SearchStep> path;
  std::vector<Marginal> marginals;                 // per variable, at the recommended roster
  double bound = 0;                                // integer program's last optimum on the sample
  double gap = 0;                                  // (cost - bound) / cost
  bool proven_on_sample = false;                   // the program's solution met every target
  std::vector<std::string> non_concave;            // targets where a cut proved not supporting
  std::vector<RosterEvaluation> candidates_fresh;  // cheaper candidates checked on fresh seeds
  bool fresh_confirmed = false;  // the recommendation meets every target on fresh seeds
  bool selection_holds = false;  // every cheaper candidate shown to miss or within delta
  std::string statement;         // the selection statement, for people
  std::string stop_reason;
  int iterations = 0;
  int replications_simulated = 0;  // runs computed now (not loaded from the store)
  int replications_used = 0;       // distinct (roster, replication) the procedure read
  int sample_reps = 0, fresh_reps = 0;
  std::uint64_t seed = 0, fresh_seed = 0;
  bool interrupted = false;
  double wall_time_s = 0;
  int threads_used = 1;
};

// The variables of `s` for the desk kinds named (every shift of each; "all" = every kind),
// with bounds and unit costs; per_desk: for a kind with several instances, every shift of
// every instance (`desks.<unit>:<kind>.roster.<shift>.headcount`). Throws
// scenario::ScenarioError (file "--vary-roster") for an unknown kind or a kind whose shifts
// give staff by skill set.
std::vector<RosterVariable> roster_variables(const scenario::Scenario& s,
                                             const std::vector<std::string>& kinds, RosterCost cost,
                                             int min_headcount, int max_headcount,
                                             bool per_desk = false);

// The --set overrides that give `roster` (one per variable).
std::vector<std::string> roster_sets(const std::vector<RosterVariable>& vars,
                                     const std::vector<int>& roster);

RosterOptimum optimise_roster(const OptimiserOptions& options, ResultStore& store);

}  // namespace hotline::study
