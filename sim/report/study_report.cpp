#include "hotline/report/study_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "display_names.hpp"
#include "hotline/report/atomic_file.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "hotline/study/comparison.hpp"
#include "manifest_json.hpp"
#include "staffing_cost_output.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;
using Align = TextTable::Align;

// "64.2% ± 0.8", "1,234,567 ± 20,456", "3m12s ± 4.1s": the unit shown once, on the mean.
std::string cell(const study::ReplicationSet& set, const std::string& name) {
  const int k = set.kpi_index(name);
  if (k < 0) return "-";
  const auto& e = set.estimates[static_cast<std::size_t>(k)];
  switch (study::kpi_unit(name)) {
    case study::KpiUnit::share:
      return fmt::format("{:.1f}% ± {:.1f}", 100 * e.mean, 100 * e.half_width);
    case study::KpiUnit::yuan:
      return format_money(e.mean) + " ± " + format_money(e.half_width);
    case study::KpiUnit::seconds:
      return format_duration(e.mean) + " ± " + format_duration(e.half_width);
    case study::KpiUnit::ratio:
      return fmt::format("{:.2f} ± {:.2f}", e.mean, e.half_width);
    case study::KpiUnit::count:
      return fmt::format("{:.1f} ± {:.1f}", e.mean, e.half_width);
  }
  return "-";
}

TextTable group_table(const char* first) {
  TextTable t;
  t.column(first, Align::left)
      .column("alerts")
      .column("dissuaded (%)")
      .column("lost")
      .column("lost (¥)")
      .column("avoided (¥)")
      .column("contact p90")
      .column("reached in target (%)")
      .column("SLA met (%)");
  return t;
}

void add_group(TextTable& t, const scenario::Scenario& s, const study::ReplicationSet& set,
               const std::string& label, const std::string& prefix) {
  const std::string reached = prefix.rfind("grade", 0) == 0 && prefix.size() == 6
                                  ? study::reached_kpi_name(s, prefix[5] - '0')
                                  : prefix + ".reached_within_target";
  t.add_row({label, cell(set, prefix + ".alerts"), cell(set, prefix + ".dissuaded_share"),
             cell(set, prefix + ".lost"), cell(set, prefix + ".lost_yuan"),
             cell(set, prefix + ".avoided_yuan"), cell(set, prefix + ".contact_p90_s"),
             cell(set, reached), cell(set, prefix + ".sla_attainment")});
}

}  // namespace

void write_replications_csv(AtomicFile& file, const study::ReplicationSet& set,
                            const CsvStyle& style) {
  std::string out = "replication";
  for (const auto& n : set.kpi_names) {
    out += ',';
    append_csv_field(out, n);
  }
  out += '\n';
  begin_csv(file, style);
  file.write(out);
  for (std::size_t r = 0; r < set.kpi_values.size(); ++r) {
    out = std::to_string(r);
    for (double v : set.kpi_values[r]) out += fmt::format(",{}", v);
    out += '\n';
    file.write(out);
  }
}

void write_replications_csv(const std::string& path, const study::ReplicationSet& set,
                            const CsvStyle& style) {
  AtomicFile file(path);
  write_replications_csv(file, set, style);
  file.commit();
}

