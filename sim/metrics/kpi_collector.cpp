#include "hotline/metrics/kpi_collector.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "hotline/metrics/duration_histogram.hpp"

namespace hotline::metrics {

namespace {

using engine::SimTime;
using model::TraceKind;

constexpr std::int64_t kHourMs = 3'600'000;

struct GroupAcc {
  GroupKpi kpi;
  DurationHistogram contact;
};

// Per desk: the current levels and their time integrals, per simulated hour and in total
// (after warm-up). Integration is lazy: levels are piecewise constant between records.
struct DeskAcc {
  int queue = 0;
  int busy = 0;
  int staffed = 0;
  std::int64_t last = 0;  // ms up to which the integrals are complete
  // current hour
  std::int64_t hour = 0;
  double q_int = 0, busy_int = 0, staff_int = 0;
  int q_max = 0;
  std::int64_t arrivals = 0;
  // totals after warm-up
  double q_total = 0, busy_total = 0, staff_total = 0;
  std::int64_t measured_ms = 0;
  int q_max_total = 0;
  std::int64_t tasks = 0, served = 0, expired = 0, blocked = 0, waited = 0;
  double wait_sum_ms = 0, wait_max_ms = 0;
  double queue_time_sum_ms = 0;  // served and expired: for Little's law
};

void add_alert(GroupAcc& g, const model::AlertRecord& a) {
  GroupKpi& k = g.kpi;
  ++k.alerts;
  k.amount_yuan += a.amount;
  switch (a.outcome) {
    case model::Outcome::dissuaded:
      ++k.dissuaded;
      k.avoided_yuan += a.amount;
      break;
    case model::Outcome::lost:
      ++k.lost;
      k.lost_yuan += a.loss;
      break;
    case model::Outcome::open:
      ++k.open;
      break;
  }
  if (a.first_contact != engine::kTimeNever) {
    ++k.contacted;
    g.contact.add(engine::ticks(a.first_contact - a.arrival));
  }
  k.sla_steps += a.sla_steps;
  k.sla_met += a.sla_met;
  k.escalations += a.escalations;
}

void finish_group(GroupAcc& g) {
  g.kpi.contact_mean_s = g.contact.mean() / 1000.0;
  g.kpi.contact_p50_s = g.contact.quantile(0.5) / 1000.0;
  g.kpi.contact_p90_s = g.contact.quantile(0.9) / 1000.0;
}

}  // namespace

class KpiCollector::Impl {
 public:
  Impl(const scenario::Scenario& s, KpiCollector::Options options)
      : s_(s),
        options_(options),
        warmup_ms_(engine::ticks(s.clock.warmup)),
        desks_(s.desks.size()),
        hours_(s.desks.size()) {
    all_.kpi.key = "all";
    for (int g = 1; g <= scenario::kGrades; ++g) {
      grades_.emplace_back();
      grades_.back().kpi.key = "grade " + std::to_string(g);
    }
    for (const auto& ft : s.fraud_types) {
      types_.emplace_back();
      types_.back().kpi.key = ft.id;
    }
  }

  void on_trace(const model::TraceRecord& r) {
    if (r.desk < 0) return;
    DeskAcc& d = desks_[r.desk];
    const std::int64_t t = engine::ticks(r.time);
    advance(r.desk, t);
    const bool warm = t >= warmup_ms_;
    switch (r.kind) {
      case TraceKind::enqueue:
        ++d.queue;
        ++d.arrivals;
        if (warm) ++d.tasks;
        d.q_max = std::max(d.q_max, d.queue);
        if (warm) d.q_max_total = std::max(d.q_max_total, d.queue);
        break;
      case TraceKind::dequeue_expired:
        --d.queue;
        if (warm) {
          ++d.expired;
          d.queue_time_sum_ms += static_cast<double>(r.wait_ms);
        }
        break;
      case TraceKind::blocked:
        if (warm) ++d.blocked;
        break;
      case TraceKind::service_start:
        --d.queue;
        ++d.busy;
        if (warm) {
          ++d.served;
          d.wait_sum_ms += static_cast<double>(r.wait_ms);
          d.queue_time_sum_ms += static_cast<double>(r.wait_ms);
          if (r.wait_ms > 0) ++d.waited;
          d.wait_max_ms = std::max(d.wait_max_ms, static_cast<double>(r.wait_ms));
        }
        break;
      case TraceKind::service_end:
        --d.busy;
        break;
      case TraceKind::roster_change:
        d.staffed = r.value;
        break;
      case TraceKind::inbound_arrival:
        ++result_.inbound_calls;
        break;
      default:
        break;
    }
  }

