#include "hotline/study/replications.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "hotline/study/desk_hour_mean.hpp"
#include "hotline/study/run_workers.hpp"
#include "hotline/study/single_run.hpp"

namespace hotline::study {

std::vector<double> ReplicationSet::column(std::size_t kpi) const {
  std::vector<double> c;
  c.reserve(kpi_values.size());
  for (const auto& row : kpi_values) c.push_back(row[kpi]);
  return c;
}

int ReplicationSet::kpi_index(const std::string& name) const {
  const auto it = std::find(kpi_names.begin(), kpi_names.end(), name);
  return it == kpi_names.end() ? -1 : static_cast<int>(it - kpi_names.begin());
}

std::string interval_kpi_name(const scenario::Scenario& s, const metrics::IntervalKpi& iv) {
  if (iv.grade == 0) return "all.reached_within_target." + iv.interval;
  return reached_kpi_name(s, iv.grade) + "." + iv.interval;
}

void aggregate(ReplicationSet& set) {
  set.kpi_names.clear();
  set.kpi_values.clear();
  set.conservation = {};
  set.events = 0;
  set.interval_kpis.clear();
  for (const auto& r : set.runs) {
    KpiVector v = flatten_kpis(r);
    if (set.kpi_names.empty()) set.kpi_names = v.names;
    set.kpi_values.push_back(std::move(v.values));
    set.conservation += r.conservation;
    set.events += r.events;
  }
  if (!set.runs.empty()) {
    // Names only: the same in every run (they depend on the scenario alone).
    const metrics::RunResult& r = set.runs.front();
    for (const auto& iv : r.intervals) {
      const metrics::GroupKpi& g =
          iv.grade == 0 ? r.all : r.by_grade[static_cast<std::size_t>(iv.grade - 1)];
      const std::string group = iv.grade == 0 ? "all" : "grade" + std::to_string(iv.grade);
      set.interval_kpis.push_back(
          {iv.interval, iv.grade, group + "." + reached_kpi(g) + "." + iv.interval});
    }
  }
  estimate_kpis(set);
}

void estimate_kpis(ReplicationSet& set) {
  set.estimates.clear();
  set.replications = static_cast<int>(set.kpi_values.size());
  for (std::size_t k = 0; k < set.kpi_names.size(); ++k) {
    const auto col = set.column(k);
    set.estimates.push_back(estimate(col));
  }
}

std::vector<metrics::DeskHour> mean_desk_hours(const std::vector<metrics::RunResult>& runs) {
  DeskHourMean mean;
  for (const auto& r : runs) mean.add(r.desk_hours);
  return mean.mean();
}

namespace {

// Folds finished replications' desk-hour series into a DeskHourMean in replication order
// (the same sums for any thread count). A series that finishes before its predecessors is
// parked; a worker that parks more than `limit` waits until the fold catches up, so at most
// `limit` series wait. The replication the fold waits for is always being run by some worker
// (replications are handed out in order), so the wait ends.
class OrderedFold {
 public:
  OrderedFold(DeskHourMean& mean, int first, std::size_t limit)
      : mean_(mean), next_(first), limit_(limit) {}

  // Replication r finished (ok) or failed or was interrupted (!ok: the fold stops before r).
  void deliver(int r, std::vector<metrics::DeskHour>&& hours, bool ok) {
    std::unique_lock lock(mutex_);
    if (!ok) {
      broken_ = std::min(broken_, r);
      parked_.erase(parked_.lower_bound(broken_), parked_.end());
    } else if (r < broken_) {
      parked_.emplace(r, std::move(hours));
      while (!parked_.empty() && parked_.begin()->first == next_ && next_ < broken_) {
        mean_.add(parked_.begin()->second);
        parked_.erase(parked_.begin());
        ++next_;
      }
    }
    changed_.notify_all();
    changed_.wait(lock, [&] { return parked_.size() <= limit_ || broken_ != kNone; });
  }

