#include "hotline/study/replications.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

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

void aggregate(ReplicationSet& set) {
  set.kpi_names.clear();
  set.kpi_values.clear();
  set.estimates.clear();
  for (const auto& r : set.runs) {
    KpiVector v = flatten_kpis(r);
    if (set.kpi_names.empty()) set.kpi_names = v.names;
    set.kpi_values.push_back(std::move(v.values));
  }
  for (std::size_t k = 0; k < set.kpi_names.size(); ++k) {
    const auto col = set.column(k);
    set.estimates.push_back(estimate(col));
  }
}

std::vector<metrics::DeskHour> mean_desk_hours(const std::vector<metrics::RunResult>& runs) {
  if (runs.empty()) return {};
  std::vector<metrics::DeskHour> mean = runs.front().desk_hours;
  for (auto& h : mean) {
    h.arrivals = 0;
    h.queue_mean = h.busy_mean = h.staffed_mean = h.utilisation = 0;
    h.queue_max = 0;
  }
  // Sum in replication order, then divide: the same bytes for any thread count.
  std::vector<double> arrivals(mean.size(), 0.0), qmax(mean.size(), 0.0);
  for (const auto& r : runs)
    for (std::size_t i = 0; i < mean.size() && i < r.desk_hours.size(); ++i) {
      const auto& h = r.desk_hours[i];
      arrivals[i] += static_cast<double>(h.arrivals);
      qmax[i] += h.queue_max;
      mean[i].queue_mean += h.queue_mean;
      mean[i].busy_mean += h.busy_mean;
      mean[i].staffed_mean += h.staffed_mean;
    }
  const double n = static_cast<double>(runs.size());
  for (std::size_t i = 0; i < mean.size(); ++i) {
    auto& h = mean[i];
    h.arrivals = static_cast<std::int64_t>(std::llround(arrivals[i] / n));
    h.queue_max = static_cast<int>(std::lround(qmax[i] / n));
    h.queue_mean /= n;
    h.busy_mean /= n;
    h.staffed_mean /= n;
    h.utilisation = h.staffed_mean > 0 ? h.busy_mean / h.staffed_mean : 0.0;
  }
  return mean;
}

namespace {

// Runs replications [first, last) on `threads` threads into results[first..last).
void run_range(const scenario::Scenario& s, const ReplicationOptions& o, int first, int last,
               int threads, int planned, std::vector<metrics::RunResult>& results) {
  std::atomic<int> next{first};
  std::mutex progress_mutex;
  int done = first;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(last));
  auto worker = [&] {
    for (int r = next++; r < last; r = next++) {
      try {
        SingleRunOptions so;
        so.seed = o.seed;
        so.replication = static_cast<std::uint64_t>(r);
        so.keep_desk_hours = o.keep_desk_hours;
        if (o.observers_for) so.observers = o.observers_for(r);
        results[r] = run_single(s, so);
      } catch (...) {
        errors[r] = std::current_exception();
      }
      if (o.progress) {
        std::lock_guard lock(progress_mutex);
        o.progress(++done, planned);
      }
    }
  };
  const int n = std::max(1, std::min(threads, last - first));
  if (n == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < n; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  // Report the first failure in replication order, whatever thread hit it.
  for (int r = first; r < last; ++r)
    if (errors[r]) std::rethrow_exception(errors[r]);
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
  if (!o.auto_reps) {
    const int reps = std::max(1, o.reps);
    set.runs.resize(reps);
    run_range(s, o, 0, reps, threads, reps, set.runs);
    aggregate(set);
  } else {
    // Grow in batches of `threads`, but judge every prefix in order and stop at the first
    // that is precise enough: the answer does not depend on the thread count.
    const int cap = std::max(o.min_reps, o.max_reps);
    std::vector<metrics::RunResult> all;
    std::vector<KpiVector> kpis;
    int done = 0;
    int chosen = -1;
    while (chosen < 0 && done < cap) {
      const int target = std::min(cap, std::max(o.min_reps, done + threads));
      all.resize(target);
      run_range(s, o, done, target, threads, target, all);
      for (int r = done; r < target; ++r) kpis.push_back(flatten_kpis(all[r]));
      for (int k = std::max(done + 1, o.min_reps); k <= target && chosen < 0; ++k)
        if (precise_enough(kpis, k, o)) chosen = k;
      done = target;
    }
    set.precision_reached = chosen > 0;
    if (chosen < 0) chosen = done;
    all.resize(chosen);
    set.runs = std::move(all);
    aggregate(set);
  }
  set.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return set;
}

}  // namespace hotline::study
