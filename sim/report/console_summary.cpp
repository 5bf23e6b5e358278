#include "hotline/report/console_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"

namespace hotline::report {

namespace {

using Align = TextTable::Align;

TextTable group_table(const char* first_header) {
  TextTable t;
  t.column(first_header, Align::left)
      .column("alerts")
      .column("dissuaded (%)")
      .column("lost (¥)")
      .column("avoided (¥)")
      .column("contact p50")
      .column("contact p90")
      .column("SLA met (%)");
  return t;
}

void add_group(TextTable& t, const std::string& label, const metrics::GroupKpi& g) {
  const bool contacted = g.contacted > 0;
  t.add_row({label, format_count(g.alerts), g.alerts ? format_percent(g.dissuaded_share()) : "-",
             format_money(g.lost_yuan), format_money(g.avoided_yuan),
             contacted ? format_duration(g.contact_p50_s) : "-",
             contacted ? format_duration(g.contact_p90_s) : "-",
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
  fmt::format_to(it, "  horizon {} (warm-up {}), seed {}, replication {}\n",
                 format_days(m.horizon_days), format_days(m.warmup_days), m.seed, m.replication);
  fmt::format_to(it, "  {} events in {:.2f} s wall time\n",
                 format_count(static_cast<std::int64_t>(m.events)), m.wall_time_s);
  fmt::format_to(it, "  alerts entered {} = dissuaded {} + lost {} + open {}  [{}]\n",
                 format_count(c.entered), format_count(c.dissuaded), format_count(c.lost),
                 format_count(c.open), c.ok() ? "ok" : "MISMATCH");
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

  out += "\nBy fraud type\n";
  TextTable types = group_table("fraud type");
  for (const auto& g : r.by_type) add_group(types, g.key, g);
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
        .column("mean wait")
        .column("max wait")
        .column("max queue")
        .column("expired in queue");
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& d = r.desks[order[i]];
      desks.add_row({d.id, format_percent(d.utilisation), format_count(d.tasks),
                     d.served ? format_duration(d.mean_wait_s) : "-",
                     d.served ? format_duration(d.max_wait_s) : "-", fmt::format("{}", d.max_queue),
                     fmt::format("{}", d.expired_in_queue)});
    }
    out += desks.render(2);
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
