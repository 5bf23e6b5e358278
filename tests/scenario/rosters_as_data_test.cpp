// Rosters as data (issue 12): one instance of an `each:` desk changed by --set and by
// --patch gives the same scenario; `roster_patch` writes rosters that --patch reads back to
// exactly the same shifts; patch errors are located in the patch.
#include <doctest/doctest.h>

#include <string>

#include "hotline/scenario/loader.hpp"
#include "hotline/scenario/roster_patch.hpp"
#include "hotline/scenario/study_file.hpp"
#include "load_error.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {

const std::string kXizang = std::string(HOTLINE_SOURCE_DIR) + "/scenarios/xizang.yaml";
const std::string kLanguages =
    std::string(HOTLINE_SOURCE_DIR) + "/tests/scenario/data/languages.yaml";

// Every field of every shift of every desk instance, and the skill sets.
void check_same_rosters(const Scenario& a, const Scenario& b) {
  REQUIRE(a.desks.size() == b.desks.size());
  for (std::size_t d = 0; d < a.desks.size(); ++d) {
    const DeskSpec& x = a.desks[d];
    const DeskSpec& y = b.desks[d];
    INFO("desk " << x.id);
    CHECK(x.id == y.id);
    CHECK(x.skill_sets == y.skill_sets);
    REQUIRE(x.shifts.size() == y.shifts.size());
    for (std::size_t k = 0; k < x.shifts.size(); ++k) {
      const ShiftSpec& s = x.shifts[k];
      const ShiftSpec& t = y.shifts[k];
      INFO("shift " << s.name);
      CHECK(s.name == t.name);
      CHECK(s.days == t.days);
      CHECK(s.start_minute == t.start_minute);
      CHECK(s.end_minute == t.end_minute);
      CHECK(s.headcount == t.headcount);
      CHECK(s.staff == t.staff);
      REQUIRE(s.breaks.size() == t.breaks.size());
      for (std::size_t i = 0; i < s.breaks.size(); ++i) {
        CHECK(s.breaks[i].start_minute == t.breaks[i].start_minute);
        CHECK(s.breaks[i].minutes == t.breaks[i].minutes);
        CHECK(s.breaks[i].operators == t.breaks[i].operators);
      }
    }
  }
}

const DeskSpec& desk(const Scenario& s, const std::string& id) {
  for (const auto& d : s.desks)
    if (d.id == id) return d;
  FAIL("no desk " << id);
  return s.desks.front();
}

std::string patch_error(const std::string& text) {
  return testing::load_error(kXizang, {}, {Patch{"p.yaml", text}});
}

}  // namespace

