#include "hotline/report/comparison_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/report/text_table.hpp"
#include "manifest_json.hpp"
#include "staffing_cost_output.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;

std::string with_ci(const std::string& name, const study::Estimate& e) {
  if (study::kpi_unit(name) == study::KpiUnit::share)
    return fmt::format("{:.1f}% ± {:.1f}", 100 * e.mean, 100 * e.half_width);
  return study::format_kpi(name, e.mean) + " ± " + study::format_kpi(name, e.half_width);
}

std::string difference(const std::string& name, const study::Estimate& e) {
  if (study::kpi_unit(name) == study::KpiUnit::share)
    return fmt::format("{:+.1f} ± {:.1f} points", 100 * e.mean, 100 * e.half_width);
  return (e.mean >= 0 ? "+" : "-") + study::format_kpi(name, std::fabs(e.mean)) + " ± " +
         study::format_kpi(name, e.half_width);
}

std::string half_width(const std::string& name, double hw) {
  if (study::kpi_unit(name) == study::KpiUnit::share)
    return fmt::format("± {:.1f} points", 100 * hw);
  return "± " + study::format_kpi(name, hw);
}

// The group's overall reached-within-target KPI, e.g. "grade1.reached_within_600s" (its name
// carries the scenario's target), or "" if absent.
std::string reached_name(const study::Comparison& c, const std::string& group) {
  const std::string prefix = group + ".reached_within_";
  for (const auto& k : c.kpis)
    if (k.name.rfind(prefix, 0) == 0 && k.name.find('.', prefix.size()) == std::string::npos)
      return k.name;
  return "";
}

}  // namespace

std::vector<std::string> verdict_kpis(const study::Comparison& c,
                                      const std::vector<std::string>& requested) {
  std::vector<std::string> out;
  const std::vector<std::string> defaults = {reached_name(c, "grade1"), "all.lost", "all.lost_yuan",
                                             "all.avoided_yuan", "grade1.contact_p90_s"};
  for (const auto& k : requested.empty() ? defaults : requested)
    if (c.find(k)) out.push_back(k);
  return out;
}

void write_comparison_csv(AtomicFile& file, const study::Comparison& c, const CsvStyle& style) {
  std::string out =
      "kpi,label,base_mean,base_half_width,other_mean,other_half_width,difference,"
      "difference_half_width,unpaired_half_width,significant\n";
  for (const auto& k : c.kpis) {
    append_csv_field(out, k.name);
    out += ',';
    append_csv_field(out, study::kpi_label(k.name));
    out += fmt::format(",{},{},{},{},{},{},{},{}\n", k.base.mean, k.base.half_width, k.other.mean,
                       k.other.half_width, k.paired.mean, k.paired.half_width,
                       k.unpaired.half_width, k.significant() ? 1 : 0);
  }
  begin_csv(file, style);
  file.write(out);
}

void write_comparison_csv(const std::string& path, const study::Comparison& c,
                          const CsvStyle& style) {
  AtomicFile file(path);
  write_comparison_csv(file, c, style);
  file.commit();
}

std::string comparison_json(const study::Comparison& c, const RunManifest& manifest,
                            const ComparisonLabels& labels,
                            const std::vector<std::string>& verdicts) {
  Json doc;
  doc["manifest"] = detail::manifest_json(manifest);
  doc["base"] = labels.base;
  doc["other"] = labels.other;
  doc["replications"] = c.base.runs.size();
  doc["staffing_cost"] = {
      {"base", detail::staffing_cost_json(c.base.cost)},
      {"other", detail::staffing_cost_json(c.other.cost)},
      {"difference_yuan", c.other.cost.total_yuan() - c.base.cost.total_yuan()}};
  Json v = Json::array();
  for (const auto& name : verdicts) v.push_back(study::verdict(labels.change, *c.find(name)));
  doc["verdicts"] = std::move(v);
  Json kpis = Json::array();
  for (const auto& k : c.kpis) {
    Json j;
    j["name"] = k.name;
    j["label"] = study::kpi_label(k.name);
    j["base"] = {{"mean", k.base.mean}, {"half_width", k.base.half_width}};
    j["other"] = {{"mean", k.other.mean}, {"half_width", k.other.half_width}};
    j["difference"] = {{"mean", k.paired.mean}, {"half_width", k.paired.half_width}};
    j["unpaired_half_width"] = k.unpaired.half_width;
    j["significant"] = k.significant();
    kpis.push_back(std::move(j));
  }
  doc["kpis"] = std::move(kpis);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

void write_comparison_json(const std::string& path, const study::Comparison& c,
                           const RunManifest& manifest, const ComparisonLabels& labels,
                           const std::vector<std::string>& verdicts) {
  AtomicFile file(path);
  file.write(comparison_json(c, manifest, labels, verdicts));
  file.commit();
}

std::string format_comparison_console(const study::Comparison& c, const RunManifest& m,
                                      const ComparisonLabels& labels,
                                      const std::vector<std::string>& verdicts) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{} {}: compare\n  base:  {}\n  other: {}\n", m.program, m.version,
                 labels.base, labels.other);
  fmt::format_to(it,
                 "  {} paired replications (seed {}): replication r of both variants sees the "
                 "same alerts (common random numbers)\n",
                 c.base.runs.size(), m.seed);
  fmt::format_to(it, "  staffing cost  base {}\n                 other {}\n",
                 detail::staffing_cost_text(c.base.cost), detail::staffing_cost_text(c.other.cost));
  if (c.base.cost.priced || c.other.cost.priced)
    fmt::format_to(it, "                 difference {}¥{}\n",
                   c.other.cost.total_yuan() >= c.base.cost.total_yuan() ? "+" : "-",
                   format_money(std::abs(c.other.cost.total_yuan() - c.base.cost.total_yuan())));
  out += "\nVerdict (paired difference, 95% CI)\n";
  for (const auto& name : verdicts)
    out += "  " + study::verdict(labels.change, *c.find(name)) + "\n";

  TextTable t;
  t.column("KPI", TextTable::Align::left)
      .column("base")
      .column("other")
      .column("difference (paired)")
      .column("unpaired CI")
      .column("significant");
  auto add = [&](const std::string& name) {
    const auto* k = c.find(name);
    if (!k) return;
    t.add_row({study::kpi_label(name), with_ci(name, k->base), with_ci(name, k->other),
               difference(name, k->paired), half_width(name, k->unpaired.half_width),
               k->significant() ? "yes" : "no"});
  };
  for (const char* g : {"all", "grade1", "grade2", "grade3"}) {
    const std::string p = g;
    add(reached_name(c, p));
    for (const char* kpi :
         {"dissuaded_share", "lost", "lost_yuan", "contact_p90_s", "sla_attainment"})
      add(p + "." + kpi);
  }
  out += "\nHeadline KPIs (every KPI in comparison.csv)\n";
  out += t.render(2);
  return out;
}

}  // namespace hotline::report
