// The loader's range of queue priorities (spec: 1 .. kPriorities) is the desk queue's: every
// priority a scenario may give is a level of its own, none is served as another (issue 10,
// bug 3: 8 and 9 were accepted and served as 7).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hotline/model/task_queue.hpp"
#include "hotline/scenario/key_table.hpp"
#include "hotline/scenario/loader.hpp"
#include "hotline/spec/scenario.hpp"

namespace {

struct Task {
  hotline::model::QueueLinks links;
};
using Pool = std::vector<Task>;

}  // namespace

static_assert(hotline::scenario::kPriorities == hotline::model::kPriorityLevels - 1,
              "the scenario's priorities must be exactly the desk queue's levels");

TEST_CASE("every priority the loader accepts is served at its own queue level") {
  using hotline::scenario::kPriorities;
  // Pushed least urgent first; popped in priority order, so no two priorities share a level.
  Pool pool(kPriorities);
  hotline::model::TaskQueue<Pool> queue;
  for (int p = kPriorities; p >= 1; --p) queue.push(pool, p - 1, p);
  for (int p = 1; p <= kPriorities; ++p) {
    CAPTURE(p);
    CHECK(queue.pop(pool) == p - 1);
    CHECK(hotline::model::TaskQueue<Pool>::clamp_priority(p) == p);
  }
}

TEST_CASE("the key table's priority ranges end at the queue's last level") {
  using hotline::scenario::key_info;
  CHECK(key_info("step", "priority").range.max == hotline::scenario::kPriorities);
  CHECK(key_info("inbound", "priority").range.max == hotline::scenario::kPriorities);
  CHECK(key_info("inbound", "priority").range.min == 1);
  CHECK(key_info("step", "priority").range.min == 0);  // 0 = the alert's grade
}
