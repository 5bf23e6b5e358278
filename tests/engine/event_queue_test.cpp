// EventQueue and Simulation: ordering contract, cancellation, run loop, and the
// no-allocation-once-warm promise (checked by counting calls to the global operator new,
// replaced below for this whole test executable).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <set>
#include <tuple>
#include <vector>

#include "hotline/engine/event_queue.hpp"
#include "hotline/engine/random.hpp"
#include "hotline/engine/simulation.hpp"

namespace {
// Counts every allocation made through operator new. All variants are replaced so that new and
// delete always pair through malloc/free (also under ASan, whose own operators would otherwise
// report a malloc/delete mismatch).
std::atomic<std::uint64_t> g_allocations{0};
void* volatile g_escape = nullptr;

void* counted_alloc(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* counted_aligned_alloc(std::size_t n, std::align_val_t al) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t a = static_cast<std::size_t>(al);
  const std::size_t rounded = ((n == 0 ? 1 : n) + a - 1) / a * a;
  if (void* p = std::aligned_alloc(a, rounded)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t n, std::align_val_t a) {
  return counted_aligned_alloc(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return counted_aligned_alloc(n, a);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace {

using hotline::engine::at_ms;
using hotline::engine::EventHandle;
using hotline::engine::EventQueue;
using hotline::engine::kTimeNever;
using hotline::engine::Rng;
using hotline::engine::SimTime;
using hotline::engine::Simulation;
using hotline::engine::ticks;

// Pops everything, returning the payloads in pop order.
std::vector<int> drain(EventQueue<int>& q) {
  std::vector<int> out;
  SimTime t;
  int v;
  while (q.pop(t, v)) out.push_back(v);
  return out;
}

}  // namespace

TEST_CASE("events pop in time order regardless of scheduling order") {
  EventQueue<int> q;
  const std::int64_t times[] = {50, 10, 40, 20, 30, 0, 60};
  for (std::int64_t t : times) q.schedule(at_ms(t), 0, static_cast<int>(t));
  SimTime t;
  int v;
  std::int64_t last = -1;
  int n = 0;
  while (q.pop(t, v)) {
    CHECK(ticks(t) == v);
    CHECK(ticks(t) > last);
    last = ticks(t);
    ++n;
  }
  CHECK(n == 7);
  CHECK(q.empty());
}

TEST_CASE("events at the same time run in phase order, then insertion order") {
  EventQueue<int> q;
  q.schedule(at_ms(5), 2, 1);
  q.schedule(at_ms(5), 0, 2);
  q.schedule(at_ms(5), 1, 3);
  q.schedule(at_ms(5), 0, 4);
  q.schedule(at_ms(5), 2, 5);
  q.schedule(at_ms(4), EventQueue<int>::kMaxPhase, 6);  // an earlier time beats any phase
  q.schedule(at_ms(5), 1, 7);
  CHECK(drain(q) == std::vector<int>{6, 2, 4, 3, 7, 1, 5});
}

TEST_CASE("events at the same time and phase run in insertion order across many entries") {
  EventQueue<int> q;
  // Enough entries to exercise several heap levels with identical keys.
  for (int i = 0; i < 1000; ++i) q.schedule(at_ms(100), 3, i);
  std::vector<int> expected(1000);
  for (int i = 0; i < 1000; ++i) expected[i] = i;
  CHECK(drain(q) == expected);
}

TEST_CASE("cancel returns true once and the cancelled event never fires") {
  EventQueue<int> q;
  q.schedule(at_ms(1), 0, 1);
  const EventHandle h = q.schedule(at_ms(2), 0, 2);
  q.schedule(at_ms(3), 0, 3);
  CHECK(q.size() == 3);
  CHECK(q.pending(h));
  CHECK(q.cancel(h));
  CHECK_FALSE(q.pending(h));
  CHECK_FALSE(q.cancel(h));
  CHECK(q.size() == 2);
  CHECK(drain(q) == std::vector<int>{1, 3});
}

TEST_CASE("cancelling the earliest event moves next_time to the following one") {
  EventQueue<int> q;
  const EventHandle h = q.schedule(at_ms(10), 0, 1);
  q.schedule(at_ms(20), 0, 2);
  CHECK(q.next_time() == at_ms(10));
  CHECK(q.cancel(h));
  CHECK(q.next_time() == at_ms(20));
  CHECK(q.cancel(q.schedule(at_ms(5), 0, 9)));
  CHECK(q.next_time() == at_ms(20));
  CHECK(drain(q) == std::vector<int>{2});
  CHECK(q.next_time() == kTimeNever);
}

TEST_CASE("a stale handle does not cancel the event that reused its slot") {
  EventQueue<int> q;
  const EventHandle old_h = q.schedule(at_ms(1), 0, 1);
  CHECK(q.cancel(old_h));
  const EventHandle new_h = q.schedule(at_ms(2), 0, 2);
  REQUIRE(new_h.slot == old_h.slot);  // the slab recycles the freed slot
  CHECK(new_h.gen != old_h.gen);
  CHECK_FALSE(q.pending(old_h));
  CHECK_FALSE(q.cancel(old_h));
  CHECK(q.pending(new_h));
  CHECK(q.size() == 1);
  CHECK(drain(q) == std::vector<int>{2});
}

TEST_CASE("a popped event's handle is no longer pending and cannot be cancelled") {
  EventQueue<int> q;
  const EventHandle h = q.schedule(at_ms(1), 0, 1);
  SimTime t;
  int v;
  REQUIRE(q.pop(t, v));
  CHECK_FALSE(q.pending(h));
  CHECK_FALSE(q.cancel(h));
  const EventHandle h2 = q.schedule(at_ms(2), 0, 2);
  CHECK_FALSE(q.cancel(h));  // same slot, newer generation
  CHECK(q.pending(h2));
}

TEST_CASE("default and out-of-range handles refer to nothing") {
  EventQueue<int> q;
  q.schedule(at_ms(1), 0, 1);
  CHECK_FALSE(EventHandle{}.valid());
  CHECK_FALSE(q.pending(EventHandle{}));
  CHECK_FALSE(q.cancel(EventHandle{}));
  CHECK_FALSE(q.cancel(EventHandle{12345, 0}));
  CHECK(q.size() == 1);
}

TEST_CASE("an empty queue pops nothing and reports kTimeNever") {
  EventQueue<int> q;
  SimTime t = at_ms(7);
  int v = 42;
  CHECK(q.empty());
  CHECK_FALSE(q.pop(t, v));
  CHECK(v == 42);
  CHECK(q.next_time() == kTimeNever);
}

namespace {
// How far ahead events are scheduled:
//  * narrow: within 40 ms of now (many ties, all in the open second: the heap tier);
//  * seconds: a mix of near times and times up to about two minutes ahead (the one-second
//    buckets, which open into the heap while events keep arriving in the open one), with a
//    few hours ahead;
//  * wide: a mix of near times, hours and days ahead (the ring tier) and more than the ring's
//    25 days ahead (the overflow tier), so events cross every tier.
enum class Spread { narrow, seconds, wide };

// mixed_reads = true: about half the pops are pop_before() with a random end (which must pop
// exactly when the next event is before the end), and next_time() is checked along the way,
// so cancelled keys at the top meet every read path.
void randomized_against_reference(Spread spread, bool mixed_reads = false) {
  const bool wide = spread == Spread::wide;
  using Key = std::tuple<std::int64_t, int, std::uint64_t>;  // (time, phase, seq)
  struct Entry {
    EventHandle handle;
    Key key;
    bool live;
  };
  EventQueue<std::uint64_t> q;
  std::multiset<Key> ref;
  std::vector<Entry> entries;  // every event ever scheduled, indexed by seq
  Rng rng(2024);
  std::int64_t now = 0;
  std::uint64_t pops = 0, cancels = 0, stale_cancels = 0;

  for (int op = 0; op < 100'000; ++op) {
    const std::uint64_t r = rng.below(100);
    if (r < 50) {
      // Narrow time and phase ranges force many ties.
      std::int64_t t = now + static_cast<std::int64_t>(rng.below(40));
      if (wide) {
        const std::uint64_t tier = rng.below(4);
        if (tier == 1) t = now + static_cast<std::int64_t>(rng.below(3ULL << 22));
        if (tier == 2) t = now + static_cast<std::int64_t>(rng.below(600ULL << 22));
      } else if (spread == Spread::seconds) {
        const std::uint64_t tier = rng.below(8);
        if (tier >= 2) t = now + static_cast<std::int64_t>(rng.below(1ULL << 17));
        if (tier == 7) t = now + static_cast<std::int64_t>(rng.below(3ULL << 22));
      }
      const int phase = static_cast<int>(rng.below(4));
      const std::uint64_t seq = entries.size();
      const EventHandle h = q.schedule(at_ms(t), static_cast<std::uint8_t>(phase), seq);
      entries.push_back(Entry{h, Key{t, phase, seq}, true});
      ref.insert(Key{t, phase, seq});
    } else if (r < 70) {
      if (entries.empty()) continue;
      // Mostly recent events (often live), sometimes any event (often already gone).
      const std::uint64_t window = std::min<std::uint64_t>(entries.size(), 64);
      const std::uint64_t idx =
          rng.below(4) == 0 ? rng.below(entries.size()) : entries.size() - 1 - rng.below(window);
      Entry& e = entries[idx];
      REQUIRE(q.pending(e.handle) == e.live);
      const bool cancelled = q.cancel(e.handle);
      REQUIRE(cancelled == e.live);
      if (cancelled) {
        ref.erase(ref.find(e.key));
        e.live = false;
        ++cancels;
      } else {
        ++stale_cancels;
      }
    } else {
      if (mixed_reads && rng.below(4) == 0) {
        const SimTime next = ref.empty() ? kTimeNever : at_ms(std::get<0>(*ref.begin()));
        REQUIRE(q.next_time() == next);
      }
      SimTime t;
      std::uint64_t seq = 0;
      bool got;
      if (mixed_reads && rng.below(2) == 0) {
        // An end often just before, at or just after the next event.
        const std::int64_t next = ref.empty() ? now : std::get<0>(*ref.begin());
        const std::int64_t end = next - 2 + static_cast<std::int64_t>(rng.below(5));
        got = q.pop_before(at_ms(end), t, seq);
        REQUIRE(got == (!ref.empty() && std::get<0>(*ref.begin()) < end));
      } else {
        got = q.pop(t, seq);
        REQUIRE(got == !ref.empty());
      }
      if (!got) continue;
      const Key expected = *ref.begin();
      ref.erase(ref.begin());
      REQUIRE(std::get<2>(expected) == seq);
      REQUIRE(std::get<0>(expected) == ticks(t));
      REQUIRE(entries[seq].live);
      entries[seq].live = false;
      now = ticks(t);
      ++pops;
    }
    REQUIRE(q.size() == ref.size());
  }
  // The mix must actually have exercised every path.
  CHECK(pops > 20'000);
  CHECK(cancels > 5'000);
  CHECK(stale_cancels > 1'000);
  // Drain the remainder in reference order.
  SimTime t;
  std::uint64_t seq;
  while (q.pop(t, seq)) {
    REQUIRE(!ref.empty());
    REQUIRE(std::get<2>(*ref.begin()) == seq);
    ref.erase(ref.begin());
  }
  CHECK(ref.empty());
}
}  // namespace

TEST_CASE("randomized schedule/cancel/pop matches a multiset reference over 100k operations") {
  randomized_against_reference(Spread::narrow);
}

TEST_CASE("events hours, days and months ahead pop in exact order across the queue's tiers") {
  randomized_against_reference(Spread::wide);
}

TEST_CASE("events seconds to minutes ahead pop in exact order through the one-second buckets") {
  randomized_against_reference(Spread::seconds);
}

TEST_CASE("pop_before and next_time agree with the reference across every tier") {
  randomized_against_reference(Spread::narrow, true);
  randomized_against_reference(Spread::seconds, true);
  randomized_against_reference(Spread::wide, true);
}

TEST_CASE("a sparse queue (a dozen events over minutes) pops in exact order") {
  // Few events far apart in time: the queue opens all its one-second buckets at once and
  // schedules straight into the heap. Each popped event schedules one or two successors up to
  // ten minutes ahead and sometimes cancels a pending one, so the number pending wanders
  // between a handful and a few dozen, across the sparse and the bucketed regimes.
  using Key = std::tuple<std::int64_t, int, std::uint64_t>;  // (time, phase, seq)
  EventQueue<std::uint64_t> q;
  std::multiset<Key> ref;
  std::vector<std::pair<EventHandle, Key>> handles;
  Rng rng(77);
  std::uint64_t next_seq = 0;
  auto schedule = [&](std::int64_t t) {
    const int phase = static_cast<int>(rng.below(3));
    const Key key{t, phase, next_seq};
    handles.emplace_back(q.schedule(at_ms(t), static_cast<std::uint8_t>(phase), next_seq), key);
    ref.insert(key);
    ++next_seq;
  };
  for (int i = 0; i < 12; ++i) schedule(static_cast<std::int64_t>(rng.below(600'000)));
  for (int op = 0; op < 50'000; ++op) {
    SimTime t;
    std::uint64_t seq = 0;
    REQUIRE(q.pop(t, seq) == !ref.empty());
    if (ref.empty()) {
      schedule(static_cast<std::int64_t>(rng.below(600'000)));
      continue;
    }
    REQUIRE(std::get<2>(*ref.begin()) == seq);
    REQUIRE(std::get<0>(*ref.begin()) == ticks(t));
    ref.erase(ref.begin());
    const std::int64_t now = ticks(t);
    const std::size_t pending = ref.size();
    schedule(now + static_cast<std::int64_t>(rng.below(600'000)));
    if (pending < 40 && rng.below(2) == 0)
      schedule(now + static_cast<std::int64_t>(rng.below(2'000)));
    if (rng.below(4) == 0) {
      auto& [h, key] =
          handles[handles.size() - 1 - rng.below(std::min<std::size_t>(handles.size(), 30))];
      if (q.cancel(h)) ref.erase(ref.find(key));
    }
    REQUIRE(q.size() == ref.size());
  }
}

TEST_CASE("a warm queue schedules, cancels and pops without allocating") {
  EventQueue<std::uint64_t> q;
  Rng rng(5);
  constexpr std::uint64_t kCalls = 1000;
  constexpr std::uint64_t kTimerBit = std::uint64_t{1} << 32;
  std::vector<EventHandle> timers(kCalls);
  // Hold kCalls pending events; each one, when it fires, reschedules itself and re-arms its
  // timer (cancelling the previous one, usually still pending: the abandonment pattern, which
  // leaves stale keys in the heap). A timer that fires does nothing.
  auto round = [&](int n) {
    for (int i = 0; i < n; ++i) {
      SimTime t;
      std::uint64_t v = 0;
      REQUIRE(q.pop(t, v));
      if (v & kTimerBit) continue;
      const std::int64_t now = ticks(t);
      q.schedule(at_ms(now + 1 + static_cast<std::int64_t>(rng.below(1000))), 0, v);
      q.cancel(timers[v]);
      timers[v] =
          q.schedule(at_ms(now + 1 + static_cast<std::int64_t>(rng.below(1500))), 1, v | kTimerBit);
    }
  };
  for (std::uint64_t i = 0; i < kCalls; ++i)
    q.schedule(at_ms(static_cast<std::int64_t>(rng.below(1000))), 0, i);
  round(200'000);  // warm-up: slab, heap and free list reach their steady-state peaks
  const std::size_t warm_size = q.size();
  const std::uint64_t before = g_allocations.load();
  round(500'000);
  CHECK(g_allocations.load() - before == 0);
  CHECK(q.size() >= kCalls);
  CHECK(q.size() <= 2 * kCalls);
  CHECK(warm_size <= 2 * kCalls);
}

TEST_CASE("the allocation counter does see allocations") {
  // Guards the test above against a counter that silently never counts.
  const std::uint64_t before = g_allocations.load();
  std::vector<int> v(100);
  g_escape = v.data();  // keeps the allocation observable so it cannot be elided
  CHECK(g_allocations.load() - before >= 1);
}

TEST_CASE("Simulation::step advances now() to each event's time and counts events") {
  Simulation<int> sim;
  sim.schedule_at(at_ms(30), 3);
  sim.schedule_at(at_ms(10), 1);
  sim.schedule_at(at_ms(20), 2);
  CHECK(sim.pending() == 3);
  std::vector<std::pair<std::int64_t, int>> seen;
  auto handler = [&](int& e) { seen.emplace_back(ticks(sim.now()), e); };
  CHECK(sim.step(handler));
  CHECK(sim.now() == at_ms(10));
  CHECK(sim.events_processed() == 1);
  CHECK(sim.step(handler));
  CHECK(sim.step(handler));
  CHECK_FALSE(sim.step(handler));
  CHECK(sim.events_processed() == 3);
  CHECK(sim.now() == at_ms(30));
  CHECK(seen == std::vector<std::pair<std::int64_t, int>>{{10, 1}, {20, 2}, {30, 3}});
}

TEST_CASE("run_until processes events strictly before the end and leaves events at the end") {
  Simulation<int> sim;
  for (int t : {5, 10, 10, 15, 20}) sim.schedule_at(at_ms(t), t);
  std::vector<int> seen;
  auto handler = [&](int& e) { seen.push_back(e); };
  CHECK(sim.run_until(at_ms(10), handler) == 1);
  CHECK(seen == std::vector<int>{5});
  CHECK(sim.now() == at_ms(10));
  CHECK(sim.pending() == 4);
  CHECK(sim.next_time() == at_ms(10));
  CHECK(sim.run_until(at_ms(16), handler) == 3);
  CHECK(seen == std::vector<int>{5, 10, 10, 15});
  CHECK(sim.now() == at_ms(16));
  // An end in the past processes nothing and does not move the clock back.
  CHECK(sim.run_until(at_ms(3), handler) == 0);
  CHECK(sim.now() == at_ms(16));
  CHECK(sim.run_until(kTimeNever, handler) == 1);
  CHECK(sim.pending() == 0);
  CHECK(sim.events_processed() == 5);
}

TEST_CASE("events scheduled by a handler run in the same run_until when before the end") {
  Simulation<int> sim;
  sim.schedule_at(at_ms(0), 0);
  std::vector<std::int64_t> times;
  // Each event schedules its successor 7 ms later; a zero-delay event at phase 1 follows it.
  auto handler = [&](int& e) {
    times.push_back(ticks(sim.now()));
    if (e == 0) {
      sim.schedule_in(hotline::engine::Duration{7}, 0);
      sim.schedule_in(hotline::engine::Duration{0}, 1, 1);
    }
  };
  CHECK(sim.run_until(at_ms(21), handler) == 6);
  CHECK(times == std::vector<std::int64_t>{0, 0, 7, 7, 14, 14});
  CHECK(sim.next_time() == at_ms(21));
}

TEST_CASE("a cancelled Simulation event is not delivered") {
  Simulation<int> sim;
  sim.schedule_at(at_ms(1), 1);
  const EventHandle h = sim.schedule_at(at_ms(2), 2);
  sim.schedule_at(at_ms(3), 3);
  CHECK(sim.pending(h));
  CHECK(sim.cancel(h));
  CHECK_FALSE(sim.cancel(h));
  CHECK(sim.pending() == 2);
  std::vector<int> seen;
  sim.run_until(kTimeNever, [&](int& e) { seen.push_back(e); });
  CHECK(seen == std::vector<int>{1, 3});
}

TEST_CASE("two Simulation objects are independent") {
  Simulation<int> a, b;
  a.schedule_at(at_ms(10), 1);
  a.schedule_at(at_ms(20), 2);
  const EventHandle hb = b.schedule_at(at_ms(5), 100);
  std::vector<int> seen_a, seen_b;
  a.run_until(at_ms(15), [&](int& e) { seen_a.push_back(e); });
  CHECK(a.now() == at_ms(15));
  CHECK(b.now() == at_ms(0));
  CHECK(b.pending() == 1);
  CHECK(b.events_processed() == 0);
  CHECK(b.pending(hb));
  // `hb` has the same slot number as a's first event; cancelling it in `b` leaves `a` alone.
  CHECK(b.cancel(hb));
  CHECK(a.pending() == 1);
  a.run_until(kTimeNever, [&](int& e) { seen_a.push_back(e); });
  b.run_until(kTimeNever, [&](int& e) { seen_b.push_back(e); });
  CHECK(seen_a == std::vector<int>{1, 2});
  CHECK(seen_b.empty());
  CHECK(a.events_processed() == 2);
  CHECK(b.events_processed() == 0);
}