  void on_alert_closed(const model::AlertRecord& a) {
    ++conservation_.entered;
    switch (a.outcome) {
      case model::Outcome::dissuaded:
        ++conservation_.dissuaded;
        break;
      case model::Outcome::lost:
        ++conservation_.lost;
        break;
      case model::Outcome::open:
        ++conservation_.open;
        break;
    }
    if (!a.counted) return;
    add_alert(all_, a);
    add_alert(grades_[a.grade - 1], a);
    add_alert(types_[a.fraud_type], a);
  }

  void on_run_end(SimTime horizon) {
    const std::int64_t end = engine::ticks(horizon);
    for (std::size_t i = 0; i < desks_.size(); ++i) advance(static_cast<int>(i), end);
    RunResult& r = result_;
    finish_group(all_);
    r.all = all_.kpi;
    r.by_grade.clear();
    r.by_type.clear();
    for (auto& g : grades_) {
      finish_group(g);
      r.by_grade.push_back(g.kpi);
    }
    for (auto& g : types_) {
      finish_group(g);
      r.by_type.push_back(g.kpi);
    }
    r.desks.clear();
    r.desk_hours.clear();
    r.warnings.clear();
    for (std::size_t i = 0; i < desks_.size(); ++i) {
      DeskAcc& d = desks_[i];
      DeskKpi k;
      k.id = s_.desks[i].id;
      k.tasks = d.tasks;
      k.served = d.served;
      k.expired_in_queue = d.expired;
      k.blocked = d.blocked;
      k.waited = d.waited;
      const std::int64_t left_queue = d.served + d.expired;
      k.mean_queue_time_s =
          left_queue ? d.queue_time_sum_ms / static_cast<double>(left_queue) / 1000.0 : 0.0;
      k.measured_s = static_cast<double>(d.measured_ms) / 1000.0;
      k.arrival_rate_per_s = k.measured_s > 0 ? static_cast<double>(d.tasks) / k.measured_s : 0.0;
      k.mean_wait_s = d.served ? d.wait_sum_ms / static_cast<double>(d.served) / 1000.0 : 0.0;
      k.max_wait_s = d.wait_max_ms / 1000.0;
      k.max_queue = d.q_max_total;
      k.mean_queue = d.measured_ms ? d.q_total / static_cast<double>(d.measured_ms) : 0.0;
      k.utilisation = d.staff_total > 0 ? d.busy_total / d.staff_total : 0.0;
      k.staffed_hours = d.staff_total / static_cast<double>(kHourMs);
      const double lw = k.arrival_rate_per_s * k.mean_queue_time_s;
      const double big = std::max(k.mean_queue, lw);
      k.little_gap = big > 0 ? std::fabs(k.mean_queue - lw) / big : 0.0;
      // Flag a busy desk whose queue breaks L = lambda W by more than 5% (with a small absolute
      // slack for nearly empty queues): a sign of a bookkeeping bug, or of a run too short
      // for its queues (many tasks still waiting at the horizon).
      if (d.tasks >= 1000 && std::fabs(k.mean_queue - lw) > 0.05 * big + 0.01)
        r.warnings.push_back("Little's law gap of " + std::to_string(100 * k.little_gap) +
                             "% at desk " + k.id + " (L=" + std::to_string(k.mean_queue) +
                             ", lambda*W=" + std::to_string(lw) +
                             "): the run may be too short for its queues");
      r.desks.push_back(k);
      // Close the last partial hour, if any.
      if (d.last > d.hour * kHourMs) close_hour(static_cast<int>(i), d.last - d.hour * kHourMs);
      r.desk_hours.insert(r.desk_hours.end(), hours_[i].begin(), hours_[i].end());
    }
    r.conservation = conservation_;
    r.simulated_days = static_cast<double>(end) / (24.0 * kHourMs);
    r.warmup_days = static_cast<double>(warmup_ms_) / (24.0 * kHourMs);
  }

