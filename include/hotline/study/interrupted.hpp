// Stopping a study early on request (the CLI sets the flag from its SIGINT/SIGTERM handler).
//
// A stop flag is a std::atomic<bool> the caller owns; the procedures poll it between
// simulated days and between replications (never inside the event loop) and stop soon after
// it turns true. A single run that sees it throws Interrupted, with nothing of its results;
// run_replications instead returns the replications that finished, marked interrupted
// (ReplicationSet::interrupted), for the caller to keep as incomplete or to discard.
#pragma once

#include <atomic>
#include <stdexcept>

namespace hotline::study {

using StopFlag = std::atomic<bool>;

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

inline bool stop_requested(const StopFlag* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

}  // namespace hotline::study
