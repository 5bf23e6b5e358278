#include "hotline/study/single_run.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/model/hotline_model.hpp"
#include "hotline/study/independent_parts.hpp"
#include "hotline/study/run_workers.hpp"

namespace hotline::study {

namespace {

void check_conserved(bool conserved, const metrics::RunResult& result) {
  if (!conserved || !result.conservation.ok())
    throw std::logic_error(
        "conservation failed: alerts entered != dissuaded + lost + not_paid + open");
}

// The parts of a split run, as the models take them; empty if the scenario does not split.
std::vector<model::ModelPart> model_parts(const scenario::Scenario& s) {
  if (!s.split) return {};
  const IndependentParts ip = independent_parts(s);
  if (ip.count <= 1) return {};
  std::vector<model::ModelPart> parts(static_cast<std::size_t>(ip.count));
  for (int p = 0; p < ip.count; ++p) {
    model::ModelPart& part = parts[static_cast<std::size_t>(p)];
    part.index = p;
    part.unit_part = ip.unit_part;
    // A desk or pool no rule uses (inbound calls, rosters only) is simulated by part 0.
    part.desk_part = ip.desk_part;
    for (int& d : part.desk_part) d = std::max(d, 0);
    part.robot_pool_part = ip.robot_pool_part;
    for (int& r : part.robot_pool_part) r = std::max(r, 0);
  }
  return parts;
}

// The parts on up to options.threads threads; the calling thread runs parts too and is the
// only one to call options.progress (with the days done over all parts). Each part's model is
// freed when it finishes; its collector is kept for the merge.
metrics::RunResult run_split(const scenario::Scenario& scenario, const SingleRunOptions& options,
                             const std::vector<model::ModelPart>& parts) {
  if (!options.observers.empty() || options.dispatcher)
    throw std::invalid_argument(
        "a split run (split: true) takes no observers and no dispatcher: per-alert files, "
        "traces and live decisions need the scenario unsplit (split: false)");
  const std::size_t n = parts.size();
  const auto horizon = engine::kTimeZero + scenario.clock.horizon;
  const auto days = static_cast<std::int64_t>(
      (engine::ticks(scenario.clock.horizon) + engine::ticks(engine::kDay) - 1) /
      engine::ticks(engine::kDay));
  std::vector<std::unique_ptr<metrics::KpiCollector>> kpis(n);
  std::vector<std::uint64_t> events(n, 0);
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> days_done{0};
  std::atomic<bool> failed{false};
  const std::thread::id caller = std::this_thread::get_id();
  auto worker = [&] {
    const bool reports = std::this_thread::get_id() == caller;
    for (std::size_t p = next++; p < n; p = next++) {
      try {
        // Each part its own dispatcher: the standard rules keep no state, but nothing shares.
        dispatch::StandardRules rules(scenario.rules);
        model::HotlineModel model(scenario, options.seed, options.replication, rules, &parts[p]);
        kpis[p] = std::make_unique<metrics::KpiCollector>(
            scenario, metrics::KpiCollector::Options{.keep_desk_hours = options.keep_desk_hours,
                                                     .part = &parts[p]});
        model.add_observer(kpis[p].get());
        for (auto t = engine::kTimeZero + engine::kDay; t < horizon; t += engine::kDay) {
          model.run_until(t);
          if (stop_requested(options.stop) || failed) throw Interrupted();
          ++days_done;
          if (reports && options.progress)
            options.progress(static_cast<double>(days_done) / static_cast<double>(days * n));
        }
        if (!model.finish()) throw std::logic_error("conservation failed in a part");
        events[p] = model.events_processed();
      } catch (...) {
        errors[p] = std::current_exception();
        failed = true;
      }
    }
  };
  run_workers(std::min(static_cast<int>(n), options.threads), worker);
  // The first real failure in part order; an Interrupted only when nothing else went wrong.
  std::exception_ptr interrupted;
  for (const std::exception_ptr& e : errors) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const Interrupted&) {
      if (!interrupted) interrupted = e;
    } catch (...) {
      throw;
    }
  }
  if (interrupted || stop_requested(options.stop)) throw Interrupted();
  std::vector<metrics::KpiCollector*> order;
  for (auto& k : kpis) order.push_back(k.get());
  metrics::RunResult result = metrics::KpiCollector::merge(order);
  result.events = 0;
  for (std::uint64_t e : events) result.events += e;
  if (options.progress) options.progress(1.0);
  check_conserved(true, result);
  return result;
}

}  // namespace

int split_parts(const scenario::Scenario& scenario) {
  return scenario.split ? std::max(1, independent_parts(scenario).count) : 1;
}

metrics::RunResult run_single(const scenario::Scenario& scenario, const SingleRunOptions& options) {
  const std::vector<model::ModelPart> parts = model_parts(scenario);
  if (!parts.empty()) return run_split(scenario, options, parts);
  dispatch::StandardRules standard(scenario.rules);
  model::Dispatcher& dispatcher = options.dispatcher ? *options.dispatcher : standard;
  model::HotlineModel model(scenario, options.seed, options.replication, dispatcher);
  metrics::KpiCollector kpis(scenario, {.keep_desk_hours = options.keep_desk_hours});
  model.add_observer(&kpis);
  for (model::Observer* o : options.observers) model.add_observer(o);
  if (options.progress || options.stop) {
    // Advance a simulated day at a time so long runs can report progress and stop on request
    // (a national day is ~0.2 s); chunking does not change the results (events at a chunk
    // boundary run in the next chunk, in order).
    const auto horizon = model.horizon();
    for (auto t = engine::kTimeZero + engine::kDay; t < horizon; t += engine::kDay) {
      model.run_until(t);
      if (stop_requested(options.stop)) throw Interrupted();
      if (options.progress)
        options.progress(static_cast<double>(engine::ticks(t)) /
                         static_cast<double>(engine::ticks(horizon)));
    }
  }
  if (stop_requested(options.stop)) throw Interrupted();
  const bool conserved = model.finish();
  if (options.progress) options.progress(1.0);
  kpis.set_events(model.events_processed());
  metrics::RunResult result = kpis.take_result();
  check_conserved(conserved, result);
  return result;
}

}  // namespace hotline::study
