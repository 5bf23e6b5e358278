#include "hotline/report/run_manifest.hpp"

#include "hotline/report/sha256.hpp"

namespace hotline::report {

RunManifest make_manifest(const scenario::Scenario& scenario, std::uint64_t seed,
                          std::uint64_t replication) {
  RunManifest m;
  m.scenario = scenario.source_name;
  m.scenario_name = scenario.name;
  m.scenario_sha256 = sha256_hex(scenario.source_text);
  m.seed = seed;
  m.replication = replication;
  const double day_ms = static_cast<double>(engine::ticks(engine::kDay));
  m.horizon_days = static_cast<double>(engine::ticks(scenario.clock.horizon)) / day_ms;
  m.warmup_days = static_cast<double>(engine::ticks(scenario.clock.warmup)) / day_ms;
  return m;
}

}  // namespace hotline::report