std::string study_summary_json(const study::ReplicationSet& set, const RunManifest& manifest,
                               const StudyInfo& info) {
  Json doc;
  doc["manifest"] = detail::manifest_json(manifest);
  doc["complete"] = info.complete;
  doc["replications"] = set.replications;
  if (!info.complete) {
    doc["replications_planned"] = info.planned_reps;
    doc["stopped_by"] = info.stopped_by;
  }
  if (info.auto_reps) {
    Json p;
    p["target_relative_half_width"] = info.precision;
    p["kpis"] = info.precision_kpis;
    p["reached"] = set.precision_reached;
    doc["precision"] = std::move(p);
  }
  if (info.warmup) {
    Json w;
    w["method"] = "MSER-5";
    w["hours"] = info.warmup->hours;
    Json series = Json::array();
    for (std::size_t i = 0; i < info.warmup->series.size(); ++i)
      series.push_back(
          {{"series", info.warmup->series[i]}, {"hours", info.warmup->series_hours[i]}});
    w["series"] = std::move(series);
    w["explanation"] = info.warmup->explanation;
    doc["warmup"] = std::move(w);
  }
  const auto& c = set.conservation;
  doc["conservation"] = {{"entered", c.entered},   {"dissuaded", c.dissuaded}, {"lost", c.lost},
                         {"not_paid", c.not_paid}, {"open", c.open},           {"ok", c.ok()}};
  doc["staffing_cost"] = detail::staffing_cost_json(set.cost);
  Json kpis = Json::array();
  for (std::size_t k = 0; k < set.kpi_names.size(); ++k) {
    const auto& e = set.estimates[k];
    Json j;
    j["name"] = set.kpi_names[k];
    j["label"] = study::kpi_label(set.kpi_names[k]);
    j["mean"] = e.mean;
    j["half_width"] = e.half_width;
    j["sd"] = e.sd;
    j["n"] = e.n;
    kpis.push_back(std::move(j));
  }
  doc["kpis"] = std::move(kpis);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

void write_study_summary_json(const std::string& path, const study::ReplicationSet& set,
                              const RunManifest& manifest, const StudyInfo& info) {
  AtomicFile file(path);
  file.write(study_summary_json(set, manifest, info));
  file.commit();
}

std::string format_study_console(const scenario::Scenario& s, const study::ReplicationSet& set,
                                 const RunManifest& m, const StudyInfo& info,
                                 const std::vector<std::string>& files) {
  std::string out;
  auto it = std::back_inserter(out);
  const auto& c = set.conservation;
  fmt::format_to(it, "{} {}: scenario {} from {}\n", m.program, m.version, s.name,
                 describe_scenario_source(m.scenario));
  fmt::format_to(it, "  horizon {} (warm-up {}), seed {}, {} replications in {:.2f} s\n",
                 format_days(m.horizon_days), format_days(m.warmup_days), m.seed, set.replications,
                 m.wall_time_s);
  if (info.warmup) fmt::format_to(it, "  warm-up: {}\n", info.warmup->explanation);
  if (info.auto_reps)
    fmt::format_to(it, "  --reps auto: {} replications {} relative half-width {:.1f}% on {}\n",
                   set.replications, set.precision_reached ? "reached" : "did NOT reach",
                   100 * info.precision, fmt::join(info.precision_kpis, ", "));
  fmt::format_to(it, "  alerts entered {} = dissuaded {} + lost {} + not paid {} + open {}  [{}]\n",
                 format_count(c.entered), format_count(c.dissuaded), format_count(c.lost),
                 format_count(c.not_paid), format_count(c.open), c.ok() ? "ok" : "MISMATCH");
  fmt::format_to(it, "  staffing cost {}\n", detail::staffing_cost_text(set.cost));
  out +=
      "  Each cell: mean ± half-width of the 95% confidence interval (Student t) over "
      "replications.\n";

  out += "\nBy grade\n";
  TextTable grades = group_table("grade");
  for (int g = 1; g <= scenario::kGrades; ++g)
    add_group(grades, s, set, "grade " + std::to_string(g), "grade" + std::to_string(g));
  grades.add_rule();
  add_group(grades, s, set, "all", "all");
  out += grades.render(2);

  out += "\nReached in target by interval (alerts by arrival time; per hour: intervals.csv)\n";
  TextTable iv;
  iv.column("interval", Align::left);
  for (int g = 1; g <= scenario::kGrades; ++g) iv.column("grade " + std::to_string(g) + " (%)");
  iv.column("all (%)");
  for (const auto& spec : s.reporting.intervals) {
    std::vector<std::string> row{detail::interval_label(spec)};
    for (int g = 1; g <= scenario::kGrades; ++g)
      row.push_back(cell(set, study::reached_kpi_name(s, g) + "." + spec.name));
    row.push_back(cell(set, "all.reached_within_target." + spec.name));
    iv.add_row(std::move(row));
  }
  out += iv.render(2);

  out += "\nBy fraud type\n";
  TextTable types = group_table("fraud type");
  for (std::size_t i = 0; i < s.fraud_types.size(); ++i)
    add_group(types, s, set, detail::type_label(s, i, s.fraud_types[i].id),
              "type." + s.fraud_types[i].id);
  types.add_rule();
  add_group(types, s, set, "all", "all");
  out += types.render(2);

  if (!s.desks.empty()) {
    std::vector<std::size_t> order(s.desks.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto util = [&](std::size_t d) {
      const int k = set.kpi_index("desk." + s.desks[d].id + ".utilisation");
      return k < 0 ? 0.0 : set.estimates[static_cast<std::size_t>(k)].mean;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return util(a) > util(b); });
    const std::size_t shown = std::min<std::size_t>(order.size(), 20);
    fmt::format_to(it, "\nDesks (busiest {} of {}; all in summary.json)\n", shown, order.size());
    TextTable t;
    t.column("desk", Align::left)
        .column("utilisation (%)")
        .column("P(wait>0) (%)")
        .column("mean wait")
        .column("max queue")
        .column("abandoned in queue (%)");
    for (std::size_t i = 0; i < shown; ++i) {
      const std::string p = "desk." + s.desks[order[i]].id + ".";
      t.add_row({detail::desk_label(s, order[i], s.desks[order[i]].id),
                 cell(set, p + "utilisation"), cell(set, p + "p_wait_all"),
                 cell(set, p + "mean_wait_all_s"), cell(set, p + "max_queue"),
                 cell(set, p + "abandon_share")});
    }
    out += t.render(2);
  }
  if (!files.empty()) {
    out += "\nFiles\n";
    for (const auto& f : files) out += "  " + f + "\n";
  }
  return out;
}

}  // namespace hotline::report
