// The paired-comparison procedure (study::paired_comparison): loading both variants, running
// them on common random numbers, and comparing them. On the bundled tiny scenario (2 days).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/paired_comparison.hpp"
#include "same_results.hpp"

using namespace hotline;

namespace {
int night_headcount(const scenario::Scenario& s) {
  for (const auto& d : s.desks)
    if (d.id == "96110")
      for (const auto& shift : d.shifts)
        if (shift.name == "night") return shift.headcount;
  return -1;
}

study::PairedComparisonOptions tiny_vs(std::vector<std::string> other_sets, int reps = 4) {
  study::PairedComparisonOptions o;
  o.base = "tiny";
  o.other_sets = std::move(other_sets);
  o.reps = reps;
  o.threads = 2;
  return o;
}
}  // namespace

TEST_CASE("a paired comparison of a scenario with itself has zero difference") {
  const auto p = study::paired_comparison(tiny_vs({}));
  REQUIRE(!p.comparison.kpis.empty());
  for (const auto& k : p.comparison.kpis) {
    CAPTURE(k.name);
    CHECK(k.paired.mean == 0);
    CHECK(k.paired.half_width == 0);
    CHECK(!k.significant());
  }
}

TEST_CASE("a paired comparison runs the base and its variant on the base's seed") {
  auto o = tiny_vs({"desks.96110.roster.night.headcount=3"});
  o.sets = {"clock.horizon=1d"};
  const auto p = study::paired_comparison(o);

  const auto base = scenario::load_scenario("tiny", {{"clock.horizon", "1d"}});
  const auto other = scenario::load_scenario(
      "tiny", {{"clock.horizon", "1d"}, {"desks.96110.roster.night.headcount", "3"}});
  CHECK(p.seed == base.seed);
  CHECK(p.base.clock.horizon == base.clock.horizon);
  CHECK(p.other.clock.horizon == base.clock.horizon);
  CHECK(night_headcount(p.base) == night_headcount(base));
  CHECK(night_headcount(p.other) == 3);
  CHECK(night_headcount(base) != 3);

  study::ReplicationOptions r;
  r.seed = base.seed;
  r.reps = 4;
  r.keep_desk_hours = false;
  CHECK(testing::same_kpi_values(p.comparison.base, study::run_replications(base, r)));
  CHECK(testing::same_kpi_values(p.comparison.other, study::run_replications(other, r)));
}

TEST_CASE("a paired comparison uses an explicit seed for both variants") {
  auto o = tiny_vs({"robot.lines=8"}, 3);
  o.seed = 99;
  const auto p = study::paired_comparison(o);
  CHECK(p.seed == 99);
  study::ReplicationOptions r;
  r.seed = 99;
  r.reps = 3;
  r.keep_desk_hours = false;
  CHECK(testing::same_kpi_values(p.comparison.base, study::run_replications(p.base, r)));
  CHECK(testing::same_kpi_values(p.comparison.other, study::run_replications(p.other, r)));
}

TEST_CASE("a paired comparison's CI is narrower than the unpaired one for a staffing change") {
  const auto p = study::paired_comparison(tiny_vs({"desks.96110.roster.night.headcount=3"}, 6));
  const auto* k = p.comparison.find("all.contact_mean_s");
  REQUIRE(k != nullptr);
  CHECK(k->paired.half_width < 0.2 * k->unpaired.half_width);
}

TEST_CASE("a paired comparison reports progress over both variants") {
  auto o = tiny_vs({"robot.lines=8"}, 3);
  std::vector<std::pair<int, int>> calls;
  o.progress = [&](int done, int planned) { calls.emplace_back(done, planned); };
  study::paired_comparison(o);
  REQUIRE(calls.size() == 6);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    CHECK(calls[i].first == static_cast<int>(i) + 1);
    CHECK(calls[i].second == 6);
  }
}

TEST_CASE("the variant of a paired comparison with auto replications gets as many as the base") {
  const auto base = scenario::load_scenario("tiny");
  const auto other = scenario::load_scenario("tiny", {{"robot.lines", "8"}});
  study::ReplicationOptions o;
  o.seed = 7;
  o.threads = 2;
  o.auto_reps = true;
  o.precision = 0.5;
  o.max_reps = 8;
  const auto c = study::compare_variants(base, other, o);
  CHECK(c.base.runs.size() >= 5);
  CHECK(c.other.runs.size() == c.base.runs.size());
}

TEST_CASE("a paired comparison refuses fewer than 2 replications and bad overrides") {
  CHECK_THROWS_AS(study::paired_comparison(tiny_vs({"robot.lines=8"}, 1)), std::invalid_argument);
  CHECK_THROWS_AS(study::paired_comparison(tiny_vs({"robot.lines"})), scenario::ScenarioError);
  CHECK_THROWS_AS(study::paired_comparison(tiny_vs({"robot.lines=banana"})),
                  scenario::ScenarioError);
}
