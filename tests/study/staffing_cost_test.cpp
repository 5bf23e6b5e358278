// study::staffing_cost prices the roster over the counted period: hand-computed cases.
#include <doctest/doctest.h>

#include "hotline/study/staffing_cost.hpp"

using namespace hotline;

namespace {

// One desk rostered around the clock with 2 operators and one community of 3 officers (1 on
// call at night); counted period Friday 12:00 to Monday 00:00 (start Friday 2021-09-10,
// horizon 3 d, warm-up 12 h): 12 h of Friday, all of Saturday and Sunday.
scenario::Scenario weekend_world() {
  scenario::Scenario s;
  s.clock.start = {2021, 9, 10, 0, 0, 0};  // a Friday
  s.clock.horizon = 3 * engine::kDay;
  s.clock.warmup = 12 * engine::kHour;
  scenario::UnitSpec root, leaf;
  root.id = "r";
  root.children = {1};
  root.subtree_size = 2;
  leaf.id = "r/c1";
  leaf.parent = 0;
  leaf.level = 1;
  leaf.officers.count = 3;
  leaf.officers.availability = 1.0;
  leaf.officers.night_from = 22 * 60;
  leaf.officers.night_to = 6 * 60;
  leaf.officers.night_availability = 1.0 / 3.0;
  s.units = {root, leaf};
  s.desk_kinds = {"hot"};
  scenario::DeskSpec d;
  d.id = "hot";
  d.kind = "hot";
  scenario::ShiftSpec all_day;
  all_day.name = "all";
  all_day.days.fill(true);
  all_day.start_minute = 0;
  all_day.end_minute = 0;  // start == end: 24 hours
  all_day.headcount = 2;
  d.shifts = {all_day};
  s.desks = {d};
  s.costs.desk_kind_hour = {0};
  return s;
}

}  // namespace

TEST_CASE("without a costs: section the roster's hours are counted but not priced") {
  const study::StaffingCost c = study::staffing_cost(weekend_world());
  CHECK_FALSE(c.priced);
  CHECK(c.days == doctest::Approx(2.5));
  CHECK(c.operator_hours == doctest::Approx(120));  // 2 operators x 60 h
  CHECK(c.total_yuan() == 0);
  // Officers: 3 by day, 1 at night (22:00-06:00): Fri 10 h x 3 + 2 h x 1, then 16 x 3 + 8 x 1
  // on each weekend day.
  CHECK(c.officer_hours == doctest::Approx(32 + 56 + 56));
  REQUIRE(c.by_kind.size() == 1);
  CHECK(c.by_kind[0].desks == 1);
}

TEST_CASE("night and weekend factors multiply over the counted period only") {
  scenario::Scenario s = weekend_world();
  s.costs.given = true;
  s.costs.desk_kind_hour = {10};
  s.costs.night_from = 22 * 60;
  s.costs.night_to = 6 * 60;
  s.costs.night_factor = 1.5;
  s.costs.weekend_factor = 2;
  s.costs.officer_hour = 4;
  const study::StaffingCost c = study::staffing_cost(s);
  CHECK(c.priced);
  // Weighted hours per operator: Friday 12:00-22:00 = 10, 22:00-24:00 = 2 x 1.5 = 3; Saturday
  // and Sunday each 16 x 2 + 8 x 1.5 x 2 = 56. 125 x 2 operators x 10 yuan.
  CHECK(c.operator_yuan == doctest::Approx(2500));
  CHECK(c.by_kind[0].yuan == doctest::Approx(2500));
  // Officers: Friday 10 x 3 + 2 x 1 x 1.5 = 33; each weekend day 16 x 3 x 2 + 8 x 1 x 3 = 120.
  CHECK(c.officer_yuan == doctest::Approx(4 * (33 + 120 + 120)));
  CHECK(c.total_yuan() == doctest::Approx(2500 + 4 * 273));
  CHECK(c.yuan_per_day() == doctest::Approx((2500 + 4 * 273) / 2.5));
}

TEST_CASE("a shift past midnight is paid on the calendar days it runs, and only on its days") {
  scenario::Scenario s = weekend_world();
  s.units[1].officers.count = 0;
  // Saturday only, 20:00 to 02:00 (the last two hours fall on Sunday), 1 operator.
  scenario::ShiftSpec sat;
  sat.name = "sat-night";
  sat.days = {false, false, false, false, false, true, false};
  sat.start_minute = 20 * 60;
  sat.end_minute = 2 * 60;
  sat.headcount = 1;
  s.desks[0].shifts = {sat};
  s.costs.given = true;
  s.costs.desk_kind_hour = {10};
  s.costs.weekend_factor = 3;
  const study::StaffingCost c = study::staffing_cost(s);
  CHECK(c.operator_hours == doctest::Approx(6));
  CHECK(c.operator_yuan == doctest::Approx(6 * 10 * 3));  // Saturday and Sunday hours alike
  CHECK(c.officer_hours == 0);
  // The warm-up is not paid: with a warm-up to Sunday 00:00, only the Sunday 2 hours count.
  s.clock.warmup = 2 * engine::kDay;
  CHECK(study::staffing_cost(s).operator_hours == doctest::Approx(2));
}
