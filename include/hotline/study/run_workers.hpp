// Runs one worker function on a number of threads and waits for all of them: the thread pool
// of replications, sweeps and shards, whose workers take jobs from a shared atomic counter.
// With one thread the worker runs in the calling thread (no thread is started). The worker
// must not throw (each procedure keeps its errors per job and rethrows them in job order).
#pragma once

#include <thread>
#include <vector>

namespace hotline::study {

template <class Worker>
void run_workers(int threads, Worker& worker) {
  if (threads <= 1) {
    worker();
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) pool.emplace_back([&worker] { worker(); });
  for (auto& t : pool) t.join();
}

}  // namespace hotline::study
