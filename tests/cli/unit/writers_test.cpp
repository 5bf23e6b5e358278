#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/desk_hours_csv.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"
#include "small_scenario.hpp"
#include "temp_files.hpp"

namespace fs = std::filesystem;
using hotline::report::testing::fresh_dir;
using hotline::report::testing::read_all;
using namespace hotline;
using namespace hotline::report;

namespace {

constexpr engine::SimTime at(std::int64_t ms) {
  return engine::at_ms(ms);
}

}  // namespace

TEST_CASE("CivilTimeFormatter's spreadsheet style drops the T and the milliseconds") {
  CivilTimeFormatter f{engine::Calendar({2021, 12, 31, 23, 0, 0}),
                       CivilTimeFormatter::Style::spreadsheet};
  CHECK(f.length() == 19);
  CHECK(f.format(at(15 * 60'000 + 2'999)) == "2021-12-31 23:15:02");  // truncated, not rounded
  CHECK(f.format(at(3'600'000)) == "2022-01-01 00:00:00");
  CHECK(f.format(engine::kTimeNever).empty());
}

TEST_CASE("CivilTimeFormatter prints local civil time with milliseconds") {
  CivilTimeFormatter f{engine::Calendar({2021, 12, 31, 23, 0, 0})};
  CHECK(f.format(at(0)) == "2021-12-31T23:00:00.000");
  CHECK(f.format(at(15 * 60'000 + 2'123)) == "2021-12-31T23:15:02.123");
  CHECK(f.format(at(3'600'000 - 1)) == "2021-12-31T23:59:59.999");
  CHECK(f.format(at(3'600'000)) == "2022-01-01T00:00:00.000");  // new day, new year
  CHECK(f.format(at(-1)) == "2021-12-31T22:59:59.999");
  CHECK(f.format(engine::kTimeNever).empty());
}

TEST_CASE("AlertCsvWriter writes one row per closed alert, with level columns, on commit") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("alerts");
  const fs::path path = dir / "alerts.csv";
  AlertCsvWriter w(s, path.string());

  model::AlertRecord dissuaded;
  dissuaded.id = 1;
  dissuaded.fraud_type = 0;
  dissuaded.grade = 1;
  dissuaded.unit = 3;
  dissuaded.arrival = at(8 * 3'600'000 + 15 * 60'000 + 2'123);
  dissuaded.first_contact = dissuaded.arrival + engine::kMinute;
  dissuaded.closed = dissuaded.arrival + 5 * engine::kMinute;
  dissuaded.channel = static_cast<int>(scenario::Channel::phone);
  dissuaded.outcome = model::Outcome::dissuaded;
  dissuaded.amount = 15000.5;
  w.on_alert_closed(dissuaded);

  model::AlertRecord open;
  open.id = 2;
  open.fraud_type = 1;
  open.grade = 3;
  open.unit = 4;
  open.arrival = at(24 * 3'600'000 - 1);
  open.outcome = model::Outcome::open;
  open.amount = 100;
  open.counted = false;
  w.on_alert_closed(open);

  model::AlertRecord lost = dissuaded;
  lost.id = 3;
  lost.first_contact = engine::kTimeNever;
  lost.channel = model::kNoChannel;
  lost.outcome = model::Outcome::lost;
  lost.loss = lost.amount;
  w.on_alert_closed(lost);

  CHECK(w.rows() == 3);
  CHECK_FALSE(fs::exists(path));
  w.commit();
  // A UTF-8 byte-order mark first (Excel), then date-times Excel reads: whole seconds.
  CHECK(read_all(path) ==
        "\xEF\xBB\xBF"
        "id,fraud_type,fraud_type_name,grade,city,city_name,county,county_name,community,"
        "community_name,arrival,first_dial,first_contact,seconds_to_contact,closed,channel,"
        "outcome,would_pay,language,lost_where,amount,loss,warmup\n"
        "1,loan,loan,1,north,north,north-a,north-a,north-a/c1,north-a/c1,2021-09-06 08:15:02,,"
        "2021-09-06 08:16:02,60.000,2021-09-06 08:20:02,phone,dissuaded,1,,,15000.50,0.00,"
        "0\n"
        "2,brushing,brushing,3,north,north,north-a,north-a,\"north-a/c,2\",\"north-a/c,2\","
        "2021-09-06 23:59:59,,,,,,open,1,,,100.00,0.00,1\n"
        "3,loan,loan,1,north,north,north-a,north-a,north-a/c1,north-a/c1,2021-09-06 08:15:02,,,,"
        "2021-09-06 08:20:02,,lost,1,,,15000.50,15000.50,0\n");
  fs::remove_all(dir);
}

