#include "hotline/report/desk_hours_csv.hpp"

#include <fmt/format.h>

#include <iterator>

#include "hotline/report/atomic_file.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/text_format.hpp"

namespace hotline::report {

void write_desk_hours_csv(const std::string& path, const scenario::Scenario& scenario,
                          const metrics::RunResult& result) {
  AtomicFile file(path);
  CivilTimeFormatter time{engine::Calendar(scenario.clock.start)};
  std::vector<std::string> ids;
  ids.reserve(scenario.desks.size());
  for (const auto& d : scenario.desks) {
    std::string id;
    append_csv_field(id, d.id);
    ids.push_back(std::move(id));
  }
  file.write(
      "desk,hour,hour_start,arrivals,queue_mean,queue_max,busy_mean,staffed_mean,utilisation\n");
  std::string line;
  for (const auto& h : result.desk_hours) {
    line.clear();
    auto out = std::back_inserter(line);
    if (h.desk >= 0 && static_cast<std::size_t>(h.desk) < ids.size()) {
      line += ids[static_cast<std::size_t>(h.desk)];
    } else {
      fmt::format_to(out, "{}", h.desk);  // should not happen; keep the row rather than drop it
    }
    fmt::format_to(out, ",{},", h.hour);
    time.append(line, engine::kTimeZero + h.hour * engine::kHour);
    fmt::format_to(out, ",{},{:.4f},{},{:.4f},{:.4f},{:.4f}\n", h.arrivals, h.queue_mean,
                   h.queue_max, h.busy_mean, h.staffed_mean, h.utilisation);
    file.write(line);
  }
  file.commit();
}

}  // namespace hotline::report
