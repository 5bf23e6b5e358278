#include "hotline/study/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "hotline/study/kpi_names.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/run_workers.hpp"
#include "hotline/study/shard.hpp"

namespace hotline::study {

int VariantOutcome::kpi_index(const std::string& name) const {
  const auto it = std::find(kpi_names.begin(), kpi_names.end(), name);
  return it == kpi_names.end() ? -1 : static_cast<int>(it - kpi_names.begin());
}

double one_sided_bound(const Estimate& e, bool lower) {
  if (e.n < 2) return e.mean;
  // A two-sided 90% t quantile is the one-sided 95% one.
  const double h = student_t_critical(0.90, e.n - 1) * e.sd / std::sqrt(double(e.n));
  return lower ? e.mean - h : e.mean + h;
}

Estimate paired_difference(const VariantOutcome& a, const VariantOutcome& b,
                           const std::string& kpi) {
  const int ia = a.kpi_index(kpi), ib = b.kpi_index(kpi);
  if (ia < 0 || ib < 0) return {};
  const std::size_t n = std::min(a.kpi_values.size(), b.kpi_values.size());
  std::vector<double> d;
  d.reserve(n);
  for (std::size_t r = 0; r < n; ++r)
    d.push_back(b.kpi_values[r][static_cast<std::size_t>(ib)] -
                a.kpi_values[r][static_cast<std::size_t>(ia)]);
  return estimate(d);
}

namespace {

// What the sweep knows of one variant while it runs.
struct VariantState {
  std::vector<std::string> keys;                           // by replication
  std::vector<std::optional<std::vector<double>>> values;  // by replication, once available
  std::vector<std::string> kpi_names;
  int planned = 0;  // replications asked for so far
  int checked = 0;  // auto: prefixes up to this length were judged not precise enough
  int chosen = -1;  // replications used, once decided
  bool precision_reached = true;
};

int available_prefix(const VariantState& v) {
  int k = 0;
  while (k < static_cast<int>(v.values.size()) && v.values[static_cast<std::size_t>(k)]) ++k;
  return k;
}

bool precise_enough(const VariantState& v, int k, const SweepOptions& o) {
  for (const auto& name : o.precision_kpis) {
    const auto it = std::find(v.kpi_names.begin(), v.kpi_names.end(), name);
    if (it == v.kpi_names.end()) continue;
    const auto idx = static_cast<std::size_t>(it - v.kpi_names.begin());
    std::vector<double> col;
    for (int r = 0; r < k; ++r) col.push_back((*v.values[static_cast<std::size_t>(r)])[idx]);
    const Estimate e = estimate(col);
    const double hw = o.precision_absolute ? e.half_width : e.relative_half_width();
    if (!(hw <= o.precision)) return false;
  }
  return true;
}

struct Job {
  int variant;
  int rep;
};

}  // namespace

SweepResult run_sweep(const SweepPlan& plan, ResultStore& store, const SweepOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(threads, 1);
  SweepResult result;
  result.threads_used = threads;
  const int nv = static_cast<int>(plan.variants.size());
  std::vector<VariantState> state(static_cast<std::size_t>(nv));
  // Each variant's KPI names, known before it runs: replications build their values only.
  std::vector<std::shared_ptr<const std::vector<std::string>>> names;
  for (const auto& v : plan.variants)
    names.push_back(std::make_shared<const std::vector<std::string>>(kpi_names(v.scenario)));
  std::mutex mutex;  // guards state, store and progress while workers run
  int done_reps = 0, planned_reps = 0, done_variants = 0;
  auto report = [&] {
    if (o.progress) o.progress(done_variants, nv, done_reps, planned_reps);
  };

  while (true) {
    // Plan the next round: what every undecided variant still needs.
    std::vector<Job> jobs;
    for (int v = 0; v < nv; ++v) {
      VariantState& s = state[static_cast<std::size_t>(v)];
      if (s.chosen >= 0) continue;
      const int want = !o.auto_reps     ? std::max(1, o.reps)
                       : s.planned == 0 ? std::max(2, o.min_reps)
                                        : std::min(o.max_reps, s.planned + threads);
      for (int r = s.planned; r < want; ++r) {
        jobs.push_back({v, r});
        s.keys.push_back(
            store.key(plan.variants[static_cast<std::size_t>(v)].canonical, plan.seed, r));
      }
      s.values.resize(static_cast<std::size_t>(want));
      planned_reps += want - s.planned;
      s.planned = want;
    }
    if (jobs.empty()) break;

    // Finished keys come from the store; the rest run on the pool.
    std::vector<Job> to_run;
    for (const Job& j : jobs) {
      VariantState& s = state[static_cast<std::size_t>(j.variant)];
      const std::string& key = s.keys[static_cast<std::size_t>(j.rep)];
      std::optional<StoredReplication> stored;
      if (store.has(key)) stored = store.load(key);
      if (!stored) {
        to_run.push_back(j);
        continue;
      }
      if (s.kpi_names.empty()) s.kpi_names = *stored->kpi_names;
      s.values[static_cast<std::size_t>(j.rep)] = std::move(stored->kpi_values);
      ++result.replications_loaded;
      ++done_reps;
    }
    report();

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};  // a replication threw: start no more
    std::vector<std::exception_ptr> errors(to_run.size());
    auto worker = [&] {
      while (!stop_requested(o.stop) && !failed) {
        const std::size_t i = next++;
        if (i >= to_run.size()) break;
        const Job j = to_run[i];
        const SweepVariant& variant = plan.variants[static_cast<std::size_t>(j.variant)];
        try {
          StoredReplication rec =
              run_for_store(variant, plan.seed, j.rep, names[static_cast<std::size_t>(j.variant)]);
          std::lock_guard lock(mutex);
          VariantState& s = state[static_cast<std::size_t>(j.variant)];
          store.save(s.keys[static_cast<std::size_t>(j.rep)], rec);
          if (s.kpi_names.empty()) s.kpi_names = *rec.kpi_names;
          s.values[static_cast<std::size_t>(j.rep)] = std::move(rec.kpi_values);
          ++result.replications_run;
          ++done_reps;
          if (!o.auto_reps && available_prefix(s) == s.planned) ++done_variants;
          report();
        } catch (...) {
          errors[i] = std::current_exception();
          failed = true;
        }
      }
    };
    const int n = std::max(1, std::min<int>(threads, static_cast<int>(to_run.size())));
    run_workers(n, worker);
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);

