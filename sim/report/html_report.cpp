#include "hotline/report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "display_names.hpp"
#include "hotline/report/band_chart.hpp"
#include "hotline/report/bar_chart.hpp"
#include "hotline/report/heat_map.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "html_text.hpp"

namespace hotline::report {

using detail::data_num;
using detail::html_escape;
using detail::page_head;

const study::Estimate* ReportKpis::find(const std::string& name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? nullptr : &values[static_cast<std::size_t>(it - names.begin())];
}

namespace {

constexpr const char* kLost = "#c0392b";
constexpr const char* kAvoided = "#27ae60";
constexpr const char* kBase = "#7f8c8d";
constexpr const char* kOther = "#2c6fbb";
constexpr std::array<const char*, 4> kGradeColours = {"#2c3e50", "#c0392b", "#e67e22", "#2c6fbb"};

std::string value_text(const std::string& kpi, const study::Estimate& e) {
  return study::format_kpi(kpi, e.mean);
}
std::string ci_text(const std::string& kpi, const study::Estimate& e) {
  if (e.n < 2) return "one run: no confidence interval";
  return fmt::format("± {} (95% CI, {} replications)", study::format_kpi(kpi, e.half_width), e.n);
}

// One headline card; nothing if the page's KPIs lack `kpi`.
std::string card(const ReportKpis& kpis, const std::string& kpi, const std::string& label,
                 const std::string& zh) {
  const study::Estimate* e = kpis.find(kpi);
  if (!e) return "";
  return fmt::format(
      "<div class=\"kpi\" data-kpi=\"{}\" data-mean=\"{}\" data-half-width=\"{}\">"
      "<div class=\"label\">{}</div><div class=\"zh\">{}</div><div class=\"value\">{}</div>"
      "<div class=\"ci\">{}</div></div>\n",
      html_escape(kpi), data_num(e->mean), data_num(e->half_width), html_escape(label),
      html_escape(zh), html_escape(value_text(kpi, *e)), html_escape(ci_text(kpi, *e)));
}

std::string cost_card(const study::StaffingCost& c, const std::string& id) {
  const std::string value = c.priced ? "¥" + format_money(c.total_yuan()) : "not priced";
  const std::string ci =
      c.priced ? fmt::format("¥{} a day over {}; {} operator-hours", format_money(c.yuan_per_day()),
                             format_days(c.days), format_count(std::llround(c.operator_hours)))
               : fmt::format("{} operator-hours rostered; add a costs: section",
                             format_count(std::llround(c.operator_hours)));
  return fmt::format(
      "<div class=\"kpi\" data-cost=\"{}\" data-cost-yuan=\"{}\"><div class=\"label\">staffing "
      "cost (roster)</div><div class=\"zh\">人力成本</div><div class=\"value\">{}</div>"
      "<div class=\"ci\">{}</div></div>\n",
      html_escape(id), data_num(c.total_yuan()), html_escape(value), html_escape(ci));
}

std::string headline_cards(const ReportScenario& s, const ReportKpis& k) {
  std::string out = "<div class=\"cards\">\n";
  static constexpr std::array<const char*, 3> kZhGrade = {"一级预警", "二级预警", "三级预警"};
  for (std::size_t g = 0; g < s.grade_kpis.size(); ++g)
    out += card(
        k, s.grade_kpis[g], fmt::format("grade {} reached within {}", g + 1, s.grade_targets[g]),
        fmt::format("{} {}内触达", g < kZhGrade.size() ? kZhGrade[g] : "", s.grade_targets[g]));
  out += card(k, "all.reached_within_target", "all grades reached within target",
              "全部预警 目标时间内触达");
  out += card(k, "all.lost_yuan", "yuan lost", "被骗损失 (元)");
  out += card(k, "all.avoided_yuan", "yuan avoided", "避免损失 (元)");
  out += card(k, "all.dissuaded_share", "share of alerts dissuaded", "劝阻率");
  out += card(k, "all.saved_share", "of those who would have paid, saved", "挽回率 (本会转账者)");
  return out;
}

std::string table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows, const std::string& id = "") {
  std::string out = id.empty() ? "<table>\n<tr>" : fmt::format("<table id=\"{}\">\n<tr>", id);
  for (const auto& h : header) out += "<th>" + html_escape(h) + "</th>";
  out += "</tr>\n";
  for (const auto& r : rows) {
    out += "<tr>";
    for (const auto& c : r) out += "<td>" + html_escape(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string manifest_section(const std::vector<ReportRow>& rows) {
  std::string out =
      "<section id=\"manifest\">\n<h2>Manifest 运行清单</h2>\n<p class=\"note\">What produced "
      "these numbers: rerun with the same scenario (same SHA-256), seed and options to get the "
      "same bytes. manifest.json beside this file lists every file, this one included, with its "
      "SHA-256.</p>\n<table>\n";
  for (const auto& r : rows)
    out += fmt::format("<tr><th>{}</th><td class=\"text\">{}</td></tr>\n", html_escape(r.label),
                       html_escape(r.value));
  return out + "</table>\n</section>\n";
}

std::string cost_table(const study::StaffingCost& c) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& k : c.by_kind)
    rows.push_back({k.kind, format_count(k.desks), format_count(std::llround(k.operator_hours)),
                    c.priced ? "¥" + format_money(k.yuan) : "-"});
  // Officers are shown (and their hours added) only when the scenario prices them: unpriced,
  // their on-call hours are not the hotline's to pay.
  const bool officers = c.officer_yuan > 0;
  if (officers)
    rows.push_back({"community officers 社区民警", "-", format_count(std::llround(c.officer_hours)),
                    "¥" + format_money(c.officer_yuan)});
  rows.push_back({"total", "",
                  format_count(std::llround(c.operator_hours + (officers ? c.officer_hours : 0.0))),
                  c.priced ? "¥" + format_money(c.total_yuan()) : "-"});
  return table({"desk kind", "desks", "paid hours", "cost"}, rows);
}

std::string hour_label(int h) {
  return h % 3 == 0 ? fmt::format("{:02}", h) : "";
}

std::string share_format(double v) {
  return fmt::format("{:.0f}%", 100 * v);
}
std::string yuan_format(double v) {
  const double a = std::abs(v);
  if (a >= 1e8) return fmt::format("¥{:.3g}亿", v / 1e8);
  if (a >= 1e4) return fmt::format("¥{:.3g}万", v / 1e4);
  return fmt::format("¥{:.0f}", v);
}

ChartValue chart_value(const study::Estimate* e, double scale = 1.0) {
  if (!e) return {std::nan(""), 0};
  return {e->mean * scale, e->half_width * scale};
}

std::string reached_by_hour(const ReportScenario& s,
                            const std::vector<std::pair<std::string, const ReportKpis*>>& sets,
                            bool grades) {
  std::vector<double> xs;
  std::vector<std::string> labels;
  for (int h = 0; h < 24; ++h) {
    xs.push_back(h);
    labels.push_back(hour_label(h));
  }
  BandChart chart("reached-by-hour",
                  "Reached within target by hour of arrival · 按预警时段的目标内触达率");
  chart.x(std::move(xs), std::move(labels))
      .x_label("hour of day the alert arrived")
      .y_label("reached within target")
      .y_range(0, 1)
      .format(share_format);
  std::size_t colour = 0;
  for (const auto& [name, kpis] : sets) {
    std::vector<std::pair<std::string, std::string>> lines = {{"all.reached_within_target", "all"}};
    if (grades)
      for (std::size_t g = 0; g < s.grade_kpis.size(); ++g)
        lines.push_back({s.grade_kpis[g], fmt::format("grade {}", g + 1)});
    for (const auto& [kpi, label] : lines) {
      BandChart::Series series{name.empty() ? label : name, "", {}};
      series.color = sets.size() > 1 ? (colour == 0 ? kBase : kOther)
                                     : kGradeColours[colour % kGradeColours.size()];
      for (int h = 0; h < 24; ++h)
        series.values.push_back(chart_value(kpis->find(fmt::format("{}.h{:02}", kpi, h))));
      chart.series(std::move(series));
      ++colour;
    }
  }
  return chart.svg(1040, 340);
}

std::vector<std::string> hour_columns() {
  std::vector<std::string> cols;
  for (int h = 0; h < 24; ++h) cols.push_back(fmt::format("{:02}", h));
  return cols;
}

std::string heat_map(const DeskHourGrid& grid) {
  HeatMap map(
      "desk-hour-utilisation",
      "Desk load by hour of day: utilisation (busy / staffed operators) · 各席位分时忙碌率");
  map.columns(hour_columns()).scale(0, 1).format(share_format);
  for (std::size_t d = 0; d < grid.desks.size(); ++d) map.row(grid.desks[d], grid.utilisation[d]);
  return map.svg(1040);
}

std::string service_map(const DeskHourGrid& grid) {
  HeatMap map("desk-hour-service-level",
              fmt::format("Service level by hour of day: share of tasks served within {} · "
                          "各席位分时服务水平",
                          grid.answer_within));
  map.columns(hour_columns()).scale(0, 1).format(share_format);
  for (std::size_t d = 0; d < grid.desks.size() && d < grid.service_level.size(); ++d)
    map.row(grid.desks[d], grid.service_level[d]);
  return map.svg(1040);
}

// Waiting work: the scale runs to the longest mean queue of any cell (at least 1 task).
std::string queue_map(const DeskHourGrid& grid) {
  double top = 1;
  for (const auto& row : grid.queue)
    for (const double v : row)
      if (std::isfinite(v)) top = std::max(top, v);
  HeatMap map("desk-hour-queue",
              "Waiting work by hour of day: mean queue length (tasks) · 各席位分时排队长度");
  map.columns(hour_columns()).scale(0, top).format([](double v) {
    return fmt::format("{:.2f}", v);
  });
  for (std::size_t d = 0; d < grid.desks.size() && d < grid.queue.size(); ++d)
    map.row(grid.desks[d], grid.queue[d]);
  return map.svg(1040);
}

// A reach target for people: "10 min", "1 h", "90 s".
std::string target_text(engine::Duration d) {
  const std::int64_t s = engine::ticks(d) / 1000;
  if (s > 0 && s % 3600 == 0) return fmt::format("{} h", s / 3600);
  if (s > 0 && s % 60 == 0) return fmt::format("{} min", s / 60);
  return format_duration(static_cast<double>(engine::ticks(d)) / 1000.0);
}

}  // namespace

ReportScenario report_scenario(const scenario::Scenario& s) {
  ReportScenario r;
  r.name = s.name;
  r.description = s.description;
  for (int g = 1; g <= scenario::kGrades; ++g) {
    r.grade_kpis.push_back(study::reached_kpi_name(s, g));
    r.grade_targets.push_back(
        target_text(s.reporting.reach_within[static_cast<std::size_t>(g - 1)]));
  }
  for (const auto& t : s.fraud_types) {
    r.type_ids.push_back(t.id);
    r.type_names.push_back(t.name.empty() ? t.id : t.name);
  }
  for (const auto& iv : s.reporting.intervals) {
    r.interval_names.push_back(iv.name);
    r.interval_labels.push_back(detail::interval_label(iv));
  }
  return r;
}

DeskHourGrid desk_hour_grid(const scenario::Scenario& s,
                            const std::vector<metrics::DeskHour>& hours, std::size_t max_desks) {
  DeskHourGrid grid;
  if (hours.empty() || s.desks.empty()) return grid;
  const std::int64_t warmup_hours = engine::ticks(s.clock.warmup) / engine::ticks(engine::kHour);
  const int start_minute = s.clock.start.hour * 60 + s.clock.start.minute;
  std::vector<std::array<double, 24>> busy(s.desks.size()), staffed(s.desks.size()),
      queue(s.desks.size()), days(s.desks.size()), waits(s.desks.size()), in_time(s.desks.size());
  for (const auto& h : hours) {
    if (h.hour < warmup_hours || h.desk < 0 || static_cast<std::size_t>(h.desk) >= s.desks.size())
      continue;
    const auto hod = static_cast<std::size_t>(((start_minute + h.hour * 60) / 60) % 24);
    busy[static_cast<std::size_t>(h.desk)][hod] += h.busy_mean;
    staffed[static_cast<std::size_t>(h.desk)][hod] += h.staffed_mean;
    queue[static_cast<std::size_t>(h.desk)][hod] += h.queue_mean;
    days[static_cast<std::size_t>(h.desk)][hod] += 1;
    waits[static_cast<std::size_t>(h.desk)][hod] += static_cast<double>(h.waits_ended);
    in_time[static_cast<std::size_t>(h.desk)][hod] += static_cast<double>(h.answered_in_time);
  }
  grid.answer_within = target_text(s.reporting.answer_within);
  std::vector<double> overall(s.desks.size());
  for (std::size_t d = 0; d < s.desks.size(); ++d) {
    const double b = std::accumulate(busy[d].begin(), busy[d].end(), 0.0);
    const double st = std::accumulate(staffed[d].begin(), staffed[d].end(), 0.0);
    overall[d] = st > 0 ? b / st : 0.0;
  }
  std::vector<std::size_t> order(s.desks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Busiest first; the stable sort keeps scenario order among equals (deterministic).
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return overall[a] > overall[b]; });
  order.resize(std::min(order.size(), max_desks));
  for (const std::size_t d : order) {
    grid.desks.push_back(detail::desk_label(s, d, s.desks[d].id));
    std::vector<double> row(24);
    for (std::size_t h = 0; h < 24; ++h)
      row[h] =
          staffed[d][h] > 0 ? busy[d][h] / staffed[d][h] : std::numeric_limits<double>::quiet_NaN();
    grid.utilisation.push_back(std::move(row));
    std::vector<double> waiting(24);
    for (std::size_t h = 0; h < 24; ++h)
      waiting[h] =
          days[d][h] > 0 ? queue[d][h] / days[d][h] : std::numeric_limits<double>::quiet_NaN();
    grid.queue.push_back(std::move(waiting));
    std::vector<double> level(24);
    for (std::size_t h = 0; h < 24; ++h)
      level[h] =
          waits[d][h] > 0 ? in_time[d][h] / waits[d][h] : std::numeric_limits<double>::quiet_NaN();
    grid.service_level.push_back(std::move(level));
  }
  return grid;
}

