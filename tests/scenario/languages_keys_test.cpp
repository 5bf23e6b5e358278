// Operators by language, the language table, places' language mixes, shrinkage and handover
// load into the spec as documented (tests/scenario/data/languages.yaml), and their mistakes
// are located errors that name the fix.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "hotline/scenario/loader.hpp"
#include "load_error.hpp"

using namespace hotline;
using namespace hotline::scenario;

namespace {
const std::string kFile = std::string(HOTLINE_SOURCE_DIR) + "/tests/scenario/data/languages.yaml";
constexpr std::int64_t kMinuteMs = 60'000;

std::string load_error(std::initializer_list<const char*> sets) {
  return testing::load_error(kFile, sets);
}

int language(const Scenario& s, const std::string& code) {
  for (std::size_t i = 0; i < s.languages.size(); ++i)
    if (s.languages[i].code == code) return static_cast<int>(i);
  FAIL("no language " << code);
  return -1;
}

// Operators of skill set `set` on the floor at hour:minute of a day every shift runs on
// (the shifts of these desks run daily), from the shifts' own parts: headcount less breaks.
int on_floor(const DeskSpec& d, std::size_t set, int hour, int minute) {
  const int m = hour * 60 + minute;
  for (const auto& sh : d.shifts) {
    const ShiftSpec part = sh.for_skill_set(set);
    const int len = (part.end_minute - part.start_minute + 24 * 60 - 1) % (24 * 60) + 1;
    const int in = part.minutes_in(m);
    if (in >= len) continue;
    int n = part.headcount;
    for (const auto& b : part.breaks) {
      const int from = part.minutes_in(b.start_minute);
      if (in >= from && in < from + b.minutes) n -= b.operators;
    }
    return std::max(n, 0);
  }
  return 0;
}
}  // namespace

TEST_CASE("a declared language table keeps its order and display names") {
  const Scenario s = load_scenario_file(kFile);
  REQUIRE(s.languages.size() == 3);
  CHECK(s.languages[0].code == "zh");
  CHECK(s.languages[0].name == "普通话");
  CHECK(s.languages[1].name == "藏语");
  CHECK(s.languages[2].name == "ug");  // no name: the code
}

TEST_CASE("a shift's staff by language becomes skill sets, the desk's own languages first") {
  const Scenario s = load_scenario_file(kFile);
  const DeskSpec& d = s.desks[0];
  REQUIRE(d.id == "96110");
  const int zh = language(s, "zh"), bo = language(s, "bo");
  REQUIRE(d.skill_sets.size() == 2);
  CHECK(d.skill_sets[0] == std::vector<int>{zh});
  CHECK(d.skill_sets[1] == std::vector<int>{std::min(zh, bo), std::max(zh, bo)});
  CHECK(d.language_fallback.count() == 3 * kMinuteMs);
  CHECK(d.shifts[0].staff == std::vector<int>{2, 0});  // `headcount: 2` in the desk's languages
  CHECK(d.shifts[1].staff == std::vector<int>{2, 1});
  CHECK(d.shifts[1].headcount == 3);
  CHECK(s.desks[1].skill_sets.empty());  // a desk without staff entries has none
}

TEST_CASE("a break takes operators from the skill sets in order") {
  const Scenario s = load_scenario_file(kFile);
  const DeskSpec& d = s.desks[0];
  // Night (20:00-08:00): 2 Mandarin + 1 Tibetan/Mandarin; the 03:00 break takes all three.
  CHECK(on_floor(d, 0, 2, 59) == 2);
  CHECK(on_floor(d, 1, 2, 59) == 1);
  CHECK(on_floor(d, 0, 3, 0) == 0);
  CHECK(on_floor(d, 1, 3, 0) == 0);
  CHECK(on_floor(d, 0, 3, 20) == 2);
  CHECK(on_floor(d, 1, 3, 20) == 1);
}

TEST_CASE("handover takes the whole incoming shift off the floor for its first minutes") {
  const Scenario s = load_scenario_file(kFile);
  const DeskSpec& d = s.desks[0];
  CHECK(on_floor(d, 0, 8, 0) == 0);  // day shift from 08:00, handover 15 min
  CHECK(on_floor(d, 0, 8, 14) == 0);
  CHECK(on_floor(d, 0, 8, 15) == 2);
}

TEST_CASE("shrinkage keeps its share of the shift's operator-time off the floor") {
  const Scenario s = load_scenario_file(kFile);
  const DeskSpec& d = s.desks[0];
  // Day shift 08:00-20:00, 2 operators, handover 15 min, one 30-min break, shrinkage 0.1 of
  // the 705 minutes after the handover: round(70.5) = 71 min each (staggered, no overlap).
  std::int64_t off = 0;
  for (int m = 8 * 60; m < 20 * 60; ++m) off += 2 - on_floor(d, 0, m / 60, m % 60);
  CHECK(off == 2 * 15 + 30 + 2 * 71);
}

TEST_CASE("a place's language mix is read, and the default inject language is the type's first") {
  const Scenario s = load_scenario_file(kFile);
  const UnitSpec* south = nullptr;
  for (const auto& u : s.units)
    if (u.id == "south") south = &u;
  REQUIRE(south != nullptr);
  REQUIRE(south->language_mix.size() == 2);
  CHECK(south->language_mix[0] == language(s, "bo"));
  CHECK(south->language_mix_weights[0] == doctest::Approx(0.6));
  CHECK(s.units[0].language_mix.empty());
}

TEST_CASE("language mistakes are located errors that name the fix") {
  CHECK(load_error({"desks.0.languages=[zn]"})
            .find("language 'zn' is not declared in the top-level 'languages:' list (declared: zh, "
                  "bo, ug) (did you mean 'zh'?)") != std::string::npos);
  CHECK(load_error({"desks.0.languages=[ZH]"}).find("codes are case-sensitive: write 'zh'") !=
        std::string::npos);
  CHECK(load_error({"desks.0.roster.1.headcount=4"})
            .find("headcount 4 of shift 'night' differs from its staff's total 3") !=
        std::string::npos);
  CHECK(load_error({"desks.0.roster.0.handover=12h"}).find("as long as shift 'day'") !=
        std::string::npos);
  CHECK(load_error({"desks.0.roster.0.shrinkage=1"}).find("must be below 1") != std::string::npos);
  CHECK(load_error({"organisation.children.1.language_mix.bo=0.5"})
            .find("language shares of unit 'south' sum to 0.9, not 1") != std::string::npos);
}

TEST_CASE("without a declared table, codes must be ISO 639-1 and the table is in order of use") {
  const std::string yaml = std::string(HOTLINE_SOURCE_DIR) + "/scenarios/xizang.yaml";
  const Scenario s = load_scenario_file(yaml);
  REQUIRE(s.languages.size() >= 2);
  CHECK(s.languages[0].code == "zh");
  CHECK(s.languages[1].code == "bo");
}
