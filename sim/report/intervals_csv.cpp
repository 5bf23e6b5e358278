#include "hotline/report/intervals_csv.hpp"

#include <fmt/format.h>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/text_format.hpp"
#include "hotline/study/kpi_vector.hpp"

namespace hotline::report {

namespace {

std::string hhmm(int minute) {
  return fmt::format("{:02}:{:02}", minute / 60 % 24, minute % 60);
}

// start and end of an interval row: a named interval's, or its hour's.
std::pair<std::string, std::string> bounds(const scenario::Scenario& s, const std::string& name) {
  for (const auto& iv : s.reporting.intervals)
    if (iv.name == name) return {hhmm(iv.start_minute), hhmm(iv.end_minute)};
  const int h = std::stoi(name.substr(1));
  return {hhmm(h * 60), hhmm((h + 1) * 60)};
}

std::string grade_cell(int grade) {
  return grade == 0 ? "all" : std::to_string(grade);
}

// The KPI name of an interval row (the names flatten_kpis gives).
std::string kpi_name(const metrics::RunResult& r, const metrics::IntervalKpi& iv) {
  const metrics::GroupKpi& g =
      iv.grade == 0 ? r.all : r.by_grade[static_cast<std::size_t>(iv.grade - 1)];
  const std::string group = iv.grade == 0 ? "all" : "grade" + std::to_string(iv.grade);
  return group + "." + study::reached_kpi(g) + "." + iv.interval;
}

std::string intervals_text(const scenario::Scenario& scenario, const metrics::RunResult& r) {
  std::string out =
      "interval,start,end,grade,target_s,alerts,lost,reach_eligible,reached_in_target,"
      "reached_share,kpi\n";
  for (const auto& iv : r.intervals) {
    const auto [start, end] = bounds(scenario, iv.interval);
    append_csv_field(out, iv.interval);
    fmt::format_to(std::back_inserter(out), ",{},{},{},", start, end, grade_cell(iv.grade));
    if (iv.grade > 0)
      fmt::format_to(std::back_inserter(out), "{:g}",
                     r.by_grade[static_cast<std::size_t>(iv.grade - 1)].reach_target_s);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{:.4f},", iv.alerts, iv.lost,
                   iv.reach_eligible, iv.reached_in_target, iv.reached_share());
    append_csv_field(out, kpi_name(r, iv));
    out.push_back('\n');
  }
  return out;
}

std::string intervals_text(const scenario::Scenario& scenario, const study::ReplicationSet& set) {
  std::string out = "interval,start,end,grade,kpi,mean,half_width,n\n";
  for (const auto& iv : set.interval_kpis) {
    const int k = set.kpi_index(iv.kpi);
    if (k < 0) continue;
    const auto& e = set.estimates[static_cast<std::size_t>(k)];
    const auto [start, end] = bounds(scenario, iv.interval);
    append_csv_field(out, iv.interval);
    fmt::format_to(std::back_inserter(out), ",{},{},{},", start, end, grade_cell(iv.grade));
    append_csv_field(out, iv.kpi);
    fmt::format_to(std::back_inserter(out), ",{:.4f},{:.4f},{}\n", e.mean, e.half_width, e.n);
  }
  return out;
}

template <typename Result>
void write_to(const std::string& path, const scenario::Scenario& scenario, const Result& r,
              const CsvStyle& style) {
  AtomicFile file(path);
  write_intervals_csv(file, scenario, r, style);
  file.commit();
}

}  // namespace

void write_intervals_csv(AtomicFile& file, const scenario::Scenario& scenario,
                         const metrics::RunResult& result, const CsvStyle& style) {
  begin_csv(file, style);
  file.write(intervals_text(scenario, result));
}

void write_intervals_csv(AtomicFile& file, const scenario::Scenario& scenario,
                         const study::ReplicationSet& set, const CsvStyle& style) {
  begin_csv(file, style);
  file.write(intervals_text(scenario, set));
}

void write_intervals_csv(const std::string& path, const scenario::Scenario& scenario,
                         const metrics::RunResult& result, const CsvStyle& style) {
  write_to(path, scenario, result, style);
}

void write_intervals_csv(const std::string& path, const scenario::Scenario& scenario,
                         const study::ReplicationSet& set, const CsvStyle& style) {
  write_to(path, scenario, set, style);
}

}  // namespace hotline::report
