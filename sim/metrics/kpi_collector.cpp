#include "hotline/metrics/kpi_collector.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "hotline/engine/time.hpp"
#include "hotline/metrics/duration_histogram.hpp"

namespace hotline::metrics {

namespace {

using engine::SimTime;
using model::TraceKind;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::size_t kReservedRowsMax = 5'000'000;

struct GroupAcc {
  GroupKpi kpi;
  DurationHistogram contact;
  DurationHistogram dial;
};

// Per queue (desk or pool): the current levels and their time integrals, per simulated hour
// and in total (after warm-up). Integration is lazy: levels are piecewise constant between
// records. For pools, `staffed` is the servers available (officers, lines).
// Laid out by what a trace record touches, on 64-byte lines (a national run has 3,138 desks
// and each record's first touch of its desk is a cache miss): line 0 the levels and this
// hour's integrals (every record), line 1 the totals after warm-up and this hour's counts
// (every record that moves time, every queue entry), line 2 what a service start or a
// withdrawal adds, then the per-grade waits (one line per grade) and the cold skill-set part.
struct alignas(64) DeskAcc {
  std::int64_t last = 0;  // ms up to which the integrals are complete
  // current hour
  std::int64_t hour = 0;
  int queue = 0;
  int busy = 0;
  int staffed = 0;
  int q_max = 0;
  double q_int = 0, busy_int = 0, staff_int = 0;
  int q_max_total = 0;
  // totals after warm-up
  double q_total = 0, busy_total = 0, staff_total = 0;
  std::int64_t measured_ms = 0;
  std::int64_t arrivals = 0;
  std::int64_t waits_ended = 0, answered_in_time = 0;  // this hour (DeskHour)
  std::int64_t tasks = 0;
  std::int64_t served = 0, expired = 0, blocked = 0, waited = 0;
  std::int64_t inbound_abandoned = 0;  // of expired: inbound callers who hung up
  double wait_sum_ms = 0, wait_max_ms = 0;
  double queue_time_sum_ms = 0;  // served and expired: for Little's law
  std::int64_t in_language = 0, fallback = 0;
  std::array<ClassWait, 4> by_grade{};
  // Desks with skill sets: each skill set's operators on the floor now, their operator-ms
  // after warm-up (integrated up to group_last, only when a skill set changes and at the end,
  // so desks without skill sets pay nothing), and the alert calls begun in and out of the
  // person's language.
  std::vector<int> group_staffed;
  std::vector<double> group_staff_total;
  std::int64_t group_last = 0;
};

// The decision on one alert's reached-within-target, or that it cannot be decided yet.
enum class Reach { hit, miss, undecided };

Reach reach_of(const model::AlertRecord& a, engine::Duration target) {
  SimTime reached = a.first_contact;
  if (a.outcome == model::Outcome::dissuaded && a.closed < reached) reached = a.closed;
  if (reached != engine::kTimeNever)
    return reached - a.arrival <= target ? Reach::hit : Reach::miss;
  // Not reached: a miss once the window has passed, or once the person's moment has (lost or
  // not paid before the target counts as a miss, as an abandoned call does).
  if (a.outcome != model::Outcome::open) return Reach::miss;
  return Reach::undecided;
}

// A decided alert counts as eligible, and as reached if a hit (GroupKpi or IntervalKpi).
template <class Kpi>
void count_reach(Kpi& k, Reach reach) {
  if (reach == Reach::undecided) return;
  ++k.reach_eligible;
  k.reached_in_target += reach == Reach::hit;
}

void add_alert(GroupAcc& g, const model::AlertRecord& a, Reach reach) {
  GroupKpi& k = g.kpi;
  ++k.alerts;
  k.amount_yuan += a.amount;
  k.would_pay += a.would_pay;
  k.warned += a.warned;
  switch (a.outcome) {
    case model::Outcome::dissuaded:
      ++k.dissuaded;
      if (a.would_pay) {
        ++k.saved;
        k.avoided_yuan += a.amount;
      }
      break;
    case model::Outcome::lost:
      ++k.lost;
      k.lost_yuan += a.loss;
      break;
    case model::Outcome::not_paid:
      ++k.not_paid;
      break;
    case model::Outcome::open:
      ++k.open;
      break;
  }
  if (a.outcome == model::Outcome::lost) {
    switch (a.loss_where) {
      case model::LossWhere::queue:
        ++k.lost_in_queue;
        break;
      case model::LossWhere::step:
        ++k.lost_in_step;
        break;
      case model::LossWhere::after_plan:
        ++k.lost_after_plan;
        break;
      case model::LossWhere::awaiting:
        ++k.lost_awaiting;
        break;
      case model::LossWhere::none:
        break;
    }
  }
  if (a.first_contact != engine::kTimeNever) {
    ++k.contacted;
    g.contact.add(engine::ticks(a.first_contact - a.arrival));
  }
  if (a.first_dial != engine::kTimeNever) {
    ++k.dialled;
    g.dial.add(engine::ticks(a.first_dial - a.arrival));
  }
  count_reach(k, reach);
  k.sla_steps += a.sla_steps;
  k.sla_met += a.sla_met;
  k.escalations += a.escalations;
}

void add_interval(IntervalKpi& k, const model::AlertRecord& a, Reach reach) {
  ++k.alerts;
  k.lost += a.outcome == model::Outcome::lost;
  count_reach(k, reach);
}

void finish_group(GroupAcc& g) {
  g.kpi.contact_mean_s = g.contact.mean() / 1000.0;
  g.kpi.contact_p50_s = g.contact.quantile(0.5) / 1000.0;
  g.kpi.contact_p90_s = g.contact.quantile(0.9) / 1000.0;
  g.kpi.dial_mean_s = g.dial.mean() / 1000.0;
  g.kpi.dial_p50_s = g.dial.quantile(0.5) / 1000.0;
  g.kpi.dial_p90_s = g.dial.quantile(0.9) / 1000.0;
}

}  // namespace

class KpiCollector::Impl {
 public:
  Impl(const scenario::Scenario& s, KpiCollector::Options options)
      : s_(s),
        options_(options),
        calendar_(s.clock.start),
        warmup_ms_(engine::ticks(s.clock.warmup)),
        answer_within_ms_(engine::ticks(s.reporting.answer_within)),
        ndesks_(s.desks.size()),
        hours_(s.desks.size()) {
    all_.kpi.key = "all";
    for (int g = 1; g <= scenario::kGrades; ++g) {
      grades_.emplace_back();
      grades_.back().kpi.key = "grade " + std::to_string(g);
      grades_.back().kpi.reach_target_s =
          static_cast<double>(engine::ticks(s.reporting.reach_within[g - 1])) / 1000.0;
    }
    for (const auto& ft : s.fraud_types) {
      types_.emplace_back();
      types_.back().kpi.key = ft.id;
    }
    // Intervals: named ones, then hours of the day; each for all grades (0) and grades 1..3.
    const int per = scenario::kGrades + 1;
    for (const auto& iv : s.reporting.intervals)
      for (int g = 0; g < per; ++g) intervals_.push_back({.interval = iv.name, .grade = g});
    for (int h = 0; h < 24; ++h)
      for (int g = 0; g < per; ++g) intervals_.push_back({.interval = fmt_hour(h), .grade = g});
    for (int m = 0; m < 24 * 60; ++m)
      interval_of_minute_[static_cast<std::size_t>(m)] = s.reporting.interval_of_minute(m);
    build_pools();
    desks_.resize(ndesks_ + pool_ids_.size());
    owned_.assign(desks_.size(), 1);
    if (const model::ModelPart* part = options_.part) {
      for (std::size_t i = 0; i < ndesks_; ++i) owned_[i] = part->owns_desk(static_cast<int>(i));
      for (std::size_t u = 0; u < leaf_pool_.size(); ++u)
        if (leaf_pool_[u] >= 0)
          owned_[ndesks_ + static_cast<std::size_t>(leaf_pool_[u])] =
              part->owns_unit(static_cast<int>(u));
      for (std::size_t p = 0; p < part->robot_pool_part.size(); ++p)
        owned_[static_cast<std::size_t>(robot_queue_) + p] =
            part->robot_pool_part[p] == part->index;
    }
    for (std::size_t i = 0; i < ndesks_; ++i) {
      const std::size_t n = s.desks[i].skill_sets.size();
      desks_[i].group_staffed.assign(n, 0);
      desks_[i].group_staff_total.assign(n, 0.0);
    }
    // Each desk's hours grow to the horizon's: reserved once, so the series is not copied as
    // it grows (each copy of a large vector is fresh pages: page faults that serialise the
    // replication threads). Capped like desks.csv's default guard; beyond it, growth as usual.
    const auto hours = static_cast<std::size_t>(engine::ticks(s.clock.horizon) / kHourMs + 1);
    if (options_.keep_desk_hours && hours * ndesks_ <= kReservedRowsMax)
      for (std::size_t i = 0; i < ndesks_; ++i)
        if (owned_[i]) hours_[i].reserve(hours);
  }