std::vector<ReportRow> manifest_rows(const RunManifest& m, int replications,
                                     const std::vector<ReportRow>& file_hashes) {
  std::vector<ReportRow> rows = {
      {"program", m.program + " " + m.version},
      {"scenario", m.scenario_name + " (" + describe_scenario_source(m.scenario) + ")"},
      {"scenario SHA-256", m.scenario_sha256},
      {"seed", fmt::format("{}", m.seed)},
      {"replications", fmt::format("{}", replications)},
      {"horizon", format_days(m.horizon_days)},
      {"warm-up", format_days(m.warmup_days)},
      {"events", format_count(static_cast<std::int64_t>(m.events))},
  };
  for (const auto& o : m.options) {
    const std::string value = std::visit(
        [](const auto& x) -> std::string {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return "(not given)";
          } else if constexpr (std::is_same_v<T, bool>) {
            return x ? "yes" : "no";
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            return x.empty() ? "(none)" : fmt::format("{}", fmt::join(x, "  "));
          } else {
            return fmt::format("{}", x);
          }
        },
        o.value);
    rows.push_back({"option --" + o.key, value});
  }
  for (const auto& f : file_hashes) rows.push_back({f.label + " SHA-256", f.value});
  return rows;
}

std::vector<ReportRow> finished_file_rows(OutputFolder& folder) {
  std::vector<ReportRow> rows;
  for (const auto& f : folder.finish_created()) rows.push_back({f.name, f.sha256});
  return rows;
}

