#include "hotline/study/roster_optimiser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/integer_program.hpp"
#include "hotline/study/kpi_names.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/queueing_theory.hpp"
#include "hotline/study/replications.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "hotline/study/sweep.hpp"
#include "hotline/study/sweep_plan.hpp"

namespace hotline::study {

namespace {

constexpr const char* kAvoided = "all.avoided_yuan";
constexpr const char* kLost = "all.lost_yuan";
// The local search tries swaps (one down, a cheaper one up: n^2 rosters a round) only up to
// this many variables; beyond it (per-desk rosters of a large region) decrements only.
constexpr std::size_t kMaxSwapVariables = 16;

[[noreturn]] void bad(const std::string& option, const std::string& message) {
  throw scenario::ScenarioError(option, 0, 0, message);
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// "10min", "600s", "1h" -> seconds; -1 if not a duration.
double duration_seconds(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return -1;
  const double v = std::stod(text.substr(0, i));
  const std::string unit = text.substr(i);
  if (unit == "s" || unit.empty()) return v;
  if (unit == "min") return v * 60;
  if (unit == "h") return v * 3600;
  return -1;
}

// The KPI's value stated as the target states it: at_least targets as they are, at_most ones
// negated, so "meets" is always signed >= signed target.
double sign_of(const RosterTarget& t) {
  return t.at_least ? 1.0 : -1.0;
}

// What the procedure keeps of one roster on one replication set: the target and extra KPI
// columns, [kpi][replication].
struct Sample {
  RosterEvaluation eval;
  std::vector<std::vector<double>> columns;  // targets first, then the extra KPIs
};

double one_sided_quantile(int n, double alpha) {
  // A two-sided (1 - 2 alpha) t quantile is the one-sided (1 - alpha) one.
  return n >= 2 ? student_t_critical(1.0 - 2.0 * alpha, n - 1) : 0.0;
}

class Evaluator {
 public:
  Evaluator(const OptimiserOptions& o, ResultStore& store, const std::vector<RosterVariable>& vars,
            const std::vector<RosterTarget>& targets, std::vector<std::string> extra, RosterCost c,
            std::vector<scenario::Override> overrides, std::vector<scenario::Patch> patches,
            double base_cost)
      : o_(o),
        store_(store),
        vars_(vars),
        targets_(targets),
        extra_(std::move(extra)),
        cost_(c),
        overrides_(std::move(overrides)),
        patches_(std::move(patches)),
        base_cost_(base_cost) {}

  // Evaluates every roster not yet known on (seed, reps), in one sweep so they run in parallel.
  // `search`: part of the search, which --budget-reps stops; the checks after it (fresh
  // seeds, marginals) run whatever the budget.
  void evaluate(const std::vector<std::vector<int>>& rosters, std::uint64_t seed, int reps,
                bool search = true) {
    std::vector<std::vector<int>> pending;
    for (const auto& r : rosters)
      if (!known(r, seed) && std::find(pending.begin(), pending.end(), r) == pending.end())
        pending.push_back(r);
    if (pending.empty() || interrupted_ || stop_requested(o_.stop) || (search && over_budget()))
      return;
    // The plan of the rosters that load; one the loader refuses (a desk with nobody on any
    // shift while rules send it work) is a roster no target can accept.
    SweepPlan plan;
    plan.study.scenario = o_.scenario;
    plan.study.sets = o_.sets;
    plan.study.patches = o_.patches;
    plan.study.design = scenario::Design::list;
    for (const auto& v : vars_) plan.study.factors.push_back({v.label(), v.key, {}, std::nullopt});
    plan.study.seed = seed;
    plan.study.reps = reps;
    plan.seed = seed;
    std::vector<std::vector<int>> loaded;
    for (const auto& r : pending) {
      SweepVariant v;
      v.index = static_cast<int>(plan.variants.size());
      for (std::size_t i = 0; i < r.size(); ++i) {
        v.values.push_back(std::to_string(r[i]));
      }
      v.overrides = overrides_;
      for (std::size_t i = 0; i < r.size(); ++i) v.overrides.push_back({vars_[i].key, v.values[i]});
      try {
        v.scenario = scenario::load_scenario(o_.scenario, v.overrides, patches_);
      } catch (const scenario::ScenarioError& e) {
        Sample smp;
        smp.eval.roster = r;
        smp.eval.cost = base_cost_;
        for (std::size_t i = 0; i < r.size(); ++i)
          smp.eval.cost += vars_[i].unit_cost * (r[i] - vars_[i].given);
        smp.eval.loads = false;
        smp.eval.note = e.message();
        for (const auto& t : targets_) {
          smp.eval.kpi.push_back({});
          smp.eval.lower.push_back(t.at_least ? 0.0 : t.value);
        }
        samples_[{seed, r}] = std::move(smp);
        continue;
      }
      v.canonical = scenario::canonical_scenario_text(v.scenario, v.overrides, patches_);
      plan.variants.push_back(std::move(v));
      loaded.push_back(r);
    }
    pending = loaded;
    if (pending.empty()) return;
    if (o_.before_missing_batch) {
      bool missing = false;
      for (const auto& v : plan.variants)
        for (int r = 0; r < reps && !missing; ++r)
          missing = !store_.has(store_.key(v.canonical, seed, r));
      if (missing) o_.before_missing_batch(plan);
    }
    SweepOptions so;
    so.reps = reps;
    so.threads = o_.threads;
    so.stop = o_.stop;
    const SweepResult res = run_sweep(plan, store_, so);
    simulated_ += res.replications_run;
    threads_used_ = std::max(threads_used_, res.threads_used);
    if (res.interrupted) interrupted_ = true;
    for (std::size_t i = 0; i < plan.variants.size(); ++i) {
      const VariantOutcome& out = res.variants[i];
      if (!out.complete || out.reps() < reps) continue;  // interrupted: not known
      Sample smp;
      smp.eval.roster = pending[i];
      const StaffingCost sc = staffing_cost(plan.variants[i].scenario);
      smp.eval.cost = cost_ == RosterCost::yuan ? sc.total_yuan() : sc.operator_hours;
      smp.eval.canonical = plan.variants[i].canonical;
      smp.eval.feasible = true;
      std::vector<std::string> names;
      for (const auto& t : targets_) names.push_back(t.kpi);
      for (const auto& e : extra_) names.push_back(e);
      for (std::size_t k = 0; k < names.size(); ++k) {
        const int idx = out.kpi_index(names[k]);
        std::vector<double> col;
        for (const auto& rep : out.kpi_values)
          col.push_back(idx >= 0 ? rep[static_cast<std::size_t>(idx)] : 0.0);
        const Estimate e = estimate(col);
        smp.columns.push_back(std::move(col));
        if (k < targets_.size()) {
          const RosterTarget& t = targets_[k];
          const double bound = one_sided_bound(e, t.at_least);
          smp.eval.kpi.push_back(e);
          smp.eval.lower.push_back(bound);
          if (t.at_least ? bound < t.value : bound > t.value) smp.eval.feasible = false;
        } else {
          smp.eval.extra.push_back(e);
        }
      }
      used_ += reps;
      samples_[{seed, pending[i]}] = std::move(smp);
    }
  }

  bool known(const std::vector<int>& r, std::uint64_t seed) const {
    return samples_.count({seed, r}) > 0;
  }
  const Sample& at(const std::vector<int>& r, std::uint64_t seed) const {
    return samples_.at({seed, r});
  }
  std::vector<const Sample*> all(std::uint64_t seed) const {
    std::vector<const Sample*> out;
    for (const auto& [k, v] : samples_)
      if (k.first == seed) out.push_back(&v);
    return out;
  }
  bool stopped() const {
    return interrupted_ || stop_requested(o_.stop) ||
           (o_.budget_reps > 0 && simulated_ >= o_.budget_reps);
  }
  bool over_budget() const { return o_.budget_reps > 0 && simulated_ >= o_.budget_reps; }
  int simulated() const { return simulated_; }
  int used() const { return used_; }
  bool interrupted() const { return interrupted_; }
  int threads_used() const { return threads_used_; }
  void add_simulated(int n) {
    simulated_ += n;
    used_ += n;
  }

 private:
  const OptimiserOptions& o_;
  ResultStore& store_;
  const std::vector<RosterVariable>& vars_;
  const std::vector<RosterTarget>& targets_;
  std::vector<std::string> extra_;
  RosterCost cost_;
  std::vector<scenario::Override> overrides_;
  std::vector<scenario::Patch> patches_;
  double base_cost_ = 0;
  std::map<std::pair<std::uint64_t, std::vector<int>>, Sample> samples_;
  int simulated_ = 0;
  int used_ = 0;
  bool interrupted_ = false;
  int threads_used_ = 1;
};

// One cut of target k taken at point `at`: level + sum d_i (y_i - at_i) >= target (signed).
struct Cut {
  int target = 0;
  std::vector<int> at;
  double level = 0;  // signed lower bound at `at`
  std::vector<double> slope;
  double noise = 0;  // the half-width of the level's estimate: what "above the cut" must beat
  double predict(const std::vector<int>& y) const {
    double v = level;
    for (std::size_t i = 0; i < y.size(); ++i) v += slope[i] * (y[i] - at[i]);
    return v;
  }
};

// The patience of a grade's people, as Erlang A's exponential patience: the mean time to
// loss over the fraud types, weighted by their alerts of that grade. 0 when unknown.
double patience_rate(const scenario::Scenario& s, int grade) {
  double weight = 0, mean_ms = 0;
  for (const auto& f : s.fraud_types) {
    const double w = f.rate_per_day * f.grade_mix[static_cast<std::size_t>(grade - 1)];
    weight += w;
    mean_ms += w * f.time_to_loss[static_cast<std::size_t>(grade - 1)].mean();
  }
  return weight > 0 && mean_ms > 0 ? 1000.0 * weight / mean_ms : 0.0;
}

bool covers_hour(const scenario::ShiftSpec& sh, int hour) {
  bool any_day = false;
  for (bool d : sh.days) any_day = any_day || d;
  const int m = hour * 60 + 30;
  const int len = (sh.end_minute - sh.start_minute + 1440) % 1440;
  return any_day && (len == 0 || sh.minutes_in(m) < len);
}

// The Erlang start (see the header): one pilot of the scenario as given.
std::vector<int> erlang_start(const scenario::Scenario& base,
                              const std::vector<RosterVariable>& vars,
                              const std::vector<RosterTarget>& targets, const OptimiserOptions& o,
                              std::uint64_t seed, Evaluator& ev) {
  std::vector<int> x;
  for (const auto& v : vars) x.push_back(std::clamp(v.given, v.min, v.max));
  // The strictest share target, its reach time and its grade's patience; none: the roster
  // as given.
  double level = -1, reach = 0, theta = 0;
  for (const auto& t : targets) {
    if (!t.at_least || t.value <= 0 || t.value >= 1) continue;
    if (t.value > level || (t.value == level && t.reach_s < reach)) {
      level = t.value;
      reach = t.reach_s > 0 ? t.reach_s : engine::ticks(base.reporting.answer_within) / 1000.0;
      const bool graded =
          t.kpi.rfind("grade", 0) == 0 && t.kpi.size() > 5 && t.kpi[5] >= '1' && t.kpi[5] <= '3';
      theta = patience_rate(base, graded ? t.kpi[5] - '0' : 1);
    }
  }
  if (level < 0 || o.pilot_reps <= 0) return x;
  ReplicationOptions ro;
  ro.seed = seed;
  ro.reps = o.pilot_reps;
  ro.threads = o.threads;
  ro.keep_desk_hours = true;
  ro.stop = o.stop;
  const ReplicationSet pilot = run_replications(base, ro);
  ev.add_simulated(static_cast<int>(pilot.runs.size()));
  const int start_hour = base.clock.start.hour;
  // Per desk instance: arrivals by hour of day (mean per day) and mean busy time per task.
  const std::size_t nd = base.desks.size();
  std::vector<std::array<double, 24>> arrivals(nd), days(nd);
  std::vector<double> busy_h(nd, 0), tasks(nd, 0);
  for (const auto& dh : pilot.desk_hours_mean) {
    const auto d = static_cast<std::size_t>(dh.desk);
    if (d >= nd) continue;
    const int h = static_cast<int>((start_hour + dh.hour) % 24);
    arrivals[d][static_cast<std::size_t>(h)] += static_cast<double>(dh.arrivals);
    days[d][static_cast<std::size_t>(h)] += 1;
    busy_h[d] += dh.busy_mean;
    tasks[d] += static_cast<double>(dh.arrivals);
  }
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const RosterVariable& v = vars[i];
    int need = v.min;
    for (std::size_t d = 0; d < nd; ++d) {
      const scenario::DeskSpec& desk = base.desks[d];
      const bool staffs =
          v.desk.empty() ? desk.kind == v.kind && !desk.own_roster : desk.id == v.desk;
      if (!staffs || tasks[d] <= 0) continue;
      const double mean_s = busy_h[d] * 3600.0 / tasks[d];
      for (const auto& sh : desk.shifts) {
        if (sh.name != v.shift) continue;
        for (int h = 0; h < 24; ++h) {
          if (!covers_hour(sh, h) || days[d][static_cast<std::size_t>(h)] <= 0) continue;
          const double lambda = arrivals[d][static_cast<std::size_t>(h)] /
                                days[d][static_cast<std::size_t>(h)] / 3600.0;
          int c = 0;
          while (c < v.max &&
                 theory::erlang_a_service_level(c, lambda, 1.0 / mean_s, theta, reach) < level)
            ++c;
          need = std::max(need, c);
        }
      }
    }
    x[i] = std::clamp(need, v.min, v.max);
  }
  return x;
}

double signed_mean(const Sample& s, std::size_t k, const RosterTarget& t) {
  return sign_of(t) * s.eval.kpi[k].mean;
}
double signed_bound(const Sample& s, std::size_t k, const RosterTarget& t) {
  return sign_of(t) * s.eval.lower[k];
}

std::string roster_text(const std::vector<int>& r) {
  return fmt::format("({})", fmt::join(r, ", "));
}

}  // namespace

std::vector<RosterTarget> resolve_targets(const scenario::Scenario& s,
                                          const std::vector<std::string>& texts) {
  const std::vector<std::string> known = kpi_names(s);
  std::vector<RosterTarget> out;
  if (texts.empty())
    bad("--target",
        "give at least one target, e.g. --target 'grade1.reached_within(10min) >= 0.95 per "
        "shift'");
  for (const std::string& raw : texts) {
    std::string text = trim(raw);
    bool per_interval = false;
    for (const char* suffix : {" per shift", " per interval"}) {
      const std::string sfx = suffix;
      if (text.size() > sfx.size() && text.ends_with(sfx)) {
        per_interval = true;
        text = trim(text.substr(0, text.size() - sfx.size()));
      }
    }
    std::string compact;
    for (char c : text)
      if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    scenario::Target t = scenario::parse_target(compact);
    double reach_s = 0;
    // gradeG.reached_within(10min) -> gradeG.reached_within_600s when G's target is 10 min.
    if (const auto open = t.kpi.find(".reached_within("); open != std::string::npos) {
      const auto close = t.kpi.find(')', open);
      const std::string group = t.kpi.substr(0, open);
      const std::string dur = t.kpi.substr(
          open + 16, close == std::string::npos ? std::string::npos : close - open - 16);
      const double secs = duration_seconds(dur);
      if (secs < 0 || close == std::string::npos)
        bad("--target", fmt::format("'{}': expected a time such as reached_within(10min)", raw));
      if (group.rfind("grade", 0) != 0 || group.size() != 6 || group[5] < '1' || group[5] > '3')
        bad("--target", fmt::format("'{}': reached_within(T) is per grade: grade1, grade2 or "
                                    "grade3 (e.g. grade1.reached_within(10min))",
                                    raw));
      const int g = group[5] - '0';
      const double has =
          engine::ticks(s.reporting.reach_within[static_cast<std::size_t>(g - 1)]) / 1000.0;
      if (std::abs(has - secs) > 1e-9)
        bad("--target", fmt::format("'{}': the scenario counts grade {} as reached within {:g}s "
                                    "(reporting.reach_within), not {:g}s: use "
                                    "grade{}.reached_within({:g}s) or change reach_within",
                                    raw, g, has, secs, g, has));
      t.kpi = reached_kpi_name(s, g) + t.kpi.substr(close + 1);
    }
    if (t.kpi.find(".reached_within_") != std::string::npos) {
      const auto p = t.kpi.find(".reached_within_") + 16;
      reach_s = duration_seconds(t.kpi.substr(p, t.kpi.find('.', p) - p));
    }
    std::vector<std::string> kpis;
    if (per_interval) {
      for (const auto& iv : s.reporting.intervals) kpis.push_back(t.kpi + "." + iv.name);
    } else {
      kpis.push_back(t.kpi);
    }
    for (const auto& k : kpis) {
      if (const std::string msg = unknown_kpi_message(k, known); !msg.empty()) bad("--target", msg);
      out.push_back({k, t.at_least, t.value, reach_s, raw});
    }
  }
  return out;
}

std::vector<RosterVariable> roster_variables(const scenario::Scenario& s,
                                             const std::vector<std::string>& kinds, RosterCost cost,
                                             int min_headcount, int max_headcount, bool per_desk) {
  std::vector<std::string> names;
  for (const auto& k : kinds) {
    if (k == "all") {
      names = s.desk_kinds;
      break;
    }
    if (std::find(s.desk_kinds.begin(), s.desk_kinds.end(), k) == s.desk_kinds.end())
      bad("--vary-roster", fmt::format("no desk kind '{}' in the scenario (its desk kinds: {}; or "
                                       "'all')",
                                       k, fmt::join(s.desk_kinds, ", ")));
    if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  }
  if (names.empty())
    bad("--vary-roster", "name the desk kinds whose rosters may change, e.g. --vary-roster 96110");
  if (cost == RosterCost::yuan && !s.costs.given)
    bad("--cost", "--cost yuan needs the scenario's costs: section (or use --cost staff_hours)");
  const StaffingCost base = staffing_cost(s);
  const double base_cost = cost == RosterCost::yuan ? base.total_yuan() : base.operator_hours;
  std::vector<RosterVariable> out;
  // One variable: `desk` "" = the kind's roster (its instances without their own), else the
  // one instance. The price of one more operator: staffing_cost is linear in headcount
  // (breaks are paid), so the difference of one more is exact.
  auto add = [&](const std::string& kind, const std::string& desk, const scenario::ShiftSpec& sh) {
    if (!sh.staff.empty())
      bad("--vary-roster", fmt::format("desk kind '{}' gives shift '{}' by skill set (staff:); "
                                       "the optimiser varies headcounts only (give the shift a "
                                       "headcount, or leave the kind out)",
                                       kind, sh.name));
    RosterVariable v;
    v.kind = kind;
    v.desk = desk;
    v.shift = sh.name;
    v.key = fmt::format("desks.{}.roster.{}.headcount", desk.empty() ? kind : desk, sh.name);
    v.given = sh.headcount;
    v.min = std::max(0, min_headcount);
    v.max = max_headcount >= 0 ? max_headcount : std::max(2 * sh.headcount, sh.headcount + 4);
    if (v.max < v.min)
      bad("--headcount",
          fmt::format("the largest headcount {} is below the smallest {}", v.max, v.min));
    scenario::Scenario more = s;
    for (auto& d : more.desks) {
      if (desk.empty() ? (d.kind != kind || d.own_roster) : d.id != desk) continue;
      ++v.instances;
      for (auto& dsh : d.shifts)
        if (dsh.name == sh.name) ++dsh.headcount;
    }
    const StaffingCost c = staffing_cost(more);
    v.unit_cost = (cost == RosterCost::yuan ? c.total_yuan() : c.operator_hours) - base_cost;
    out.push_back(v);
  };
  for (const auto& kind : names) {
    const auto ki = static_cast<std::size_t>(
        std::find(s.desk_kinds.begin(), s.desk_kinds.end(), kind) - s.desk_kinds.begin());
    int instances = 0;
    for (const auto& d : s.desks) instances += d.kind == kind ? 1 : 0;
    if (per_desk && instances > 1) {
      for (const auto& d : s.desks)
        if (d.kind == kind)
          for (const auto& sh : d.shifts) add(kind, d.id, sh);
    } else {
      for (const auto& sh : s.kind_rosters[ki].shifts) add(kind, "", sh);
    }
  }
  return out;
}

std::vector<std::string> roster_sets(const std::vector<RosterVariable>& vars,
                                     const std::vector<int>& roster) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < vars.size(); ++i)
    out.push_back(fmt::format("{}={}", vars[i].key, roster[i]));
  return out;
}