  void on_trace(const model::TraceRecord& r) {
    if (r.kind == TraceKind::inbound_arrival) {
      ++result_.inbound_calls;
      return;
    }
    const int q = r.desk >= 0 ? r.desk : pool_of(r);
    if (q < 0) return;
    DeskAcc& d = desks_[static_cast<std::size_t>(q)];
    const std::int64_t t = engine::ticks(r.time);
    advance(q, t);
    const bool warm = t >= warmup_ms_;
    switch (r.kind) {
      case TraceKind::enqueue:
      case TraceKind::visit_queued:
      case TraceKind::robot_queued:
        ++d.queue;
        ++d.arrivals;
        if (warm) ++d.tasks;
        d.q_max = std::max(d.q_max, d.queue);
        if (warm) d.q_max_total = std::max(d.q_max_total, d.queue);
        break;
      case TraceKind::dequeue_expired:
      case TraceKind::visit_withdrawn:
      case TraceKind::robot_withdrawn:
      case TraceKind::inbound_abandoned:
        ++d.waits_ended;
        --d.queue;
        if (warm) {
          if (r.kind == TraceKind::inbound_abandoned) ++d.inbound_abandoned;
          ++d.expired;
          d.queue_time_sum_ms += static_cast<double>(r.wait_ms);
          add_wait(d, r);
        }
        break;
      case TraceKind::blocked:
        if (warm) ++d.blocked;
        break;
      case TraceKind::service_start:
      case TraceKind::officer_dispatched:
      case TraceKind::robot_start:
        ++d.waits_ended;
        d.answered_in_time += r.wait_ms <= answer_within_ms_;
        --d.queue;
        ++d.busy;
        if (warm) {
          ++d.served;
          d.wait_sum_ms += static_cast<double>(r.wait_ms);
          d.queue_time_sum_ms += static_cast<double>(r.wait_ms);
          if (r.wait_ms > 0) ++d.waited;
          d.wait_max_ms = std::max(d.wait_max_ms, static_cast<double>(r.wait_ms));
          add_wait(d, r);
          if (r.value != 0 && r.kind == TraceKind::service_start) {
            if (r.value == 1) ++d.in_language;
            if (r.value == 2) ++d.fallback;
          }
        }
        break;
      case TraceKind::service_end:
      case TraceKind::officer_free:
      case TraceKind::robot_end:
        --d.busy;
        break;
      case TraceKind::roster_change:
        d.staffed = r.value;
        break;
      case TraceKind::skill_roster_change:
        integrate_groups(d, t);
        d.group_staffed[static_cast<std::size_t>(r.step)] = r.value;
        break;
      case TraceKind::officers_available: {
        int& now = leaf_available_[static_cast<std::size_t>(r.unit)];
        d.staffed += r.value - now;
        now = r.value;
        break;
      }
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
      case model::Outcome::not_paid:
        ++conservation_.not_paid;
        break;
      case model::Outcome::open:
        ++conservation_.open;
        break;
    }
    if (!a.counted) return;
    const engine::Duration target =
        s_.reporting.reach_within[static_cast<std::size_t>(a.grade - 1)];
    const Reach reach = reach_of(a, target);
    // "all" (the group and the all-grades interval rows) is summed from the grades at the end.
    add_alert(grades_[static_cast<std::size_t>(a.grade - 1)], a, reach);
    add_alert(types_[static_cast<std::size_t>(a.fraud_type)], a, reach);
    const auto [named, hour] = interval_slots(a.arrival);
    add_interval(intervals_[named + static_cast<std::size_t>(a.grade)], a, reach);
    add_interval(intervals_[hour + static_cast<std::size_t>(a.grade)], a, reach);
    // Open and not reached yet: decided at the end of the run, when its length is known.
    if (reach == Reach::undecided) pending_.push_back({a.arrival, target, a.grade, a.fraud_type});
  }

