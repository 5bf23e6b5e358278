// A hand-built scenario for the report tests: no loader needed, every field the writers read.
#pragma once

#include "hotline/spec/scenario.hpp"

namespace hotline::report::testing {

inline scenario::Scenario small_scenario() {
  scenario::Scenario s;
  s.name = "small";
  s.source_name = "small.yaml";
  s.source_text = "abc";
  s.seed = 7;
  s.clock.start = {2021, 9, 6, 0, 0, 0};  // a Monday
  s.clock.horizon = 2 * engine::kDay;
  s.clock.warmup = engine::kHour * 12;
  s.levels = {"region", "city", "county", "community"};
  const auto add_unit = [&](const char* id, int level, int parent) {
    scenario::UnitSpec u;
    u.id = id;
    u.name = id;
    u.level = level;
    u.parent = parent;
    s.units.push_back(u);
  };
  add_unit("tr", 0, -1);          // 0
  add_unit("north", 1, 0);        // 1
  add_unit("north-a", 2, 1);      // 2
  add_unit("north-a/c1", 3, 2);   // 3
  add_unit("north-a/c,2", 3, 2);  // 4: a comma, to prove CSV quoting
  s.desk_kinds = {"96110", "command"};
  scenario::DeskSpec hotline_desk;
  hotline_desk.id = "96110";
  hotline_desk.kind = "96110";
  hotline_desk.unit = 0;
  scenario::DeskSpec command = hotline_desk;
  command.id = "north-a:command";
  command.kind = "command";
  command.kind_index = 1;
  command.unit = 2;
  s.desks = {hotline_desk, command};
  scenario::FraudTypeSpec loan;
  loan.id = "loan";
  scenario::FraudTypeSpec brushing;
  brushing.id = "brushing";
  s.fraud_types = {loan, brushing};
  return s;
}

}  // namespace hotline::report::testing
