#include "hotline/report/desk_hours_csv.hpp"

#include <fmt/format.h>

#include <iterator>

#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/text_format.hpp"

namespace hotline::report {

void write_desk_hours_csv(AtomicFile& file, const scenario::Scenario& scenario,
                          const std::vector<metrics::DeskHour>& hours, const CsvStyle& style) {
  CivilTimeFormatter time = csv_times(scenario.clock.start);
  // Per desk, its first four fields ("desk,kind,unit,unit_name,"), CSV-escaped once.
  std::vector<std::string> prefix;
  prefix.reserve(scenario.desks.size());
  for (const auto& d : scenario.desks) {
    std::string p;
    append_csv_field(p, d.id);
    p.push_back(',');
    append_csv_field(p, d.kind);
    p.push_back(',');
    if (d.unit >= 0 && static_cast<std::size_t>(d.unit) < scenario.units.size()) {
      const auto& u = scenario.units[static_cast<std::size_t>(d.unit)];
      append_csv_field(p, u.id);
      p.push_back(',');
      append_csv_field(p, u.name);
    } else {
      p.push_back(',');
    }
    p.push_back(',');
    prefix.push_back(std::move(p));
  }
  begin_csv(file, style);
  file.write(
      "desk,kind,unit,unit_name,hour,hour_start,arrivals,queue_mean,queue_max,busy_mean,"
      "staffed_mean,utilisation,waits_ended,answered_in_time,service_level\n");
  std::string line;
  for (const auto& h : hours) {
    line.clear();
    auto out = std::back_inserter(line);
    if (h.desk >= 0 && static_cast<std::size_t>(h.desk) < prefix.size()) {
      line += prefix[static_cast<std::size_t>(h.desk)];
    } else {
      fmt::format_to(out, "{},,,,", h.desk);  // should not happen; keep the row rather than drop it
    }
    fmt::format_to(out, "{},", h.hour);
    time.append(line, engine::kTimeZero + h.hour * engine::kHour);
    fmt::format_to(out, ",{},{:.4f},{},{:.4f},{:.4f},{:.4f},{},{},{:.4f}\n", h.arrivals,
                   h.queue_mean, h.queue_max, h.busy_mean, h.staffed_mean, h.utilisation,
                   h.waits_ended, h.answered_in_time, h.service_level());
    file.write(line);
  }
}

void write_desk_hours_csv(const std::string& path, const scenario::Scenario& scenario,
                          const metrics::RunResult& result, const CsvStyle& style) {
  AtomicFile file(path);
  write_desk_hours_csv(file, scenario, result.desk_hours, style);
  file.commit();
}

}  // namespace hotline::report