RunPage make_run_page(const scenario::Scenario& s, const metrics::RunResult& result,
                      const RunManifest& m, const std::vector<ReportRow>& file_hashes) {
  RunPage page;
  page.scenario = report_scenario(s);
  const study::KpiVector v = study::flatten_kpis(result);
  page.kpis.names = v.names;
  for (const double x : v.values) page.kpis.values.push_back({x, 0, 0, 1});
  page.replications = 1;
  page.desk_hours = desk_hour_grid(s, result.desk_hours);
  page.cost = study::staffing_cost(s);
  page.manifest = manifest_rows(m, 1, file_hashes);
  return page;
}

RunPage make_run_page(const scenario::Scenario& s, const study::ReplicationSet& set,
                      const RunManifest& m, const std::vector<ReportRow>& file_hashes) {
  RunPage page;
  page.scenario = report_scenario(s);
  page.kpis.names = set.kpi_names;
  page.kpis.values = set.estimates;
  page.replications = static_cast<int>(set.runs.size());
  page.desk_hours = desk_hour_grid(s, set.desk_hours_mean);
  page.cost = set.cost;
  page.manifest = manifest_rows(m, page.replications, file_hashes);
  return page;
}

ComparisonPage make_comparison_page(const scenario::Scenario& base, const study::Comparison& c,
                                    const std::string& base_label, const std::string& other_label,
                                    const std::string& change, const RunManifest& m,
                                    const std::vector<ReportRow>& file_hashes) {
  ComparisonPage page;
  page.scenario = report_scenario(base);
  page.base = base_label;
  page.other = other_label;
  page.change = change;
  page.replications = static_cast<int>(c.base.runs.size());
  page.kpis = c.kpis;
  page.base_cost = c.base.cost;
  page.other_cost = c.other.cost;
  page.manifest = manifest_rows(m, page.replications, file_hashes);
  return page;
}

