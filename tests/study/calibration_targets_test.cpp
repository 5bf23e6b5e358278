// Reading the targets of `calibrate` (study::parse_calibration_targets): the rows it accepts,
// and a located message for each kind of bad row.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/calibration_targets.hpp"

using namespace hotline;

namespace {
const scenario::Scenario& small() {
  static const scenario::Scenario s =
      scenario::load_scenario_file("tests/study/data/calibration.yaml");
  return s;
}

constexpr const char* kHeader = "period_start,period_end,unit,fraud_type,warned,lost\n";

// The message of the error parsing `rows` under the standard header, or "" if it parses.
std::string error_of(const std::string& rows) {
  try {
    study::parse_calibration_targets(kHeader + rows, "t.csv", small());
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("targets rows give periods, units, fraud types and optional counts") {
  const auto t = study::parse_calibration_targets(
      "\xEF\xBB\xBF# the bulletin\n"
      "unit,fraud_type,period_start,period_end,lost,warned,note\n"
      "r,*,2021-09-06,2021-09-09,120,600,\"total, all types\"\n"
      "\n"
      "东市,loan,2021-09-07,2021-09-07,,450,\n",
      "t.csv", small());
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].line == 3);
  CHECK(t.rows[0].unit == 0);
  CHECK(t.rows[0].fraud_type == -1);
  CHECK(t.rows[0].from == engine::kTimeZero);
  CHECK(t.rows[0].to == engine::kTimeZero + 4 * engine::kDay);  // both days included
  CHECK(*t.rows[0].warned == 600);
  CHECK(*t.rows[0].lost == 120);
  CHECK(t.rows[1].line == 5);
  CHECK(small().units[static_cast<std::size_t>(t.rows[1].unit)].id == "east");  // by its name
  CHECK(t.rows[1].fraud_type == 0);
  CHECK(t.rows[1].from == engine::kTimeZero + engine::kDay);
  CHECK(t.rows[1].to == engine::kTimeZero + 2 * engine::kDay);
  CHECK(!t.rows[1].lost);
  CHECK(*t.rows[1].warned == 450);
}

TEST_CASE("an unknown unit or fraud type is located and the closest id suggested") {
  CHECK(error_of("2021-09-06,2021-09-09,eats,*,10,\n") ==
        "t.csv:2:23: error: unknown unit 'eats'; did you mean 'east'? (a unit id of the "
        "scenario; 'r' is the whole tree)");
  CHECK(error_of("2021-09-06,2021-09-09,r,lona,10,\n") ==
        "t.csv:2:25: error: unknown fraud type 'lona'; did you mean 'loan'? (one of loan, or * "
        "for all)");
}

TEST_CASE("a count that is not a number, or negative, is located") {
  CHECK(error_of("2021-09-06,2021-09-09,r,*,8 060,\n") ==
        "t.csv:2:27: error: warned count '8 060' is not a number (write digits, e.g. 8060, "
        "without thousands separators; leave the cell empty for no target)");
  CHECK(error_of("2021-09-06,2021-09-09,r,*,10,-1\n") ==
        "t.csv:2:30: error: lost count -1 is negative");
  CHECK(error_of("2021-09-06,2021-09-09,r,*,,\n") ==
        "t.csv:2:1: error: this row has no target (give a warned or a lost count)");
}

TEST_CASE("bad dates and periods outside the clock are located") {
  CHECK(error_of("2021-9-6,2021-09-09,r,*,10,\n") ==
        "t.csv:2:1: error: '2021-9-6' is not a date (write YYYY-MM-DD, e.g. 2021-09-01)");
  CHECK(error_of("2021-09-06,2021-02-30,r,*,10,\n") ==
        "t.csv:2:12: error: '2021-02-30' is not a day of the calendar");
  CHECK(error_of("2021-09-08,2021-09-06,r,*,10,\n") ==
        "t.csv:2:12: error: period_end 2021-09-06 is before period_start 2021-09-08 (both days "
        "are included)");
  CHECK(error_of("2021-02-01,2021-02-15,r,*,546,\n") ==
        "t.csv:2:1: error: the period 2021-02-01 .. 2021-02-15 is not inside the scenario's "
        "clock (2021-09-06T00:00 + 4 days): calibrate one period at a time, with the clock "
        "moved to it (e.g. --set clock.start=2021-02-01T00:00)");
  CHECK(error_of("2021-09-06,2021-09-10,r,*,10,\n").rfind("t.csv:2:12: error: the period", 0) == 0);
}

TEST_CASE("rows that do not fit the header, repeat a row or miss columns are located") {
  CHECK(error_of("2021-09-06,2021-09-09,r,*,10\n") ==
        "t.csv:2:29: error: this row has 5 fields but the header has 6 (one per column; leave "
        "a cell empty for no target)");
  CHECK(error_of("2021-09-06,2021-09-09,r,*,10,\n2021-09-06,2021-09-09,r,*,,3\n") ==
        "t.csv:3:23: error: the same period, unit and fraud type as line 2 (merge the two rows)");
  const auto header_error = [](const std::string& text) {
    try {
      study::parse_calibration_targets(text, "t.csv", small());
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(header_error("period_start,period_end,unit,fraud_type,warnd\n") ==
        "t.csv:1:41: error: unknown column 'warnd'; did you mean 'warned'? (columns: "
        "period_start, period_end, unit, fraud_type, warned, lost, note)");
  CHECK(header_error("period_start,period_end,fraud_type,warned\n") ==
        "t.csv:1:1: error: the header has no 'unit' column (the first line names the columns: "
        "period_start,period_end,unit,fraud_type,warned,lost)");
  CHECK(header_error(kHeader) ==
        "t.csv:1:1: error: no target rows after the header (add one row per count)");
  CHECK(header_error("") ==
        "t.csv:1:1: error: the file is empty (the first line names the columns: "
        "period_start,period_end,unit,fraud_type,warned,lost)");
}

TEST_CASE("a targets file with more rows than calibrate counts is refused at the first extra") {
  const auto xizang = scenario::load_scenario("xizang");  // enough units for distinct rows
  std::string text = kHeader;
  std::size_t rows = 0;
  for (const auto& type : xizang.fraud_types)
    for (std::size_t u = 0; u < xizang.units.size() && rows <= study::kMaxTargetRows; ++u)
      for (int day = 1; day <= 15 && rows <= study::kMaxTargetRows; ++day, ++rows)
        text += fmt::format("2021-09-{:02},2021-09-{:02},{},{},10,\n", day, day, xizang.units[u].id,
                            type.id);
  REQUIRE(rows == study::kMaxTargetRows + 1);
  try {
    study::parse_calibration_targets(text, "t.csv", xizang);
    FAIL("accepted more rows than the limit");
  } catch (const scenario::ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          "t.csv:10002:1: error: more than 10000 target rows (each row is counted for every "
          "alert of every replication; sum finer counts into fewer rows)");
  }
}