  void on_run_end(SimTime end_time) {
    close(end_time);
    if (!options_.part) build_result();
  }

  // The integrals up to the end, and the open alerts' reach decided. A part's queues that
  // another part owns are left as they are (empty: they saw no record).
  void close(SimTime end_time) {
    end_ = end_time;
    const std::int64_t end = engine::ticks(end_time);
    for (std::size_t i = 0; i < desks_.size(); ++i) {
      if (!owned_[i]) continue;
      advance(static_cast<int>(i), end);
      integrate_groups(desks_[i], end);
    }
    // Open alerts not reached: a miss if their window closed before the end, else not counted.
    for (const Pending& p : pending_) {
      if (p.arrival + p.target > end_time) continue;
      count_reach(grades_[static_cast<std::size_t>(p.grade - 1)].kpi, Reach::miss);
      count_reach(types_[static_cast<std::size_t>(p.fraud_type)].kpi, Reach::miss);
      const auto [named, hour] = interval_slots(p.arrival);
      count_reach(intervals_[named + static_cast<std::size_t>(p.grade)], Reach::miss);
      count_reach(intervals_[hour + static_cast<std::size_t>(p.grade)], Reach::miss);
    }
    pending_.clear();
  }

  // Another part's state added to this one's (see KpiCollector::merge).
  void absorb(Impl& o) {
    for (std::size_t g = 0; g < grades_.size(); ++g) add_group(grades_[g], o.grades_[g]);
    for (std::size_t k = 0; k < types_.size(); ++k) add_group(types_[k], o.types_[k]);
    for (std::size_t i = 0; i < intervals_.size(); ++i) add_counts(intervals_[i], o.intervals_[i]);
    for (std::size_t q = 0; q < desks_.size(); ++q) {
      if (!o.owned_[q]) continue;
      desks_[q] = std::move(o.desks_[q]);
      if (q < ndesks_) hours_[q] = std::move(o.hours_[q]);
      owned_[q] = 1;
    }
    auto& hourly = result_.hourly;
    const auto& other = o.result_.hourly;
    if (hourly.size() < other.size()) hourly.resize(other.size());
    for (std::size_t h = 0; h < other.size(); ++h) {
      hourly[h].queue_mean += other[h].queue_mean;
      hourly[h].busy_mean += other[h].busy_mean;
    }
    result_.inbound_calls += o.result_.inbound_calls;
    conservation_ += o.conservation_;
  }

