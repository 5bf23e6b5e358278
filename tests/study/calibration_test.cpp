// The calibration procedure (study::calibrate) on tests/study/data/calibration.yaml, whose
// expected counts are known by hand: warned = rate_per_day x days x the city's weight share,
// lost = would_pay x warned. Targets made from other values than the scenario's must be
// recovered within the precision of the replications.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "hotline/scenario/loader.hpp"
#include "hotline/study/calibration.hpp"

using namespace hotline;

namespace {
constexpr const char* kScenario = "tests/study/data/calibration.yaml";

std::string write_targets(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("hotline-calibration-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

const study::FittedParameter& param(const study::Calibration& c, const std::string& key) {
  for (const auto& p : c.parameters)
    if (p.key == key) return p;
  FAIL("no fitted parameter " << key);
  return c.parameters.front();
}

const study::TargetFit& row(const study::Calibration& c, const std::string& unit,
                            study::TargetMeasure m) {
  for (const auto& r : c.rows)
    if (c.scenario.units[static_cast<std::size_t>(r.target.unit)].id == unit && r.measure == m)
      return r;
  FAIL("no row for " << unit);
  return c.rows.front();
}

// Rate 150 a day (the scenario has 100), east:west 3:1 (1:1), would_pay 0.2 (0.5) over the
// 4 days: warned 600 = 450 + 150, lost 0.2 x 600 = 120.
const std::string kTargets =
    "period_start,period_end,unit,fraud_type,warned,lost\n"
    "2021-09-06,2021-09-09,r,*,600,120\n"
    "2021-09-06,2021-09-09,east,*,450,\n"
    "2021-09-06,2021-09-09,west,*,150,\n";

study::CalibrationOptions options(const std::string& targets_name, const std::string& targets) {
  study::CalibrationOptions o;
  o.scenario = kScenario;
  o.targets = write_targets(targets_name, targets);
  o.reps = 10;
  o.iterations = 6;
  o.threads = 2;
  return o;
}
}  // namespace

TEST_CASE("calibrate recovers the rate, the unit weights and would_pay that made the targets") {
  const auto c = study::calibrate(options("recover.csv", kTargets));
  CHECK(c.converged);
  CHECK(c.iterations >= 2);  // the scenario as given is far off
  CHECK(c.history.front().within < c.history.front().targets);
  for (const auto& r : c.rows) CHECK(r.within());

  // Each fitted value is recovered within about twice the relative CI of the count it fits.
  const auto& total = row(c, "r", study::TargetMeasure::warned);
  const double rel = total.simulated.half_width / total.simulated.mean;
  const double rate = param(c, "fraud_types.loan.rate_per_day").after;
  CHECK(std::abs(rate - 150) <= 150 * 2 * rel);

  const double east = param(c, "organisation.children.east.weight").after;
  const double west = param(c, "organisation.children.west.weight").after;
  CHECK(east + west == doctest::Approx(2).epsilon(1e-3));  // the siblings' total is kept
  const auto& e = row(c, "east", study::TargetMeasure::warned);
  CHECK(std::abs(east / (east + west) - 0.75) <=
        0.75 * 2 * (e.simulated.half_width / e.simulated.mean + rel));

  const auto& lost = row(c, "r", study::TargetMeasure::lost);
  const double lost_rel = lost.simulated.half_width / lost.simulated.mean;
  for (int g = 1; g <= 3; ++g) {
    const auto& p = param(c, "would_pay." + std::to_string(g));
    CHECK(p.before == 0.5);
    CHECK(std::abs(p.after - 0.2) <= 0.2 * 2 * (lost_rel + rel));
  }

  // The calibrated scenario is the scenario with the fitted keys, as the patch says.
  std::vector<scenario::Override> ov;
  for (const auto& o : c.overrides()) ov.push_back(scenario::parse_override(o));
  const auto again = scenario::load_scenario(kScenario, ov);
  CHECK(again.fraud_types[0].rate_per_day == c.scenario.fraud_types[0].rate_per_day);
  CHECK(c.scenario.fraud_types[0].rate_per_day == rate);
  CHECK(again.fraud_types[0].would_pay == c.scenario.fraud_types[0].would_pay);
}

TEST_CASE("rows below the shallowest level of their kind are checked, not fitted") {
  const auto c =
      study::calibrate(options("roles.csv", kTargets + "2021-09-06,2021-09-07,east,*,,48\n"));
  for (const auto& r : c.rows) {
    CAPTURE(r.target.line);
    const std::string unit = c.scenario.units[static_cast<std::size_t>(r.target.unit)].id;
    if (r.measure == study::TargetMeasure::lost)
      CHECK(r.role == (unit == "r" ? study::FitRole::would_pay : study::FitRole::check));
    else
      CHECK(r.role == (unit == "r" ? study::FitRole::rate : study::FitRole::weight));
  }
}

TEST_CASE("one iteration evaluates the scenario as given and reports it not converged") {
  auto o = options("one.csv", kTargets);
  o.iterations = 1;
  const auto c = study::calibrate(o);
  CHECK(c.iterations == 1);
  CHECK(!c.converged);
  CHECK(param(c, "fraud_types.loan.rate_per_day").after == 100);
  CHECK(param(c, "would_pay.1").after == 0.5);
  // 100 a day for 4 days, half of them lost.
  const auto& total = row(c, "r", study::TargetMeasure::warned);
  CHECK(std::abs(total.simulated.mean - 400) <= 3 * total.simulated.half_width);
  const auto& lost = row(c, "r", study::TargetMeasure::lost);
  CHECK(std::abs(lost.simulated.mean - 200) <= 3 * lost.simulated.half_width);
}

TEST_CASE("calibration results do not depend on the thread count") {
  auto o = options("threads.csv", kTargets);
  o.iterations = 3;
  o.threads = 1;
  const auto one = study::calibrate(o);
  o.threads = 3;
  const auto three = study::calibrate(o);
  REQUIRE(one.parameters.size() == three.parameters.size());
  for (std::size_t i = 0; i < one.parameters.size(); ++i)
    CHECK(one.parameters[i].value == three.parameters[i].value);
  REQUIRE(one.rows.size() == three.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    CHECK(one.rows[i].simulated.mean == three.rows[i].simulated.mean);
    CHECK(one.rows[i].simulated.half_width == three.rows[i].simulated.half_width);
  }
}

TEST_CASE("unit targets are refused when a fraud type places its alerts by where") {
  study::CalibrationOptions o;
  o.scenario = "tiny";  // its loan type has `where: {north: 0.7, south: 0.3}`
  o.targets = write_targets("where.csv",
                            "period_start,period_end,unit,fraud_type,warned\n"
                            "2021-09-06,2021-09-07,tr,*,140\n"
                            "2021-09-06,2021-09-07,north,*,90\n");
  o.reps = 2;
  try {
    study::calibrate(o);
    FAIL("calibrate accepted unit targets with `where`");
  } catch (const scenario::ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          o.targets +
              ":3:23: error: fraud type 'loan' places its alerts by `where`, which unit weights "
              "do not move, so targets for unit 'north' cannot be fitted (give targets for the "
              "root 'tr' only, or remove `where`)");
  }
}

TEST_CASE("a fraud type's own rows fit its rate and would_pay, the * rows the other types'") {
  // Over 4 days: loan 300 warned (rate 75; the scenario has 100) of which 60 lost (would_pay
  // 0.2; 0.5); all types 600 warned, so scam 300 (rate 75; 50), and 150 lost, so scam 90
  // (would_pay 0.3; 0.5).
  auto o = options("types.csv",
                   "period_start,period_end,unit,fraud_type,warned,lost\n"
                   "2021-09-06,2021-09-09,r,loan,300,60\n"
                   "2021-09-06,2021-09-09,r,*,600,150\n");
  o.scenario = "tests/study/data/calibration_two_types.yaml";
  o.reps = 20;
  const auto c = study::calibrate(o);
  CHECK(c.converged);
  for (const auto& r : c.rows) CHECK(r.within());
  const auto rel = [&](study::TargetMeasure m, int type) {
    for (const auto& r : c.rows)
      if (r.measure == m && r.target.fraud_type == type)
        return r.simulated.half_width / r.simulated.mean;
    FAIL("no row");
    return 0.0;
  };
  const double loan_rel = rel(study::TargetMeasure::warned, 0);
  const double all_rel = rel(study::TargetMeasure::warned, -1);
  CHECK(std::abs(param(c, "fraud_types.loan.rate_per_day").after - 75) <= 75 * 2 * loan_rel);
  // scam's count is the difference of two noisy counts: its precision is their sum's.
  CHECK(std::abs(param(c, "fraud_types.scam.rate_per_day").after - 75) <=
        75 * 2 * (loan_rel + 2 * all_rel));
  const double loan_lost_rel = rel(study::TargetMeasure::lost, 0);
  const double all_lost_rel = rel(study::TargetMeasure::lost, -1);
  for (int g = 1; g <= 3; ++g) {
    const std::string grade = std::to_string(g);
    // loan has rows of its own: its own keys; scam, the only other type, the top level.
    CHECK(std::abs(param(c, "fraud_types.loan.would_pay." + grade).after - 0.2) <=
          0.2 * 2 * (loan_lost_rel + loan_rel));
    CHECK(std::abs(param(c, "would_pay." + grade).after - 0.3) <=
          0.3 * 2 * (loan_lost_rel + 2 * all_lost_rel + loan_rel + 2 * all_rel));
  }
  for (const auto& p : c.parameters) CHECK(p.key.find("fraud_types.scam.would_pay") != 0);
}
