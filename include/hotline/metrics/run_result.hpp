// The KPIs of one run, as computed by metrics::KpiCollector from trace records.
// Times are in seconds (double) for display; counts are integers; money in yuan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotline::metrics {

// KPIs of a group of alerts (all, one grade, one fraud type). Alerts that arrived during
// warm-up are excluded here (but accounted for in RunResult::conservation).
struct GroupKpi {
  std::string key;  // "all", "grade 1", or the fraud type id
  std::int64_t alerts = 0;
  std::int64_t dissuaded = 0;
  std::int64_t lost = 0;
  std::int64_t open = 0;   // still open at the horizon
  double amount_yuan = 0;  // at risk
  double lost_yuan = 0;
  double avoided_yuan = 0;     // amount of dissuaded alerts
  std::int64_t contacted = 0;  // alerts with a first contact
  double contact_mean_s = 0;   // time to first contact, over contacted alerts
  double contact_p50_s = 0;
  double contact_p90_s = 0;
  std::int64_t sla_steps = 0;  // plan steps with an SLA that were started
  std::int64_t sla_met = 0;
  std::int64_t escalations = 0;
  double dissuaded_share() const { return alerts ? double(dissuaded) / double(alerts) : 0.0; }
  double sla_attainment() const { return sla_steps ? double(sla_met) / double(sla_steps) : 0.0; }
};

struct DeskKpi {
  std::string id;
  std::int64_t tasks = 0;  // tasks that joined the queue (alert calls, pushes, inbound)
  std::int64_t served = 0;
  std::int64_t expired_in_queue = 0;  // removed because the alert closed while waiting
  std::int64_t blocked = 0;           // refused: queue full (queue_limit)
  std::int64_t waited = 0;            // served tasks that waited at all (wait > 0)
  double mean_queue_time_s = 0;       // over every task that left the queue (served or expired)
  double mean_wait_s = 0;             // over served tasks
  double max_wait_s = 0;
  int max_queue = 0;
  double mean_queue = 0;          // time-average queue length
  double utilisation = 0;         // busy operator-time / staffed operator-time
  double arrival_rate_per_s = 0;  // tasks joining the queue per second (after warm-up)
  double measured_s = 0;          // length of the measured period (horizon - warm-up)
  // Little's law, L = lambda W, checked on every run: |L - lambda W| / max(L, lambda W) for
  // this desk's queue (0 when the queue was always empty). Tasks still queued at the horizon
  // count in L but not yet in W, so a short run that ends with a long queue shows a gap.
  double little_gap = 0;
  double staffed_hours = 0;  // operator-hours on roster
};

// One row of desks.csv: one desk, one simulated hour.
struct DeskHour {
  int desk = 0;
  std::int64_t hour = 0;  // hours since the start of the run
  std::int64_t arrivals = 0;
  double queue_mean = 0;
  int queue_max = 0;
  double busy_mean = 0;
  double staffed_mean = 0;
  double utilisation = 0;  // busy_mean / staffed_mean (0 if unstaffed)
};

// All desks together, one simulated hour: the series MSER-5 reads to choose a warm-up.
struct HourTotal {
  double queue_mean = 0;  // sum over desks of the time-average queue length
  double busy_mean = 0;   // sum over desks of the time-average busy operators
};

struct Conservation {
  std::int64_t entered = 0;  // every alert that arrived, warm-up included
  std::int64_t dissuaded = 0;
  std::int64_t lost = 0;
  std::int64_t open = 0;
  bool ok() const { return entered == dissuaded + lost + open; }
};

struct RunResult {
  GroupKpi all;
  std::vector<GroupKpi> by_grade;  // index 0 = grade 1
  std::vector<GroupKpi> by_type;   // scenario order
  std::vector<DeskKpi> desks;      // scenario desk order
  // desk-major, then hour; empty when the collector was told not to keep them (national
  // runs: 3,000 desks x 8,760 hours would not fit the memory budget).
  std::vector<DeskHour> desk_hours;
  std::vector<HourTotal> hourly;  // index = hour since the start; always kept (small)
  Conservation conservation;
  std::int64_t inbound_calls = 0;
  std::uint64_t events = 0;
  double simulated_days = 0;
  // Invariant checks that did not hold (e.g. Little's law on a busy desk); empty normally.
  std::vector<std::string> warnings;
  double warmup_days = 0;
};

}  // namespace hotline::metrics
