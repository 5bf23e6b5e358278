// Golden files pin whole scenarios: a fingerprint of the full event trace plus the headline
// KPIs of the bundled scenarios. A change to the model that moves any event fails here.
// After a deliberate change, regenerate with:
//   HOTLINE_UPDATE_GOLDEN=1 ./build/tests/test_golden      (then review the diff and commit)
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "hotline/dispatch/standard_rules.hpp"
#include "hotline/engine/random.hpp"
#include "hotline/metrics/kpi_collector.hpp"
#include "hotline/model/hotline_model.hpp"
#include "hotline/scenario/loader.hpp"

using namespace hotline;

namespace {

// FNV-1a over every field of every trace record, in order.
struct Fingerprint : model::Observer {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  std::uint64_t records = 0;
  void mix(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      hash ^= (v >> (8 * i)) & 0xff;
      hash *= 0x100000001b3ULL;
    }
  }
  void on_trace(const model::TraceRecord& r) override {
    ++records;
    mix(static_cast<std::uint64_t>(engine::ticks(r.time)));
    mix(static_cast<std::uint64_t>(r.kind));
    mix(r.alert);
    mix(static_cast<std::uint64_t>(r.unit));
    mix(static_cast<std::uint64_t>(r.desk));
    mix(static_cast<std::uint64_t>(r.step));
    mix(static_cast<std::uint64_t>(r.value));
    mix(static_cast<std::uint64_t>(r.wait_ms));
  }
};

std::string render(const std::string& name) {
  const auto s = scenario::load_scenario(name);
  dispatch::StandardRules rules(s.rules);
  model::HotlineModel m(s, s.seed, 0, rules);
  Fingerprint fp;
  metrics::KpiCollector kpis(s);
  m.add_observer(&kpis);
  m.add_observer(&fp);
  REQUIRE(m.finish());
  const auto& r = kpis.result();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fp.hash));
  std::ostringstream o;
  o.precision(17);
  o << "scenario " << name << "\n"
    << "trace_fingerprint " << hex << "\n"
    << "trace_records " << fp.records << "\n"
    << "events " << m.events_processed() << "\n"
    << "entered " << r.conservation.entered << "\n"
    << "dissuaded " << r.conservation.dissuaded << "\n"
    << "lost " << r.conservation.lost << "\n"
    << "not_paid " << r.conservation.not_paid << "\n"
    << "open " << r.conservation.open << "\n"
    << "dissuaded_share " << r.all.dissuaded_share() << "\n"
    << "lost_yuan " << r.all.lost_yuan << "\n"
    << "avoided_yuan " << r.all.avoided_yuan << "\n"
    << "contact_p90_s " << r.all.contact_p90_s << "\n"
    << "dial_p90_s " << r.all.dial_p90_s << "\n"
    << "reached_share " << r.all.reached_share() << "\n"
    << "sla_attainment " << r.all.sla_attainment() << "\n";
  for (const auto& g : r.by_grade) o << g.key << " reached_share " << g.reached_share() << "\n";
  for (const auto& d : r.desks) {
    if (d.tasks > 0) o << "desk " << d.id << " utilisation " << d.utilisation << "\n";
    // Little's law holds on every busy desk of the bundled scenarios.
    if (d.tasks > 500) CHECK_MESSAGE(d.little_gap < 0.02, d.id);
  }
  CHECK(r.warnings.empty());
  return o.str();
}

void check_golden(const std::string& name) {
  const std::string path = std::string(HOTLINE_SOURCE_DIR) + "/tests/golden/" + name + ".golden";
  const std::string actual = render(name);
  if (const char* u = std::getenv("HOTLINE_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(path) << actual;
    MESSAGE("updated " << path);
    return;
  }
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "missing " << path << " (run with HOTLINE_UPDATE_GOLDEN=1)");
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

}  // namespace

TEST_CASE("the default Xizang scenario matches its golden trace fingerprint") {
  check_golden("xizang");
}
TEST_CASE("the tiny scenario matches its golden trace fingerprint") {
  check_golden("tiny");
}
TEST_CASE("the surge scenario matches its golden trace fingerprint") {
  check_golden("surge");
}

TEST_CASE("attaching an observer does not change the run") {
  const auto s = scenario::load_scenario("tiny");
  auto run = [&](bool extra) {
    dispatch::StandardRules rules(s.rules);
    model::HotlineModel m(s, s.seed, 0, rules);
    Fingerprint fp, other;
    m.add_observer(&fp);
    if (extra) m.add_observer(&other);
    m.finish();
    return fp.hash;
  };
  CHECK(run(false) == run(true));
}
