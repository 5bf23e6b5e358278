// The KPI names known before any run (study::kpi_names) are exactly those a run reports, so
// `compare --kpi` can refuse an unknown name before its replications.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/kpi_names.hpp"
#include "hotline/study/kpi_vector.hpp"
#include "hotline/study/paired_comparison.hpp"
#include "hotline/study/single_run.hpp"

using namespace hotline;

TEST_CASE("the KPI names known before a run are the ones the run reports, in order") {
  const auto tiny = scenario::load_scenario("tiny", {{"clock.horizon", "1d"}});
  study::SingleRunOptions o;
  o.seed = tiny.seed;
  const std::vector<std::string> after = study::flatten_kpis(study::run_single(tiny, o)).names;
  CHECK(study::kpi_names(tiny) == after);
  CHECK(after.size() > 10);
}

TEST_CASE("an unknown KPI is named with the closest known one") {
  const std::vector<std::string> known = {"all.dissuaded_share", "grade1.sla_attainment"};
  CHECK(study::unknown_kpi_message("grade1.sla_attainment", known).empty());
  const std::string msg = study::unknown_kpi_message("grade1.sla_atainment", known);
  CHECK(msg.find("unknown KPI 'grade1.sla_atainment' (did you mean 'grade1.sla_attainment'?") == 0);
  CHECK(study::unknown_kpi_message("zzz", known).find("did you mean") == std::string::npos);
}

TEST_CASE("a paired comparison refuses an unknown KPI before running anything") {
  study::PairedComparisonOptions o;
  o.base = "tiny";
  o.other_sets = {"robot.lines=8"};
  o.reps = 3;
  o.kpis = {"grade1.sla_attainment", "nope"};
  int progress_calls = 0;
  o.progress = [&](int, int) { ++progress_calls; };
  CHECK_THROWS_WITH_AS(study::paired_comparison(o), doctest::Contains("unknown KPI 'nope'"),
                       scenario::ScenarioError);
  CHECK(progress_calls == 0);
}
