// The KPIs of one run, as computed by metrics::KpiCollector from trace records.
// Times are in seconds (double) for display; counts are integers; money in yuan.
// docs/outputs.md defines each KPI in one line, with its formula.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hotline::metrics {

// KPIs of a group of alerts (all, one grade, one fraud type). Alerts that arrived during
// warm-up are excluded here (but accounted for in RunResult::conservation).
struct GroupKpi {
  std::string key;  // "all", "grade 1", or the fraud type id
  std::int64_t alerts = 0;
  std::int64_t dissuaded = 0;  // talked out of paying, whether or not they would have paid
  std::int64_t lost = 0;       // transferred the money
  std::int64_t not_paid = 0;   // deadline passed without a transfer: would not have paid
  std::int64_t open = 0;       // still open at the horizon
  std::int64_t would_pay = 0;  // alerts whose person would have paid had nobody intervened
  std::int64_t saved = 0;      // dissuaded and would have paid: the losses actually avoided
  std::int64_t warned = 0;     // a warning reached the person (SMS, robot call or contact)
  double amount_yuan = 0;      // at risk
  double lost_yuan = 0;
  double avoided_yuan = 0;     // amount of the saved alerts
  std::int64_t contacted = 0;  // alerts with a first contact
  double contact_mean_s = 0;   // time to first contact, over contacted alerts
  double contact_p50_s = 0;
  double contact_p90_s = 0;
  std::int64_t dialled = 0;  // alerts an operator dialled about
  double dial_mean_s = 0;    // time to the first dial, over dialled alerts
  double dial_p50_s = 0;
  double dial_p90_s = 0;
  // Reached within target: alerts whose window [arrival, arrival + T] closed before the run
  // ended, or that were reached within it; of those, reached (first contact, or dissuaded by
  // any channel) within T of arrival. T is the alert's grade's reporting.reach_within.
  std::int64_t reach_eligible = 0;
  std::int64_t reached_in_target = 0;
  double reach_target_s = 0;  // T of a grade group; 0 for groups that mix grades
  // Where the lost (and not-paid) alerts were at their deadline (see model::LossWhere).
  std::int64_t lost_in_queue = 0;
  std::int64_t lost_in_step = 0;
  std::int64_t lost_after_plan = 0;
  std::int64_t lost_awaiting = 0;
  std::int64_t sla_steps = 0;  // plan steps with an SLA whose target was decided
  std::int64_t sla_met = 0;
  std::int64_t escalations = 0;
  double dissuaded_share() const { return alerts ? double(dissuaded) / double(alerts) : 0.0; }
  double sla_attainment() const { return sla_steps ? double(sla_met) / double(sla_steps) : 0.0; }
  double reached_share() const {
    return reach_eligible ? double(reached_in_target) / double(reach_eligible) : 0.0;
  }
  // Of the people who would have paid, the share saved / lost.
  double saved_share() const { return would_pay ? double(saved) / double(would_pay) : 0.0; }
};

// Reached within target for the alerts of one grade (0 = all grades) that arrived in one
// interval of the day: a named reporting interval, or one hour of the day.
struct IntervalKpi {
  std::string interval;  // reporting interval name, or "h00".."h23"
  int grade = 0;         // 1..3; 0 = all grades
  std::int64_t alerts = 0;
  std::int64_t lost = 0;
  std::int64_t reach_eligible = 0;
  std::int64_t reached_in_target = 0;
  double reached_share() const {
    return reach_eligible ? double(reached_in_target) / double(reach_eligible) : 0.0;
  }
};

// Waiting at a desk or pool by the grade of the task's alert (0 = inbound work), over every
// task that joined the queue (served or withdrawn), as Erlang tables count them.
struct ClassWait {
  std::int64_t tasks = 0;
  std::int64_t waited = 0;  // waited at all (wait > 0), served or withdrawn
  double wait_sum_s = 0;    // time in queue, served and withdrawn
  double p_wait() const { return tasks ? double(waited) / double(tasks) : 0.0; }
  double mean_wait_all_s() const { return tasks ? wait_sum_s / double(tasks) : 0.0; }
};

// A desk, or a pool of community officers (one per county-level unit: all its communities),
// or a pool of robot lines (one, or one per region): one queue in front of servers (operators,
// officers, lines).
struct DeskKpi {
  std::string id;
  std::string pool;        // "" for a desk; "officers" or "robot" for a pool
  std::int64_t tasks = 0;  // tasks that joined the queue (alert calls, pushes, inbound)
  std::int64_t served = 0;
  std::int64_t expired_in_queue = 0;   // removed because the alert closed while waiting
  std::int64_t inbound_abandoned = 0;  // of those: inbound callers who hung up (patience)
  std::int64_t blocked = 0;            // refused: queue full (queue_limit)
  std::int64_t waited = 0;             // served tasks that waited at all (wait > 0)
  double mean_queue_time_s = 0;        // over every task that left the queue (served or expired)
  double mean_wait_s = 0;              // over served tasks
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
  double staffed_hours = 0;  // operator-hours on roster (pools: officer- or line-hours available)
  // Desks with skill sets (DeskSpec::skill_sets) only: alert calls begun by an operator who
  // speaks the person's language, and by one who does not (after the fallback wait); and the
  // operator-hours on the floor per language (an operator counts in each language they speak),
  // in Scenario::languages order, languages nobody at the desk speaks left out.
  bool skill_sets = false;
  std::int64_t calls_in_language = 0;
  std::int64_t calls_fallback = 0;
  std::vector<std::pair<std::string, double>> staffed_hours_by_language;
  // Over all tasks that joined the queue, and split by grade (index 0 = inbound).
  ClassWait all_tasks;
  std::array<ClassWait, 4> by_grade{};
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
  // Tasks whose wait in the queue ended this hour (served, or withdrawn because the alert
  // closed, or an inbound caller hung up), and of them those served within
  // reporting.answer_within: the service level is answered_in_time / waits_ended.
  std::int64_t waits_ended = 0;
  std::int64_t answered_in_time = 0;
  double service_level() const {
    return waits_ended ? static_cast<double>(answered_in_time) / static_cast<double>(waits_ended)
                       : 0.0;
  }
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
  std::int64_t not_paid = 0;
  std::int64_t open = 0;
  bool ok() const { return entered == dissuaded + lost + not_paid + open; }
  // Totals of several runs, or of a split run's parts.
  Conservation& operator+=(const Conservation& o) {
    entered += o.entered;
    dissuaded += o.dissuaded;
    lost += o.lost;
    not_paid += o.not_paid;
    open += o.open;
    return *this;
  }
};

struct RunResult {
  GroupKpi all;
  std::vector<GroupKpi> by_grade;  // index 0 = grade 1
  std::vector<GroupKpi> by_type;   // scenario order
  std::vector<DeskKpi> desks;      // scenario desk order
  std::vector<DeskKpi> pools;  // officer pools by county-level unit (tree order), then robot pools
  // Reached within target by interval: every (named interval, grade 0..3), then every (hour of
  // day, grade 0..3), interval-major.
  std::vector<IntervalKpi> intervals;
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