  // The result from the closed state.
  void build_result() {
    const std::int64_t end = engine::ticks(end_);
    sum_all_grades();
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
    r.intervals = intervals_;
    r.desks.clear();
    r.pools.clear();
    r.desk_hours.clear();
    std::size_t rows = 0;
    for (const auto& h : hours_) rows += h.size() + 1;  // + the last partial hour
    r.desk_hours.reserve(rows);
    r.warnings.clear();
    for (std::size_t i = 0; i < desks_.size(); ++i) {
      DeskKpi k = queue_kpi(i);
      const bool desk = i < ndesks_;
      if (desk) {
        k.id = s_.desks[i].id;
        add_skill_sets(k, i);
        warn_little(k, desks_[i]);
        r.desks.push_back(std::move(k));
        // Close the last partial hour, if any.
        DeskAcc& d = desks_[i];
        if (d.last > d.hour * kHourMs) close_hour(static_cast<int>(i), d.last - d.hour * kHourMs);
        r.desk_hours.insert(r.desk_hours.end(), hours_[i].begin(), hours_[i].end());
        std::vector<DeskHour>().swap(hours_[i]);  // in the result now
      } else {
        const std::size_t p = i - ndesks_;
        k.id = pool_ids_[p];
        k.pool = static_cast<int>(i) >= robot_queue_ ? "robot" : "officers";
        r.pools.push_back(std::move(k));
      }
    }
    r.conservation = conservation_;
    r.simulated_days = static_cast<double>(end) / (24.0 * kHourMs);
    r.warmup_days = static_cast<double>(warmup_ms_) / (24.0 * kHourMs);
  }

  RunResult result_;

