// Runs one worker function on a number of threads and waits for all of them: the thread pool
// of replications, sweeps, shards and split runs, whose workers take jobs from a shared atomic
// counter. The calling thread is one of them (threads - 1 are started; none for one thread),
// so a worker can tell the caller by its thread id. The worker must not throw (each procedure
// keeps its errors per job and rethrows them in job order).
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
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back([&worker] { worker(); });
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace hotline::study
