#include "hotline/study/shard.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "hotline/study/kpi_names.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/run_workers.hpp"
#include "hotline/study/single_run.hpp"

namespace hotline::study {

std::vector<PlanJob> shard_jobs(int variants, int reps, ShardSpec spec) {
  std::vector<PlanJob> jobs;
  if (spec.count < 1 || spec.index < 1 || spec.index > spec.count) return jobs;
  const std::int64_t total = static_cast<std::int64_t>(variants) * reps;
  for (std::int64_t j = spec.index - 1; j < total; j += spec.count)
    jobs.push_back({static_cast<int>(j / reps), static_cast<int>(j % reps)});
  return jobs;
}

int shard_of(int variant, int replication, int reps, int count) {
  const std::int64_t j = static_cast<std::int64_t>(variant) * reps + replication;
  return static_cast<int>(j % count) + 1;
}

StoredReplication run_for_store(const SweepVariant& variant, std::uint64_t seed, int replication,
                                std::shared_ptr<const std::vector<std::string>> names,
                                bool conservation, bool desk_hours) {
  SingleRunOptions so;
  so.seed = seed;
  so.replication = static_cast<std::uint64_t>(replication);
  so.keep_desk_hours = desk_hours;
  // No stop flag here: a replication that started finishes and is saved (a second signal
  // kills at once); the caller's flag only keeps new ones from starting.
  const auto r0 = std::chrono::steady_clock::now();
  metrics::RunResult run = run_single(variant.scenario, so);
  StoredReplication rec;
  rec.kpi_names = std::move(names);
  rec.kpi_values = flatten_kpi_values(run);
  if (!rec.kpi_names || rec.kpi_values.size() != rec.kpi_names->size()) {
    // Names depend only on the scenario (kpi_vector.hpp); should that ever fail, the run's
    // own names are the truth.
    KpiVector kv = flatten_kpis(run);
    rec.kpi_names = std::make_shared<const std::vector<std::string>>(std::move(kv.names));
    rec.kpi_values = std::move(kv.values);
  }
  rec.intervals = std::move(run.intervals);
  rec.events = run.events;
  if (conservation) rec.conservation = run.conservation;
  if (desk_hours) rec.desk_hours = std::move(run.desk_hours);
  rec.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
  return rec;
}

ShardResult run_shard(const SweepPlan& plan, const std::vector<PlanJob>& jobs, ResultStore& store,
                      const ShardOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(threads, 1);
  ShardResult result;
  result.threads_used = threads;

  // Keys first: what an earlier attempt of this shard finished is skipped.
  std::vector<std::string> keys;
  std::vector<std::size_t> to_run;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const SweepVariant& v = plan.variants.at(static_cast<std::size_t>(jobs[i].variant));
    keys.push_back(store.key(v.canonical, plan.seed, jobs[i].replication));
    if (store.has(keys.back()))
      ++result.replications_skipped;
    else
      to_run.push_back(i);
  }
  std::vector<std::shared_ptr<const std::vector<std::string>>> names(plan.variants.size());
  for (const std::size_t i : to_run) {
    auto& n = names[static_cast<std::size_t>(jobs[i].variant)];
    if (!n)
      n = std::make_shared<const std::vector<std::string>>(
          kpi_names(plan.variants[static_cast<std::size_t>(jobs[i].variant)].scenario));
  }

  std::mutex mutex;  // guards the store, the counts and progress while workers run
  const int total = static_cast<int>(jobs.size());
  int done = result.replications_skipped;
  if (o.progress) o.progress(done, total);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> errors(to_run.size());
  auto worker = [&] {
    while (!stop_requested(o.stop) && !failed) {
      const std::size_t n = next++;
      if (n >= to_run.size()) break;
      const std::size_t i = to_run[n];
      const PlanJob job = jobs[i];
      try {
        StoredReplication rec = run_for_store(
            plan.variants[static_cast<std::size_t>(job.variant)], plan.seed, job.replication,
            names[static_cast<std::size_t>(job.variant)], o.conservation, o.desk_hours);
        std::lock_guard lock(mutex);
        store.save(keys[i], rec);
        ++result.replications_run;
        ++done;
        if (o.progress) o.progress(done, total);
      } catch (...) {
        errors[n] = std::current_exception();
        failed = true;
      }
    }
  };
  const int n = std::max(1, std::min<int>(threads, static_cast<int>(to_run.size())));
  run_workers(n, worker);
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  result.interrupted = done < total;
  result.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace hotline::study