 private:
  struct Pending {
    SimTime arrival;
    engine::Duration target;
    int grade;
    int fraud_type;
  };

  // Adds the counts of x to k (not the interval or the grade).
  static void add_counts(IntervalKpi& k, const IntervalKpi& x) {
    k.alerts += x.alerts;
    k.lost += x.lost;
    k.reach_eligible += x.reach_eligible;
    k.reached_in_target += x.reached_in_target;
  }

  // Adds the counts, sums and histograms of x to g (not the key or the target).
  static void add_group(GroupAcc& g, const GroupAcc& from) {
    GroupKpi& k = g.kpi;
    const GroupKpi& x = from.kpi;
    k.alerts += x.alerts;
    k.dissuaded += x.dissuaded;
    k.lost += x.lost;
    k.not_paid += x.not_paid;
    k.open += x.open;
    k.would_pay += x.would_pay;
    k.saved += x.saved;
    k.warned += x.warned;
    k.amount_yuan += x.amount_yuan;
    k.lost_yuan += x.lost_yuan;
    k.avoided_yuan += x.avoided_yuan;
    k.contacted += x.contacted;
    k.dialled += x.dialled;
    k.reach_eligible += x.reach_eligible;
    k.reached_in_target += x.reached_in_target;
    k.lost_in_queue += x.lost_in_queue;
    k.lost_in_step += x.lost_in_step;
    k.lost_after_plan += x.lost_after_plan;
    k.lost_awaiting += x.lost_awaiting;
    k.sla_steps += x.sla_steps;
    k.sla_met += x.sla_met;
    k.escalations += x.escalations;
    g.contact.merge(from.contact);
    g.dial.merge(from.dial);
  }

  // The "all" group and the all-grades interval rows: the grades partition the alerts.
  void sum_all_grades() {
    GroupKpi& k = all_.kpi;
    all_.contact = DurationHistogram{};
    all_.dial = DurationHistogram{};
    const std::string key = k.key;
    k = GroupKpi{};
    k.key = key;
    for (const GroupAcc& g : grades_) add_group(all_, g);
    const std::size_t per = scenario::kGrades + 1;
    for (std::size_t base = 0; base < intervals_.size(); base += per) {
      IntervalKpi& all = intervals_[base];
      all.alerts = all.lost = all.reach_eligible = all.reached_in_target = 0;
      for (std::size_t g = 1; g < per; ++g) add_counts(all, intervals_[base + g]);
    }
  }

  static std::string fmt_hour(int h) {
    std::string s = "h";
    s += static_cast<char>('0' + h / 10);
    s += static_cast<char>('0' + h % 10);
    return s;
  }

  // Officer pools: one per parent of leaves that have officers (county level in the usual
  // four-level tree), in tree order; then the robot lines (one pool, or one per region).
  void build_pools() {
    const std::size_t n = s_.units.size();
    leaf_pool_.assign(n, -1);
    leaf_available_.assign(n, 0);
    std::vector<int> pool_of_parent(n, -1);
    for (std::size_t u = 0; u < n; ++u) {
      const auto& unit = s_.units[u];
      if (!unit.children.empty() || unit.officers.count <= 0) continue;
      const int parent = unit.parent >= 0 ? unit.parent : static_cast<int>(u);
      int& p = pool_of_parent[static_cast<std::size_t>(parent)];
      if (p < 0) {
        p = static_cast<int>(pool_ids_.size());
        pool_ids_.push_back(s_.units[static_cast<std::size_t>(parent)].id + ":officers");
      }
      leaf_pool_[u] = p;
    }
    robot_queue_ = static_cast<int>(ndesks_ + pool_ids_.size());
    if (s_.robot.per_region) {
      for (int u : scenario::robot_pools(s_).unit)
        pool_ids_.push_back(s_.units[static_cast<std::size_t>(u)].id + ":robot");
    } else {
      pool_ids_.push_back("robot");
    }
    robot_lines_ = s_.robot.lines;
  }

