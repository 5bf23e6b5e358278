#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "hotline/report/alert_csv_writer.hpp"
#include "hotline/report/civil_time_formatter.hpp"
#include "hotline/report/desk_hours_csv.hpp"
#include "hotline/report/trace_jsonl_writer.hpp"
#include "hotline/report/units_csv.hpp"
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

namespace {

// The three alerts of the test above: dissuaded after a contact, open, lost.
std::vector<model::AlertRecord> three_alerts() {
  model::AlertRecord dissuaded;
  dissuaded.id = 1;
  dissuaded.fraud_type = 0;
  dissuaded.grade = 1;
  dissuaded.unit = 3;
  dissuaded.arrival = at(8 * 3'600'000 + 15 * 60'000 + 2'123);
  dissuaded.first_dial = dissuaded.arrival + engine::Duration{900};
  dissuaded.first_contact = dissuaded.arrival + engine::kMinute + engine::Duration{1};
  dissuaded.closed = dissuaded.arrival + 5 * engine::kMinute;
  dissuaded.channel = static_cast<int>(scenario::Channel::phone);
  dissuaded.outcome = model::Outcome::dissuaded;
  dissuaded.amount = 15000.5;
  model::AlertRecord open;
  open.id = 2;
  open.fraud_type = 1;
  open.grade = 3;
  open.unit = 4;
  open.arrival = at(24 * 3'600'000 - 1);
  open.outcome = model::Outcome::open;
  open.amount = 100;
  open.counted = false;
  model::AlertRecord lost = dissuaded;
  lost.id = 3;
  lost.first_contact = engine::kTimeNever;
  lost.channel = model::kNoChannel;
  lost.outcome = model::Outcome::lost;
  lost.loss_where = model::LossWhere::queue;
  lost.loss = lost.amount;
  return {dissuaded, open, lost};
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  // Enough CSV for these files: quoted fields hold no quotes or newlines.
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> row(1);
    bool quoted = false;
    for (const char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        row.emplace_back();
      else
        row.back().push_back(c);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

TEST_CASE("AlertCsvWriter's compact columns: ids and integer times, nothing derivable") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("compact");
  AlertCsvWriter w(s, (dir / "alerts.csv").string(), CsvStyle{}, AlertColumns::compact);
  for (const auto& a : three_alerts()) w.on_alert_closed(a);
  w.commit();
  CHECK(read_all(dir / "alerts.csv") ==
        "\xEF\xBB\xBF"
        "id,fraud_type,grade,unit,arrival_s,dial_s,contact_ms,closed_s,channel,outcome,"
        "would_pay,language,lost_where,amount,warmup\n"
        // arrival 08:15:02.123: 29702 s; dial at .023 of the next second: 1 s later; contact
        // 60.001 s later; closed at 08:20:02.123: 300 s later.
        "1,loan,1,3,29702,1,60001,300,phone,dissuaded,1,,,15000.50,0\n"
        "2,brushing,3,4,86399,,,,,open,1,,,100.00,1\n"
        "3,loan,1,3,29702,1,,300,,lost,1,,queue,15000.50,0\n");
  fs::remove_all(dir);
}

TEST_CASE("The compact row of an alert, joined to units.csv, gives its full row") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("compact_vs_full");
  {
    AlertCsvWriter full(s, (dir / "full.csv").string());
    AlertCsvWriter compact(s, (dir / "compact.csv").string(), CsvStyle{}, AlertColumns::compact);
    for (const auto& a : three_alerts()) {
      full.on_alert_closed(a);
      compact.on_alert_closed(a);
    }
    full.commit();
    compact.commit();
    AtomicFile units((dir / "units.csv").string());
    write_units_csv(units, s);
    units.commit();
  }
  const auto f = csv_rows(read_all(dir / "full.csv"));
  const auto c = csv_rows(read_all(dir / "compact.csv"));
  const auto u = csv_rows(read_all(dir / "units.csv"));
  REQUIRE(f.size() == 4);
  REQUIRE(c.size() == 4);
  REQUIRE(u.size() == s.units.size() + 1);
  auto column = [](const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  CivilTimeFormatter civil = csv_times(s.clock.start);
  auto second = [&](const std::string& arrival_s, const std::string& offset) -> std::string {
    if (offset.empty()) return "";
    return civil.format(engine::at_ms(1000 * (std::stoll(arrival_s) + std::stoll(offset))));
  };
  for (std::size_t r = 1; r < 4; ++r) {
    CAPTURE(r);
    const auto& full = f[r];
    const auto& row = c[r];
    auto fv = [&](const std::string& name) { return full[column(f[0], name)]; };
    auto cv = [&](const std::string& name) { return row[column(c[0], name)]; };
    for (const char* same : {"id", "fraud_type", "grade", "channel", "outcome", "would_pay",
                             "language", "lost_where", "amount", "warmup"})
      CHECK(cv(same) == fv(same));
    // The place: units.csv's row `unit` holds the full file's level columns.
    const auto& unit = u[std::stoul(cv("unit")) + 1];
    CHECK(unit[column(u[0], "unit")] == cv("unit"));
    for (const char* level :
         {"city", "city_name", "county", "county_name", "community", "community_name"})
      CHECK(unit[column(u[0], level)] == fv(level));
    // The times: whole seconds from the start and from the arrival second.
    CHECK(second(cv("arrival_s"), "0") == fv("arrival"));
    CHECK(second(cv("arrival_s"), cv("dial_s")) == fv("first_dial"));
    CHECK(second(cv("arrival_s"), cv("closed_s")) == fv("closed"));
    const std::string stc = fv("seconds_to_contact");
    CHECK(cv("contact_ms") ==
          (stc.empty() ? "" : std::to_string(std::llround(std::stod(stc) * 1000))));
    // loss: the amount when lost, else 0.
    CHECK(fv("loss") == (cv("outcome") == "lost" ? cv("amount") : std::string("0.00")));
  }
  fs::remove_all(dir);
}

TEST_CASE("units.csv lists every unit with its number, parent and ancestors at each level") {
  const scenario::Scenario s = testing::small_scenario();
  const fs::path dir = fresh_dir("units");
  AtomicFile f((dir / "units.csv").string());
  write_units_csv(f, s, CsvStyle{.bom = false});
  f.commit();
  CHECK(read_all(dir / "units.csv") ==
        "unit,id,name,level,parent,city,city_name,county,county_name,community,community_name\n"
        "0,tr,tr,region,,,,,,,\n"
        "1,north,north,city,0,north,north,,,,\n"
        "2,north-a,north-a,county,1,north,north,north-a,north-a,,\n"
        "3,north-a/c1,north-a/c1,community,2,north,north,north-a,north-a,north-a/c1,north-a/c1\n"
        "4,\"north-a/c,2\",\"north-a/c,2\",community,2,north,north,north-a,north-a,"
        "\"north-a/c,2\",\"north-a/c,2\"\n");
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