TEST_CASE("one county desk's night shift set by --set and by --patch gives the same scenario") {
  const Scenario base = load_scenario_file(kXizang);
  const Scenario by_set = load_scenario_file(
      kXizang, {parse_override("desks.lhasa-chengguan:county_command.roster.night.headcount=3")});
  const Scenario by_patch = load_scenario_file(kXizang, {}, {Patch{"p.yaml", R"(desks:
  - id: county_command
    instances:
      - unit: lhasa-chengguan
        roster:
          - {name: night, headcount: 3}
)"}});
  check_same_rosters(by_set, by_patch);
  const DeskSpec& changed = desk(by_set, "lhasa-chengguan:county_command");
  CHECK(changed.own_roster);
  CHECK(changed.shifts[1].name == "night");
  CHECK(changed.shifts[1].headcount == 3);
  CHECK(desk(base, "lhasa-chengguan:county_command").shifts[1].headcount == 1);
  // Every other instance keeps its kind's roster.
  int changed_desks = 0;
  for (std::size_t d = 0; d < base.desks.size(); ++d)
    for (std::size_t k = 0; k < base.desks[d].shifts.size(); ++k)
      changed_desks += base.desks[d].shifts[k].headcount != by_set.desks[d].shifts[k].headcount;
  CHECK(changed_desks == 1);
}

TEST_CASE("a written roster read back by --patch gives exactly the same rosters") {
  SUBCASE("xizang, with one instance changed") {
    const Scenario s = load_scenario_file(
        kXizang, {parse_override("desks.lhasa-chengguan:county_command.roster.night.headcount=3"),
                  parse_override("desks.96110.roster.night.headcount=3")});
    const std::string patch = roster_patch(s);
    const Scenario back = load_scenario_file(kXizang, {}, {Patch{"roster.yaml", patch}});
    check_same_rosters(s, back);
    CHECK(roster_patch(back) == patch);  // a fixed point
  }
  SUBCASE("skill sets, breaks, shrinkage and handover") {
    const Scenario s = load_scenario_file(kLanguages);
    const std::string patch = roster_patch(s);
    CHECK(patch.find("staff:") != std::string::npos);
    CHECK(patch.find("shrinkage: 0\n") != std::string::npos);
    const Scenario back = load_scenario_file(kLanguages, {}, {Patch{"roster.yaml", patch}});
    check_same_rosters(s, back);
  }
}

TEST_CASE("a patch merges lists by id and name, appends new items, replaces other values") {
  const Scenario s = load_scenario_file(kXizang, {}, {Patch{"p.yaml", R"(clock: {horizon: 3d}
desks:
  - id: "96110"
    roster:
      - {name: night, headcount: 5}
)"}});
  CHECK(s.clock.horizon == 3 * engine::kDay);
  const DeskSpec& d = desk(s, "96110");
  CHECK(d.shifts[0].name == "night");
  CHECK(d.shifts[0].headcount == 5);
  CHECK(d.shifts[0].start_minute == 60);  // kept from the scenario
  CHECK(d.shifts.size() == 3);
}

TEST_CASE("patch mistakes are located in the patch") {
  CHECK(patch_error("desks:\n  - id: \"96110\"\n    rota: []\n")
            .rfind("p.yaml:3:5: error: unknown key 'rota'", 0) == 0);
  CHECK(patch_error("- 1\n").rfind("p.yaml:1:1: error: a patch is a map of scenario keys", 0) == 0);
  CHECK(patch_error("desks:\n  - id: \"96110\"\n    instances: [{unit: xz}]\n")
            .find("desk '96110' is one desk at one unit") != std::string::npos);
  CHECK(patch_error("desks:\n  - id: county_command\n    instances: [{unit: lhasa}]\n")
            .rfind("p.yaml:3:24: error: unit 'lhasa' has no instance of desk 'county_command'",
                   0) == 0);
  CHECK(
      patch_error("desks:\n  - id: county_command\n    instances:\n      - unit: lhasa-chengguan\n"
                  "        roster: [{name: night, headcount: -1}]\n")
          .rfind("p.yaml:5:43: error:", 0) == 0);
}

TEST_CASE("a sweep's canonical scenario text includes its patches, so a patch changes its keys") {
  const std::vector<Patch> patches = {Patch{"p.yaml",
                                            "desks:\n  - id: county_command\n"
                                            "    instances:\n"
                                            "      - {unit: lhasa-chengguan, roster: "
                                            "[{name: night, headcount: 3}]}\n"}};
  const Scenario plain = load_scenario_file(kXizang);
  const Scenario patched = load_scenario_file(kXizang, {}, patches);
  const std::string a = canonical_scenario_text(plain, {});
  const std::string b = canonical_scenario_text(patched, {}, patches);
  CHECK(a != b);
  CHECK(a.find("lhasa-chengguan, roster") == std::string::npos);
  CHECK(b.find("instances") != std::string::npos);
}

TEST_CASE("a patch's staff replaces a shift's headcount, and a patch's headcount its staff") {
  const std::string patch =
      std::string(HOTLINE_SOURCE_DIR) + "/scenarios/patches/xizang-tibetan-speakers.yaml";
  const Scenario s = load_scenario_file(kXizang, {}, {read_patch_file(patch)});
  const DeskSpec& d = desk(s, "96110");
  REQUIRE(d.skill_sets.size() == 2);
  CHECK(d.shifts[0].staff == std::vector<int>{1, 1});
  CHECK(d.shifts[0].headcount == 2);
  CHECK(d.language_fallback == 3 * engine::kMinute);
  // Back to a plain headcount on top of it: the staff entries go.
  const Scenario back =
      load_scenario_file(kXizang, {},
                         {read_patch_file(patch), Patch{"h.yaml",
                                                        "desks:\n  - id: \"96110\"\n"
                                                        "    roster:\n"
                                                        "      - {name: night, headcount: 3}\n"}});
  CHECK(desk(back, "96110").shifts[0].headcount == 3);
  CHECK(desk(back, "96110").shifts[0].staff == std::vector<int>{3, 0});
}