  // The pool a record without a desk is about: ndesks_ + pool, or -1.
  int pool_of(const model::TraceRecord& r) const {
    switch (r.kind) {
      case TraceKind::visit_queued:
      case TraceKind::visit_withdrawn:
      case TraceKind::officer_dispatched:
      case TraceKind::officer_free:
      case TraceKind::officers_available: {
        const int p = leaf_pool_[static_cast<std::size_t>(r.unit)];
        return p < 0 ? -1 : static_cast<int>(ndesks_) + p;
      }
      case TraceKind::robot_queued:
      case TraceKind::robot_start:
      case TraceKind::robot_end:
      case TraceKind::robot_withdrawn:
        return robot_queue_ + r.value;
      default:
        return -1;
    }
  }

  // The skill-set KPIs of desk i (DeskKpi::skill_sets).
  void add_skill_sets(DeskKpi& k, std::size_t i) const {
    const auto& sets = s_.desks[i].skill_sets;
    if (sets.empty()) return;
    const DeskAcc& d = desks_[i];
    k.skill_sets = true;
    k.calls_in_language = d.in_language;
    k.calls_fallback = d.fallback;
    for (std::size_t l = 0; l < s_.languages.size(); ++l) {
      double ms = 0;
      bool spoken = false;
      for (std::size_t g = 0; g < sets.size(); ++g)
        if (std::find(sets[g].begin(), sets[g].end(), static_cast<int>(l)) != sets[g].end()) {
          spoken = true;
          ms += d.group_staff_total[g];
        }
      if (spoken)
        k.staffed_hours_by_language.emplace_back(s_.languages[l].code,
                                                 ms / static_cast<double>(kHourMs));
    }
  }

  // Skill-set operator-ms after warm-up from d.group_last to t (levels are constant between).
  void integrate_groups(DeskAcc& d, std::int64_t t) const {
    const std::int64_t from = std::max(d.group_last, warmup_ms_);
    if (t > from)
      for (std::size_t g = 0; g < d.group_staffed.size(); ++g)
        d.group_staff_total[g] += d.group_staffed[g] * static_cast<double>(t - from);
    d.group_last = std::max(d.group_last, t);
  }

  static void add_wait(DeskAcc& d, const model::TraceRecord& r) {
    ClassWait& c = d.by_grade[static_cast<std::size_t>(std::clamp(r.grade, 0, 3))];
    ++c.tasks;
    c.waited += r.wait_ms > 0;
    c.wait_sum_s += static_cast<double>(r.wait_ms) / 1000.0;
  }

  DeskKpi queue_kpi(std::size_t i) {
    DeskAcc& d = desks_[i];
    DeskKpi k;
    k.tasks = d.tasks;
    k.served = d.served;
    k.expired_in_queue = d.expired;
    k.inbound_abandoned = d.inbound_abandoned;
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
    k.by_grade = d.by_grade;
    for (const ClassWait& c : d.by_grade) {
      k.all_tasks.tasks += c.tasks;
      k.all_tasks.waited += c.waited;
      k.all_tasks.wait_sum_s += c.wait_sum_s;
    }
    return k;
  }

  // Flags a busy desk whose queue breaks L = lambda W by more than 5% (with a small absolute
  // slack for nearly empty queues): a sign of a bookkeeping bug, or of a run too short for its
  // queues (many tasks still waiting at the horizon).
  void warn_little(const DeskKpi& k, const DeskAcc& d) {
    const double lw = k.arrival_rate_per_s * k.mean_queue_time_s;
    const double big = std::max(k.mean_queue, lw);
    if (d.tasks >= 1000 && std::fabs(k.mean_queue - lw) > 0.05 * big + 0.01)
      result_.warnings.push_back("Little's law gap of " + std::to_string(100 * k.little_gap) +
                                 "% at desk " + k.id + " (L=" + std::to_string(k.mean_queue) +
                                 ", lambda*W=" + std::to_string(lw) +
                                 "): the run may be too short for its queues");
  }

  // The first IntervalKpi index of the alert's named interval and of its hour of day.
  std::pair<std::size_t, std::size_t> interval_slots(SimTime arrival) const {
    const std::int64_t minute = calendar_.epoch_ms(arrival) / 60'000 % (24 * 60);
    const auto m = static_cast<std::size_t>(minute < 0 ? minute + 24 * 60 : minute);
    const std::size_t per = scenario::kGrades + 1;
    const std::size_t named = static_cast<std::size_t>(interval_of_minute_[m]) * per;
    const std::size_t hour = (s_.reporting.intervals.size() + m / 60) * per;
    return {named, hour};
  }