TEST_CASE("AlertCsvWriter names its location columns after the scenario's levels") {
  scenario::Scenario s = testing::small_scenario();
  s.levels = {"province", "prefecture", "county", "station"};
  const fs::path dir = fresh_dir("levels");
  AlertCsvWriter w(s, (dir / "a.csv").string(), CsvStyle{.bom = false});
  w.commit();
  // Without the byte-order mark the file starts with the header itself.
  CHECK(read_all(dir / "a.csv")
            .rfind("id,fraud_type,fraud_type_name,grade,prefecture,prefecture_name,county,"
                   "county_name,station,station_name,arrival",
                   0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("AlertCsvWriter without commit leaves no file behind") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("nocommit");
  {
    AlertCsvWriter w(s, (dir / "alerts.csv").string());
    model::AlertRecord a;
    a.id = 1;
    w.on_alert_closed(a);
  }
  CHECK(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST_CASE("TraceJsonlWriter writes one parseable JSON object per record, null for none") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("trace");
  TraceJsonlWriter w(s, (dir / "trace.jsonl").string());
  model::TraceRecord enqueue{};
  enqueue.time = at(1000);
  enqueue.kind = model::TraceKind::enqueue;
  enqueue.alert = 5;
  enqueue.desk = 1;
  enqueue.value = 2;
  w.on_trace(enqueue);
  model::TraceRecord arrival{};
  arrival.time = at(61'500);
  arrival.kind = model::TraceKind::alert_arrival;
  arrival.alert = 6;
  arrival.unit = 3;
  w.on_trace(arrival);
  CHECK(w.lines() == 2);
  w.commit();

  std::istringstream lines(read_all(dir / "trace.jsonl"));
  std::string line;
  REQUIRE(std::getline(lines, line));
  const auto first = nlohmann::json::parse(line);
  CHECK(first["t"] == 1000);
  CHECK(first["time"] == "2021-09-06T00:00:01.000");
  CHECK(first["kind"] == std::string(model::to_string(model::TraceKind::enqueue)));
  CHECK(first["alert"] == 5);
  CHECK(first["unit"].is_null());
  CHECK(first["desk"] == "north-a:command");
  CHECK(first["step"].is_null());
  CHECK(first["value"] == 2);
  REQUIRE(std::getline(lines, line));
  const auto second = nlohmann::json::parse(line);
  CHECK(second["unit"] == "north-a/c1");
  CHECK(second["desk"].is_null());
  CHECK(second["time"] == "2021-09-06T00:01:01.500");
  CHECK_FALSE(std::getline(lines, line));
  fs::remove_all(dir);
}

TEST_CASE("desks.csv has one row per desk-hour with display names and the hour's start") {
  scenario::Scenario s = testing::small_scenario();
  s.units[0].name = "Test Region";
  s.units[2].name = "North A, \xE5\x8C\x97";  // a comma (quoted) and a Chinese character
  metrics::RunResult r;
  metrics::DeskHour h0;
  h0.desk = 0;
  h0.hour = 0;
  h0.arrivals = 3;
  h0.queue_mean = 0.5;
  h0.queue_max = 2;
  h0.busy_mean = 1.25;
  h0.staffed_mean = 2;
  h0.utilisation = 0.625;
  h0.waits_ended = 4;
  h0.answered_in_time = 3;
  metrics::DeskHour h1 = h0;
  h1.desk = 1;
  h1.hour = 25;
  r.desk_hours = {h0, h1};
  const fs::path dir = fresh_dir("desks");
  write_desk_hours_csv((dir / "desks.csv").string(), s, r);
  CHECK(read_all(dir / "desks.csv") ==
        "\xEF\xBB\xBF"
        "desk,kind,unit,unit_name,hour,hour_start,arrivals,queue_mean,queue_max,busy_mean,"
        "staffed_mean,utilisation,waits_ended,answered_in_time,service_level\n"
        "96110,96110,tr,Test Region,0,2021-09-06 00:00:00,3,0.5000,2,1.2500,2.0000,0.6250,4,3,"
        "0.7500\n"
        "north-a:command,command,north-a,\"North A, \xE5\x8C\x97\",25,2021-09-07 01:00:00,3,"
        "0.5000,2,1.2500,2.0000,0.6250,4,3,0.7500\n");
  fs::remove_all(dir);
}
