// The scenarios that reduce the model to textbook queues, with their exact values. Shared by
// the `stat` tests (which check each exact value lies in the simulated 99% CI) and by the
// validation_report tool that prints the table in docs/validation.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "../model/scenario_builder.hpp"
#include "hotline/study/queueing_theory.hpp"
#include "hotline/study/replications.hpp"

namespace hotline::testing {

struct ValidationCheck {
  std::string kpi;  // name in the flattened KPI vector
  std::string what;
  double exact = 0;
  double scale = 1;  // multiply the KPI to get the unit of `exact`
};

struct ValidationCase {
  std::string name;
  std::string parameters;
  scenario::Scenario scenario;
  std::vector<ValidationCheck> checks;
};

// A world where every alert is one exponential call at the region desk, answered and
// dissuaded at its end, with time to loss acting as patience.
inline scenario::Scenario single_desk_queue(int servers, double lambda_per_min,
                                            double service_mean_min, int days) {
  auto s = tiny_world(servers, lambda_per_min * 60 * 24);
  s.clock.horizon = days * engine::kDay;
  s.clock.warmup = engine::kDay;
  s.desks[0].handling.call_answered = Distribution::exponential(service_mean_min * 60'000.0);
  for (auto& d : s.fraud_types[0].time_to_loss) d = Distribution::constant(1e12);
  s.rules[0].plan = {call_step("call")};
  return s;
}

inline std::vector<ValidationCase> validation_cases() {
  namespace th = study::theory;
  std::vector<ValidationCase> cases;
  const double mu = 1.0 / 240.0;  // per second: 4-minute mean service

  {  // M/M/c, Erlang C
    ValidationCase v{"M/M/c (Erlang C)",
                     "c=5, λ=1/min, mean service 4 min (ρ=0.8)",
                     single_desk_queue(5, 1.0, 4.0, 40),
                     {}};
    const double lambda = 1.0 / 60.0;
    v.checks = {{"desk.desk.p_wait", "P(wait > 0)", th::erlang_c(5, lambda / mu)},
                {"desk.desk.mean_wait_s", "mean wait (s)", th::mmc_mean_wait(5, lambda, mu)}};
    cases.push_back(std::move(v));
  }
  {  // M/M/c+M, Erlang A: time to loss is the patience; a call in service is not abandoned
    ValidationCase v{"M/M/c+M (Erlang A)",
                     "c=5, λ=1.2/min, mean service 4 min, patience exp. mean 10 min",
                     single_desk_queue(5, 1.2, 4.0, 40),
                     {}};
    for (auto& d : v.scenario.fraud_types[0].time_to_loss)
      d = Distribution::exponential(10 * 60'000.0);
    const auto a = th::erlang_a(5, 1.2 / 60.0, mu, 1.0 / 600.0);
    // A person in service is talking to the operator and is not lost: the alerts lost are
    // exactly the abandonments.
    v.checks = {{"desk.desk.abandon_share", "P(abandon)", a.p_abandon},
                {"all.lost_share", "P(abandon) as alerts lost", a.p_abandon},
                {"desk.desk.p_wait_all", "P(wait > 0) over all arrivals", a.p_wait},
                {"desk.desk.mean_wait_all_s", "mean wait over all arrivals (s)", a.mean_wait},
                {"desk.desk.mean_queue", "mean queue length", a.mean_wait * 1.2 / 60.0}};
    cases.push_back(std::move(v));
  }
  {  // M/M/c/c, Erlang B: no waiting places
    ValidationCase v{"M/M/c/c (Erlang B)",
                     "c=5, λ=1/min, mean service 4 min, queue_limit 0",
                     single_desk_queue(5, 1.0, 4.0, 40),
                     {}};
    v.scenario.desks[0].queue_limit = 0;
    v.checks = {{"desk.desk.blocked_share", "P(blocked)", th::erlang_b(5, 4.0)}};
    cases.push_back(std::move(v));
  }
  {  // Jackson tandem: a push through a city desk then a county desk, each M/M/4
    auto s = single_desk_queue(1, 0.8, 4.0, 40);
    s.levels = {"region", "city", "county"};
    scenario::UnitSpec city = s.units[1];
    city.id = "city";
    city.level = 1;
    city.children = {2};
    city.subtree_size = 2;
    scenario::UnitSpec county = s.units[1];
    county.id = "county";
    county.level = 2;
    county.parent = 1;
    s.units = {s.units[0], city, county};
    s.units[0].subtree_size = 3;
    s.units[0].children = {1};
    auto desk = s.desks[0];
    desk.handling.push = Distribution::exponential(4 * 60'000.0);
    desk.shifts[0].headcount = 4;
    auto city_desk = desk, county_desk = desk;
    city_desk.id = city_desk.kind = "city";
    city_desk.unit = 1;
    city_desk.kind_index = 0;
    county_desk.id = county_desk.kind = "county";
    county_desk.unit = 2;
    county_desk.kind_index = 1;
    s.desk_kinds = {"city", "county"};
    s.desks = {city_desk, county_desk};
    auto push = step_of("push", scenario::StepKind::push);
    push.to_level = 2;
    push.next = {1};
    auto sms = step_of("sms", scenario::StepKind::sms);
    sms.at_arrival = false;
    s.rules[0].plan = {push, sms};
    ValidationCase v{"Tandem (Jackson)", "two M/M/4 desks in series, λ=0.8/min, 4 min each", s, {}};
    const double w = th::mmc_mean_wait(4, 0.8 / 60.0, mu);
    v.checks = {{"desk.city.mean_wait_s", "stage 1 mean wait (s)", w},
                {"desk.county.mean_wait_s", "stage 2 mean wait (s)", w}};
    cases.push_back(std::move(v));
  }
  {  // Non-preemptive priority by grade (Cobham)
    ValidationCase v{"Priority M/M/c (Cobham)",
                     "c=3, λ=0.6375/min split 20/30/50% over grades 1-3, 4 min (ρ=0.85)",
                     single_desk_queue(3, 0.6375, 4.0, 60),
                     {}};
    v.scenario.fraud_types[0].grade_mix = {0.2, 0.3, 0.5};
    const double lambda = 0.6375 / 60.0;
    const auto w = th::cobham_mean_waits(3, {0.2 * lambda, 0.3 * lambda, 0.5 * lambda}, mu);
    // First contact = the wait: the person answers as the operator dials.
    for (int g = 0; g < 3; ++g)
      v.checks.push_back({"grade" + std::to_string(g + 1) + ".contact_mean_s",
                          "grade " + std::to_string(g + 1) + " mean wait to contact (s)", w[g]});
    cases.push_back(std::move(v));
  }
  return cases;
}

inline study::ReplicationSet run_case(const ValidationCase& v, int reps, int threads = 0) {
  study::ReplicationOptions o;
  o.seed = 20211111;
  o.reps = reps;
  o.threads = threads;
  return study::run_replications(v.scenario, o);
}

}  // namespace hotline::testing
