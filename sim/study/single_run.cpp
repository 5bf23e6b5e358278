#include "hotline/study/single_run.hpp"

#include <stdexcept>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/model/hotline_model.hpp"

namespace hotline::study {

metrics::RunResult run_single(const scenario::Scenario& scenario, const SingleRunOptions& options) {
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
  if (!conserved || !result.conservation.ok())
    throw std::logic_error(
        "conservation failed: alerts entered != dissuaded + lost + not_paid + open");
  return result;
}

}  // namespace hotline::study
