#include "hotline/report/summary_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "hotline/report/atomic_file.hpp"
#include "manifest_json.hpp"
#include "staffing_cost_output.hpp"

namespace hotline::report {

namespace {

using Json = nlohmann::ordered_json;

Json group_json(const metrics::GroupKpi& g, const std::string& name = "") {
  Json j;
  j["key"] = g.key;
  if (!name.empty()) j["name"] = name;
  j["alerts"] = g.alerts;
  j["dissuaded"] = g.dissuaded;
  j["lost"] = g.lost;
  j["not_paid"] = g.not_paid;
  j["open"] = g.open;
  j["would_pay"] = g.would_pay;
  j["saved"] = g.saved;
  j["warned"] = g.warned;
  j["dissuaded_share"] = g.dissuaded_share();
  j["saved_share"] = g.saved_share();
  j["amount_yuan"] = g.amount_yuan;
  j["lost_yuan"] = g.lost_yuan;
  j["avoided_yuan"] = g.avoided_yuan;
  j["lost_where"] = {{"queue", g.lost_in_queue},
                     {"step", g.lost_in_step},
                     {"after_plan", g.lost_after_plan},
                     {"awaiting", g.lost_awaiting}};
  j["dialled"] = g.dialled;
  j["dial_mean_s"] = g.dial_mean_s;
  j["dial_p50_s"] = g.dial_p50_s;
  j["dial_p90_s"] = g.dial_p90_s;
  j["contacted"] = g.contacted;
  j["contact_mean_s"] = g.contact_mean_s;
  j["contact_p50_s"] = g.contact_p50_s;
  j["contact_p90_s"] = g.contact_p90_s;
  j["reach_target_s"] = g.reach_target_s > 0 ? Json(g.reach_target_s) : Json(nullptr);
  j["reach_eligible"] = g.reach_eligible;
  j["reached_in_target"] = g.reached_in_target;
  j["reached_share"] = g.reached_share();
  j["sla_steps"] = g.sla_steps;
  j["sla_met"] = g.sla_met;
  j["sla_attainment"] = g.sla_attainment();
  j["escalations"] = g.escalations;
  return j;
}

Json desk_json(const scenario::Scenario& s, std::size_t index, const metrics::DeskKpi& d) {
  Json j;
  j["id"] = d.id;
  if (!d.pool.empty()) {
    j["pool"] = d.pool;
  } else if (index < s.desks.size()) {
    const auto& spec = s.desks[index];
    j["kind"] = spec.kind;
    const bool has_unit = spec.unit >= 0 && static_cast<std::size_t>(spec.unit) < s.units.size();
    j["unit"] = has_unit ? Json(s.units[static_cast<std::size_t>(spec.unit)].id) : Json(nullptr);
    j["unit_name"] =
        has_unit ? Json(s.units[static_cast<std::size_t>(spec.unit)].name) : Json(nullptr);
  }
  j["tasks"] = d.tasks;
  j["served"] = d.served;
  j["expired_in_queue"] = d.expired_in_queue;
  j["inbound_abandoned"] = d.inbound_abandoned;
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
  j["p_wait_all"] = d.all_tasks.p_wait();
  j["mean_wait_all_s"] = d.all_tasks.mean_wait_all_s();
  Json by = Json::object();
  for (std::size_t g = 0; g < d.by_grade.size(); ++g) {
    const auto& c = d.by_grade[g];
    by[g == 0 ? "inbound" : "grade" + std::to_string(g)] = {
        {"tasks", c.tasks},
        {"waited", c.waited},
        {"p_wait_all", c.p_wait()},
        {"mean_wait_all_s", c.mean_wait_all_s()}};
  }
  j["by_grade"] = std::move(by);
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
  for (std::size_t i = 0; i < r.by_type.size(); ++i)
    types.push_back(group_json(
        r.by_type[i], i < scenario.fraud_types.size() ? scenario.fraud_types[i].name : ""));
  doc["by_type"] = std::move(types);
  Json desks = Json::array();
  for (std::size_t i = 0; i < r.desks.size(); ++i)
    desks.push_back(desk_json(scenario, i, r.desks[i]));
  doc["desks"] = std::move(desks);
  Json pools = Json::array();
  for (const auto& p : r.pools) pools.push_back(desk_json(scenario, 0, p));
  doc["pools"] = std::move(pools);
  Json intervals = Json::array();
  for (const auto& iv : r.intervals)
    intervals.push_back({{"interval", iv.interval},
                         {"grade", iv.grade == 0 ? Json("all") : Json(iv.grade)},
                         {"alerts", iv.alerts},
                         {"lost", iv.lost},
                         {"reach_eligible", iv.reach_eligible},
                         {"reached_in_target", iv.reached_in_target},
                         {"reached_share", iv.reached_share()}});
  doc["intervals"] = std::move(intervals);
  Json cons;
  cons["entered"] = r.conservation.entered;
  cons["dissuaded"] = r.conservation.dissuaded;
  cons["lost"] = r.conservation.lost;
  cons["not_paid"] = r.conservation.not_paid;
  cons["open"] = r.conservation.open;
  cons["ok"] = r.conservation.ok();
  doc["conservation"] = std::move(cons);
  doc["staffing_cost"] = detail::staffing_cost_json(study::staffing_cost(scenario));
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
