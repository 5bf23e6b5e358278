#include "hotline/report/run_manifest.hpp"

#include "hotline/report/sha256.hpp"

#include <string_view>

namespace hotline::report {

std::string describe_scenario_source(const std::string& source_name) {
  constexpr std::string_view kPrefix = "<embedded:";
  if (source_name.starts_with(kPrefix) && source_name.ends_with(">"))
    return "the bundled " +
           source_name.substr(kPrefix.size(), source_name.size() - kPrefix.size() - 1) +
           " (compiled in)";
  return "file " + source_name;
}

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