std::string run_report_html(const RunPage& p) {
  const ReportScenario& s = p.scenario;
  std::string out = page_head(s.name + " · hotline-sim report");
  out += fmt::format("<header>\n<h1>{} · 96110 预警劝阻 仿真报告</h1>\n<p class=\"lead\">{}</p>\n",
                     html_escape(s.name), html_escape(s.description));
  out += fmt::format(
      "<p class=\"note\">{} · values are means over the counted period (after warm-up){}.</p>\n"
      "</header>\n",
      p.replications > 1 ? fmt::format("{} replications", p.replications) : "one run",
      p.replications > 1 ? "; ± is the half-width of the 95% confidence interval (Student t)" : "");
  if (!p.incomplete.empty())
    out += fmt::format("<p class=\"incomplete\" id=\"incomplete\">Incomplete 结果不完整: {}.</p>\n",
                       html_escape(p.incomplete));
  out += "<section id=\"headline\">\n<h2>Headline 核心指标</h2>\n";
  out += headline_cards(s, p.kpis);
  out += cost_card(p.cost, "run");
  out += "</div>\n</section>\n";

  out += "<section id=\"desks\">\n<h2>Desks by hour of day 各席位分时负荷</h2>\n";
  if (!p.desk_hours.desks.empty()) {
    out += service_map(p.desk_hours);
    out += fmt::format(
        "<p class=\"note\">Each cell: of the tasks whose wait in that desk's queue ended in "
        "that hour of the day (alert calls, pushes, inbound calls), the share served within "
        "{} (<code>reporting.answer_within</code>; those withdrawn or hung up count as not "
        "served), as contact centres state a service level (80/20); grey = no task.</p>\n",
        p.desk_hours.answer_within);
    out += heat_map(p.desk_hours);
    out += fmt::format(
        "<p class=\"note\">Each cell: busy operator-time / staffed operator-time of that desk in "
        "that hour of the day, over every day of the counted period{}; grey = nobody rostered. "
        "Busiest {} desks first; every desk and hour in desks.csv.</p>\n",
        p.replications > 1 ? " and every replication" : "", p.desk_hours.desks.size());
    out += queue_map(p.desk_hours);
    out +=
        "<p class=\"note\">Each cell: the time-average number of tasks waiting in the desk's "
        "queue in that hour of the day (alert calls, pushes, inbound calls), over the same days: "
        "where people wait for service.</p>\n";
  } else {
    out +=
        "<p class=\"note\">No desk-hour series in this run (desks.csv was not written: "
        "pass --desks-csv on).</p>\n";
  }
  out += "</section>\n";

  out +=
      "<section id=\"money\">\n<h2>Yuan lost and avoided by fraud type 各类诈骗损失与挽损</h2>\n";
  {
    BarChart chart("yuan-by-type", "Yuan lost and avoided per fraud type · 按诈骗类型");
    BarChart::Series lost{"lost 损失", kLost, {}}, avoided{"avoided 挽损", kAvoided, {}};
    for (const auto& id : s.type_ids) {
      lost.values.push_back(chart_value(p.kpis.find("type." + id + ".lost_yuan")));
      avoided.values.push_back(chart_value(p.kpis.find("type." + id + ".avoided_yuan")));
    }
    chart.categories(s.type_names).series(lost).series(avoided).y_label("yuan").format(yuan_format);
    out += chart.svg(1040, 340);
  }
  out += "</section>\n";

  out +=
      "<section id=\"intervals\">\n<h2>Reached within target through the day 分时段触达率</h2>\n";
  out += reached_by_hour(s, {{"", &p.kpis}}, true);
  {
    BarChart chart("reached-by-interval", "Reached within target by reporting interval · 按时段");
    chart.categories(s.interval_labels)
        .y_label("reached within target")
        .y_range(0, 1)
        .format(share_format);
    for (std::size_t g = 0; g <= s.grade_kpis.size(); ++g) {
      const std::string kpi = g == 0 ? "all.reached_within_target" : s.grade_kpis[g - 1];
      BarChart::Series series{
          g == 0 ? "all" : fmt::format("grade {}", g), kGradeColours[g % kGradeColours.size()], {}};
      for (const auto& iv : s.interval_names)
        series.values.push_back(chart_value(p.kpis.find(kpi + "." + iv)));
      chart.series(std::move(series));
    }
    out += chart.svg(1040, 320);
  }
  out += "</section>\n";

  out += "<section id=\"cost\">\n<h2>Staffing cost 人力成本</h2>\n";
  out += cost_table(p.cost);
  out +=
      "<p class=\"note\">Paid operator-hours of the roster (breaks paid) over the counted "
      "period, priced by the scenario's costs: section (docs/outputs.md, \"Staffing "
      "cost\").</p>\n</section>\n";
  out += manifest_section(p.manifest);
  out += "</body>\n</html>\n";
  return out;
}

