// A test observer that keeps every trace and alert record of a run, and the run helper the
// model's semantic tests share.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/model/hotline_model.hpp"

namespace hotline::testing {

struct Recorder : model::Observer {
  std::vector<model::TraceRecord> trace;
  std::vector<model::AlertRecord> alerts;
  void on_trace(const model::TraceRecord& r) override { trace.push_back(r); }
  void on_alert_closed(const model::AlertRecord& a) override { alerts.push_back(a); }
  std::size_t count(model::TraceKind k) const {
    return static_cast<std::size_t>(
        std::count_if(trace.begin(), trace.end(), [k](const auto& r) { return r.kind == k; }));
  }
  const model::AlertRecord& alert(std::uint64_t id) const {
    auto it =
        std::find_if(alerts.begin(), alerts.end(), [id](const auto& a) { return a.id == id; });
    REQUIRE(it != alerts.end());
    return *it;
  }
};

// Runs the scenario to its horizon under the standard rules, recording everything.
inline Recorder record_run(const scenario::Scenario& s, std::uint64_t seed = 11) {
  Recorder rec;
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, seed, 0, rules);
  m.add_observer(&rec);
  REQUIRE(m.finish());
  return rec;
}

}  // namespace hotline::testing
