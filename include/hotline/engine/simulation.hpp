// One simulation's clock and future-event set. No globals: any number of Simulation objects
// can live in one process (one per replication thread, one per live exercise).
//
// The run loop takes a handler `void(Event&)` called for each event in queue order with now()
// already advanced to the event's time. The loop itself neither allocates nor logs.
#pragma once

#include <cstdint>
#include <utility>

#include "hotline/engine/event_queue.hpp"
#include "hotline/engine/time.hpp"

namespace hotline::engine {

template <class Event>
class Simulation {
 public:
  SimTime now() const { return now_; }
  std::uint64_t events_processed() const { return processed_; }
  std::size_t pending() const { return queue_.size(); }
  void reserve(std::size_t n) { queue_.reserve(n); }

  // Schedules `e` at absolute time t (not before now). `phase` breaks ties at equal time:
  // lower phases run first; within a phase, insertion order.
  EventHandle schedule_at(SimTime t, Event e, std::uint8_t phase = 0) {
    assert(t >= now_);
    return queue_.schedule(t, phase, std::move(e));
  }
  EventHandle schedule_in(Duration d, Event e, std::uint8_t phase = 0) {
    return schedule_at(now_ + d, std::move(e), phase);
  }
  bool cancel(EventHandle h) { return queue_.cancel(h); }
  bool pending(EventHandle h) const { return queue_.pending(h); }
  SimTime next_time() { return queue_.next_time(); }

  // Processes exactly one event if any; returns false if the queue is empty.
  template <class Handler>
  bool step(Handler&& handler) {
    SimTime t;
    if (!queue_.pop(t, scratch_)) return false;
    now_ = t;
    ++processed_;
    handler(scratch_);
    return true;
  }

  // Processes every event with time < end (events at `end` stay pending), then sets now()
  // to end. Returns the number of events processed.
  template <class Handler>
  std::uint64_t run_until(SimTime end, Handler&& handler) {
    const std::uint64_t before = processed_;
    SimTime t;
    while (queue_.pop_before(end, t, scratch_)) {
      now_ = t;
      ++processed_;
      handler(scratch_);
    }
    if (end > now_) now_ = end;
    return processed_ - before;
  }

 private:
  EventQueue<Event> queue_;
  Event scratch_{};
  SimTime now_ = kTimeZero;
  std::uint64_t processed_ = 0;
};

}  // namespace hotline::engine
