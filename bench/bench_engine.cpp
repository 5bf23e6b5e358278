// The classic "hold model" benchmark of a future-event set (Vaucher and Duval 1975; Jones
// 1986): keep N events pending; each operation pops the earliest and schedules a new one at
// now + Exp(mean). The queue size stays N, so the cost per operation is the steady-state cost
// of one pop plus one schedule at that size. Time per iteration = ns per event.
//
// Variants: the bare EventQueue, the Simulation run loop (step + handler), the same with an
// abandonment-style timer armed and cancelled per event, and the exponential sampler alone
// (to separate the random-number cost from the queue cost).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "hotline/engine/event_queue.hpp"
#include "hotline/engine/random.hpp"
#include "hotline/engine/simulation.hpp"
#include "hotline/engine/time.hpp"

namespace {

using hotline::engine::at_ms;
using hotline::engine::duration_from_ms;
using hotline::engine::EventHandle;
using hotline::engine::EventQueue;
using hotline::engine::Rng;
using hotline::engine::sample_exponential;
using hotline::engine::SimTime;
using hotline::engine::Simulation;

// Mean increment in ms. Large against 1 ms so ties are rare, as with real call durations.
constexpr double kMeanMs = 100'000.0;

void set_counters(benchmark::State& state) {
  const auto events = static_cast<double>(state.iterations());
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  // Inverted rate: seconds per event (printed with an SI prefix, e.g. "25n" = 25 ns).
  state.counters["s/event"] =
      benchmark::Counter(events, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["pending"] = static_cast<double>(state.range(0));
}

struct Payload {
  std::uint32_t id;
  std::uint32_t kind;
};

void BM_HoldEventQueue(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  EventQueue<Payload> q;
  q.reserve(n);
  Rng rng(1, 0, "bench/hold");
  for (std::size_t i = 0; i < n; ++i)
    q.schedule(at_ms(0) + duration_from_ms(sample_exponential(rng, kMeanMs)), 0,
               Payload{static_cast<std::uint32_t>(i), 0});
  SimTime now = at_ms(0);
  Payload p{};
  for (auto _ : state) {
    q.pop(now, p);
    q.schedule(now + duration_from_ms(sample_exponential(rng, kMeanMs)), 0, p);
  }
  benchmark::DoNotOptimize(now);
  set_counters(state);
}

void BM_HoldSimulation(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Simulation<Payload> sim;
  sim.reserve(n);
  Rng rng(1, 0, "bench/hold");
  for (std::size_t i = 0; i < n; ++i)
    sim.schedule_at(at_ms(0) + duration_from_ms(sample_exponential(rng, kMeanMs)),
                    Payload{static_cast<std::uint32_t>(i), 0});
  auto handler = [&](Payload& e) {
    sim.schedule_in(duration_from_ms(sample_exponential(rng, kMeanMs)), e);
  };
  for (auto _ : state) sim.step(handler);
  benchmark::DoNotOptimize(sim.now());
  set_counters(state);
}

// Each event also re-arms a timer that is cancelled before it fires in most cases (the
// "caller hangs up if not answered" pattern), so the heap carries stale keys.
void BM_HoldWithCancel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Simulation<Payload> sim;
  sim.reserve(2 * n);
  Rng rng(1, 0, "bench/hold");
  std::vector<EventHandle> timers(n);
  for (std::size_t i = 0; i < n; ++i)
    sim.schedule_at(at_ms(0) + duration_from_ms(sample_exponential(rng, kMeanMs)),
                    Payload{static_cast<std::uint32_t>(i), 0});
  auto handler = [&](Payload& e) {
    if (e.kind == 1) return;  // a timer that fired
    sim.cancel(timers[e.id]);
    timers[e.id] =
        sim.schedule_in(duration_from_ms(sample_exponential(rng, 4 * kMeanMs)), Payload{e.id, 1});
    sim.schedule_in(duration_from_ms(sample_exponential(rng, kMeanMs)), e);
  };
  for (auto _ : state) sim.step(handler);
  benchmark::DoNotOptimize(sim.now());
  set_counters(state);
}

void BM_SampleExponential(benchmark::State& state) {
  Rng rng(1, 0, "bench/exp");
  double sum = 0;
  for (auto _ : state) sum += sample_exponential(rng, kMeanMs);
  benchmark::DoNotOptimize(sum);
  state.counters["draws/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_HoldEventQueue)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(BM_HoldSimulation)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(BM_HoldWithCancel)->RangeMultiplier(10)->Range(1'000, 1'000'000);
BENCHMARK(BM_SampleExponential);

BENCHMARK_MAIN();
