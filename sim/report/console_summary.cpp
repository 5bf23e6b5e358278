#include "hotline/report/console_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "display_names.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "hotline/study/staffing_cost.hpp"
#include "staffing_cost_output.hpp"

namespace hotline::report {

namespace {

using Align = TextTable::Align;
using detail::desk_label;
using detail::type_label;

TextTable group_table(const char* first_header) {
  TextTable t;
  t.column(first_header, Align::left)
      .column("alerts")
      .column("dissuaded (%)")
      .column("would pay")
      .column("saved (%)")
      .column("lost")
      .column("lost (¥)")
      .column("avoided (¥)")
      .column("contact p50")
      .column("contact p90")
      .column("reached in target (%)")
      .column("SLA met (%)");
  return t;
}

void add_group(TextTable& t, const std::string& label, const metrics::GroupKpi& g) {
  const bool contacted = g.contacted > 0;
  t.add_row({label, format_count(g.alerts), g.alerts ? format_percent(g.dissuaded_share()) : "-",
             format_count(g.would_pay), g.would_pay ? format_percent(g.saved_share()) : "-",
             format_count(g.lost), format_money(g.lost_yuan), format_money(g.avoided_yuan),
             contacted ? format_duration(g.contact_p50_s) : "-",
             contacted ? format_duration(g.contact_p90_s) : "-",
             g.reach_eligible ? format_percent(g.reached_share()) : "-",
             g.sla_steps ? format_percent(g.sla_attainment()) : "-"});
}

}  // namespace

std::string format_console_summary(const scenario::Scenario& scenario, const metrics::RunResult& r,
                                   const RunManifest& m, const ConsoleSummaryOptions& options) {
  std::string out;
  auto it = std::back_inserter(out);
  const auto& c = r.conservation;
  fmt::format_to(it, "{} {}: scenario {} from {}\n", m.program, m.version,
                 scenario.name.empty() ? "(unnamed)" : scenario.name,
                 describe_scenario_source(m.scenario));
  fmt::format_to(it, "  horizon {} (warm-up {}), seed {}, replication {}{}\n",
                 format_days(m.horizon_days), format_days(m.warmup_days), m.seed, m.replication,
                 m.parts > 1 ? fmt::format(", split into {} parts", m.parts) : std::string());
  fmt::format_to(it, "  {} events in {:.2f} s wall time\n",
                 format_count(static_cast<std::int64_t>(m.events)), m.wall_time_s);
  fmt::format_to(it, "  alerts entered {} = dissuaded {} + lost {} + not paid {} + open {}  [{}]\n",
                 format_count(c.entered), format_count(c.dissuaded), format_count(c.lost),
                 format_count(c.not_paid), format_count(c.open), c.ok() ? "ok" : "MISMATCH");
  fmt::format_to(it, "  staffing cost {}\n",
                 detail::staffing_cost_text(study::staffing_cost(scenario)));
  if (m.warmup_days > 0) {
    fmt::format_to(it, "  (tables exclude the {} alerts that arrived during warm-up)\n",
                   format_count(c.entered - r.all.alerts));
  }

  out += "\nBy grade\n";
  TextTable grades = group_table("grade");
  for (const auto& g : r.by_grade) add_group(grades, g.key, g);
  grades.add_rule();
  add_group(grades, "all", r.all);
  out += grades.render(2);
  std::string targets;
  for (const auto& g : r.by_grade)
    targets += fmt::format("{}{} for {}", targets.empty() ? "" : ", ",
                           format_duration(g.reach_target_s), g.key);
  fmt::format_to(it,
                 "  reached in target: first contact (or dissuaded) within {} of arrival; "
                 "lost before that is a miss\n",
                 targets);
  fmt::format_to(it,
                 "  lost {}: waiting in a queue {}, during a plan step {}, after the plan ran out "
                 "{}{}\n",
                 format_count(r.all.lost), format_count(r.all.lost_in_queue),
                 format_count(r.all.lost_in_step), format_count(r.all.lost_after_plan),
                 r.all.lost_awaiting
                     ? fmt::format(", awaiting a decision {}", format_count(r.all.lost_awaiting))
                     : "");

  if (!r.intervals.empty()) {
    out += "\nReached in target by interval (alerts by arrival time)\n";
    TextTable iv;
    iv.column("interval", Align::left);
    const std::size_t per = r.by_grade.size() + 1;
    for (const auto& g : r.by_grade) iv.column(g.key + " (%)");
    iv.column("all (%)");
    const std::size_t named = scenario.reporting.intervals.size();
    for (std::size_t i = 0; i < named && (i + 1) * per <= r.intervals.size(); ++i) {
      const auto& spec = scenario.reporting.intervals[i];
      std::vector<std::string> row{detail::interval_label(spec)};
      for (std::size_t g = 1; g < per; ++g) {
        const auto& k = r.intervals[i * per + g];
        row.push_back(k.reach_eligible ? format_percent(k.reached_share()) : "-");
      }
      const auto& all = r.intervals[i * per];
      row.push_back(all.reach_eligible ? format_percent(all.reached_share()) : "-");
      iv.add_row(std::move(row));
    }
    out += iv.render(2);
    out += "  (per hour of day: intervals.csv)\n";
  }

  out += "\nBy fraud type\n";
  TextTable types = group_table("fraud type");
  for (std::size_t i = 0; i < r.by_type.size(); ++i)
    add_group(types, type_label(scenario, i, r.by_type[i].key), r.by_type[i]);
  types.add_rule();
  add_group(types, "all", r.all);
  out += types.render(2);

  if (!r.desks.empty()) {
    std::vector<std::size_t> order(r.desks.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Busiest first; the stable sort keeps scenario order among equals (deterministic).
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return r.desks[a].utilisation > r.desks[b].utilisation;
    });
    const std::size_t shown = std::min(order.size(), std::max<std::size_t>(options.max_desks, 1));
    if (shown < order.size()) {
      fmt::format_to(it, "\nDesks (busiest {} of {}; all in summary.json)\n", shown, order.size());
    } else {
      out += "\nDesks\n";
    }
    TextTable desks;
    desks.column("desk", Align::left)
        .column("utilisation (%)")
        .column("tasks")
        .column("P(wait>0) (%)")
        .column("mean wait")
        .column("max wait")
        .column("max queue")
        .column("expired in queue");
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& d = r.desks[order[i]];
      desks.add_row({desk_label(scenario, order[i], d.id), format_percent(d.utilisation),
                     format_count(d.tasks),
                     d.all_tasks.tasks ? format_percent(d.all_tasks.p_wait()) : "-",
                     d.all_tasks.tasks ? format_duration(d.all_tasks.mean_wait_all_s()) : "-",
                     d.served ? format_duration(d.max_wait_s) : "-", fmt::format("{}", d.max_queue),
                     fmt::format("{}", d.expired_in_queue)});
    }
    out += desks.render(2);
    out += "  (P(wait>0) and mean wait over every task that joined the queue, as Erlang tables)\n";
  }
  if (!r.pools.empty()) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < r.pools.size(); ++i)
      if (r.pools[i].tasks > 0 || r.pools[i].staffed_hours > 0) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return r.pools[a].utilisation > r.pools[b].utilisation;
    });
    const std::size_t shown = std::min<std::size_t>(order.size(), 10);
    if (shown > 0) {
      fmt::format_to(it, "\nOfficers and robot lines (busiest {} of {}; all in summary.json)\n",
                     shown, order.size());
      TextTable pools;
      pools.column("pool", Align::left)
          .column("utilisation (%)")
          .column("tasks")
          .column("P(wait>0) (%)")
          .column("mean wait")
          .column("max queue");
      for (std::size_t i = 0; i < shown; ++i) {
        const auto& p = r.pools[order[i]];
        pools.add_row({p.id, format_percent(p.utilisation), format_count(p.tasks),
                       p.all_tasks.tasks ? format_percent(p.all_tasks.p_wait()) : "-",
                       p.all_tasks.tasks ? format_duration(p.all_tasks.mean_wait_all_s()) : "-",
                       fmt::format("{}", p.max_queue)});
      }
      out += pools.render(2);
    }
  }
  if (r.inbound_calls > 0)
    fmt::format_to(it, "\nInbound calls (consultations, reports): {}\n",
                   format_count(r.inbound_calls));

  for (const auto& w : r.warnings) fmt::format_to(it, "\nwarning: {}\n", w);

  if (!options.files.empty()) {
    out += "\nFiles\n";
    for (const auto& f : options.files) fmt::format_to(it, "  {}\n", f);
  }
  return out;
}

}  // namespace hotline::report
