#include "partial_json.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotline::report::detail {

using Json = nlohmann::ordered_json;

std::string partial_header_line(const PartialHeader& h) {
  Json j;
  j["format"] = PartialFile::kFormat;
  j["version"] = PartialFile::kVersion;
  j["program_build"] = h.program_build;
  j["plan_sha256"] = h.plan_sha256;
  j["command"] = h.command;
  j["arguments"] = h.arguments;
  j["cwd"] = h.cwd;
  j["shard"] = {{"index", h.shard_index}, {"count", h.shard_count}};
  j["keys"] = h.keys;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

PartialHeader parse_partial_header(const nlohmann::json& j) {
  if (!j.is_object() || j.value("format", "") != PartialFile::kFormat)
    throw std::runtime_error("not a hotline-sim partial result (no \"format\" header line)");
  const int version = j.value("version", 0);
  if (version < PartialFile::kOldestVersion || version > PartialFile::kVersion)
    throw std::runtime_error(
        "a partial of another format version: merge it with the hotline-sim that wrote it");
  PartialHeader h;
  h.program_build = j.at("program_build").get<std::string>();
  h.plan_sha256 = j.at("plan_sha256").get<std::string>();
  h.command = j.at("command").get<std::string>();
  h.arguments = j.at("arguments").get<std::vector<std::string>>();
  h.cwd = j.at("cwd").get<std::string>();
  h.shard_index = j.at("shard").at("index").get<int>();
  h.shard_count = j.at("shard").at("count").get<int>();
  h.keys = j.at("keys").get<std::vector<std::string>>();
  return h;
}

std::string partial_names_line(int id, const std::vector<std::string>& names) {
  Json j;
  j["names"] = id;
  j["list"] = names;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string partial_record_line(const std::string& key, int replication, int names_id,
                                const study::StoredReplication& r) {
  Json j;
  j["key"] = key;
  j["replication"] = replication;
  j["events"] = r.events;
  j["wall_time_s"] = r.wall_time_s;
  j["names"] = names_id;
  // nlohmann writes a double in its shortest round-trip form and a non-finite one as null.
  j["kpi_values"] = r.kpi_values;
  Json intervals = Json::array();
  for (const auto& iv : r.intervals)
    intervals.push_back(
        {iv.interval, iv.grade, iv.alerts, iv.lost, iv.reach_eligible, iv.reached_in_target});
  j["intervals"] = std::move(intervals);
  if (r.conservation) {
    const metrics::Conservation& c = *r.conservation;
    j["conservation"] = {c.entered, c.dissuaded, c.lost, c.not_paid, c.open};
  }
  if (!r.desk_hours.empty()) {
    Json hours = Json::array();
    for (const auto& h : r.desk_hours)
      hours.push_back({h.desk, h.hour, h.arrivals, h.waits_ended, h.answered_in_time, h.queue_max,
                       h.queue_mean, h.busy_mean, h.staffed_mean});
    j["desk_hours"] = std::move(hours);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string partial_footer_line(bool complete, int records) {
  Json j;
  j["end"] = true;
  j["complete"] = complete;
  j["replications"] = records;
  return j.dump() + "\n";
}

PartialLine partial_line_kind(const nlohmann::json& j) {
  if (!j.is_object()) throw std::runtime_error("a line that is not a JSON object");
  if (j.contains("key")) return PartialLine::record;
  if (j.contains("names")) return PartialLine::names;
  if (j.contains("end")) return PartialLine::footer;
  throw std::runtime_error("a line that is neither KPI names, a record nor the footer");
}

study::StoredReplication parse_partial_record(
    const nlohmann::json& j,
    const std::vector<std::shared_ptr<const std::vector<std::string>>>& names_by_id,
    std::string& key, int& replication) {
  key = j.at("key").get<std::string>();
  replication = j.at("replication").get<int>();
  study::StoredReplication r;
  r.events = j.at("events").get<std::uint64_t>();
  r.wall_time_s = j.at("wall_time_s").get<double>();
  const int id = j.at("names").get<int>();
  if (id < 0 || id >= static_cast<int>(names_by_id.size()))
    throw std::runtime_error("a record whose KPI names (id " + std::to_string(id) +
                             ") were not given before it");
  r.kpi_names = names_by_id[static_cast<std::size_t>(id)];
  const auto& values = j.at("kpi_values");
  r.kpi_values.reserve(values.size());
  for (const auto& v : values)
    r.kpi_values.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                       : v.get<double>());
  if (r.kpi_values.size() != r.kpi_names->size())
    throw std::runtime_error("a record with " + std::to_string(r.kpi_values.size()) +
                             " KPI values for " + std::to_string(r.kpi_names->size()) + " names");
  for (const auto& iv : j.at("intervals")) {
    metrics::IntervalKpi k;
    k.interval = iv.at(0).get<std::string>();
    k.grade = iv.at(1).get<int>();
    k.alerts = iv.at(2).get<std::int64_t>();
    k.lost = iv.at(3).get<std::int64_t>();
    k.reach_eligible = iv.at(4).get<std::int64_t>();
    k.reached_in_target = iv.at(5).get<std::int64_t>();
    r.intervals.push_back(std::move(k));
  }
  if (const auto c = j.find("conservation"); c != j.end()) {
    metrics::Conservation t;
    t.entered = c->at(0).get<std::int64_t>();
    t.dissuaded = c->at(1).get<std::int64_t>();
    t.lost = c->at(2).get<std::int64_t>();
    t.not_paid = c->at(3).get<std::int64_t>();
    t.open = c->at(4).get<std::int64_t>();
    r.conservation = t;
  }
  r.desk_hours = parse_partial_desk_hours(j);
  return r;
}

std::vector<metrics::DeskHour> parse_partial_desk_hours(const nlohmann::json& j) {
  std::vector<metrics::DeskHour> out;
  const auto hours = j.find("desk_hours");
  if (hours == j.end()) return out;
  out.reserve(hours->size());
  // A null (non-finite) mean cannot come from a run; read as NaN it would show in desks.csv.
  auto number = [](const nlohmann::json& v) {
    return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
  };
  for (const auto& row : *hours) {
    metrics::DeskHour h;
    h.desk = row.at(0).get<int>();
    h.hour = row.at(1).get<std::int64_t>();
    h.arrivals = row.at(2).get<std::int64_t>();
    h.waits_ended = row.at(3).get<std::int64_t>();
    h.answered_in_time = row.at(4).get<std::int64_t>();
    h.queue_max = row.at(5).get<int>();
    h.queue_mean = number(row.at(6));
    h.busy_mean = number(row.at(7));
    h.staffed_mean = number(row.at(8));
    h.utilisation = h.staffed_mean > 0 ? h.busy_mean / h.staffed_mean : 0.0;
    out.push_back(h);
  }
  return out;
}

}  // namespace hotline::report::detail
