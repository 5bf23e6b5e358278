#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hotline/report/console_summary.hpp"
#include "hotline/report/sha256.hpp"
#include "hotline/report/study_report.hpp"
#include "hotline/report/summary_json.hpp"
#include "small_scenario.hpp"

using namespace hotline;
using namespace hotline::report;

namespace {

metrics::GroupKpi group(const char* key, std::int64_t alerts, std::int64_t dissuaded) {
  metrics::GroupKpi g;
  g.key = key;
  g.alerts = alerts;
  g.dissuaded = dissuaded;
  g.lost = alerts - dissuaded;
  g.lost_yuan = 1234567.0;
  g.avoided_yuan = 5000;
  g.contacted = dissuaded;
  g.contact_p50_s = 192;
  g.contact_p90_s = 600;
  g.sla_steps = 4;
  g.sla_met = 3;
  return g;
}

metrics::RunResult sample_result() {
  metrics::RunResult r;
  r.all = group("all", 10, 5);
  r.by_grade = {group("grade 1", 4, 2), group("grade 2", 3, 2), group("grade 3", 3, 1)};
  r.by_type = {group("loan", 6, 3), group("brushing", 4, 2)};
  metrics::DeskKpi d0;
  d0.id = "96110";
  d0.utilisation = 0.25;
  d0.served = 4;
  d0.mean_wait_s = 30;
  metrics::DeskKpi d1 = d0;
  d1.id = "north-a:command";
  d1.utilisation = 0.75;
  r.desks = {d0, d1};
  r.conservation = {12, 6, 4, 0, 2};
  r.events = 4321;
  r.simulated_days = 2;
  r.warmup_days = 0.5;
  return r;
}

}  // namespace

TEST_CASE("make_manifest fingerprints the exact scenario bytes") {
  const scenario::Scenario s = testing::small_scenario();
  const RunManifest m = make_manifest(s, 42, 3);
  CHECK(m.program == "hotline-sim");
  CHECK(m.version == HOTLINE_VERSION);
  CHECK(m.scenario == "small.yaml");
  CHECK(m.scenario_sha256 == sha256_hex("abc"));
  CHECK(m.seed == 42);
  CHECK(m.replication == 3);
  CHECK(m.horizon_days == 2.0);
  CHECK(m.warmup_days == 0.5);
}

TEST_CASE("summary.json holds the manifest first, then every KPI, in a fixed key order") {
  const scenario::Scenario s = testing::small_scenario();
  RunManifest m = make_manifest(s, 7, 0);
  m.options = {{"seed", ManifestValue()},
               {"set", ManifestValue(std::vector<std::string>{"clock.horizon=2d"})},
               {"trace", ManifestValue(true)}};
  m.events = 4321;
  m.wall_time_s = 1.23456;
  const std::string text = summary_json(s, sample_result(), m);
  CHECK(text.back() == '\n');
  const auto j = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"manifest", "all", "by_grade", "by_type", "desks", "pools",
                                         "intervals", "conservation", "staffing_cost",
                                         "inbound_calls", "simulated_days", "warmup_days",
                                         "warnings"});
  CHECK(j["manifest"]["options"]["seed"].is_null());
  CHECK(j["manifest"]["options"]["set"][0] == "clock.horizon=2d");
  CHECK(j["manifest"]["options"]["trace"] == true);
  CHECK(j["manifest"]["wall_time_s"] == 1.235);
  CHECK(j["manifest"]["events"] == 4321);
  CHECK(j["all"]["dissuaded_share"] == 0.5);
  CHECK(j["all"]["sla_attainment"] == 0.75);
  CHECK(j["by_grade"].size() == 3);
  CHECK(j["by_type"][1]["key"] == "brushing");
  CHECK(j["desks"][1]["kind"] == "command");
  CHECK(j["desks"][1]["unit"] == "north-a");
  CHECK(j["conservation"]["ok"] == true);

  // Same inputs, same bytes: nothing but wall time may vary.
  CHECK(summary_json(s, sample_result(), m) == text);
}

TEST_CASE("summary.json reports a conservation failure") {
  const scenario::Scenario s = testing::small_scenario();
  metrics::RunResult r = sample_result();
  r.conservation.open = 5;
  const auto j = nlohmann::json::parse(summary_json(s, r, make_manifest(s, 1, 0)));
  CHECK(j["conservation"]["ok"] == false);
}

TEST_CASE("console summary shows the conservation check, KPI tables and the busiest desks") {
  const scenario::Scenario s = testing::small_scenario();
  RunManifest m = make_manifest(s, 7, 0);
  m.events = 4321;
  ConsoleSummaryOptions o;
  o.files = {"out/summary.json"};
  o.max_desks = 1;
  const std::string text = format_console_summary(s, sample_result(), m, o);
  CHECK(text.find("scenario small from file small.yaml") != std::string::npos);
  CHECK(text.find("seed 7") != std::string::npos);
  CHECK(text.find("4,321 events") != std::string::npos);
  CHECK(text.find("alerts entered 12 = dissuaded 6 + lost 4 + not paid 0 + open 2  [ok]") !=
        std::string::npos);
  CHECK(text.find("lost (¥)") != std::string::npos);
  CHECK(text.find("1,234,567") != std::string::npos);
  CHECK(text.find("3m12s") != std::string::npos);
  CHECK(text.find("75.0%") != std::string::npos);  // SLA 3 of 4
  CHECK(text.find("busiest 1 of 2") != std::string::npos);
  CHECK(text.find("north-a:command") != std::string::npos);  // the busier desk is the one shown
  CHECK(text.find("  96110 ") == std::string::npos);
  CHECK(text.find("out/summary.json") != std::string::npos);

  metrics::RunResult bad = sample_result();
  bad.conservation.entered = 13;
  CHECK(format_console_summary(s, bad, m, o).find("MISMATCH") != std::string::npos);
}

TEST_CASE("a replicated run's conservation counts the alerts that were not paid") {
  const scenario::Scenario s = testing::small_scenario();
  study::ReplicationSet set;
  metrics::RunResult r = sample_result();
  r.conservation = {20, 6, 4, 8, 2};  // 8 deadlines passed without a transfer
  set.runs = {r, r};
  study::aggregate(set);  // the writers read the aggregated totals, not the runs
  const auto j = nlohmann::json::parse(study_summary_json(set, make_manifest(s, 1, 0), {}));
  CHECK(j["conservation"]["not_paid"] == 16);
  CHECK(j["conservation"]["ok"] == true);
  const std::string text = format_study_console(s, set, make_manifest(s, 1, 0), {}, {});
  CHECK(text.find("alerts entered 40 = dissuaded 12 + lost 8 + not paid 16 + open 4  [ok]") !=
        std::string::npos);
}