 private:
  static constexpr int kNone = std::numeric_limits<int>::max();
  std::mutex mutex_;
  std::condition_variable changed_;
  DeskHourMean& mean_;
  int next_;
  int broken_ = kNone;
  std::size_t limit_;
  std::map<int, std::vector<metrics::DeskHour>> parked_;
};

// Runs replications [first, last) on `threads` threads into results[first..last); with
// `fold`, each one's desk hours go to it (and are dropped from results). Returns how many
// replications from `first` finished in a row: last - first unless o.stop was seen (then
// the others are abandoned, results of any that finished out of order included). Rethrows
// the first failure in replication order other than Interrupted.
int run_range(const scenario::Scenario& s, const ReplicationOptions& o, int first, int last,
              int threads, int planned, std::vector<metrics::RunResult>& results,
              OrderedFold* fold) {
  std::atomic<int> next{first};
  std::mutex progress_mutex;
  int done = first;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(last));
  std::vector<char> finished(static_cast<std::size_t>(last), 0);
  auto worker = [&] {
    while (!stop_requested(o.stop)) {
      const int r = next++;
      if (r >= last) break;
      bool ok = false;
      try {
        SingleRunOptions so;
        so.seed = o.seed;
        so.replication = static_cast<std::uint64_t>(r);
        so.keep_desk_hours = o.keep_desk_hours;
        so.stop = o.stop;
        if (o.observers_for) so.observers = o.observers_for(r);
        results[r] = run_single(s, so);
        ok = true;
      } catch (const Interrupted&) {
        // Not an error: the replication is abandoned.
      } catch (...) {
        errors[r] = std::current_exception();
      }
      finished[r] = ok ? 1 : 0;
      if (fold) {
        fold->deliver(r, std::move(results[r].desk_hours), ok);
        results[r].desk_hours = {};
      }
      if (ok && o.progress) {
        std::lock_guard lock(progress_mutex);
        o.progress(++done, planned);
      }
    }
  };
  const int n = std::max(1, std::min(threads, last - first));
  run_workers(n, worker);
  // Report the first failure in replication order, whatever thread hit it.
  for (int r = first; r < last; ++r)
    if (errors[r]) std::rethrow_exception(errors[r]);
  int in_a_row = 0;
  while (first + in_a_row < last && finished[first + in_a_row]) ++in_a_row;
  return in_a_row;
}

// True if every precision KPI's relative half-width over the first k runs is small enough.
bool precise_enough(const std::vector<KpiVector>& kpis, int k, const ReplicationOptions& o) {
  for (const auto& name : o.precision_kpis) {
    const auto& names = kpis.front().names;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) continue;
    const auto idx = static_cast<std::size_t>(it - names.begin());
    std::vector<double> col;
    for (int r = 0; r < k; ++r) col.push_back(kpis[r].values[idx]);
    if (estimate(col).relative_half_width() > o.precision) return false;
  }
  return true;
}

}  // namespace

ReplicationSet run_replications(const scenario::Scenario& s, const ReplicationOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1) threads = 1;
  ReplicationSet set;
  set.threads_used = threads;
  DeskHourMean desk_hours;
  if (!o.auto_reps) {
    const int reps = std::max(1, o.reps);
    set.planned = reps;
    set.runs.resize(reps);
    OrderedFold fold(desk_hours, 0, static_cast<std::size_t>(threads));
    const int finished =
        run_range(s, o, 0, reps, threads, reps, set.runs, o.keep_desk_hours ? &fold : nullptr);
    if (finished < reps) {
      set.interrupted = true;
      set.runs.resize(finished);
    }
  } else {
    // Grow in batches of `threads`, but judge every prefix in order and stop at the first
    // that is precise enough: the answer does not depend on the thread count. Desk hours are
    // folded after each batch, up to the chosen prefix, so at most one batch holds them.
    const int cap = std::max(o.min_reps, o.max_reps);
    set.planned = cap;
    std::vector<metrics::RunResult> all;
    std::vector<KpiVector> kpis;
    int done = 0;
    int chosen = -1;
    while (chosen < 0 && done < cap) {
      const int target = std::min(cap, std::max(o.min_reps, done + threads));
      all.resize(target);
      const int finished = run_range(s, o, done, target, threads, target, all, nullptr);
      const int ready = done + finished;
      for (int r = done; r < ready; ++r) kpis.push_back(flatten_kpis(all[r]));
      for (int k = std::max(done + 1, o.min_reps); k <= ready && chosen < 0; ++k)
        if (precise_enough(kpis, k, o)) chosen = k;
      const int keep = chosen > 0 ? chosen : ready;
      for (int r = done; r < keep; ++r) {
        if (o.keep_desk_hours) desk_hours.add(all[r].desk_hours);
        all[r].desk_hours = {};
      }
      done = ready;
      if (ready < target && chosen < 0) {
        set.interrupted = true;
        break;
      }
    }
    set.precision_reached = chosen > 0;
    if (chosen < 0) chosen = done;
    all.resize(chosen);
    set.runs = std::move(all);
  }
  aggregate(set);
  set.cost = staffing_cost(s);
  set.desk_hours_mean = desk_hours.mean();
  set.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return set;
}

}  // namespace hotline::study