    // Decide what is decided: judge every new prefix in order (thread-count independent).
    done_variants = 0;
    for (auto& s : state) {
      const int have = available_prefix(s);
      if (s.chosen < 0 && have == s.planned) {
        if (!o.auto_reps) {
          s.chosen = have;
        } else {
          for (int k = std::max(s.checked + 1, std::max(2, o.min_reps)); k <= have; ++k) {
            if (precise_enough(s, k, o)) {
              s.chosen = k;
              break;
            }
          }
          s.checked = have;
          if (s.chosen < 0 && have >= o.max_reps) {
            s.chosen = have;
            s.precision_reached = false;
          }
        }
      }
      if (s.chosen >= 0) ++done_variants;
    }
    report();
    // Stopped: interrupted if anything is left to run (a stop after the last replication
    // started loses nothing).
    if (stop_requested(o.stop)) {
      result.interrupted = done_variants < nv;
      break;
    }
  }

  for (auto& s : state) {
    VariantOutcome out;
    const int k = s.chosen >= 0 ? s.chosen : available_prefix(s);
    out.complete = s.chosen >= 0;
    out.precision_reached = s.chosen >= 0 ? s.precision_reached : false;
    out.kpi_names = s.kpi_names;
    for (int r = 0; r < k; ++r) {
      out.keys.push_back(s.keys[static_cast<std::size_t>(r)]);
      out.kpi_values.push_back(std::move(*s.values[static_cast<std::size_t>(r)]));
    }
    for (std::size_t i = 0; i < out.kpi_names.size(); ++i) {
      std::vector<double> col;
      for (const auto& row : out.kpi_values) col.push_back(row[i]);
      out.estimates.push_back(estimate(col));
    }
    result.variants.push_back(std::move(out));
  }
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace hotline::study