std::string comparison_report_html(const ComparisonPage& p) {
  const ReportScenario& s = p.scenario;
  std::string out = page_head(s.name + " · hotline-sim comparison");
  out += fmt::format(
      "<header>\n<h1>{} · 方案对比</h1>\n<p class=\"lead\">{}</p>\n<table id=\"variants\">"
      "<tr><th>base 基准</th><td class=\"text\">{}</td></tr><tr><th>other 方案</th><td "
      "class=\"text\">{}</td></tr></table>\n<p class=\"note\">{} paired replications: "
      "replication r of both variants sees the same alerts (common random numbers), so each "
      "difference is paired; ± is the half-width of its 95% confidence interval.</p>\n</header>\n",
      html_escape(s.name), html_escape(p.change), html_escape(p.base), html_escape(p.other),
      p.replications);

  std::vector<std::pair<std::string, std::string>> headline;
  for (std::size_t g = 0; g < s.grade_kpis.size(); ++g)
    headline.push_back(
        {s.grade_kpis[g], fmt::format("grade {} reached within {}", g + 1, s.grade_targets[g])});
  headline.insert(headline.end(), {{"all.reached_within_target", "all reached within target"},
                                   {"all.dissuaded_share", "share dissuaded"},
                                   {"all.saved_share", "would have paid, saved"},
                                   {"all.lost_yuan", "yuan lost"},
                                   {"all.avoided_yuan", "yuan avoided"}});
  const auto find = [&](const std::string& name) -> const study::KpiComparison* {
    for (const auto& k : p.kpis)
      if (k.name == name) return &k;
    return nullptr;
  };
  out += "<section id=\"headline\">\n<h2>Headline: paired differences 核心指标差异</h2>\n";
  out +=
      "<table id=\"paired\">\n<tr><th>KPI</th><th>base</th><th>other</th><th>difference "
      "(other − base)</th><th>significant at 95%</th></tr>\n";
  for (const auto& [name, label] : headline) {
    const study::KpiComparison* k = find(name);
    if (!k) continue;
    const bool share = study::kpi_unit(name) == study::KpiUnit::share;
    const std::string diff = share ? fmt::format("{:+.1f} ± {:.1f} points", 100 * k->paired.mean,
                                                 100 * k->paired.half_width)
                                   : fmt::format("{}{} ± {}", k->paired.mean >= 0 ? "+" : "−",
                                                 study::format_kpi(name, std::abs(k->paired.mean)),
                                                 study::format_kpi(name, k->paired.half_width));
    out += fmt::format(
        "<tr data-kpi=\"{}\" data-base=\"{}\" data-other=\"{}\" data-mean=\"{}\" "
        "data-half-width=\"{}\"><td>{}</td><td>{} ± {}</td><td>{} ± {}</td><td>{}</td><td "
        "class=\"{}\">{}</td></tr>\n",
        html_escape(name), data_num(k->base.mean), data_num(k->other.mean),
        data_num(k->paired.mean), data_num(k->paired.half_width), html_escape(label),
        html_escape(study::format_kpi(name, k->base.mean)),
        html_escape(study::format_kpi(name, k->base.half_width)),
        html_escape(study::format_kpi(name, k->other.mean)),
        html_escape(study::format_kpi(name, k->other.half_width)), html_escape(diff),
        k->significant() ? "yes" : "no", k->significant() ? "yes" : "no");
  }
  out += "</table>\n<div class=\"cards\">\n";
  out += cost_card(p.base_cost, "base");
  out += cost_card(p.other_cost, "other");
  out += "</div>\n";
  {
    BarChart chart("paired-differences",
                   "Paired differences in service shares (other − base, points) · 配对差异");
    BarChart::Series d{"other − base", kOther, {}};
    std::vector<std::string> cats;
    for (const auto& [name, label] : headline) {
      const study::KpiComparison* k = find(name);
      if (!k || study::kpi_unit(name) != study::KpiUnit::share) continue;
      cats.push_back(label);
      d.values.push_back({100 * k->paired.mean, 100 * k->paired.half_width});
    }
    chart.categories(std::move(cats)).series(std::move(d)).y_label("points").format([](double v) {
      return fmt::format("{:+.1f}", v);
    });
    out += chart.svg(1040, 320);
  }
  out += "</section>\n";

  out += "<section id=\"money\">\n<h2>Yuan avoided by fraud type 各类诈骗挽损</h2>\n";
  {
    BarChart chart("yuan-by-type", "Yuan avoided per fraud type, base and other · 按诈骗类型");
    BarChart::Series base{"base 基准", kBase, {}}, other{"other 方案", kOther, {}};
    for (const auto& id : s.type_ids) {
      const study::KpiComparison* k = find("type." + id + ".avoided_yuan");
      base.values.push_back(k ? ChartValue{k->base.mean, k->base.half_width}
                              : ChartValue{std::nan(""), 0});
      other.values.push_back(k ? ChartValue{k->other.mean, k->other.half_width}
                               : ChartValue{std::nan(""), 0});
    }
    chart.categories(s.type_names).series(base).series(other).y_label("yuan").format(yuan_format);
    out += chart.svg(1040, 340);
  }
  out += "</section>\n";

  out +=
      "<section id=\"intervals\">\n<h2>Reached within target through the day 分时段触达率</h2>\n";
  {
    ReportKpis base, other;
    for (const auto& k : p.kpis) {
      base.names.push_back(k.name);
      base.values.push_back(k.base);
      other.names.push_back(k.name);
      other.values.push_back(k.other);
    }
    out += reached_by_hour(s, {{"base 基准", &base}, {"other 方案", &other}}, false);
  }
  out += "</section>\n";
  out += "<section id=\"cost\">\n<h2>Staffing cost 人力成本</h2>\n<h3>base</h3>\n";
  out += cost_table(p.base_cost);
  out += "<h3>other</h3>\n" + cost_table(p.other_cost) + "</section>\n";
  out += manifest_section(p.manifest);
  out += "</body>\n</html>\n";
  return out;
}

