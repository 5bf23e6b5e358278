#include "hotline/study/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "hotline/model/records.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/study/replications.hpp"

namespace hotline::study {

const char* to_string(TargetMeasure m) {
  return m == TargetMeasure::warned ? "warned" : "lost";
}

const char* to_string(FitRole r) {
  switch (r) {
    case FitRole::rate:
      return "rate";
    case FitRole::weight:
      return "weight";
    case FitRole::rate_and_weight:
      return "rate+weight";
    case FitRole::would_pay:
      return "would_pay";
    case FitRole::check:
      break;
  }
  return "check";
}

bool TargetFit::within() const {
  return std::abs(value - simulated.mean) <= simulated.half_width;
}

std::vector<std::string> Calibration::overrides() const {
  std::vector<std::string> v;
  for (const auto& p : parameters) v.push_back(p.key + "=" + p.value);
  return v;
}

std::string format_significant(double value, int significant) {
  if (value == 0 || !std::isfinite(value)) return "0";
  const int digits = static_cast<int>(std::floor(std::log10(std::abs(value)))) + 1;
  const int decimals = std::max(0, significant - digits);
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

namespace {

// Counts, per target row and fraud type, the alerts that arrived in the row's period and unit
// subtree, and those of them lost. Reads only the final alert records.
class TargetCounter final : public model::Observer {
 public:
  TargetCounter(const scenario::Scenario& s, const std::vector<CalibrationTarget>& rows)
      : s_(&s), rows_(&rows), types_(s.fraud_types.size()) {
    warned_.assign(rows.size() * types_, 0);
    lost_.assign(rows.size() * types_, 0);
  }
  model::TraceMask trace_kinds() const override { return 0; }
  void on_alert_closed(const model::AlertRecord& a) override {
    for (std::size_t i = 0; i < rows_->size(); ++i) {
      const CalibrationTarget& t = (*rows_)[i];
      if (a.arrival < t.from || a.arrival >= t.to) continue;
      if (t.fraud_type >= 0 && t.fraud_type != a.fraud_type) continue;
      const auto& u = s_->units[static_cast<std::size_t>(t.unit)];
      if (a.unit < t.unit || a.unit >= t.unit + u.subtree_size) continue;
      const std::size_t k = i * types_ + static_cast<std::size_t>(a.fraud_type);
      warned_[k] += 1;
      if (a.outcome == model::Outcome::lost) lost_[k] += 1;
    }
  }
  double warned(std::size_t row, std::size_t type) const { return warned_[row * types_ + type]; }
  double lost(std::size_t row, std::size_t type) const { return lost_[row * types_ + type]; }

 private:
  const scenario::Scenario* s_;
  const std::vector<CalibrationTarget>* rows_;
  std::size_t types_;
  std::vector<double> warned_, lost_;
};

int depth(const scenario::Scenario& s, int unit) {
  int d = 0;
  for (int u = unit; s.units[static_cast<std::size_t>(u)].parent >= 0;
       u = s.units[static_cast<std::size_t>(u)].parent)
    ++d;
  return d;
}

// Units made by `generate` have no YAML entry of their own to set a weight on.
bool generated(const scenario::UnitSpec& u) {
  return u.id.find('/') != std::string::npos;
}

std::string unit_weight_key(const scenario::Scenario& s, int unit) {
  std::vector<int> chain;
  for (int u = unit; u > 0; u = s.units[static_cast<std::size_t>(u)].parent) chain.push_back(u);
  std::string key = "organisation";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    key += ".children." + s.units[static_cast<std::size_t>(*it)].id;
  return key + ".weight";
}

double clamp_factor(double target, double simulated) {
  if (simulated <= 0) return target > 0 ? 10.0 : 1.0;
  return std::clamp(target / simulated, 0.1, 10.0);
}

// The fitted values, as doubles; written with format_significant before every iteration.
struct Parameters {
  std::vector<double> rate;                      // per fraud type
  std::map<int, double> weight;                  // unit -> weight (fitted sibling groups)
  std::vector<std::array<double, 3>> would_pay;  // per fraud type
};

struct Plan {
  std::vector<TargetFit> fits;       // warned rows, then lost rows, in file order each
  std::vector<std::size_t> csv_row;  // fit -> index into targets.rows
  std::vector<bool> own_rate;        // per type: has rate rows of its own
  std::vector<bool> own_would_pay;   // per type: has would_pay rows of its own
  std::vector<int> weight_parents;   // parents of fitted sibling groups, in unit order
  bool fit_rates = false, fit_would_pay = false;
  bool top_level_would_pay = true;  // write would_pay.<g> rather than per type
};

Plan make_plan(const scenario::Scenario& s, const CalibrationTargets& targets) {
  Plan p;
  const std::size_t types = s.fraud_types.size();
  p.own_rate.assign(types, false);
  p.own_would_pay.assign(types, false);
  for (const TargetMeasure m : {TargetMeasure::warned, TargetMeasure::lost})
    for (std::size_t i = 0; i < targets.rows.size(); ++i) {
      const CalibrationTarget& t = targets.rows[i];
      const auto& v = m == TargetMeasure::warned ? t.warned : t.lost;
      if (!v) continue;
      TargetFit f;
      f.target = t;
      f.measure = m;
      f.value = *v;
      p.fits.push_back(f);
      p.csv_row.push_back(i);
    }
  // The shallowest rows of each (measure, fraud type key) fit the totals.
  std::map<std::pair<TargetMeasure, int>, int> shallowest;
  for (const auto& f : p.fits) {
    const auto key = std::make_pair(f.measure, f.target.fraud_type);
    const int d = depth(s, f.target.unit);
    const auto it = shallowest.find(key);
    if (it == shallowest.end() || d < it->second) shallowest[key] = d;
  }
  std::vector<bool> parent_fitted(s.units.size(), false);
  for (auto& f : p.fits) {
    const int d = depth(s, f.target.unit);
    const bool total = shallowest.at({f.measure, f.target.fraud_type}) == d;
    const auto& u = s.units[static_cast<std::size_t>(f.target.unit)];
    if (f.measure == TargetMeasure::warned) {
      const bool weight = f.target.fraud_type < 0 && d > 0 && !generated(u);
      if (weight) {
        for (std::size_t k = 0; k < types; ++k)
          if (!s.fraud_types[k].where_units.empty())
            throw scenario::ScenarioError(
                targets.file, f.target.line, f.target.unit_column,
                fmt::format("fraud type '{}' places its alerts by `where`, which unit weights do "
                            "not move, so targets for unit '{}' cannot be fitted (give targets "
                            "for the root '{}' only, or remove `where`)",
                            s.fraud_types[k].id, u.id, s.units.front().id));
        parent_fitted[static_cast<std::size_t>(u.parent)] = true;
      }
      f.role = total && weight ? FitRole::rate_and_weight
               : total         ? FitRole::rate
               : weight        ? FitRole::weight
                               : FitRole::check;
      if (total) {
        p.fit_rates = true;
        if (f.target.fraud_type >= 0)
          p.own_rate[static_cast<std::size_t>(f.target.fraud_type)] = true;
      }
    } else if (total) {
      f.role = FitRole::would_pay;
      p.fit_would_pay = true;
      if (f.target.fraud_type >= 0)
        p.own_would_pay[static_cast<std::size_t>(f.target.fraud_type)] = true;
    }
  }
  // `*` totals fit nothing when every type has rows of its own: they are only checked.
  const auto all_own = [](const std::vector<bool>& own) {
    return std::all_of(own.begin(), own.end(), [](bool b) { return b; });
  };
  for (auto& f : p.fits) {
    if (f.target.fraud_type >= 0) continue;
    if (f.role == FitRole::rate && all_own(p.own_rate)) f.role = FitRole::check;
    if (f.role == FitRole::rate_and_weight && all_own(p.own_rate)) f.role = FitRole::weight;
    if (f.role == FitRole::would_pay && all_own(p.own_would_pay)) f.role = FitRole::check;
  }
  for (std::size_t u = 0; u < s.units.size(); ++u)
    if (parent_fitted[u]) p.weight_parents.push_back(static_cast<int>(u));
  // The top-level would_pay serves the types without rows of their own only if they all
  // share it; otherwise each gets its own keys.
  const std::array<double, 3>* shared = nullptr;
  for (std::size_t k = 0; k < types; ++k) {
    if (p.own_would_pay[k]) continue;
    const auto& wp = s.fraud_types[k].would_pay;
    if (shared == nullptr)
      shared = &wp;
    else if (*shared != wp)
      p.top_level_would_pay = false;
  }
  return p;
}

// The fitted keys, in patch order: rates, unit weights, would_pay.
std::vector<FittedParameter> describe(const scenario::Scenario& base, const Plan& plan,
                                      const Parameters& now) {
  std::vector<FittedParameter> out;
  const auto add = [&](FittedParameter p, double value, int significant) {
    p.value = format_significant(value, significant);
    p.after = std::stod(p.value);
    out.push_back(std::move(p));
  };
  for (std::size_t k = 0; k < base.fraud_types.size(); ++k) {
    if (!plan.fit_rates) break;
    FittedParameter p;
    p.kind = FittedParameter::Kind::rate;
    p.fraud_type = static_cast<int>(k);
    p.key = "fraud_types." + base.fraud_types[k].id + ".rate_per_day";
    p.before = base.fraud_types[k].rate_per_day;
    add(p, now.rate[k], 5);
  }
  for (const auto& [unit, w] : now.weight) {
    FittedParameter p;
    p.kind = FittedParameter::Kind::unit_weight;
    p.unit = unit;
    p.key = unit_weight_key(base, unit);
    p.before = base.units[static_cast<std::size_t>(unit)].weight;
    add(p, w, 5);
  }
  if (plan.fit_would_pay) {
    // type -1: the top-level keys, with the values of `source` (a type without rows of its
    // own: they all share them).
    const auto add_wp = [&](int type, std::size_t source) {
      for (int g = 1; g <= 3; ++g) {
        FittedParameter p;
        p.kind = FittedParameter::Kind::would_pay;
        p.fraud_type = type;
        p.grade = g;
        p.key = (type < 0 ? std::string("would_pay.")
                          : "fraud_types." + base.fraud_types[source].id + ".would_pay.") +
                std::to_string(g);
        p.before = base.fraud_types[source].would_pay[static_cast<std::size_t>(g - 1)];
        add(p, std::min(1.0, now.would_pay[source][static_cast<std::size_t>(g - 1)]), 4);
      }
    };
    bool top_written = false;
    for (std::size_t k = 0; k < base.fraud_types.size(); ++k) {
      if (plan.own_would_pay[k] || !plan.top_level_would_pay) {
        add_wp(static_cast<int>(k), k);
      } else if (!top_written) {
        add_wp(-1, k);
        top_written = true;
      }
    }
  }
  return out;
}

}  // namespace

Calibration calibrate(const CalibrationOptions& options) {
  if (options.reps < 2)
    throw std::invalid_argument("calibrate needs at least 2 replications per iteration");
  if (options.iterations < 1) throw std::invalid_argument("calibrate needs at least 1 iteration");
  std::vector<scenario::Override> base_overrides;
  for (const auto& s : options.sets) base_overrides.push_back(scenario::parse_override(s));
  const scenario::Scenario base = scenario::load_scenario(options.scenario, base_overrides);
  const CalibrationTargets targets = read_calibration_targets(options.targets, base);
  Plan plan = make_plan(base, targets);
  if (options.after_load) options.after_load();

  const std::size_t types = base.fraud_types.size();
  Parameters now;
  for (const auto& f : base.fraud_types) {
    now.rate.push_back(f.rate_per_day);
    now.would_pay.push_back(f.would_pay);
  }
  for (const int parent : plan.weight_parents)
    for (const int c : base.units[static_cast<std::size_t>(parent)].children)
      now.weight[c] = base.units[static_cast<std::size_t>(c)].weight;

  Calibration out;
  out.seed = options.seed.value_or(base.seed);
  out.reps = options.reps;
  out.targets_file = targets.file;
  const int planned = options.iterations * options.reps;

  for (int it = 1; it <= options.iterations; ++it) {
    out.parameters = describe(base, plan, now);
    // What the iteration runs is exactly what the patch says: values as written.
    for (const auto& p : out.parameters) {
      switch (p.kind) {
        case FittedParameter::Kind::rate:
          now.rate[static_cast<std::size_t>(p.fraud_type)] = p.after;
          break;
        case FittedParameter::Kind::unit_weight:
          now.weight[p.unit] = p.after;
          break;
        case FittedParameter::Kind::would_pay:
          for (std::size_t k = 0; k < types; ++k)
            if (p.fraud_type == static_cast<int>(k) || (p.fraud_type < 0 && !plan.own_would_pay[k]))
              now.would_pay[k][static_cast<std::size_t>(p.grade - 1)] = p.after;
          break;
      }
    }
    std::vector<scenario::Override> overrides = base_overrides;
    for (const auto& p : out.parameters) overrides.push_back({p.key, p.value});
    scenario::Scenario sc;
    try {
      sc = scenario::load_scenario(options.scenario, overrides);
    } catch (const scenario::ScenarioError& e) {
      // The values are ours, not the user's --set: say so, and what to look at.
      throw scenario::ScenarioError(
          targets.file, 0, 0,
          fmt::format("iteration {} fitted values the scenario refuses ({}): are the targets "
                      "of the scenario's order of magnitude, and its rates per day?",
                      it, e.what()));
    }
    // The counters observe every alert of a run, which a split run (one model per part) does
    // not offer: calibration runs the scenario whole (only the streams differ).
    sc.split = false;

    std::vector<TargetCounter> counters;
    counters.reserve(static_cast<std::size_t>(options.reps));
    for (int r = 0; r < options.reps; ++r) counters.emplace_back(sc, targets.rows);
    ReplicationOptions ro;
    ro.seed = out.seed;
    ro.reps = options.reps;
    ro.threads = options.threads;
    ro.keep_desk_hours = false;
    ro.stop = options.stop;
    ro.observers_for = [&counters](int r) {
      return std::vector<model::Observer*>{&counters[static_cast<std::size_t>(r)]};
    };
    const int offset = (it - 1) * options.reps;
    if (options.progress)
      ro.progress = [&options, offset, planned](int done, int) {
        options.progress(offset + done, planned);
      };
    const ReplicationSet set = run_replications(sc, ro);
    if (set.interrupted) throw Interrupted();
    for (const auto& r : set.runs) out.events += r.events;

    // Per fit row: the count in each replication, and its mean per fraud type.
    std::vector<std::vector<double>> mean(plan.fits.size(), std::vector<double>(types, 0.0));
    CalibrationStep step;
    step.iteration = it;
    for (std::size_t i = 0; i < plan.fits.size(); ++i) {
      TargetFit& f = plan.fits[i];
      const std::size_t row = plan.csv_row[i];
      std::vector<double> xs;
      for (const auto& c : counters) {
        double x = 0;
        for (std::size_t k = 0; k < types; ++k) {
          const double v = f.measure == TargetMeasure::warned ? c.warned(row, k) : c.lost(row, k);
          x += v;
          mean[i][k] += v / options.reps;
        }
        xs.push_back(x);
      }
      f.simulated = estimate(xs);
      step.targets += 1;
      step.within += f.within() ? 1 : 0;
      step.worst_relative_error = std::max(
          step.worst_relative_error, std::abs(f.simulated.mean - f.value) / std::max(f.value, 1.0));
    }
    out.history.push_back(step);
    out.iterations = it;
    out.converged = step.within == step.targets;
    if (out.converged || it == options.iterations) {
      out.scenario = std::move(sc);
      break;
    }

    // A parameter moves only when a row it fits misses its CI: fitting rows that already
    // agree would only chase the replications' noise.
    // Rates: target / simulated over the rate rows of each key; the `*` rows' factor serves
    // the types without rows of their own, after what those types' own factors add.
    std::vector<double> rate_factor(types, 1.0);
    {
      std::vector<double> t_own(types, 0), s_own(types, 0);
      std::vector<bool> miss(types, false);
      for (std::size_t i = 0; i < plan.fits.size(); ++i) {
        const TargetFit& f = plan.fits[i];
        if (f.measure != TargetMeasure::warned || f.target.fraud_type < 0) continue;
        if (f.role != FitRole::rate && f.role != FitRole::rate_and_weight) continue;
        const auto k = static_cast<std::size_t>(f.target.fraud_type);
        t_own[k] += f.value;
        s_own[k] += mean[i][k];
        miss[k] = miss[k] || !f.within();
      }
      for (std::size_t k = 0; k < types; ++k)
        if (plan.own_rate[k] && miss[k]) rate_factor[k] = clamp_factor(t_own[k], s_own[k]);
      double t_all = 0, s_fixed = 0, s_rest = 0;
      bool any = false;
      for (std::size_t i = 0; i < plan.fits.size(); ++i) {
        const TargetFit& f = plan.fits[i];
        if (f.measure != TargetMeasure::warned || f.target.fraud_type >= 0) continue;
        if (f.role != FitRole::rate && f.role != FitRole::rate_and_weight) continue;
        any = any || !f.within();
        t_all += f.value;
        for (std::size_t k = 0; k < types; ++k)
          (plan.own_rate[k] ? s_fixed : s_rest) +=
              mean[i][k] * (plan.own_rate[k] ? rate_factor[k] : 1);
      }
      if (any) {
        const double c = clamp_factor(std::max(0.0, t_all - s_fixed), s_rest);
        for (std::size_t k = 0; k < types; ++k)
          if (!plan.own_rate[k]) rate_factor[k] = c;
      }
      for (std::size_t k = 0; k < types; ++k) now.rate[k] *= rate_factor[k];
    }

    // Unit weights: each fitted sibling group moves by target / simulated per child (the
    // untargeted children by the targeted ones' aggregate), keeping the group's total.
    {
      std::map<int, std::pair<double, double>> per_unit;  // unit -> (target, simulated)
      std::map<int, bool> unit_miss;
      for (std::size_t i = 0; i < plan.fits.size(); ++i) {
        const TargetFit& f = plan.fits[i];
        if (f.role != FitRole::weight && f.role != FitRole::rate_and_weight) continue;
        auto& ts = per_unit[f.target.unit];
        ts.first += f.value;
        for (std::size_t k = 0; k < types; ++k) ts.second += mean[i][k];
        unit_miss[f.target.unit] = unit_miss[f.target.unit] || !f.within();
      }
      for (const int parent : plan.weight_parents) {
        const auto& children = base.units[static_cast<std::size_t>(parent)].children;
        double t_sum = 0, s_sum = 0, old_total = 0;
        bool miss = false;
        for (const int c : children) {
          old_total += now.weight[c];
          if (const auto it2 = per_unit.find(c); it2 != per_unit.end()) {
            t_sum += it2->second.first;
            s_sum += it2->second.second;
            miss = miss || unit_miss[c];
          }
        }
        if (!miss) continue;
        const double rest = clamp_factor(t_sum, s_sum);
        double new_total = 0;
        for (const int c : children) {
          const auto it2 = per_unit.find(c);
          now.weight[c] *=
              it2 == per_unit.end() ? rest : clamp_factor(it2->second.first, it2->second.second);
          new_total += now.weight[c];
        }
        if (new_total > 0)
          for (const int c : children) now.weight[c] *= old_total / new_total;
      }
    }

    // would_pay: lost is about proportional to would_pay and to the rate; the rate change
    // just made is divided out, so the two fits do not both correct the same shortfall.
    if (plan.fit_would_pay) {
      // A would_pay also moves when its type's rate did, to keep lost where it was.
      std::vector<double> t_own(types, 0), s_own(types, 0);
      std::vector<bool> miss(types, false);
      for (std::size_t k = 0; k < types; ++k) miss[k] = rate_factor[k] != 1;
      for (std::size_t i = 0; i < plan.fits.size(); ++i) {
        const TargetFit& f = plan.fits[i];
        if (f.role != FitRole::would_pay || f.target.fraud_type < 0) continue;
        const auto k = static_cast<std::size_t>(f.target.fraud_type);
        t_own[k] += f.value;
        s_own[k] += mean[i][k] * rate_factor[k];
        miss[k] = miss[k] || !f.within();
      }
      std::vector<double> wp_factor(types, 1.0);
      for (std::size_t k = 0; k < types; ++k)
        if (plan.own_would_pay[k] && miss[k]) wp_factor[k] = clamp_factor(t_own[k], s_own[k]);
      double t_all = 0, s_fixed = 0, s_rest = 0;
      bool any = false;
      for (std::size_t k = 0; k < types; ++k) any = any || (!plan.own_would_pay[k] && miss[k]);
      for (std::size_t i = 0; i < plan.fits.size(); ++i) {
        const TargetFit& f = plan.fits[i];
        if (f.role != FitRole::would_pay || f.target.fraud_type >= 0) continue;
        any = any || !f.within();
        t_all += f.value;
        for (std::size_t k = 0; k < types; ++k) {
          const double predicted = mean[i][k] * rate_factor[k];
          if (plan.own_would_pay[k])
            s_fixed += predicted * wp_factor[k];
          else
            s_rest += predicted;
        }
      }
      if (any) {
        const double c = clamp_factor(std::max(0.0, t_all - s_fixed), s_rest);
        for (std::size_t k = 0; k < types; ++k)
          if (!plan.own_would_pay[k]) wp_factor[k] = c;
      }
      for (std::size_t k = 0; k < types; ++k)
        for (double& w : now.would_pay[k]) w = std::min(1.0, w * wp_factor[k]);
    }
  }
  out.rows = std::move(plan.fits);
  return out;
}

}  // namespace hotline::study