  RunResult result_;

 private:
  // Integrates desk levels from d.last to t, closing hour rows on the way.
  void advance(int desk, std::int64_t t) {
    DeskAcc& d = desks_[desk];
    while (d.last < t) {
      const std::int64_t hour_end = (d.hour + 1) * kHourMs;
      std::int64_t seg_end = std::min(t, hour_end);
      if (d.last < warmup_ms_ && seg_end > warmup_ms_) seg_end = warmup_ms_;
      const double dt = static_cast<double>(seg_end - d.last);
      d.q_int += d.queue * dt;
      d.busy_int += d.busy * dt;
      d.staff_int += d.staffed * dt;
      if (d.last >= warmup_ms_) {
        d.q_total += d.queue * dt;
        d.busy_total += d.busy * dt;
        d.staff_total += d.staffed * dt;
        d.measured_ms += seg_end - d.last;
      }
      d.last = seg_end;
      if (seg_end == hour_end) close_hour(desk, kHourMs);
    }
  }

  void close_hour(int desk, std::int64_t length_ms) {
    DeskAcc& d = desks_[desk];
    DeskHour h;
    h.desk = desk;
    h.hour = d.hour;
    h.arrivals = d.arrivals;
    const double len = static_cast<double>(length_ms);
    h.queue_mean = d.q_int / len;
    h.queue_max = d.q_max;
    h.busy_mean = d.busy_int / len;
    h.staffed_mean = d.staff_int / len;
    h.utilisation = d.staff_int > 0 ? d.busy_int / d.staff_int : 0.0;
    if (options_.keep_desk_hours) hours_[desk].push_back(h);
    auto& hourly = result_.hourly;
    if (hourly.size() <= static_cast<std::size_t>(h.hour)) hourly.resize(h.hour + 1);
    hourly[h.hour].queue_mean += h.queue_mean;
    hourly[h.hour].busy_mean += h.busy_mean;
    ++d.hour;
    d.q_int = d.busy_int = d.staff_int = 0;
    d.q_max = d.queue;
    d.arrivals = 0;
  }

  const scenario::Scenario& s_;
  KpiCollector::Options options_;
  std::int64_t warmup_ms_;
  GroupAcc all_;
  std::vector<GroupAcc> grades_;
  std::vector<GroupAcc> types_;
  std::vector<DeskAcc> desks_;
  std::vector<std::vector<DeskHour>> hours_;
  Conservation conservation_;
};

KpiCollector::KpiCollector(const scenario::Scenario& scenario, Options options)
    : impl_(std::make_unique<Impl>(scenario, options)) {}
KpiCollector::~KpiCollector() = default;
model::TraceMask KpiCollector::trace_kinds() const {
  using model::trace_bit;
  return trace_bit(TraceKind::enqueue) | trace_bit(TraceKind::dequeue_expired) |
         trace_bit(TraceKind::blocked) | trace_bit(TraceKind::service_start) |
         trace_bit(TraceKind::service_end) | trace_bit(TraceKind::roster_change) |
         trace_bit(TraceKind::inbound_arrival);
}

void KpiCollector::on_trace(const model::TraceRecord& r) {
  impl_->on_trace(r);
}
void KpiCollector::on_alert_closed(const model::AlertRecord& a) {
  impl_->on_alert_closed(a);
}
void KpiCollector::on_run_end(engine::SimTime horizon) {
  impl_->on_run_end(horizon);
}
const RunResult& KpiCollector::result() const {
  return impl_->result_;
}
void KpiCollector::set_events(std::uint64_t events) {
  impl_->result_.events = events;
}

}  // namespace hotline::metrics
