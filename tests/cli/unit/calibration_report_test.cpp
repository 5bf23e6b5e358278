// The outputs of `calibrate` (report/calibration_report.hpp): the patch in the scenario's own
// syntax, the same keys as --set lines, and the CSV row per target.
#include <doctest/doctest.h>

#include <string>

#include "hotline/report/calibration_report.hpp"
#include "small_scenario.hpp"

using namespace hotline;

namespace {
study::Calibration small_calibration() {
  study::Calibration c;
  c.scenario = report::testing::small_scenario();
  c.scenario.name = "small";
  c.scenario.units[1].children = {2};
  c.scenario.units[0].children = {1};
  c.seed = 7;
  c.reps = 4;
  c.iterations = 2;
  c.converged = true;
  using Kind = study::FittedParameter::Kind;
  study::FittedParameter rate;
  rate.kind = Kind::rate;
  rate.fraud_type = 1;
  rate.key = "fraud_types.brushing.rate_per_day";
  rate.value = "31.5";
  study::FittedParameter weight;
  weight.kind = Kind::unit_weight;
  weight.unit = 2;
  weight.key = "organisation.children.north.children.north-a.weight";
  weight.value = "2.5";
  study::FittedParameter wp;
  wp.kind = Kind::would_pay;
  wp.fraud_type = -1;
  wp.grade = 1;
  wp.key = "would_pay.1";
  wp.value = "0.12";
  study::FittedParameter type_wp = wp;
  type_wp.fraud_type = 0;
  type_wp.key = "fraud_types.loan.would_pay.1";
  type_wp.value = "0.3";
  c.parameters = {rate, weight, wp, type_wp};
  study::TargetFit row;
  row.target.period_start = "2021-09-06";
  row.target.period_end = "2021-09-07";
  row.target.unit = 2;
  row.target.fraud_type = -1;
  row.measure = study::TargetMeasure::warned;
  row.value = 100;
  row.simulated.mean = 98;
  row.simulated.half_width = 3;
  row.simulated.n = 4;
  row.role = study::FitRole::weight;
  c.rows = {row};
  return c;
}
}  // namespace

TEST_CASE("the calibration patch nests the fitted keys as the scenario writes them") {
  const std::string patch = report::calibration_patch_yaml(small_calibration(), "hotline-sim x");
  const std::string body = patch.substr(patch.find("fraud_types:"));
  CHECK(body ==
        "fraud_types:\n"
        "  - id: loan\n"
        "    would_pay: {1: 0.3}\n"
        "  - id: brushing\n"
        "    rate_per_day: 31.5\n"
        "would_pay: {1: 0.12}\n"
        "organisation:\n"
        "  id: tr\n"
        "  children:\n"
        "    - id: north\n"
        "      children:\n"
        "        - id: north-a\n"
        "          weight: 2.5\n");
  CHECK(patch.find("#   hotline-sim x\n") != std::string::npos);
  CHECK(report::calibration_set_lines(small_calibration()) ==
        "--set fraud_types.brushing.rate_per_day=31.5\n"
        "--set organisation.children.north.children.north-a.weight=2.5\n"
        "--set would_pay.1=0.12\n"
        "--set fraud_types.loan.would_pay.1=0.3\n");
}

TEST_CASE("the calibration console names units and says whether each target is met") {
  const std::string text = report::format_calibration_console(small_calibration());
  CAPTURE(text);
  CHECK(text.find("Converged after 2 iteration(s): all 1 targets") != std::string::npos);
  CHECK(text.find("2021-09-06 .. 2021-09-07  north-a  全部 (all)  warned      100          98.0 ± "
                  "3.0     yes  weight\n") != std::string::npos);
}