  // Integrates queue levels from d.last to t, closing hour rows on the way.
  void advance(int desk, std::int64_t t) {
    DeskAcc& d = desks_[static_cast<std::size_t>(desk)];
    while (d.last < t) {
      const std::int64_t hour_end = (d.hour + 1) * kHourMs;
      std::int64_t seg_end = std::min(t, hour_end);
      if (d.last < warmup_ms_ && seg_end > warmup_ms_) seg_end = warmup_ms_;
      const double dt = static_cast<double>(seg_end - d.last);
      d.q_int += d.queue * dt;
      d.busy_int += d.busy * dt;
      d.staff_int += (desk >= robot_queue_ ? robot_lines_ : d.staffed) * dt;
      if (d.last >= warmup_ms_) {
        d.q_total += d.queue * dt;
        d.busy_total += d.busy * dt;
        d.staff_total += (desk >= robot_queue_ ? robot_lines_ : d.staffed) * dt;
        d.measured_ms += seg_end - d.last;
      }
      d.last = seg_end;
      if (seg_end == hour_end) close_hour(desk, kHourMs);
    }
  }

  void close_hour(int desk, std::int64_t length_ms) {
    DeskAcc& d = desks_[static_cast<std::size_t>(desk)];
    if (static_cast<std::size_t>(desk) < ndesks_) {
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
      h.waits_ended = d.waits_ended;
      h.answered_in_time = d.answered_in_time;
      if (options_.keep_desk_hours) hours_[static_cast<std::size_t>(desk)].push_back(h);
      auto& hourly = result_.hourly;
      if (hourly.size() <= static_cast<std::size_t>(h.hour)) hourly.resize(h.hour + 1);
      hourly[h.hour].queue_mean += h.queue_mean;
      hourly[h.hour].busy_mean += h.busy_mean;
    }
    ++d.hour;
    d.q_int = d.busy_int = d.staff_int = 0;
    d.q_max = d.queue;
    d.arrivals = 0;
    d.waits_ended = d.answered_in_time = 0;
  }

  const scenario::Scenario& s_;
  KpiCollector::Options options_;
  engine::Calendar calendar_;
  std::int64_t warmup_ms_;
  std::int64_t answer_within_ms_;
  std::size_t ndesks_;
  GroupAcc all_;
  std::vector<GroupAcc> grades_;
  std::vector<GroupAcc> types_;
  std::vector<IntervalKpi> intervals_;
  std::array<int, 24 * 60> interval_of_minute_{};
  std::vector<Pending> pending_;
  std::vector<DeskAcc> desks_;  // desks, then officer pools, then the robot pools
  std::vector<std::vector<DeskHour>> hours_;
  std::vector<std::string> pool_ids_;
  std::vector<int> leaf_pool_;       // by unit: its officer pool, or -1
  std::vector<int> leaf_available_;  // by unit: officers available, as last traced
  int robot_queue_ = -1;             // the first robot pool's queue
  std::vector<char> owned_;          // per queue: this collector's (all, unless it is a part's)
  SimTime end_{};
  int robot_lines_ = 0;
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
         trace_bit(TraceKind::skill_roster_change) | trace_bit(TraceKind::inbound_arrival) |
         trace_bit(TraceKind::visit_queued) | trace_bit(TraceKind::visit_withdrawn) |
         trace_bit(TraceKind::officer_dispatched) | trace_bit(TraceKind::officer_free) |
         trace_bit(TraceKind::officers_available) | trace_bit(TraceKind::robot_queued) |
         trace_bit(TraceKind::robot_start) | trace_bit(TraceKind::robot_end) |
         trace_bit(TraceKind::robot_withdrawn) | trace_bit(TraceKind::inbound_abandoned);
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
RunResult KpiCollector::take_result() {
  return std::move(impl_->result_);
}
void KpiCollector::set_events(std::uint64_t events) {
  impl_->result_.events = events;
}

RunResult KpiCollector::merge(std::span<KpiCollector* const> parts) {
  Impl& first = *parts.front()->impl_;
  for (std::size_t p = 1; p < parts.size(); ++p) first.absorb(*parts[p]->impl_);
  first.build_result();
  return std::move(first.result_);
}

}  // namespace hotline::metrics