RosterOptimum optimise_roster(const OptimiserOptions& o, ResultStore& store) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  std::vector<scenario::Patch> patches;
  for (const auto& f : o.patches) patches.push_back(scenario::read_patch_file(f));
  const scenario::Scenario base = scenario::load_scenario(o.scenario, overrides, patches);

  RosterOptimum res;
  res.targets = resolve_targets(base, o.targets);
  res.variables =
      roster_variables(base, o.kinds, o.cost, o.min_headcount, o.max_headcount, o.per_desk);
  res.extra_kpis = {kAvoided, kLost};
  res.cost_unit = o.cost == RosterCost::yuan ? "yuan" : "operator-hours";
  res.seed = o.seed.value_or(base.seed);
  res.fresh_seed = o.fresh_seed.value_or(res.seed + 1000003);
  res.sample_reps = std::max(2, o.sample_reps);
  res.fresh_reps = std::max(2, o.fresh_reps);
  if (res.fresh_seed == res.seed)
    bad("--fresh-seed", "the fresh seed must differ from the sample's seed");
  const auto& vars = res.variables;
  const auto& targets = res.targets;
  const std::size_t n = vars.size();
  for (const auto& v : vars) res.given.push_back(v.given);

  const StaffingCost base_price = staffing_cost(base);
  Evaluator ev(o, store, vars, targets, res.extra_kpis, o.cost, overrides, patches,
               o.cost == RosterCost::yuan ? base_price.total_yuan() : base_price.operator_hours);
  const int R = res.sample_reps;
  const std::uint64_t seed = res.seed;
  auto progress = [&](const std::string& phase) {
    if (o.progress) o.progress(phase, ev.simulated());
  };
  auto step = [&](int iteration, const std::string& what, const std::vector<int>& r, double bound,
                  int cuts) {
    const Sample& s = ev.at(r, seed);
    res.path.push_back(
        {iteration, what, r, s.eval.cost, s.eval.feasible, bound, cuts, ev.simulated()});
  };

  progress("Erlang start");
  res.erlang = erlang_start(base, vars, targets, o, seed, ev);

  // 3. The cut loop.
  IntegerProgram ip;
  for (const auto& v : vars) {
    ip.cost.push_back(v.unit_cost);
    ip.lower.push_back(v.min);
    ip.upper.push_back(v.max);
  }
  std::vector<Cut> cuts;
  std::vector<int> row_target;  // per row of ip: the target of its cut, -1 for a loader's row
  std::set<int> non_concave;
  std::optional<std::vector<int>> incumbent;
  auto consider = [&](const std::vector<int>& r) {
    const Sample& s = ev.at(r, seed);
    if (!s.eval.feasible) return;
    if (!incumbent || s.eval.cost < ev.at(*incumbent, seed).eval.cost - 1e-9) incumbent = r;
  };
  // A point above an earlier cut of its target by more than the noise shows the cut was no
  // supporting plane there: the service level is not concave along that direction.
  auto check_concavity = [&](const std::vector<int>& r) {
    const Sample& s = ev.at(r, seed);
    if (!s.eval.loads) return;
    for (const Cut& c : cuts) {
      const auto k = static_cast<std::size_t>(c.target);
      const double tol = c.noise + s.eval.kpi[k].half_width;
      if (signed_bound(s, k, targets[k]) > c.predict(r) + tol) non_concave.insert(c.target);
    }
  };
  std::vector<int> x = res.erlang;
  ev.evaluate({x}, seed, R, false);  // the start runs whatever the budget
  if (!ev.known(x, seed)) {
    res.interrupted = true;
    res.stop_reason = "interrupted before the first roster finished";
    res.replications_simulated = ev.simulated();
    res.replications_used = ev.used();
    return res;
  }
  // The objective without the rosters not varied: cost(y) = c0 + sum unit_cost_i y_i.
  double c0 = ev.at(x, seed).eval.cost;
  for (std::size_t i = 0; i < n; ++i) c0 -= vars[i].unit_cost * x[i];
  step(0, "Erlang start", x, 0, 0);
  consider(x);
  bool from_program = false;
  int iteration = 0;
  for (; iteration < o.max_iterations; ++iteration) {
    progress(fmt::format("cut loop, iteration {}", iteration + 1));
    const Sample& sx = ev.at(x, seed);
    if (sx.eval.feasible && from_program) {
      res.proven_on_sample = true;
      res.stop_reason = "the integer program's solution meets every target on the sample";
      break;
    }
    if (!sx.eval.loads) {
      // Nothing to differentiate. The loader refuses a roster that leaves a desk unstaffed
      // while rules send it work, which only staffing a shift at 0 can mend: one of them must
      // be staffed (or, with none at 0, at least one more operator somewhere).
      IntegerProgram::Row row;
      // Shifts of one desk never overlap, so a shift at 0 of the desk the loader names is a
      // gap only staffing that shift closes: y_i >= 1 for each.
      const std::string& why = sx.eval.note;
      bool named = false;
      for (std::size_t i = 0; i < n; ++i) {
        if (x[i] != 0) continue;
        const std::string& kind = vars[i].kind;
        const bool named_here = vars[i].desk.empty()
                                    ? why.find("'" + kind + "'") != std::string::npos ||
                                          why.find(":" + kind + "'") != std::string::npos
                                    : why.find("'" + vars[i].desk + "'") != std::string::npos;
        if (!named_here) continue;
        IntegerProgram::Row row;
        row.coef.assign(n, 0.0);
        row.coef[i] = 1.0;
        row.at_least = 1.0;
        ip.rows.push_back(row);
        row_target.push_back(-1);
        named = true;
      }
      if (!named) {
        IntegerProgram::Row row;
        row.coef.assign(n, 1.0);
        row.at_least = 1.0;
        for (int h : x) row.at_least += h;
        ip.rows.push_back(row);
        row_target.push_back(-1);
      }
    } else if (!sx.eval.feasible || iteration == 0) {
      // Cuts for the targets x misses; at a start that meets them all, for every target (a
      // supporting plane is valid at any point, and they let the program move down from it).
      const bool all_targets = sx.eval.feasible;
      // Forward differences: x + e_i for every variable not at its upper bound.
      std::vector<std::vector<int>> nb;
      for (std::size_t i = 0; i < n; ++i)
        if (x[i] < vars[i].max) {
          auto y = x;
          ++y[i];
          nb.push_back(y);
        }
      ev.evaluate(nb, seed, R);
      for (const auto& y : nb)
        if (ev.known(y, seed)) {
          check_concavity(y);
          consider(y);
        }
      if (ev.stopped()) {
        res.stop_reason = ev.interrupted() ? "interrupted" : "replication budget reached";
        break;
      }
      const Sample& s0 = ev.at(x, seed);
      for (std::size_t k = 0; k < targets.size(); ++k) {
        const double level = signed_bound(s0, k, targets[k]);
        const double goal = sign_of(targets[k]) * targets[k].value;
        if (level >= goal && !all_targets) continue;
        Cut c;
        c.target = static_cast<int>(k);
        c.at = x;
        c.level = level;
        c.noise = s0.eval.kpi[k].half_width;
        c.slope.assign(n, 0.0);
        bool any = false;
        for (std::size_t i = 0; i < n; ++i) {
          if (x[i] >= vars[i].max) continue;
          auto y = x;
          ++y[i];
          const double d =
              signed_mean(ev.at(y, seed), k, targets[k]) - signed_mean(s0, k, targets[k]);
          c.slope[i] = std::max(0.0, d);
          any = any || c.slope[i] > 1e-12;
        }
        IntegerProgram::Row row;
        if (!any && level >= goal) continue;  // met, and no direction to plane
        if (any) {
          row.coef = c.slope;
          row.at_least = goal - level;
          for (std::size_t i = 0; i < n; ++i) row.at_least += c.slope[i] * x[i];
        } else {
          // No variable moves this target on the sample: at least one more operator somewhere
          // (not a supporting plane; the target is marked).
          non_concave.insert(c.target);
          row.coef.assign(n, 1.0);
          row.at_least = 1.0;
          for (int h : x) row.at_least += h;
          c.slope.assign(n, 0.0);
        }
        ip.rows.push_back(row);
        row_target.push_back(c.target);
        cuts.push_back(std::move(c));
      }
    }
    const IntegerSolution sol = solve_integer_program(ip);
    if (!sol.feasible) {
      res.stop_reason = incumbent ? "the integer program has no solution left below the incumbent"
                                  : "no roster within the headcount bounds satisfies the cuts";
      break;
    }
    res.bound = c0 + sol.objective;
    if (incumbent && ev.at(*incumbent, seed).eval.cost <= res.bound + 1e-6) {
      // An incumbent below the program's optimum violates a cut although it meets every
      // target: that cut was no supporting plane (not concave there), and the optimum is no
      // bound. Otherwise the incumbent is optimal for the cuts.
      const auto& inc = *incumbent;
      bool cut_off = false;
      for (std::size_t row = 0; row < ip.rows.size(); ++row) {
        double lhs = 0;
        for (std::size_t i = 0; i < n; ++i) lhs += ip.rows[row].coef[i] * inc[i];
        if (lhs >= ip.rows[row].at_least - 1e-9) continue;
        cut_off = true;
        if (row_target[row] >= 0) non_concave.insert(row_target[row]);
      }
      res.proven_on_sample = !cut_off;
      res.stop_reason = cut_off
                            ? fmt::format(
                                  "the integer program's optimum ({:.6g}) is above the incumbent, "
                                  "which some cuts exclude although it meets every target",
                                  res.bound)
                            : "the incumbent's cost reaches the integer program's bound";
      if (cut_off) res.bound = ev.at(inc, seed).eval.cost;
      break;
    }
    x = sol.x;
    from_program = true;
    ev.evaluate({x}, seed, R);
    if (!ev.known(x, seed)) {
      res.stop_reason = ev.interrupted() ? "interrupted" : "replication budget reached";
      break;
    }
    check_concavity(x);
    consider(x);
    step(iteration + 1, "integer program", x, res.bound, static_cast<int>(ip.rows.size()));
    if (ev.over_budget()) {
      res.stop_reason = "replication budget reached";
      ++iteration;
      break;
    }
  }
  if (res.stop_reason.empty()) res.stop_reason = "iteration limit reached";
  res.iterations = iteration;
  for (int k : non_concave) res.non_concave.push_back(targets[static_cast<std::size_t>(k)].kpi);

  // 4. Local search from the incumbent: one down, or one down and a cheaper one up (at most
  // n^2 rosters a round), until no neighbour is cheaper and meets every target. It runs
  // always: where the service levels are not concave the cuts may have cut off the optimum,
  // and a cut's plane is estimated, so even where they are it guards against noise.
  if (incumbent) {
    progress("local search");
    bool moved = true;
    while (moved && !ev.stopped()) {
      moved = false;
      std::vector<std::vector<int>> nb;
      const auto& inc = *incumbent;
      for (std::size_t i = 0; i < n; ++i) {
        if (inc[i] <= vars[i].min) continue;
        auto y = inc;
        --y[i];
        nb.push_back(y);
        if (n > kMaxSwapVariables) continue;
        for (std::size_t j = 0; j < n; ++j) {
          if (j == i || inc[j] >= vars[j].max || vars[j].unit_cost >= vars[i].unit_cost) continue;
          auto z = y;
          ++z[j];
          nb.push_back(z);
        }
      }
      ev.evaluate(nb, seed, R);
      const double before = ev.at(inc, seed).eval.cost;
      for (const auto& y : nb)
        if (ev.known(y, seed)) consider(y);
      if (ev.at(*incumbent, seed).eval.cost < before - 1e-9) {
        moved = true;
        step(iteration, "local search", *incumbent, res.bound, static_cast<int>(ip.rows.size()));
      }
    }
  }

  // The curve: every roster evaluated on the sample, cheapest first.
  for (const Sample* s : ev.all(seed)) res.curve.push_back(s->eval);
  std::stable_sort(res.curve.begin(), res.curve.end(),
                   [](const auto& a, const auto& b) { return a.cost < b.cost; });
  if (!incumbent) {
    res.found = false;
    res.statement =
        "no roster evaluated meets every target on the sample (raise --headcount's "
        "upper end, --budget-reps, or check the targets)";
    res.replications_simulated = ev.simulated();
    res.replications_used = ev.used();
    res.interrupted = ev.interrupted();
    res.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }
  res.found = true;

  // 5. Fresh seeds: the recommendation (if it fails, the next feasible ones, up to three),
  // the scenario's own roster, and the cheaper candidates nearest the recommendation.
  progress("fresh-seed check");
  std::vector<std::vector<int>> feasible;
  for (const auto& e : res.curve)
    if (e.feasible) feasible.push_back(e.roster);
  std::vector<int> rec = *incumbent;
  res.sample_optimum = ev.at(rec, seed).eval;
  {
    std::vector<std::vector<int>> batch = {rec, res.given};
    ev.evaluate(batch, res.fresh_seed, res.fresh_reps, false);
  }
  const auto start = std::find(feasible.begin(), feasible.end(), rec);
  for (auto it = start; it != feasible.end() && it - start < 3; ++it) {
    ev.evaluate({*it}, res.fresh_seed, res.fresh_reps, false);
    if (ev.known(*it, res.fresh_seed) && ev.at(*it, res.fresh_seed).eval.feasible) {
      rec = *it;
      res.fresh_confirmed = true;
      break;
    }
  }
  res.recommended = ev.at(rec, seed).eval;
  if (ev.known(rec, res.fresh_seed)) res.recommended_fresh = ev.at(rec, res.fresh_seed).eval;
  if (ev.known(res.given, res.fresh_seed)) res.given_fresh = ev.at(res.given, res.fresh_seed).eval;
  res.gap = res.recommended.cost > 0
                ? std::max(0.0, (res.recommended.cost - res.bound) / res.recommended.cost)
                : 0.0;

  // Selection statement: the cheaper candidates nearest the recommendation (up to four).
  std::vector<std::vector<int>> cheaper;
  for (auto it = res.curve.rbegin(); it != res.curve.rend(); ++it)
    if (it->cost < res.recommended.cost - 1e-9 && cheaper.size() < 4) cheaper.push_back(it->roster);
  ev.evaluate(cheaper, res.fresh_seed, res.fresh_reps, false);
  const double alpha =
      0.05 / static_cast<double>(std::max<std::size_t>(1, cheaper.size() * targets.size()));
  int shown_missing = 0, within_delta = 0, undecided = 0;
  for (const auto& c : cheaper) {
    if (!ev.known(c, res.fresh_seed)) {
      ++undecided;
      continue;
    }
    const Sample& s = ev.at(c, res.fresh_seed);
    res.candidates_fresh.push_back(s.eval);
    bool misses = false, near = false;
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const Estimate& e = s.eval.kpi[k];
      const double q = one_sided_quantile(e.n, alpha) * e.sd / std::sqrt(std::max(1, e.n));
      const double upper = sign_of(targets[k]) * e.mean + q;  // signed upper bound
      const double goal = sign_of(targets[k]) * targets[k].value;
      misses = misses || upper < goal;
      near = near || upper < goal + o.delta;
    }
    if (misses)
      ++shown_missing;
    else if (near)
      ++within_delta;
    else
      ++undecided;
  }
  res.selection_holds = res.fresh_confirmed && undecided == 0;
  const int k_total = static_cast<int>(cheaper.size()) + 1;
  if (!res.fresh_confirmed) {
    res.statement = fmt::format(
        "roster {} met every target on the sample but NOT on {} fresh replications (seed {}), "
        "nor did the next feasible ones: the targets are too close to call with {} sample "
        "replications (raise --sample-reps)",
        roster_text(rec), res.fresh_reps, res.fresh_seed, R);
  } else if (res.selection_holds) {
    res.statement = fmt::format(
        "roster {} meets every target (one-sided 95% bounds on {} fresh replications, seed {}), "
        "and is the cheapest of these {} within δ = {:g} with probability >= 0.95: of the {} "
        "cheaper candidates, {} miss a target and {} meet none by more than δ (Bonferroni over "
        "{} candidate-target pairs)",
        roster_text(rec), res.fresh_reps, res.fresh_seed, k_total, o.delta, cheaper.size(),
        shown_missing, within_delta, cheaper.size() * targets.size());
  } else {
    res.statement = fmt::format(
        "roster {} meets every target (one-sided 95% bounds on {} fresh replications, seed {}); "
        "{} of the {} cheaper candidates could not be told apart from the targets at "
        "probability 0.95 within δ = {:g} (more --fresh-reps would decide them)",
        roster_text(rec), res.fresh_reps, res.fresh_seed, undecided, cheaper.size(), o.delta);
  }

  // Marginal ¥ avoided of one more operator per variable, at the recommendation (sample).
  progress("marginals");
  std::vector<std::vector<int>> up;
  for (std::size_t i = 0; i < n; ++i) {
    auto y = rec;
    ++y[i];
    up.push_back(y);
  }
  ev.evaluate(up, seed, R, false);
  const double days = std::max(1e-9, staffing_cost(base).days);
  const std::size_t avoided_col = targets.size();
  for (std::size_t i = 0; i < n; ++i) {
    Marginal m;
    m.variable = static_cast<int>(i);
    m.cost = vars[i].unit_cost;
    if (ev.known(up[i], seed)) {
      const auto& a = ev.at(rec, seed).columns[avoided_col];
      const auto& b = ev.at(up[i], seed).columns[avoided_col];
      std::vector<double> d;
      for (std::size_t r = 0; r < std::min(a.size(), b.size()); ++r)
        d.push_back((b[r] - a[r]) / days);
      m.avoided_yuan = estimate(d);
    }
    res.marginals.push_back(m);
  }
  // The curve again, with the rosters the marginals added; the runner-up is the next cheapest
  // roster after the recommendation that meets every target on the sample.
  res.curve.clear();
  for (const Sample* s : ev.all(seed)) res.curve.push_back(s->eval);
  std::stable_sort(res.curve.begin(), res.curve.end(),
                   [](const auto& a, const auto& b) { return a.cost < b.cost; });
  for (const auto& e : res.curve)
    if (e.feasible && e.roster != rec && e.cost >= res.recommended.cost) {
      res.runner_up = e;
      break;
    }
  res.replications_simulated = ev.simulated();
  res.replications_used = ev.used();
  res.interrupted = ev.interrupted();
  res.threads_used = ev.threads_used();
  res.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace hotline::study
