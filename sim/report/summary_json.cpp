#include "hotline/report/summary_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "hotline/report/atomic_file.hpp"
#include "manifest_json.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;

Json group_json(const metrics::GroupKpi& g) {
  Json j;
  j["key"] = g.key;
  j["alerts"] = g.alerts;
  j["dissuaded"] = g.dissuaded;
  j["lost"] = g.lost;
  j["open"] = g.open;
  j["dissuaded_share"] = g.dissuaded_share();
  j["amount_yuan"] = g.amount_yuan;
  j["lost_yuan"] = g.lost_yuan;
  j["avoided_yuan"] = g.avoided_yuan;
  j["contacted"] = g.contacted;
  j["contact_mean_s"] = g.contact_mean_s;
  j["contact_p50_s"] = g.contact_p50_s;
  j["contact_p90_s"] = g.contact_p90_s;
  j["sla_steps"] = g.sla_steps;
  j["sla_met"] = g.sla_met;
  j["sla_attainment"] = g.sla_attainment();
  j["escalations"] = g.escalations;
  return j;
}

Json desk_json(const scenario::Scenario& s, std::size_t index, const metrics::DeskKpi& d) {
  Json j;
  j["id"] = d.id;
  if (index < s.desks.size()) {
    const auto& spec = s.desks[index];
    j["kind"] = spec.kind;
    j["unit"] = spec.unit >= 0 && static_cast<std::size_t>(spec.unit) < s.units.size()
                    ? Json(s.units[static_cast<std::size_t>(spec.unit)].id)
                    : Json(nullptr);
  }
  j["tasks"] = d.tasks;
  j["served"] = d.served;
  j["expired_in_queue"] = d.expired_in_queue;
  j["blocked"] = d.blocked;
  j["waited"] = d.waited;
  j["mean_wait_s"] = d.mean_wait_s;
  j["max_wait_s"] = d.max_wait_s;
  j["max_queue"] = d.max_queue;
  j["mean_queue"] = d.mean_queue;
  j["mean_queue_time_s"] = d.mean_queue_time_s;
  j["arrival_rate_per_s"] = d.arrival_rate_per_s;
  j["little_gap"] = d.little_gap;
  j["utilisation"] = d.utilisation;
  j["staffed_hours"] = d.staffed_hours;
  return j;
}

}  // namespace

std::string summary_json(const scenario::Scenario& scenario, const metrics::RunResult& r,
                         const RunManifest& manifest) {
  Json doc;
  doc["manifest"] = detail::manifest_json(manifest);
  doc["all"] = group_json(r.all);
  Json grades = Json::array();
  for (const auto& g : r.by_grade) grades.push_back(group_json(g));
  doc["by_grade"] = std::move(grades);
  Json types = Json::array();
  for (const auto& g : r.by_type) types.push_back(group_json(g));
  doc["by_type"] = std::move(types);
  Json desks = Json::array();
  for (std::size_t i = 0; i < r.desks.size(); ++i)
    desks.push_back(desk_json(scenario, i, r.desks[i]));
  doc["desks"] = std::move(desks);
  Json cons;
  cons["entered"] = r.conservation.entered;
  cons["dissuaded"] = r.conservation.dissuaded;
  cons["lost"] = r.conservation.lost;
  cons["open"] = r.conservation.open;
  cons["ok"] = r.conservation.ok();
  doc["conservation"] = std::move(cons);
  doc["inbound_calls"] = r.inbound_calls;
  doc["simulated_days"] = r.simulated_days;
  doc["warmup_days"] = r.warmup_days;
  doc["warnings"] = r.warnings;
  // Replace invalid UTF-8 (e.g. a Latin-1 unit name) instead of throwing after a long run.
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

void write_summary_json(const std::string& path, const scenario::Scenario& scenario,
                        const metrics::RunResult& result, const RunManifest& manifest) {
  AtomicFile file(path);
  file.write(summary_json(scenario, result, manifest));
  file.commit();
}

}  // namespace hotline::report