std::string sweep_report_html(const SweepPage& p) {
  const ReportScenario& s = p.scenario;
  std::string out = page_head(s.name + " · hotline-sim sweep");
  out += fmt::format(
      "<header>\n<h1>{} · 参数扫描</h1>\n<p class=\"lead\">{} variants of {}</p>\n</header>\n",
      html_escape(s.name), p.variants.size(), html_escape(p.parameter));
  std::vector<double> xs;
  std::vector<std::string> xlabels;
  for (const auto& v : p.variants) {
    xs.push_back(v.x);
    xlabels.push_back(fmt::format("{}", v.x));
  }
  out += "<section id=\"kpis\">\n<h2>KPIs against the varied parameter 指标随参数变化</h2>\n";
  for (const auto& kpi : p.kpis) {
    std::string id = "sweep-" + kpi;
    std::replace(id.begin(), id.end(), '.', '-');
    BandChart chart(id, study::kpi_label(kpi));
    BandChart::Series series{study::kpi_label(kpi), kOther, {}};
    for (const auto& v : p.variants) series.values.push_back(chart_value(v.kpis.find(kpi)));
    chart.x(xs, xlabels).x_label(p.parameter).series(std::move(series));
    if (study::kpi_unit(kpi) == study::KpiUnit::share)
      chart.y_range(0, 1).format(share_format);
    else if (study::kpi_unit(kpi) == study::KpiUnit::yuan)
      chart.format(yuan_format);
    out += chart.svg(1040, 320);
  }
  out += "</section>\n";

  out +=
      "<section id=\"marginal\">\n<h2>Marginal yuan avoided of each step 每一步的边际挽损</h2>\n";
  const bool paired = p.marginal_avoided.size() + 1 == p.variants.size();
  {
    BarChart chart("sweep-marginal", "Extra yuan avoided by each step · 边际挽损");
    BarChart::Series series{"yuan avoided", kAvoided, {}};
    std::vector<std::string> cats;
    for (std::size_t i = 1; i < p.variants.size(); ++i) {
      cats.push_back(fmt::format("{} → {}", xlabels[i - 1], xlabels[i]));
      if (paired) {
        series.values.push_back(
            {p.marginal_avoided[i - 1].mean, p.marginal_avoided[i - 1].half_width});
        continue;
      }
      const study::Estimate* a = p.variants[i - 1].kpis.find("all.avoided_yuan");
      const study::Estimate* b = p.variants[i].kpis.find("all.avoided_yuan");
      series.values.push_back(
          a && b ? ChartValue{b->mean - a->mean, std::hypot(a->half_width, b->half_width)}
                 : ChartValue{std::nan(""), 0});
    }
    chart.categories(std::move(cats)).series(std::move(series)).y_label("yuan").format(yuan_format);
    out += chart.svg(1040, 320);
  }
  out += paired ? "<p class=\"note\">Paired differences (common random numbers), 95% CI.</p>\n"
                : "<p class=\"note\">Differences of the variants' own estimates; the interval "
                  "adds their half-widths in quadrature (unpaired: wider than a paired one).</p>\n";
  out += "</section>\n";

  out += "<section id=\"variants\">\n<h2>Variants 方案</h2>\n";
  std::vector<std::string> header = {"variant", p.parameter};
  for (const auto& kpi : p.kpis) header.push_back(study::kpi_label(kpi));
  header.push_back("staffing cost");
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : p.variants) {
    std::vector<std::string> row = {v.label, fmt::format("{}", v.x)};
    for (const auto& kpi : p.kpis) {
      const study::Estimate* e = v.kpis.find(kpi);
      row.push_back(e ? fmt::format("{} ± {}", study::format_kpi(kpi, e->mean),
                                    study::format_kpi(kpi, e->half_width))
                      : "-");
    }
    row.push_back(v.cost_yuan > 0 ? "¥" + format_money(v.cost_yuan) : "-");
    rows.push_back(std::move(row));
  }
  out += table(header, rows, "variant-table");
  out += "</section>\n";
  out += manifest_section(p.manifest);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace hotline::report
